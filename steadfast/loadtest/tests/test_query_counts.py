"""SQL queries per page are constant in the amount of history (issue 9).

One couple and therapist 0 are loaded with 20 days of history, then the same people with
200 days, and every page the benchmark renders must run exactly as many queries both
times. Before counting, today is made the same in both loads (every measure on the
schedule answered, every promise due today marked, today's check-in done, a journal
entry for the therapist and a conversation since the last session), so each page takes
the same branches and only the length of the history differs.
"""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from steadfast.accounts.timezones import today_for
from steadfast.assessments import actions as measure_actions
from steadfast.assessments.definitions import get_instrument
from steadfast.assessments.models import schedule_for
from steadfast.checkins.actions import record_checkin
from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments import actions as promise_actions
from steadfast.commitments.models import Commitment, Mark, Status
from steadfast.conversations import actions as talk_actions
from steadfast.core import crypto
from steadfast.core.access import partner_of
from steadfast.couples.models import Membership
from steadfast.journal import actions as journal_actions
from steadfast.loadtest import load

from . import pages

SHORT, LONG = 20, 200


def settle(person):
    """Today, the same for every load: nothing due, nothing left to do, and something
    shared since the last session."""
    day = today_for(person)
    for row in schedule_for(person):
        if row.active:
            instrument = get_instrument(row.instrument)
            answers = {item.number: min(instrument.values(item)) for item in instrument.items}
            measure = measure_actions.record_measure(
                person, instrument, answers, submission_key=uuid.uuid4()
            )
            measure_actions.share_measure(measure, "partner+therapist")
    marked = set(Mark.objects.filter(owner=person, day=day).values_list("commitment", flat=True))
    for commitment in Commitment.objects.filter(owner=person, status=Status.ACTIVE):
        if commitment.pk not in marked and commitment.is_occurrence(day):
            promise_actions.mark(
                commitment, day=day, done=True, note="", submission_key=uuid.uuid4()
            )
    record_checkin(
        person,
        day=day,
        trust=5,
        closeness=5,
        mood=5,
        note="",
        audience="partner",
        submission_key=uuid.uuid4(),
    )
    entry = journal_actions.write_entry(
        person, title="Before the session", body="Some words.", submission_key=uuid.uuid4()
    )
    journal_actions.share(entry, "therapist")
    talk_actions.open_conversation(
        person,
        partner_of(person),
        Membership.objects.get(person=person).couple_id,
        topic="Evenings",
        submission_key=uuid.uuid4(),
    )


def counts_after_loading(days, now):
    load.flush()
    crypto.key_cache.clear()
    load.Loader(load.Plan(couples=1, days=days, seed=9), now=now).run()
    viewer, partner, doctor = pages.person(0, "a"), pages.person(0, "b"), pages.therapist()
    settle(viewer)
    settle(partner)
    clients = {"person": pages.logged_in(viewer), "therapist": pages.logged_in(doctor)}
    counts = {}
    for request in pages.requests_for(viewer, doctor):
        crypto.key_cache.clear()  # every page starts cold, as in a fresh worker
        with CaptureQueriesContext(connection) as queries:
            response = pages.send(clients, request)
        assert response.status_code in (200, 302), request[0]
        counts[request[0]] = len(queries)
    history = DailyCheckIn.objects.filter(owner=viewer).count()
    return counts, history


@pytest.mark.django_db
def test_each_page_runs_as_many_queries_with_ten_times_the_history():
    now = timezone.now()
    short, short_history = counts_after_loading(SHORT, now)
    long, long_history = counts_after_loading(LONG, now)

    assert long_history > 5 * short_history  # the history really is much longer
    assert long == short
