"""The reliability estimate over time, as pure functions: no request, no database.

A series is one point per day that carries information, oldest first: for the owner's
series, each occurrence day with a mark; for the partner's, each day they acknowledged
with "I noticed" or "I did not notice" ("not sure" says nothing about the promise, so it
moves nothing and makes no point). The point for a day is
`reliability.estimate(events up to and including that day, today=that day, half_life_days)`,
which is what the detail page would have shown on that day: nothing later leaks
backwards, and with the same half-life as the page the last point is the page's estimate
as of the last event (up to float rounding, far below anything shown).

    with no forgetting, after k kept of n marked: mean = (1 + k) / (2 + n)

Cost: one pass over the events with running weighted sums (O(n), see
`reliability.estimates_upto`) and one vectorised quantile call for all points.
`trend_of` works out only the two points a trend compares, for pages that show the
trend in words and not the chart itself.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from . import reliability


@dataclass(frozen=True)
class Point:
    day: date
    estimate: reliability.Estimate

    @property
    def mean(self):
        return self.estimate.mean

    @property
    def low(self):
        return self.estimate.low

    @property
    def high(self):
        return self.estimate.high


@dataclass(frozen=True)
class Trend:
    """How the estimate moved between two points of one series."""

    before: Point
    now: Point

    @property
    def change(self):
        """The change of the whole-percent means, in percentage points."""
        return reliability.percent(self.now.mean) - reliability.percent(self.before.mean)

    @property
    def direction(self):
        if self.change > 0:
            return "up"
        if self.change < 0:
            return "down"
        return "same"


def over_time(
    events: Iterable[tuple[date, bool | None]],
    *,
    half_life_days: float | None = None,
) -> list[Point]:
    """One `Point` per distinct day with a True/False event, oldest first.

    `events` are (day, kept) pairs in any order; kept None ("not sure") is skipped. Several
    events on one day make one point that counts them all.
    """
    known = sorted((day, kept) for day, kept in events if kept is not None)
    days = sorted({day for day, _ in known})
    found = reliability.estimates_upto(known, days, half_life_days=half_life_days)
    return [Point(day, estimate) for day, estimate in zip(days, found, strict=True)]


def trend_of(
    events: Iterable[tuple[date, bool | None]],
    *,
    days: int,
    today: date,
    half_life_days: float | None = None,
) -> Trend | None:
    """`trend(over_time(events), days=days, today=today)`, working out only the two
    points it compares: the latest event day's and the latest one at least `days` days
    before `today`. One pass over the events, whatever their number."""
    known = sorted((day, kept) for day, kept in events if kept is not None)
    if not known:
        return None
    cutoff = today - timedelta(days=days)
    last = known[-1][0]
    before = max((day for day, _ in known if day <= cutoff), default=None)
    if before is None or before == last:
        return None
    found = reliability.estimates_upto(known, [before, last], half_life_days=half_life_days)
    return Trend(Point(before, found[0]), Point(last, found[1]))


def trend(points: list[Point], *, days: int, today: date) -> Trend | None:
    """The latest point against the latest one at least `days` days before `today`.

    None when either is missing: a series that began within the window has no "before".
    """
    if not points:
        return None
    cutoff = today - timedelta(days=days)
    before = [point for point in points if point.day <= cutoff]
    if not before or before[-1] is points[-1]:
        return None
    return Trend(before[-1], points[-1])


def trend_words(found: Trend | None) -> str:
    """E.g. "up 12 points since 3 October"; empty when there is no trend to tell."""
    if found is None:
        return ""
    since = f"since {found.before.day:%-d %B}"
    if found.direction == "same":
        return f"about the same {since}"
    size = abs(found.change)
    return f"{found.direction} {size} point{'s' if size != 1 else ''} {since}"
