"""The next meaningful step on the home page: in order of care, from the person's own data."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from steadfast.assessments.battery import offered_instruments
from steadfast.assessments.models import Schedule
from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments.models import Commitment, Mark
from steadfast.program.models import State
from steadfast.program.modules import MODULES
from steadfast.program.next_step import (
    ALL_DONE,
    CHECKIN,
    MEASURE,
    MODULE,
    PROMISE,
    choose,
    next_step_for,
)

from .helpers import page_text, progress

RSES = SimpleNamespace(key="rses", name="Rosenberg Self-Esteem Scale", short_name="RSES")
PHQ9 = SimpleNamespace(key="phq9", name="Patient Health Questionnaire", short_name="PHQ-9")
PROMISE_KEY = "0b7e6a55-1e51-4bb4-9f25-9a3a4f8e3b10"
EVERY_MODULE = {module.slug: State.DONE for module in MODULES}
ONE_SKIPPED = dict(EVERY_MODULE, **{"1a": State.SKIPPED})
FIRST_STARTED = dict(EVERY_MODULE, **{"2a": State.STARTED})
ALONE_DONE = {m.slug: State.DONE for m in MODULES if not m.for_two}

# (what is known about the person, the kind of step, where it leads)
TABLE = [
    # A due measure comes first, whatever else is waiting.
    (
        {"measures": [RSES], "promises": [PROMISE_KEY], "checkin_done": False},
        MEASURE,
        "/measures/rses/",
    ),
    ({"measures": [PHQ9, RSES]}, MEASURE, "/measures/phq9/"),
    # Then a promise due today and not marked.
    ({"promises": [PROMISE_KEY], "checkin_done": False}, PROMISE, f"/promises/{PROMISE_KEY}/"),
    # Then today's check-in.
    ({"checkin_done": False, "states": {}}, CHECKIN, "/daily/"),
    # Then the next module not done or skipped, in step order.
    ({"states": {}}, MODULE, "/way/1a/"),
    ({"states": {"1a": State.DONE, "1b": State.SKIPPED}}, MODULE, "/way/1c/"),
    ({"states": {"1a": State.STARTED}}, MODULE, "/way/1a/"),  # started is not done
    ({"states": FIRST_STARTED}, MODULE, "/way/2a/"),
    # Modules for two are suggested only while linked.
    ({"states": {"1a": "done", "1b": "done", "1c": "done", "2a": "done"}}, MODULE, "/way/3a/"),
    (
        {"states": {"1a": "done", "1b": "done", "1c": "done", "2a": "done"}, "linked": True},
        MODULE,
        "/way/2b/",
    ),
    # Everything done or skipped: a kind word, and the way back to any of them.
    ({"states": EVERY_MODULE}, ALL_DONE, "/way/"),
    ({"states": ONE_SKIPPED, "linked": True}, ALL_DONE, "/way/"),
    ({"states": ALONE_DONE}, ALL_DONE, "/way/"),
    ({"states": ALONE_DONE, "linked": True}, MODULE, "/way/2b/"),
]


@pytest.mark.parametrize(("known", "kind", "url"), TABLE)
def test_the_order_of_care(known, kind, url):
    step = choose(**known)
    assert (step.kind, step.url) == (kind, url)
    assert step.heading and step.text and step.label


def test_the_words_say_how_many_are_waiting():
    assert "1 more is due" in choose(measures=[PHQ9, RSES]).text
    assert "2 of your promises" in choose(promises=[PROMISE_KEY, PROMISE_KEY]).text
    assert "come back" in choose(states=EVERY_MODULE).text.lower()


# --- From the database: only the person's own rows ------------------------------------


def nothing_due(person):
    """The person's measures are all switched off."""
    for instrument in offered_instruments():
        Schedule.objects.create(
            owner=person, instrument=instrument.key, interval_days=28, active=False
        )


def promise(person, *, audience="private", kind="daily"):
    return Commitment.objects.create(
        owner=person, text="Call at six", kind=kind, start=timezone.localdate(), audience=audience
    )


