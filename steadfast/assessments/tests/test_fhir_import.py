"""Importing a FHIR QuestionnaireResponse (/measures/import/): pasted or uploaded, scored
again here and kept private; anything wrong is refused with a message beside the field
used, and nothing is saved."""

import json
import re
import uuid
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from steadfast.assessments import fhir, forms
from steadfast.assessments.definitions import get_instrument
from steadfast.assessments.models import Measure

from .conftest import (
    CRISIS,
    PHQ9_FLAGGED,
    PHQ9_MILD,
    make_measure,
    measures_state,
    page_text,
    phq9,
    result_url,
)

URL = "/measures/import/"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
AUTHORED = datetime(2026, 10, 3, 8, 15, tzinfo=UTC)
IMPORTED = "Imported. This result is private: only you can see it"


def resource(values=PHQ9_MILD, authored=AUTHORED, key="phq9", **changes):
    data = fhir.questionnaire_response(
        get_instrument(key), dict(enumerate(values, start=1)), authored=authored
    )
    return {**data, **changes}


def pasted(data, **extra):
    text = data if isinstance(data, str) else json.dumps(data)
    return {"text": text, "submission_key": str(uuid.uuid4()), **extra}


def uploaded(content, name="response.json"):
    content = content if isinstance(content, bytes) else json.dumps(content).encode()
    return {"file": SimpleUploadedFile(name, content), "submission_key": str(uuid.uuid4())}


def error_beside(response, field):
    """The messages in the field's own error paragraph."""
    match = re.search(
        rf'<p class="error" id="id_{field}_error">(.*?)</p>', page_text(response), re.S
    )
    return match.group(1) if match else None


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_page_offers_paste_and_upload(personas, client_for):
    response = client_for(personas["sam"]).get(URL)

    assert response.status_code == 200
    text = page_text(response)
    assert '<form method="post" enctype="multipart/form-data" novalidate>' in text
    assert '<label for="id_text">Paste a QuestionnaireResponse (JSON)</label>' in text
    assert '<label for="id_file">Or choose a file</label>' in text
    assert "A .json file of at most 200 kB." in text


def test_a_pasted_response_is_saved_private_with_its_own_date(personas, client_for, frozen):
    sam = personas["sam"]
    client = client_for(sam)

    response = client.post(URL, pasted(resource()))

    measure = Measure.objects.get(owner=sam)
    assert response.status_code == 302
    assert response["Location"] == result_url(measure)
    assert (measure.instrument, measure.total, measure.band) == ("phq9", 7, "mild")
    assert measure.audience == "private"
    assert measure.completed_at == AUTHORED
    assert measure.answers == {str(n): v for n, v in phq9(PHQ9_MILD).items()}
    assert IMPORTED in page_text(client.get(response["Location"]))


def test_an_uploaded_file_is_saved_the_same(personas, client_for, frozen):
    sam = personas["sam"]
    response = client_for(sam).post(URL, uploaded(resource(values=[3] * 9)))
    assert response.status_code == 302
    assert Measure.objects.get(owner=sam).total == 27


def test_a_double_submit_saves_once(personas, client_for, frozen):
    client = client_for(personas["sam"])
    data = pasted(resource())
    first, second = client.post(URL, data), client.post(URL, data)
    assert first["Location"] == second["Location"]
    assert Measure.objects.count() == 1


def test_a_flagged_answer_brings_the_private_support_as_taking_it_here_would(
    personas, client_for, frozen
):
    client = client_for(personas["sam"])
    response = client.post(URL, pasted(resource(values=PHQ9_FLAGGED)), follow=True)
    assert CRISIS in page_text(response)
    assert Measure.objects.get().safety_flags == ["self_harm_thoughts"]


def test_a_downloaded_result_imports_into_another_account(personas, client_for, frozen):
    """A round trip: the owner's download, imported by sam, scores the same."""
    original = make_measure(personas["alice"], answers=phq9(PHQ9_MILD, difficulty=2))
    download = client_for(personas["alice"]).get(result_url(original) + "fhir/").content

    response = client_for(personas["sam"]).post(URL, uploaded(download))

    assert response.status_code == 302
    copy = Measure.objects.get(owner=personas["sam"])
    assert (copy.total, copy.band, copy.answers) == (
        original.total,
        original.band,
        original.answers,
    )
    assert copy.completed_at == original.completed_at
    assert copy.submission_key != original.submission_key


def test_a_date_alone_is_kept_as_that_day(personas, client_for, frozen):
    client_for(personas["sam"]).post(URL, pasted(resource(authored="2026-10-03")))
    assert timezone.localdate(Measure.objects.get().completed_at) == date(2026, 10, 3)


def test_no_date_means_answered_now(personas, client_for, frozen):
    data = resource()
    del data["authored"]
    client_for(personas["sam"]).post(URL, pasted(data))
    assert Measure.objects.get().completed_at == NOW


# --- Refusals ------------------------------------------------------------------------


def big_text():
    data = resource()
    data["text"] = {"status": "generated", "div": "<div>" + "x" * 200_000 + "</div>"}
    return json.dumps(data)


