"""FHIR downloads: an instrument as a Questionnaire (/measures/<key>/questionnaire/, any
logged-in account) and one's own result as a QuestionnaireResponse
(/measures/results/<key>/fhir/, its owner only: it carries the answers)."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from steadfast.assessments import fhir
from steadfast.assessments.models import Measure

from .conftest import PHQ9_FLAGGED, PHQ9_MILD, make_measure, phq9, result_url

QUESTIONNAIRE = "/measures/phq9/questionnaire/"
FHIR_JSON = "application/fhir+json; charset=utf-8"


def response_url(measure):
    return result_url(measure) + "fhir/"


# --- Questionnaire -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sam", "theo", "tina"])
def test_any_account_downloads_a_questionnaire(personas, client_for, name):
    response = client_for(personas[name]).get(QUESTIONNAIRE)

    assert response.status_code == 200
    assert response["Content-Type"] == FHIR_JSON
    assert response["Content-Disposition"] == 'attachment; filename="questionnaire-phq9.json"'
    resource = json.loads(response.content)
    Questionnaire.model_validate(resource)
    assert resource["url"] == "http://testserver/Questionnaire/phq9"
    assert resource["code"] == [{"system": "http://loinc.org", "code": "44249-1"}]
    assert [item["linkId"] for item in resource["item"]] == [*map(str, range(1, 11)), "total"]


def test_every_instrument_has_one_even_those_never_offered_here(personas, client_for):
    """Safety instruments and those without texts can still be imported, so a system
    filling one in needs its Questionnaire; their items are labelled "Item N"."""
    client = client_for(personas["sam"])
    for key in ("hark", "hits", "dts", "csi4"):
        response = client.get(f"/measures/{key}/questionnaire/")
        assert response.status_code == 200, key
        Questionnaire.model_validate(json.loads(response.content))
    dts = json.loads(client.get("/measures/dts/questionnaire/").content)
    assert dts["item"][0]["text"] == "Item 1"


def test_the_import_page_lists_the_questionnaires_but_no_safety_ones(personas, client_for):
    text = client_for(personas["sam"]).get("/measures/import/").content.decode()
    assert f'href="{QUESTIONNAIRE}" download>' in text
    for key in ("hark", "hits", "web", "wast-short"):
        assert f"/measures/{key}/questionnaire/" not in text


def test_an_unknown_instrument_is_404(personas, client_for):
    assert client_for(personas["sam"]).get("/measures/nope/questionnaire/").status_code == 404


def test_the_questionnaire_needs_a_login(db, client):
    response = client.get(QUESTIONNAIRE)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={QUESTIONNAIRE}"


def test_the_questionnaire_is_only_got(personas, client_for):
    assert client_for(personas["sam"]).post(QUESTIONNAIRE).status_code == 405


# --- QuestionnaireResponse -----------------------------------------------------------


@time_machine.travel(datetime(2026, 11, 27, 9, 30, tzinfo=UTC), tick=False)
def test_the_owner_downloads_her_result_and_it_reads_back(personas, client_for):
    alice = personas["alice"]
    measure = make_measure(alice, answers=phq9(PHQ9_MILD, difficulty=1))

    response = client_for(alice).get(response_url(measure))

    assert response.status_code == 200
    assert response["Content-Type"] == FHIR_JSON
    assert response["Content-Disposition"] == 'attachment; filename="response-phq9-2026-11-27.json"'
    resource = json.loads(response.content)
    QuestionnaireResponse.model_validate(resource)
    assert resource["questionnaire"] == "http://testserver/Questionnaire/phq9|1"
    assert resource["status"] == "completed"
    assert resource["authored"] == "2026-11-27T09:30:00+00:00"
    assert "subject" not in resource  # no account ids leave the app
    total = next(item for item in resource["item"] if item["linkId"] == "total")
    assert total["answer"] == [{"valueDecimal": 7}]
    instrument, answers = fhir.parse_questionnaire_response(response.content)
    assert instrument.key == "phq9"
    assert answers == phq9(PHQ9_MILD, difficulty=1)


@pytest.mark.parametrize("audience", ["private", "partner", "partner+therapist"])
def test_a_partner_gets_404_even_for_a_shared_result(personas, client_for, audience):
    measure = make_measure(personas["alice"], answers=phq9(PHQ9_FLAGGED), audience=audience)
    assert client_for(personas["bob"]).get(response_url(measure)).status_code == 404


@pytest.mark.parametrize("name", ["carol", "sam", "theo", "tina"])
def test_everyone_else_gets_404(personas, client_for, name):
    measure = make_measure(personas["alice"], audience="partner+therapist")
    assert client_for(personas[name]).get(response_url(measure)).status_code == 404


def test_the_result_page_offers_the_download_to_its_owner_only(personas, client_for):
    measure = make_measure(personas["alice"], audience="partner")
    url = response_url(measure)
    assert f'href="{url}" download>' in client_for(personas["alice"]).get(result_url(measure)).text
    assert url not in client_for(personas["bob"]).get(result_url(measure)).text


def test_a_result_of_an_older_version_is_not_written_as_this_one(personas, client_for):
    measure = make_measure(personas["sam"])
    Measure.objects.filter(pk=measure.pk).update(version="0")
    assert client_for(personas["sam"]).get(response_url(measure)).status_code == 404


def test_the_response_is_only_got(personas, client_for):
    measure = make_measure(personas["sam"])
    assert client_for(personas["sam"]).post(response_url(measure)).status_code == 405


def test_the_response_needs_a_login(personas, client):
    measure = make_measure(personas["sam"])
    response = client.get(response_url(measure))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