def daily(person):
    return DailyCheckIn.objects.create(
        owner=person, day=timezone.localdate(), trust=5, closeness=5, mood=5
    )


@pytest.mark.django_db
def test_a_newcomer_is_asked_for_a_measure_first(personas):
    assert next_step_for(personas["sam"]).kind == MEASURE


@pytest.mark.django_db
def test_each_kind_in_turn_from_real_rows(personas):
    sam = personas["sam"]
    nothing_due(sam)
    assert next_step_for(sam).kind == CHECKIN
    mine = promise(sam)
    step = next_step_for(sam)
    assert (step.kind, step.url) == (PROMISE, reverse("commitments:detail", args=[mine.key]))
    Mark.objects.create(commitment=mine, owner=sam, day=timezone.localdate(), done=False)
    assert next_step_for(sam).kind == CHECKIN
    daily(sam)
    step = next_step_for(sam)
    assert (step.kind, step.url) == (MODULE, "/way/1a/")
    progress(sam, "1a", state=State.DONE)
    progress(sam, "1b", state=State.SKIPPED)
    assert next_step_for(sam).url == "/way/1c/"
    for module in MODULES:
        if not module.for_two and module.slug not in ("1a", "1b"):
            progress(sam, module.slug, state=State.DONE)
    assert next_step_for(sam).kind == ALL_DONE


@pytest.mark.django_db
def test_a_retired_or_other_days_promise_is_not_due(personas):
    sam = personas["sam"]
    nothing_due(sam)
    daily(sam)
    Commitment.objects.create(
        owner=sam, text="Later", kind="once", start=timezone.localdate().replace(year=2099)
    )
    Commitment.objects.create(
        owner=sam, text="Old", kind="daily", start=timezone.localdate(), status="retired"
    )
    assert next_step_for(sam).kind == MODULE


@pytest.mark.django_db
def test_the_partners_due_promise_and_check_in_never_count(personas):
    alice, bob = personas["alice"], personas["bob"]
    nothing_due(alice)
    daily(alice)
    promise(bob, audience="partner")  # due today, shared with alice, not marked
    nothing_due(bob)
    progress(bob, "1a", state=State.DONE, reflection="Mine", audience="partner")
    step = next_step_for(alice, linked=True)
    assert (step.kind, step.url) == (MODULE, "/way/1a/")
    # And bob's own step is his promise, not anything of alice's.
    assert next_step_for(bob, linked=True).kind == PROMISE


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_promises(personas):
    sam = personas["sam"]
    nothing_due(sam)
    daily(sam)

    def cost():
        with CaptureQueriesContext(connection) as queries:
            next_step_for(sam)
        return len(queries)

    promise(sam, kind="once")
    Commitment.objects.filter(owner=sam).update(start=timezone.localdate().replace(year=2099))
    one = cost()
    for _ in range(6):
        mine = promise(sam)
        Mark.objects.create(commitment=mine, owner=sam, day=timezone.localdate(), done=True)
    assert cost() == one <= 8


@pytest.mark.django_db
def test_home_shows_the_next_step_and_keeps_everything_else(personas, client_for):
    sam = personas["sam"]
    response = client_for(sam).get("/home/")
    text = page_text(response)
    assert 'id="next-step"' in text and "A measure is due" in text
    assert 'id="measures-due"' in text and 'id="checkin-due"' in text
    nothing_due(sam)
    daily(sam)
    text = page_text(client_for(sam).get("/home/"))
    assert "Step 1: Where distrust comes from" in text
    assert 'href="/way/1a/"' in text
    assert text.count('class="step-number"') == 5


@pytest.mark.django_db
def test_home_costs_the_same_with_many_promises(
    personas, client_for, django_assert_max_num_queries
):
    sam = personas["sam"]
    nothing_due(sam)
    for _ in range(8):
        mine = promise(sam)
        Mark.objects.create(commitment=mine, owner=sam, day=timezone.localdate(), done=True)
    daily(sam)
    client = client_for(sam)
    client.get("/home/")
    with django_assert_max_num_queries(20):
        assert client.get("/home/").status_code == 200
