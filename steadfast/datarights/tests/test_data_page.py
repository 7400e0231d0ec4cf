"""The "Your data" page: the download needs the password again, comes as an attachment
that is never stored, and is only ever the logged-in person's own."""

import json
import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from steadfast.assessments import actions as measure_actions
from steadfast.assessments.definitions import get_instrument
from steadfast.audit.models import Event, Kind
from steadfast.core.testing import PASSWORD, make_person, make_therapist, page_text
from steadfast.journal.models import Entry

URL = reverse("datarights:data")
pytestmark = pytest.mark.django_db
FROZEN = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def alice():
    return make_person("alice")


def download(client, what="json", password=PASSWORD):
    return client.post(URL, {"what": what, "current_password": password})


def exports(person):
    return Event.objects.filter(user=person, kind=Kind.DATA_EXPORTED).count()


def test_the_page_offers_both_downloads_and_says_what_deleting_keeps(client_for, alice):
    response = client_for(alice).get(URL)
    assert response.status_code == 200
    text = page_text(response)
    assert 'name="current_password"' in text
    assert 'value="json"' in text and 'value="fhir"' in text
    assert "steadfast-export/1" in text
    assert "What stays, and why" in text and "kept for 14 days" in text


def test_the_account_page_links_to_it(client_for, alice):
    assert URL in page_text(client_for(alice).get(reverse("accounts:account")))


def test_everything_as_json_with_the_password(client_for, alice):
    Entry.objects.create(owner=alice, body="Only mine, ünïcode too")
    with time_machine.travel(FROZEN, tick=False):
        response = download(client_for(alice))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="steadfast-export-2026-11-27.json"'
    )
    assert "no-store" in response["Cache-Control"]
    document = json.loads(response.content)
    assert document["format"] == "steadfast-export/1"
    assert document["journal"]["entries"][0]["body"] == "Only mine, ünïcode too"
    assert document["shared_by_partner"] is None  # not linked
    assert exports(alice) == 1


def test_questionnaire_results_as_a_fhir_bundle(client_for, alice):
    measure = measure_actions.record_measure(
        alice, get_instrument("phq9"), dict.fromkeys(range(1, 10), 2), submission_key=uuid.uuid4()
    )
    with time_machine.travel(FROZEN, tick=False):
        response = download(client_for(alice), "fhir")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    assert 'filename="steadfast-fhir-2026-11-27.json"' in response["Content-Disposition"]
    bundle = json.loads(response.content)
    Bundle.model_validate(bundle)
    [entry] = bundle["entry"]
    resource = entry["resource"]
    assert resource["resourceType"] == "QuestionnaireResponse"
    assert resource["id"] == str(measure.submission_key)
    # The owner's own file holds every answer, item 9 included.
    assert {item["linkId"] for item in resource["item"]} >= {str(n) for n in range(1, 10)}
    assert Event.objects.get(user=alice, kind=Kind.DATA_EXPORTED).details == {"format": "fhir"}


def test_in_discreet_mode_the_file_name_says_nothing(client_for, alice, settings):
    alice.discreet = True
    alice.save()
    with time_machine.travel(FROZEN, tick=False):
        response = download(client_for(alice))
    assert response["Content-Disposition"] == 'attachment; filename="notes-export-2026-11-27.json"'


@pytest.mark.parametrize("password", ["", "not my password"])
def test_without_the_right_password_nothing_is_downloaded(client_for, alice, password):
    Entry.objects.create(owner=alice, body="secret words")
    response = download(client_for(alice), password=password)
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    text = page_text(response)
    assert "secret words" not in text
    assert (
        "This field is required." if not password else "That is not your current password."
    ) in text
    assert exports(alice) == 0


def test_another_persons_password_is_not_enough(client_for, alice):
    make_person("bob", password="bobs own long password")
    response = download(client_for(alice), password="bobs own long password")
    assert "Content-Disposition" not in response
    assert "That is not your current password." in page_text(response)


@pytest.mark.parametrize("what", ["", "csv", "everything", "../../etc"])
def test_an_unknown_choice_is_refused(client_for, alice, what):
    response = download(client_for(alice), what)
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "Choose" in page_text(response)


def test_a_get_never_downloads(client_for, alice):
    response = client_for(alice).get(URL, {"what": "json", "current_password": PASSWORD})
    assert "Content-Disposition" not in response


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    for response in (client.get(URL), download(client)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_a_therapist_gets_404(client_for):
    theo = make_therapist("theo")
    assert client_for(theo).get(URL).status_code == 404
    assert download(client_for(theo)).status_code == 404


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused(client_for, alice, method):
    assert getattr(client_for(alice), method)(URL).status_code == 405


def test_wrong_passwords_here_count_towards_the_log_in_pause(client_for, alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = client_for(alice)
    for _ in range(3):
        download(client, password="guess")
    response = download(client)  # now even the right password is refused for a while
    assert "Content-Disposition" not in response


def test_the_delete_page_says_what_goes_and_what_stays(client_for, alice, settings):
    settings.BACKUP_RETENTION_DAYS = 30
    text = page_text(client_for(alice).get(reverse("accounts:delete")))
    assert "What goes" in text and "What stays, and why" in text
    assert "session with both of you, kept under your partner's name" in text
    assert "kept for 30 days" in text
    assert reverse("datarights:data") in text


def test_a_therapist_is_told_their_name_stays_in_clients_access_logs(client_for):
    theo = make_therapist("theo")
    text = page_text(client_for(theo).get(reverse("accounts:delete")))
    assert "Your name in your clients' access logs" in text
    assert reverse("datarights:data") not in text  # the download is for people
