"""Several promises' numbers summed by the database (commitments.ledgers) are the numbers
the detail page works out in Python from every mark: the same counts, the same words, the
same trends, the estimates equal up to float rounding."""

import random

import pytest

from steadfast.commitments import ledgers, reliability, series
from steadfast.commitments.models import Acknowledgement, Mark, Seen
from steadfast.commitments.views import (
    HALF_LIFE_DAYS,
    TREND_DAYS,
    chart_context,
    estimates,
    marks_and_acknowledgements,
)

from .conftest import days_ago, promise, today

pytestmark = pytest.mark.django_db


def history(commitment, partner, *, days, seed, ex=None):
    """Random marks and answers over `days` days: some days unmarked, some answers "not
    sure", and (with `ex`) answers by an ex-partner that must never count."""
    chance = random.Random(seed)
    for n in range(days, 0, -1):
        if chance.random() < 0.8:
            Mark.objects.create(
                commitment=commitment,
                owner=commitment.owner,
                day=days_ago(n),
                done=chance.random() < 0.7,
            )
        if chance.random() < 0.6:
            seen = chance.choice([Seen.NOTICED, Seen.NOTICED, Seen.NOT_NOTICED, Seen.UNSURE])
            Acknowledgement.objects.create(
                commitment=commitment, partner=partner, day=days_ago(n), seen=seen
            )
        if ex is not None and chance.random() < 0.3:
            Acknowledgement.objects.create(
                commitment=commitment, partner=ex, day=days_ago(n), seen=Seen.NOT_NOTICED
            )


def found_for(commitments, counted):
    day = today()
    tallies = ledgers.tallies(
        {c.pk: counted[c.pk] for c in commitments},
        day=day,
        half_life_days=HALF_LIFE_DAYS,
        trend_days=TREND_DAYS,
    )
    return tallies, ledgers.shown(tallies, day=day, half_life_days=HALF_LIFE_DAYS)


def assert_same_estimate(found, expected):
    assert (found.n, found.kept) == (expected.n, expected.kept)
    for name in ("mean", "low", "high", "a", "b"):
        assert getattr(found, name) == pytest.approx(getattr(expected, name), rel=1e-9)


@pytest.mark.parametrize("days", [3, 45, 400])
def test_the_sums_give_the_detail_pages_numbers(personas, days):
    alice, bob, carol = personas["alice"], personas["bob"], personas["carol"]
    hers = promise(alice, audience="partner")
    his = promise(bob, audience="partner")
    quiet = promise(alice, audience="partner")  # nothing marked, nothing answered
    history(hers, bob, days=days, seed=days, ex=carol)
    history(his, alice, days=days, seed=days + 1)
    counted = {hers.pk: bob.pk, his.pk: alice.pk, quiet.pk: bob.pk}

    tallies, shown = found_for([hers, his, quiet], counted)

    for commitment in (hers, his, quiet):
        expected = estimates(commitment, day=today(), acknowledged_by=counted[commitment.pk])
        got = shown[commitment.pk].estimates
        for name in ("owner_words", "partner_words", "gap_percent"):
            assert got[name] == expected[name], name
        assert_same_estimate(got["owner"], expected["owner"])
        assert_same_estimate(got["partner"], expected["partner"])
        assert got["gap"] == expected["gap"]
        # The counts of the couple view's summary.
        marks, acks = marks_and_acknowledgements(commitment, acknowledged_by=counted[commitment.pk])
        tally = tallies[commitment.pk]
        assert (tally.marks.n, tally.marks.kept) == (len(marks), sum(marks.values()))
        answered = [kept for kept in acks.values() if kept is not None]
        assert (tally.answers.n, tally.answers.kept) == (len(answered), sum(answered))
        both = [d for d in marks if acks.get(d) is not None]
        assert tally.both == len(both)
        assert tally.differ == sum(1 for d in both if marks[d] != acks[d])
        # The trends in words, as the chart's caption gives them.
        chart = chart_context(commitment, commitment.owner, day=today())
        assert series.trend_words(shown[commitment.pk].owner_trend) == chart["owner_trend"]
        assert series.trend_words(shown[commitment.pk].partner_trend) == chart["partner_trend"]
    assert tallies[quiet.pk] == ledgers.Tally()
    assert shown[quiet.pk].estimates["owner_words"].startswith("nothing marked yet")


def test_the_trends_compare_the_same_two_points_as_the_whole_series(personas):
    alice, bob = personas["alice"], personas["bob"]
    hers = promise(alice, audience="partner")
    history(hers, bob, days=200, seed=7)
    marks, acks = marks_and_acknowledgements(hers, acknowledged_by=bob.pk)

    _, shown = found_for([hers], {hers.pk: bob.pk})

    found = shown[hers.pk]
    for trend, events in ((found.owner_trend, marks), (found.partner_trend, acks)):
        whole = series.trend(
            series.over_time(events.items(), half_life_days=HALF_LIFE_DAYS),
            days=TREND_DAYS,
            today=today(),
        )
        assert (trend.before.day, trend.now.day) == (whole.before.day, whole.now.day)
        assert_same_estimate(trend.before.estimate, whole.before.estimate)
        assert_same_estimate(trend.now.estimate, whole.now.estimate)


def test_nobodys_answers_count_when_none_is_named(personas):
    alice, bob = personas["alice"], personas["bob"]
    hers = promise(alice, audience="partner")
    history(hers, bob, days=20, seed=3)

    tallies, shown = found_for([hers], {hers.pk: None})

    assert tallies[hers.pk].answers == ledgers.Side()
    assert tallies[hers.pk].both == 0
    assert shown[hers.pk].estimates["gap"] is None
    assert shown[hers.pk].partner_trend is None


def test_a_mark_dated_after_the_day_is_counted_as_of_the_later_day(personas):
    # A partner whose calendar is a day ahead: the page takes its estimates as of then.
    alice = personas["alice"]
    hers = promise(alice, audience="partner")
    Mark.objects.create(commitment=hers, owner=alice, day=days_ago(-1), done=True)
    Mark.objects.create(commitment=hers, owner=alice, day=days_ago(2), done=False)
    day = today()
    tallies = ledgers.tallies(
        {hers.pk: None}, day=day, half_life_days=HALF_LIFE_DAYS, trend_days=TREND_DAYS
    )

    shown = ledgers.shown(tallies, day=day, half_life_days=HALF_LIFE_DAYS, as_of=days_ago(-1))

    expected = reliability.estimate(
        [(days_ago(2), False), (days_ago(-1), True)],
        today=days_ago(-1),
        half_life_days=HALF_LIFE_DAYS,
    )
    assert_same_estimate(shown[hers.pk].estimates["owner"], expected)


def test_two_queries_for_any_number_of_promises(personas, django_assert_num_queries):
    alice, bob = personas["alice"], personas["bob"]
    made = [promise(alice, audience="partner") for _ in range(4)]
    for number, commitment in enumerate(made):
        history(commitment, bob, days=30, seed=number)

    with django_assert_num_queries(2):
        ledgers.tallies(
            {c.pk: bob.pk for c in made},
            day=today(),
            half_life_days=HALF_LIFE_DAYS,
            trend_days=TREND_DAYS,
        )
