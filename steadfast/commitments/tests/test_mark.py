"""Marking an occurrence (/promises/<key>/mark/): the owner only, once per day, by POST."""

import uuid
from datetime import timedelta

import pytest

from steadfast.commitments import actions, forms
from steadfast.commitments.models import Acknowledgement, Mark

from .conftest import ack_data, days_ago, mark_data, page_text, promise, promise_state, today

pytestmark = pytest.mark.django_db


def url(commitment):
    return f"/promises/{commitment.key}/mark/"


def test_the_owner_marks_a_day_with_a_note(personas, client_for):
    commitment = promise(personas["alice"])
    client = client_for(personas["alice"])

    response = client.post(url(commitment), mark_data(days_ago(1), done=False, note="Overslept"))

    assert response.status_code == 302 and response["Location"] == f"/promises/{commitment.key}/"
    saved = Mark.objects.get()
    assert (saved.day, saved.done, saved.note) == (days_ago(1), False, "Overslept")
    assert "as not done" in page_text(client.get(response["Location"]))


def test_today_can_be_marked(personas, client_for):
    commitment = promise(personas["alice"])
    assert (
        client_for(personas["alice"]).post(url(commitment), mark_data(today())).status_code == 302
    )


def test_the_same_form_twice_saves_once(personas, client_for):
    commitment = promise(personas["alice"])
    client = client_for(personas["alice"])
    data = mark_data(days_ago(1))
    assert client.post(url(commitment), data).status_code == 302
    assert client.post(url(commitment), data).status_code == 302
    assert Mark.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (lambda: today() + timedelta(days=1), forms.FUTURE_DAY),
        (lambda: today() + timedelta(days=3650), forms.FUTURE_DAY),
        (lambda: days_ago(30), forms.NOT_DUE),  # before it started
        (lambda: "not a date", "Enter a date such as 2026-11-27."),
    ],
)
def test_a_day_that_is_not_due_or_not_yet_is_refused(personas, client_for, day, message):
    commitment = promise(personas["alice"], start=days_ago(20))
    before = promise_state()

    response = client_for(personas["alice"]).post(url(commitment), mark_data(day()))

    assert response.status_code == 200
    text = page_text(response)
    assert "Nothing is saved" in text and message in text
    assert promise_state() == before


def test_a_weekday_not_chosen_is_refused(personas, client_for):
    yesterday = days_ago(1)
    other = str((yesterday.weekday() + 1) % 7)
    commitment = promise(personas["alice"], kind="weekly", weekdays=other)
    before = promise_state()
    response = client_for(personas["alice"]).post(url(commitment), mark_data(yesterday))
    assert forms.NOT_DUE in page_text(response)
    assert promise_state() == before


def test_a_second_mark_for_the_same_day_is_refused(personas, client_for):
    commitment = promise(personas["alice"])
    client = client_for(personas["alice"])
    client.post(url(commitment), mark_data(days_ago(1), done=True))
    before = promise_state()

    response = client.post(url(commitment), mark_data(days_ago(1), done=False))

    assert response.status_code == 200
    assert actions.ALREADY_MARKED in page_text(response)
    assert promise_state() == before
    assert Mark.objects.get().done is True


def test_a_missing_answer_is_refused(personas, client_for):
    commitment = promise(personas["alice"])
    data = {**mark_data(days_ago(1)), "done": "maybe"}
    before = promise_state()
    response = client_for(personas["alice"]).post(url(commitment), data)
    assert forms.CHOOSE_ONE in page_text(response)
    assert promise_state() == before


def test_owner_mark_and_partner_acknowledgement_on_one_day_both_land(personas, client_for):
    commitment = promise(personas["alice"], audience="partner")
    day = days_ago(1)
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    assert bob.post(f"/promises/{commitment.key}/acknowledge/", ack_data(day)).status_code == 302
    assert alice.post(url(commitment), mark_data(day)).status_code == 302
    assert Mark.objects.filter(day=day).count() == 1
    assert Acknowledgement.objects.filter(day=day).count() == 1


@pytest.mark.parametrize("who", ["bob", "carol", "sam", "theo"])
def test_anyone_but_the_owner_gets_404(personas, client_for, who):
    commitment = promise(personas["alice"], audience="partner")
    response = client_for(personas[who]).post(url(commitment), mark_data(days_ago(1)))
    assert response.status_code == 404
    assert not Mark.objects.exists()


def test_an_unknown_key_is_404(personas, client_for):
    response = client_for(personas["alice"]).post(
        f"/promises/{uuid.UUID(int=0)}/mark/", mark_data(days_ago(1))
    )
    assert response.status_code == 404


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_post_is_allowed(personas, client_for, method):
    commitment = promise(personas["alice"])
    assert getattr(client_for(personas["alice"]), method)(url(commitment)).status_code == 405
