"""Changing or retiring a promise never rewrites which earlier days were due, and a
promise can be tied to a root of distrust."""

import datetime as dt
import uuid

import pytest
import time_machine

from steadfast.commitments import actions, forms
from steadfast.commitments.models import Commitment, CommitmentEvent

from .conftest import ack_data, mark_data, page_text, promise_data, promise_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(personas):
    return personas["alice"]


@pytest.fixture
def bob(personas):
    return personas["bob"]


# A Friday; the promise starts on the Monday of the week before.
FRIDAY = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
MONDAY_BEFORE = dt.date(2026, 11, 16)


def make(person, **change):
    with time_machine.travel(dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC), tick=False):
        return actions.make_commitment(
            person,
            text="Call if I'm late",
            schedule={"kind": "daily", "weekdays": "", "start": MONDAY_BEFORE, "end": None},
            audience="partner",
            submission_key=uuid.uuid4(),
            **change,
        )


def to_weekly_on_mondays(commitment, when):
    with time_machine.travel(when, tick=False):
        actions.renegotiate(
            Commitment.objects.get(pk=commitment.pk),
            text="Call if I'm late, on Mondays",
            schedule={"kind": "weekly", "weekdays": "0", "start": MONDAY_BEFORE, "end": None},
        )


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (dt.date(2026, 11, 16), True),  # Monday, before the change: daily
        (dt.date(2026, 11, 18), True),  # Wednesday, before the change: daily
        (dt.date(2026, 11, 24), True),  # Tuesday, the day before the change: still daily
        (dt.date(2026, 11, 25), False),  # Wednesday, the day of the change: weekly now
        (dt.date(2026, 11, 30), True),  # the next Monday
        (dt.date(2026, 12, 1), False),  # the next Tuesday
    ],
)
def test_a_renegotiation_changes_what_is_due_from_that_day_on(alice, day, due):
    commitment = make(alice)
    to_weekly_on_mondays(commitment, dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC))
    assert Commitment.objects.get(pk=commitment.pk).is_occurrence(day) is due


def test_the_day_of_a_change_is_the_owners_own(alice):
    # 23:30 UTC on Tuesday 24th is already Wednesday 25th in Auckland.
    alice.time_zone = "Pacific/Auckland"
    alice.save()
    commitment = make(alice)
    to_weekly_on_mondays(commitment, dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC))
    fresh = Commitment.objects.get(pk=commitment.pk)
    assert fresh.is_occurrence(dt.date(2026, 11, 24))
    assert not fresh.is_occurrence(dt.date(2026, 11, 25))


def test_a_day_before_a_renegotiation_can_still_be_marked_and_answered(alice, bob, client_for):
    commitment = make(alice)
    to_weekly_on_mondays(commitment, dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC))
    tuesday = dt.date(2026, 11, 24)
    with time_machine.travel(FRIDAY, tick=False):
        marked = client_for(alice).post(f"/promises/{commitment.key}/mark/", mark_data(tuesday))
        answered = client_for(bob).post(
            f"/promises/{commitment.key}/acknowledge/", ack_data(tuesday)
        )
        thursday = client_for(alice).post(
            f"/promises/{commitment.key}/mark/", mark_data(dt.date(2026, 11, 26))
        )
    assert marked.status_code == answered.status_code == 302
    assert thursday.status_code == 200 and forms.NOT_DUE in page_text(thursday)
    assert commitment.marks.count() == 1


def test_after_retiring_nothing_more_is_due_but_earlier_days_still_are(alice, client_for):
    commitment = make(alice)
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC), tick=False):
        actions.retire(Commitment.objects.get(pk=commitment.pk))
    with time_machine.travel(FRIDAY, tick=False):
        client = client_for(alice)
        before = promise_state()
        late = client.post(f"/promises/{commitment.key}/mark/", mark_data(dt.date(2026, 11, 26)))
        assert late.status_code == 200 and forms.NOT_DUE in page_text(late)
        assert promise_state() == before
        on_the_day = client.post(
            f"/promises/{commitment.key}/mark/", mark_data(dt.date(2026, 11, 25))
        )
        assert on_the_day.status_code == 302
        page = page_text(client.get(f"/promises/{commitment.key}/"))
    # The detail page offers the days up to the retirement only.
    assert "Thu 26 Nov" not in page and "Tue 24 Nov" in page


def test_a_promise_tied_to_a_root(alice, bob, client_for):
    client = client_for(alice)
    response = client.post("/promises/", promise_data(audience="partner") | {"root": "secrets"})
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.root == "secrets"
    assert CommitmentEvent.objects.get().root == "secrets"
    words = "Where it comes from: Secrets, things kept hidden"
    assert words in page_text(client.get(response["Location"]))
    # Her partner sees it with the promise she shared.
    assert words in page_text(client_for(bob).get(response["Location"]))


def test_the_root_is_sealed_at_rest(alice, client_for):
    client_for(alice).post("/promises/", promise_data() | {"root": "old_hurt"})
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT root FROM commitments_commitment")
        (stored,) = cursor.fetchone()
    assert "old_hurt" not in stored


def test_an_unknown_root_is_refused_and_nothing_saved(alice, client_for):
    before = promise_state()
    response = client_for(alice).post("/promises/", promise_data() | {"root": "his_fault"})
    assert response.status_code == 200
    assert forms.CHOOSE_ONE in page_text(response)
    assert promise_state() == before


def test_renegotiating_changes_the_root_and_the_history_keeps_it(alice, client_for):
    commitment = make(alice, root="broken_promises")
    client = client_for(alice)
    initial = client.get(f"/promises/{commitment.key}/renegotiate/")
    assert initial.context["form"].initial["root"] == "broken_promises"
    response = client.post(
        f"/promises/{commitment.key}/renegotiate/",
        {
            "text": "Text when I'm late",
            "kind": "daily",
            "start": str(MONDAY_BEFORE),
            "end": "",
            "root": "communication",
        },
    )
    assert response.status_code == 302
    assert [e.root for e in CommitmentEvent.objects.order_by("pk")] == [
        "broken_promises",
        "communication",
    ]
    history = page_text(client.get(f"/promises/{commitment.key}/"))
    assert "broken promises" in history and "Where it comes from: Poor communication" in history
