"""The estimate over time (series.over_time), table-driven, with the arithmetic shown.

Without forgetting and with the Beta(1, 1) prior, after k kept of n marked the mean is
(1 + k) / (2 + n). With a half-life h, an event `age` days before the point's day weighs
0.5 ** (age / h), and the point's day is the "today" of its estimate.
"""

from datetime import date, timedelta

import pytest

from steadfast.commitments import reliability
from steadfast.commitments.series import Point, Trend, over_time, trend, trend_of, trend_words

DAY = date(2026, 3, 1)


def day(n):
    return DAY + timedelta(days=n)


def approx4(value):
    return pytest.approx(value, abs=5e-5)


def one_a_day(*flags):
    return [(day(i), flag) for i, flag in enumerate(flags)]


# fmt: off
NO_FORGETTING = [
    # flags, one a day; expected (n, kept, mean) per point = (1 + kept) / (2 + n)
    pytest.param([True], [(1, 1, 2 / 3)], id="one-kept"),
    pytest.param([False], [(1, 0, 1 / 3)], id="one-missed"),
    pytest.param(
        [True, False], [(1, 1, 2 / 3), (2, 1, 2 / 4)], id="kept-then-missed"
    ),
    pytest.param(
        [True, True, False, True],
        [(1, 1, 2 / 3), (2, 2, 3 / 4), (3, 2, 3 / 5), (4, 3, 4 / 6)],
        id="three-of-four",
    ),
    pytest.param(
        [False, False, False],
        [(1, 0, 1 / 3), (2, 0, 1 / 4), (3, 0, 1 / 5)],
        id="none-kept",
    ),
]
# fmt: on


@pytest.mark.parametrize(("flags", "expected"), NO_FORGETTING)
def test_without_forgetting_the_mean_is_one_plus_kept_over_two_plus_n(flags, expected):
    points = over_time(one_a_day(*flags))
    assert [p.day for p in points] == [day(i) for i in range(len(flags))]
    assert [(p.estimate.n, p.estimate.kept) for p in points] == [(n, k) for n, k, _ in expected]
    assert [p.mean for p in points] == [approx4(mean) for _, _, mean in expected]


@pytest.mark.parametrize("half_life", [None, 1, 30, reliability.SUGGESTED_HALF_LIFE_DAYS])
def test_each_point_is_the_estimate_of_the_events_up_to_its_day(half_life):
    events = [(day(0), True), (day(3), False), (day(4), True), (day(10), True), (day(11), False)]
    points = over_time(events, half_life_days=half_life)
    for index, point in enumerate(points):
        upto = events[: index + 1]
        assert_same_estimate(
            point.estimate, reliability.estimate(upto, today=point.day, half_life_days=half_life)
        )
    # So the last point is what the detail page shows on the day of the last event.
    assert_same_estimate(
        points[-1].estimate, reliability.estimate(events, half_life_days=half_life)
    )


def assert_same_estimate(found, expected):
    """Equal counts, and figures equal up to float rounding (the running sums of
    `over_time` add the same weights in another order than `estimate`)."""
    assert (found.n, found.kept) == (expected.n, expected.kept)
    for name in ("mean", "low", "high", "a", "b"):
        assert getattr(found, name) == pytest.approx(getattr(expected, name), rel=1e-9), name


