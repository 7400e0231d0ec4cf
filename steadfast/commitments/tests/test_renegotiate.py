"""Renegotiating (/promises/<key>/renegotiate/): new words or schedule, the old kept."""

import pytest

from steadfast.commitments import forms
from steadfast.commitments.models import Commitment, CommitmentEvent

from .conftest import days_ago, page_text, promise, promise_state

pytestmark = pytest.mark.django_db


def url(commitment):
    return f"/promises/{commitment.key}/renegotiate/"


def data(**change):
    return {
        "text": "Call by eight",
        "kind": "weekly",
        "weekdays": ["0", "2"],
        "start": str(days_ago(5)),
        "end": "",
        **change,
    }


def test_the_owner_renegotiates_and_the_history_keeps_both(personas, client_for):
    commitment = promise(personas["alice"], text="Call by nine")
    CommitmentEvent.objects.create(
        commitment=commitment,
        owner=commitment.owner,
        event="created",
        text="Call by nine",
        kind="daily",
        start=commitment.start,
    )
    client = client_for(personas["alice"])
    assert "Call by nine" in page_text(client.get(url(commitment)))

    response = client.post(url(commitment), data())

    assert response.status_code == 302 and response["Location"] == f"/promises/{commitment.key}/"
    commitment = Commitment.objects.get()
    assert (commitment.text, commitment.kind, commitment.weekdays) == (
        "Call by eight",
        "weekly",
        "02",
    )
    events = CommitmentEvent.objects.order_by("pk")
    assert [(e.event, e.text) for e in events] == [
        ("created", "Call by nine"),
        ("renegotiated", "Call by eight"),
    ]
    history = page_text(client.get(response["Location"]))
    assert "Call by nine" in history and "Call by eight" in history


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": ""}, "Write what you promise."),
        ({"weekdays": []}, forms.CHOOSE_WEEKDAYS),
        ({"weekdays": ["9"]}, forms.CHOOSE_ONE),
        ({"end": str(days_ago(10))}, forms.END_BEFORE_START),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(personas, client_for, change, message):
    commitment = promise(personas["alice"])
    before = promise_state()
    response = client_for(personas["alice"]).post(url(commitment), data(**change))
    assert response.status_code == 200
    assert message in page_text(response)
    assert promise_state() == before


def test_a_retired_promise_cannot_be_renegotiated(personas, client_for):
    commitment = promise(personas["alice"])
    commitment.status = "retired"
    commitment.save()
    before = promise_state()
    response = client_for(personas["alice"]).post(url(commitment), data())
    assert "retired" in page_text(response)
    assert promise_state() == before


@pytest.mark.parametrize("who", ["bob", "carol", "theo"])
def test_anyone_but_the_owner_gets_404(personas, client_for, who):
    commitment = promise(personas["alice"], audience="partner")
    client = client_for(personas[who])
    assert client.get(url(commitment)).status_code == 404
    assert client.post(url(commitment), data()).status_code == 404
    assert Commitment.objects.get().text == "Call if I'm late"


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_are_refused(personas, client_for, method):
    commitment = promise(personas["alice"])
    assert getattr(client_for(personas["alice"]), method)(url(commitment)).status_code == 405
