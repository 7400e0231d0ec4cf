"""The download costs a fixed number of queries however much a person wrote, and a year
of daily use comes out in a few seconds."""

import time
import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.assessments import actions as measure_actions
from steadfast.assessments.definitions import get_instrument
from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments.models import Commitment, CommitmentEvent, Mark
from steadfast.conversations.models import Conversation, Turn
from steadfast.core.models import Audience
from steadfast.core.testing import make_person, make_therapist
from steadfast.datarights import export
from steadfast.journal.models import Entry
from steadfast.selfcare.models import Activity, LogEntry

from .plant import plant_everything

pytestmark = pytest.mark.django_db
FIRST = date(2024, 1, 1)  # well before the planted rows (2026)


def queries_for(person):
    fresh = type(person).objects.get(pk=person.pk)  # as a new request: nothing cached on it
    with CaptureQueriesContext(connection) as queries:
        export.build(fresh)
    return len(queries)


def add_days(person, partner, days):
    """`days` more days of use: a check-in, a mark, a self-care log and a journal entry a
    day, a turn in a conversation every day, a measure a week."""
    promise = Commitment.objects.filter(owner=person).first()
    activity = Activity.objects.filter(owner=person).first()
    talk = Conversation.objects.filter(owner=person).first()
    start = FIRST + timedelta(days=DailyCheckIn.objects.filter(owner=person).count())
    first_turn = Turn.objects.filter(conversation=talk).count() + 1
    span = [start + timedelta(days=n) for n in range(days)]
    DailyCheckIn.objects.bulk_create(
        DailyCheckIn(owner=person, day=d, trust=5, closeness=5, mood=5, note=f"day {d}")
        for d in span
    )
    Mark.objects.bulk_create(
        Mark(commitment=promise, owner=person, day=d, done=d.day % 3 > 0, note="ok") for d in span
    )
    LogEntry.objects.bulk_create(
        LogEntry(activity=activity, owner=person, day=d, note="walked") for d in span
    )
    Entry.objects.bulk_create(Entry(owner=person, body=f"Entry for {d}") for d in span)
    Turn.objects.bulk_create(
        Turn(
            owner=person,
            conversation=talk,
            number=first_turn + n,
            kind="statement",
            text=f"turn {n}",
            audience=Audience.PARTNER,
        )
        for n in range(days)
    )
    CommitmentEvent.objects.bulk_create(
        CommitmentEvent(
            commitment=promise,
            owner=person,
            event="renegotiated",
            text=f"v{n}",
            kind="daily",
            start=FIRST,
        )
        for n in range(days // 30)
    )
    for _ in range(days // 7):
        measure_actions.record_measure(
            person,
            get_instrument("gad7"),
            dict.fromkeys(range(1, 8), 1),
            submission_key=uuid.uuid4(),
        )


@pytest.fixture
def people():
    alice, bob = make_person("alice"), make_person("bob")
    plant_everything(alice, bob, make_therapist("theo"))
    return alice, bob


def bob_shares(bob, days):
    """Bob's own days, each shared with Alice: they are in her download too."""
    start = FIRST + timedelta(days=DailyCheckIn.objects.filter(owner=bob).count())
    span = [start + timedelta(days=n) for n in range(days)]
    shared = Audience.PARTNER
    DailyCheckIn.objects.bulk_create(
        DailyCheckIn(owner=bob, day=d, trust=4, closeness=4, mood=4, note="his", audience=shared)
        for d in span
    )
    Entry.objects.bulk_create(Entry(owner=bob, body=f"His {d}", audience=shared) for d in span)


def test_the_number_of_queries_does_not_grow_with_the_data(people):
    alice, bob = people
    bob_shares(bob, 1)
    few = queries_for(alice)
    add_days(alice, bob, 30)
    bob_shares(bob, 30)
    assert queries_for(alice) == few
    assert few < 80


def test_a_year_of_daily_use_comes_out_in_seconds(people):
    alice, bob = people
    add_days(alice, bob, 365)
    bob_shares(bob, 365)
    started = time.perf_counter()
    document = export.build(alice)
    body = export.as_bytes(document)
    took = time.perf_counter() - started
    assert len(document["daily_check_ins"]["entries"]) == 366
    assert len(document["journal"]["entries"]) == 366
    assert len(document["shared_by_partner"]["journal_entries"]) == 365
    assert len(body) > 100_000
    # Generous for a busy two-core test machine; it takes well under a second alone.
    assert took < 5, f"{took:.2f} s"