@pytest.mark.parametrize("half_life", [None, 7, reliability.SUGGESTED_HALF_LIFE_DAYS])
def test_a_long_irregular_history_agrees_with_the_estimate_at_every_point(half_life):
    # Four years of marks with gaps (some weeks skipped, some days twice as a kept and a
    # missed entry for two promises): every point still matches `estimate` on its own.
    events = []
    for n in range(4 * 365):
        if (n // 7) % 5 == 3:
            continue
        events.append((day(n), n % 3 != 0))
        if n % 11 == 0:
            events.append((day(n), False))
    points = over_time(events, half_life_days=half_life)
    assert len(points) == len({d for d, _ in events})
    for point in points[::97] + points[-1:]:
        upto = [(d, kept) for d, kept in events if d <= point.day]
        assert_same_estimate(
            point.estimate,
            reliability.estimate(upto, today=point.day, half_life_days=half_life),
        )
    if half_life is None:  # no forgetting: whole numbers, so exactly equal
        assert points[-1].estimate == reliability.estimate(events)


@pytest.mark.parametrize("half_life", [None, reliability.SUGGESTED_HALF_LIFE_DAYS])
@pytest.mark.parametrize("today_at", [0, 5, 40, 200, 400])
def test_trend_of_is_the_trend_of_the_whole_series(half_life, today_at):
    events = [(day(n), n % 4 != 1) for n in range(0, 300, 2)] + [(day(301), None)]
    today = day(300) + timedelta(days=today_at)
    whole = trend(over_time(events, half_life_days=half_life), days=30, today=today)
    found = trend_of(events, days=30, today=today, half_life_days=half_life)
    if whole is None:
        assert found is None
        return
    assert (found.before.day, found.now.day) == (whole.before.day, whole.now.day)
    assert_same_estimate(found.before.estimate, whole.before.estimate)
    assert_same_estimate(found.now.estimate, whole.now.estimate)
    assert trend_words(found) == trend_words(whole)


def test_trend_of_nothing_or_one_stretch_is_none():
    assert trend_of([], days=30, today=DAY) is None
    assert trend_of([(DAY, None)], days=30, today=DAY) is None
    # Everything within the last 30 days: no "before".
    assert trend_of([(DAY, True)], days=30, today=DAY + timedelta(days=10)) is None


# fmt: off
FORGETTING = [
    # events, half-life, expected (mean, low, high) at the last point
    # kept on day 0, missed on day 1, half-life 1 day, seen from day 1:
    # a = 1 + 0.5 = 1.5, b = 1 + 1 = 2; mean 1.5 / 3.5 = 0.428571
    pytest.param([(day(0), True), (day(1), False)], 1, 1.5 / 3.5, id="half-life-1"),
    # kept on day 0 and day 30, half-life 30, seen from day 30:
    # a = 1 + 0.5 + 1 = 2.5, b = 1; mean 2.5 / 3.5 = 0.714286
    pytest.param([(day(0), True), (day(30), True)], 30, 2.5 / 3.5, id="half-life-30"),
    # missed on day 0, kept on day 60, half-life 60: a = 2, b = 1.5; mean 2 / 3.5
    pytest.param([(day(0), False), (day(60), True)], 60, 2 / 3.5, id="half-life-60"),
]
# fmt: on


@pytest.mark.parametrize(("events", "half_life", "mean"), FORGETTING)
def test_forgetting_weighs_older_events_from_each_points_own_day(events, half_life, mean):
    points = over_time(events, half_life_days=half_life)
    assert points[-1].mean == approx4(mean)
    # The first point sees one event of age 0: no forgetting has happened yet.
    first_kept = events[0][1]
    assert points[0].mean == approx4(2 / 3 if first_kept else 1 / 3)


def test_the_band_is_the_80_percent_interval_of_each_point():
    # One kept: Beta(2, 1), ppf(q) = sqrt(q): [0.3162, 0.9487]
    (point,) = over_time([(DAY, True)])
    assert (point.low, point.high) == (approx4(0.1**0.5), approx4(0.9**0.5))
    assert point.low < point.mean < point.high


def test_not_sure_moves_nothing_and_makes_no_point():
    events = [(day(0), True), (day(1), None), (day(2), False), (day(3), None)]
    points = over_time(events)
    assert [p.day for p in points] == [day(0), day(2)]
    assert points[-1].mean == approx4(2 / 4)


def test_order_does_not_matter_and_one_day_makes_one_point():
    events = [(day(2), False), (day(0), True), (day(2), True), (day(1), True)]
    points = over_time(events)
    assert [p.day for p in points] == [day(0), day(1), day(2)]
    assert [(p.estimate.n, p.estimate.kept) for p in points] == [(1, 1), (2, 2), (4, 3)]
    assert points[-1].mean == approx4((1 + 3) / (2 + 4))


def test_nothing_marked_is_an_empty_series():
    assert over_time([]) == []
    assert over_time([(DAY, None)]) == []


def test_a_bad_event_is_refused_as_the_estimate_refuses_it():
    with pytest.raises(ValueError, match="must be True or False"):
        over_time([(DAY, "yes")])


# --- trends -------------------------------------------------------------------------


def point(n, mean):
    """A point on day(n) whose estimate has this mean (the rest does not matter here)."""
    return Point(day(n), reliability.Estimate(1, 1, mean, 0.0, 1.0, 1.0, 1.0))


# fmt: off
TRENDS = [
    # points (day, mean), today, days, expected words
    pytest.param([(0, 0.50), (40, 0.67)], 40, 30, "up 17 points since 1 March", id="up"),
    pytest.param([(0, 0.60), (40, 0.59)], 40, 30, "down 1 point since 1 March", id="down-one"),
    # 0.504 and 0.496 are both 50%: whole percentages, as the page shows them
    pytest.param([(0, 0.504), (40, 0.496)], 40, 30, "about the same since 1 March", id="same"),
    # the latest point at least 30 days before today is the "before"
    pytest.param(
        [(0, 0.2), (5, 0.4), (20, 0.9), (40, 0.5)], 40, 30, "up 10 points since 6 March",
        id="latest-before-the-window",
    ),
    # everything is inside the window: no "before"
    pytest.param([(20, 0.5), (40, 0.7)], 40, 30, "", id="nothing-before"),
    # nothing since the window began: nothing moved on the page either
    pytest.param([(0, 0.5), (5, 0.7)], 40, 30, "", id="nothing-since"),
    pytest.param([], 40, 30, "", id="empty"),
]
# fmt: on


@pytest.mark.parametrize(("points", "today", "days", "words"), TRENDS)
def test_trend_words(points, today, days, words):
    found = trend([point(n, mean) for n, mean in points], days=days, today=day(today))
    assert trend_words(found) == words
    if words:
        assert isinstance(found, Trend)
