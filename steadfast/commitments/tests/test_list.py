"""The promises page (/promises/): my promises, those shared with me, and making one."""

import uuid

import pytest

from steadfast.commitments import forms
from steadfast.commitments.models import Commitment, CommitmentEvent

from .conftest import page_text, promise, promise_data, promise_state

pytestmark = pytest.mark.django_db


def test_making_a_promise_saves_it_with_its_first_event(personas, client_for):
    client = client_for(personas["alice"])
    response = client.post("/promises/", promise_data(text="Be home by nine", audience="partner"))

    commitment = Commitment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/promises/{commitment.key}/"
    assert (commitment.owner, commitment.text, commitment.audience) == (
        personas["alice"],
        "Be home by nine",
        "partner",
    )
    assert [e.event for e in CommitmentEvent.objects.all()] == ["created"]
    assert "Be home by nine" in page_text(client.get("/promises/"))


def test_weekly_keeps_the_chosen_days(personas, client_for):
    data = promise_data(kind="weekly", weekdays=["4", "0"])
    assert client_for(personas["alice"]).post("/promises/", data).status_code == 302
    assert Commitment.objects.get().weekdays == "04"


def test_a_double_submit_saves_once(personas, client_for):
    client = client_for(personas["alice"])
    key = uuid.uuid4()
    client.post("/promises/", promise_data(key=key))
    client.post("/promises/", promise_data(key=key))
    assert Commitment.objects.count() == 1 and CommitmentEvent.objects.count() == 1


def test_the_partner_sees_only_shared_promises(personas, client_for):
    alice = personas["alice"]
    promise(alice, text="Shared words", audience="partner")
    promise(alice, text="Therapist and partner", audience="partner+therapist")
    promise(alice, text="Private words")
    promise(alice, text="Therapist words", audience="therapist")

    text = page_text(client_for(personas["bob"]).get("/promises/"))

    assert "Shared with you" in text
    assert "Shared words" in text and "Therapist and partner" in text
    assert "Private words" not in text and "Therapist words" not in text


@pytest.mark.parametrize("who", ["carol", "sam"])
def test_others_see_nothing_of_alices(personas, client_for, who):
    promise(personas["alice"], text="Shared words", audience="partner")
    text = page_text(client_for(personas[who]).get("/promises/"))
    assert "Shared words" not in text and "Shared with you" not in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"audience": "everyone"}, forms.AUDIENCE_REFUSED),
        ({"text": ""}, "Write what you promise."),
        ({"text": "x" * 501}, forms.TEXT_TOO_LONG),
        ({"kind": "hourly"}, forms.CHOOSE_ONE),
        ({"kind": "weekly"}, forms.CHOOSE_WEEKDAYS),
        ({"start": "2026-11-20", "end": "2026-11-01"}, forms.END_BEFORE_START),
        ({"start": "soon"}, "Enter a date such as 2026-11-27."),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(personas, client_for, change, message):
    before = promise_state()
    response = client_for(personas["alice"]).post("/promises/", {**promise_data(), **change})
    assert response.status_code == 200
    assert message in page_text(response)
    assert promise_state() == before


def test_therapists_get_404(personas, client_for):
    assert client_for(personas["theo"]).get("/promises/").status_code == 404


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_are_refused(personas, client_for, method):
    assert getattr(client_for(personas["alice"]), method)("/promises/").status_code == 405
