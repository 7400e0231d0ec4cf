"""Schedules, uniqueness and the append-only history, at the model level."""

from datetime import date

import pytest
from django.db import IntegrityError

from steadfast.commitments import actions
from steadfast.commitments.models import Acknowledgement, CommitmentEvent, Mark

from .conftest import promise

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("kind", "weekdays", "end", "day", "due"),
    [
        ("once", "", None, MONDAY, True),
        ("once", "", None, date(2026, 11, 24), False),
        ("daily", "", None, date(2026, 11, 24), True),
        ("daily", "", date(2026, 11, 25), date(2026, 11, 26), False),
        ("daily", "", None, date(2026, 11, 22), False),  # before the start
        ("weekly", "03", None, date(2026, 11, 26), True),  # Thursday
        ("weekly", "03", None, date(2026, 11, 25), False),  # Wednesday
    ],
)
def test_occurrences_follow_the_schedule(personas, kind, weekdays, end, day, due):
    commitment = promise(personas["alice"], kind=kind, weekdays=weekdays, start=MONDAY, end=end)
    assert commitment.is_occurrence(day) is due


def test_weekly_occurrences_in_a_window(personas):
    commitment = promise(personas["alice"], kind="weekly", weekdays="03", start=MONDAY)
    assert commitment.occurrences(MONDAY, date(2026, 12, 6)) == [
        date(2026, 12, 3),
        date(2026, 11, 30),
        date(2026, 11, 26),
        date(2026, 11, 23),
    ]


def test_text_is_encrypted_at_rest(personas):
    from django.db import connection

    commitment = promise(personas["alice"], text="Be home by nine")
    with connection.cursor() as cursor:
        cursor.execute("select text from commitments_commitment where id = %s", [commitment.pk])
        (stored,) = cursor.fetchone()
    assert "Be home" not in stored


def test_one_mark_per_occurrence(personas):
    commitment = promise(personas["alice"])
    Mark.objects.create(commitment=commitment, owner=commitment.owner, day=MONDAY, done=True)
    with pytest.raises(IntegrityError):
        Mark.objects.create(commitment=commitment, owner=commitment.owner, day=MONDAY, done=False)


def test_one_acknowledgement_per_occurrence_and_partner(personas):
    commitment = promise(personas["alice"], audience="partner")
    bob = personas["bob"]
    Acknowledgement.objects.create(commitment=commitment, partner=bob, day=MONDAY, seen="noticed")
    with pytest.raises(IntegrityError):
        Acknowledgement.objects.create(
            commitment=commitment, partner=bob, day=MONDAY, seen="unsure"
        )


def test_history_is_append_only(personas):
    alice = personas["alice"]
    commitment = actions.make_commitment(
        alice,
        text="First words",
        schedule={"kind": "daily", "weekdays": "", "start": MONDAY, "end": None},
        audience="private",
        submission_key="00000000-0000-0000-0000-000000000001",
    )
    actions.renegotiate(
        commitment,
        text="Second words",
        schedule={"kind": "weekly", "weekdays": "0", "start": MONDAY, "end": None},
    )
    actions.retire(commitment)
    actions.retire(commitment)  # twice: one event
    events = CommitmentEvent.objects.filter(commitment=commitment)
    assert [(e.event, e.text, e.kind) for e in events] == [
        ("created", "First words", "daily"),
        ("renegotiated", "Second words", "weekly"),
        ("retired", "Second words", "weekly"),
    ]
    with pytest.raises(actions.Refused):
        actions.renegotiate(commitment, text="Third", schedule={})