REFUSED_PASTES = [
    ("{not json", "Not valid JSON"),
    ("[1, 2]", "Expected a JSON object: a FHIR QuestionnaireResponse."),
    (json.dumps({"resourceType": "Patient"}), "got resourceType 'Patient'"),
    (json.dumps(resource(status="in-progress")), "this one's status is 'in-progress'"),
    (json.dumps(resource(item=[{"text": "no linkId"}])), "Not a valid FHIR R4"),
    (json.dumps({**resource(), "authored": "27/11/2026"}), "Not a valid FHIR R4"),
    (json.dumps(resource(questionnaire="Questionnaire/bdi")), "Unknown questionnaire"),
    (json.dumps(resource(questionnaire="Questionnaire/phq9|7")), "this app scores version '1'"),
    (json.dumps(resource(authored="2026")), "dated only to the month or year"),
    (json.dumps(resource(authored="2026-11")), "dated only to the month or year"),
    (json.dumps(resource(authored="2026-11-28")), "dated in the future"),
    (json.dumps(resource(authored="2026-11-27T10:00:00+00:00")), "dated in the future"),
    (big_text(), forms.IMPORT_TOO_BIG),
    ("", forms.IMPORT_NOTHING),
]


def bad_answer_code():
    data = resource()
    data["item"][0]["answer"][0]["valueCoding"]["code"] = "9"
    return json.dumps(data)


def items_left_out():
    data = resource()
    data["item"] = [item for item in data["item"] if item["linkId"] in {"1", "2", "3"}]
    return json.dumps(data)


REFUSED_PASTES += [
    (bad_answer_code(), "Item 1: answer code '9' is not one of 0, 1, 2, 3."),
    (items_left_out(), "item(s) 4, 5, 6, 7, 8, 9 unanswered"),
]


@pytest.mark.parametrize(("text", "message"), REFUSED_PASTES)
def test_a_bad_paste_is_refused_beside_the_field_and_nothing_saved(
    personas, client_for, frozen, text, message
):
    before = measures_state()

    response = client_for(personas["sam"]).post(URL, pasted(text))

    assert response.status_code == 200
    assert message in error_beside(response, "text"), error_beside(response, "text")
    assert error_beside(response, "file") is None
    assert "Nothing was imported. The reason is given below." in page_text(response)
    assert measures_state() == before
    # The one-time key is kept, so the corrected form still saves once.
    assert 'name="submission_key"' in response.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not text", "the file is not UTF-8 text"),
        (b"x" * 200_001, forms.IMPORT_TOO_BIG),
        (json.dumps({"resourceType": "Questionnaire"}).encode(), "got resourceType"),
        (b"", "The submitted file is empty."),
    ],
)
def test_a_bad_file_is_refused_beside_the_file_field(personas, client_for, content, message):
    before = measures_state()

    response = client_for(personas["sam"]).post(URL, uploaded(content))

    assert response.status_code == 200
    assert message in error_beside(response, "file")
    assert measures_state() == before


def test_both_a_paste_and_a_file_is_refused(personas, client_for):
    data = {**uploaded(resource()), "text": json.dumps(resource())}
    response = client_for(personas["sam"]).post(URL, data)
    assert forms.IMPORT_BOTH in error_beside(response, "text")
    assert not Measure.objects.exists()


def test_a_lost_one_time_key_is_replaced_and_nothing_saved(personas, client_for):
    response = client_for(personas["sam"]).post(URL, {"text": json.dumps(resource())})
    assert response.status_code == 200
    assert forms.FORM_KEY_LOST in page_text(response)
    assert re.search(r'name="submission_key" value="[0-9a-f-]{36}"', response.content.decode())
    assert not Measure.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_405(personas, client_for, method):
    assert getattr(client_for(personas["sam"]), method)(URL).status_code == 405


@pytest.mark.parametrize("name", ["theo", "tina"])
def test_therapists_get_404(personas, client_for, name):
    client = client_for(personas[name])
    assert client.get(URL).status_code == 404
    assert client.post(URL, pasted(resource())).status_code == 404
    assert not Measure.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(db, client):
    response = client.post(URL, pasted(resource()))
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/measures/import/"
    assert not Measure.objects.exists()


# --- When it was answered: a pure function -------------------------------------------


@pytest.mark.parametrize(
    ("authored", "expected"),
    [
        (None, NOW),
        ("2026-11-27T08:59:00+00:00", datetime(2026, 11, 27, 8, 59, tzinfo=UTC)),
        ("2026-11-27T08:59:00Z", datetime(2026, 11, 27, 8, 59, tzinfo=UTC)),
        ("2026-11-27T10:59:00+02:00", datetime(2026, 11, 27, 8, 59, tzinfo=UTC)),
        ("2026-10-03", datetime(2026, 10, 3, 12, 0, tzinfo=UTC)),  # midday that day
        ("2026-11-27", NOW),  # today: midday would be ahead of now, so now
        ("2026-11-27T09:00:00+00:00", NOW),
    ],
)
def test_authored_at(authored, expected):
    assert forms.authored_at(authored, NOW) == expected


@pytest.mark.parametrize(
    ("authored", "message"),
    [
        ("2026", "dated only to the month or year"),
        ("2026-05", "dated only to the month or year"),
        ("2026-11-28", "dated in the future"),
        ("2026-11-27T09:00:01+00:00", "dated in the future"),
        ("yesterday", "can't be read"),
        ("2026-02-30", "can't be read"),
    ],
)
def test_authored_at_refuses(authored, message):
    with pytest.raises(ValueError, match=message):
        forms.authored_at(authored, NOW)


def test_imports_are_linked_from_the_measures_page(personas, client_for):
    text = page_text(client_for(personas["sam"]).get("/measures/"))
    assert '<a href="/measures/import/">Import a result</a>' in text
