"""How reliably promises are kept: a Beta-Bernoulli estimate, as pure functions.

Each occurrence of a commitment is one Bernoulli trial: kept (1) or not kept (0). With a
Beta(prior_a, prior_b) prior and weights w_i (all 1 without forgetting):

    a    = prior_a + sum(w_i * kept_i)
    b    = prior_b + sum(w_i * (1 - kept_i))
    mean = a / (a + b)
    80% credible interval (equal-tailed) = [Beta(a, b).ppf(0.10), Beta(a, b).ppf(0.90)]

so with no forgetting and the default prior, mean = (1 + kept) / (2 + n).

The prior is Beta(1, 1), the uniform distribution: before a single promise has been marked,
Steadfast has no opinion about how reliable someone is, and every rate from 0% to 100% is
equally plausible. It behaves like one kept and one missed promise "already on the books",
which is weak enough that a handful of real marks dominate it, and it keeps the estimate off
the cliffs of 0% and 100% after one or two marks. We chose not to use a hopeful prior (say
Beta(4, 1)), which would flatter, or a sceptical one, which would make a fresh start look like
a verdict; neither is ours to impose on a couple.

Forgetting is exponential: an event `age` days before `today` has weight
0.5 ** (age / half_life_days), so an event one half-life old counts for half a mark and
two half-lives old for a quarter. `today` defaults to the latest event's day. The default
half-life is None, no forgetting: every mark counts fully, which is what the arithmetic
above and the command line promise. For the UI we suggest SUGGESTED_HALF_LIFE_DAYS = 60:
about two months, long enough that one bad week does not erase a season of effort, short
enough that steady recent change shows up within a few months (an event from half a year
ago counts for about 1/8). `n` and `kept` are always plain counts; forgetting changes only
a, b and what follows from them.

The interval's quantiles come from scipy.stats.beta (the regularized incomplete beta
function), not from a home-made approximation.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from scipy.stats import beta as beta_distribution

SUGGESTED_HALF_LIFE_DAYS = 60
DEFAULT_CREDIBLE = 0.80


@dataclass(frozen=True)
class Estimate:
    n: int
    kept: int
    mean: float
    low: float
    high: float
    a: float
    b: float

    def as_dict(self):
        return {
            "n": self.n,
            "kept": self.kept,
            "mean": round(self.mean, 4),
            "low": round(self.low, 4),
            "high": round(self.high, 4),
        }


def _positive(name, value):
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"The {name} must be a number.")
    if value <= 0:
        raise ValueError(f"The {name} must be above 0.")


def _check_settings(prior_a, prior_b, half_life_days, credible):
    _positive("prior a", prior_a)
    _positive("prior b", prior_b)
    if half_life_days is not None:
        _positive("half-life", half_life_days)
    if isinstance(credible, bool) or not (isinstance(credible, int | float) and 0 < credible < 1):
        raise ValueError("The credible level must be between 0 and 1.")


def _check_events(events):
    for day, kept in events:
        if isinstance(day, datetime) or not isinstance(day, date):
            raise ValueError(f"An event's day must be a date, not {day!r}.")
        if not isinstance(kept, bool):
            raise ValueError(f"An event's kept must be True or False, not {kept!r}.")


def _tails(credible):
    # round() so that 0.80 gives tails of exactly 0.1 and 0.9, not 0.09999999999999998
    tail = round((1 - credible) / 2, 12)
    return tail, 1 - tail


def _posterior(events, today, half_life_days, prior_a, prior_b, weights):
    """(a, b, kept) after `events` as seen from `today`; `weights` caches the weight of
    each age (the same float every time it is computed)."""
    a, b, kept_count = float(prior_a), float(prior_b), 0
    for day, kept in events:
        age = (today - day).days
        if age < 0:
            raise ValueError(f"An event on {day.isoformat()} is after today ({today.isoformat()}).")
        if half_life_days is None:
            weight = 1.0
        elif age in weights:
            weight = weights[age]
        else:
            weight = weights[age] = 0.5 ** (age / half_life_days)
        if kept:
            a += weight
            kept_count += 1
        else:
            b += weight
    return a, b, kept_count


def estimate(
    events: Iterable[tuple[date, bool]],
    *,
    today: date | None = None,
    half_life_days: float | None = None,
    prior_a: float = 1.0,
    prior_b: float = 1.0,
    credible: float = DEFAULT_CREDIBLE,
) -> Estimate:
    """The posterior over the rate of kept promises, from (day, kept) pairs."""
    _check_settings(prior_a, prior_b, half_life_days, credible)
    events = list(events)
    _check_events(events)
    if today is None and events:
        today = max(day for day, _ in events)
    a, b, kept_count = _posterior(events, today, half_life_days, prior_a, prior_b, {})
    low, high = beta_distribution.ppf(list(_tails(credible)), a, b)
    return Estimate(len(events), kept_count, a / (a + b), float(low), float(high), a, b)


def estimates_upto(
    events: list[tuple[date, bool]],
    days: Iterable[date],
    *,
    half_life_days: float | None = None,
    prior_a: float = 1.0,
    prior_b: float = 1.0,
    credible: float = DEFAULT_CREDIBLE,
) -> list[Estimate]:
    """For each of `days` (ascending), `estimate(the events up to and including that day,
    today=that day)`, `events` sorted by day, in one pass over the events.

    The weighted sums are kept running: moving from one day to the next multiplies what
    was summed so far by the weight of the days in between (0.5 ** (gap / half-life)),
    then adds the events of the new stretch. That is the same sum as `estimate`'s in
    another order, so it agrees with it up to float rounding (a relative difference far
    below 1e-9, where a shown percentage could never move), and a chart of a year of
    daily marks costs a year of additions instead of a year squared. The intervals of
    all days come from one vectorised quantile call (`estimates_from_sums`)."""
    _check_settings(prior_a, prior_b, half_life_days, credible)
    _check_events(events)
    found = []
    kept_weight = missed_weight = 0.0
    kept_count = upto = 0
    previous = None
    for day in days:
        if previous is not None:
            gap = (day - previous).days
            if gap < 0:
                raise ValueError("The days must be in ascending order.")
            if gap and half_life_days is not None:
                fade = 0.5 ** (gap / half_life_days)
                kept_weight *= fade
                missed_weight *= fade
        while upto < len(events) and events[upto][0] <= day:
            event_day, kept = events[upto]
            weight = 1.0
            if half_life_days is not None:
                weight = 0.5 ** ((day - event_day).days / half_life_days)
            if kept:
                kept_weight += weight
                kept_count += 1
            else:
                missed_weight += weight
            upto += 1
        previous = day
        found.append((upto, kept_count, kept_weight, missed_weight))
    return estimates_from_sums(found, prior_a=prior_a, prior_b=prior_b, credible=credible)


def estimates_from_sums(
    sums: Iterable[tuple[int, int, float, float]],
    *,
    prior_a: float = 1.0,
    prior_b: float = 1.0,
    credible: float = DEFAULT_CREDIBLE,
) -> list[Estimate]:
    """Estimates from sums already made elsewhere (the database, for a page of many
    promises): each of `sums` is (n, kept, weight of the kept events, weight of the
    missed ones). All the intervals in one vectorised quantile call."""
    _check_settings(prior_a, prior_b, None, credible)
    found = [(n, kept, prior_a + kept_w, prior_b + missed_w) for n, kept, kept_w, missed_w in sums]
    if not found:
        return []
    low_tail, high_tail = _tails(credible)
    a_values = [a for _, _, a, _ in found]
    b_values = [b for _, _, _, b in found]
    lows = beta_distribution.ppf(low_tail, a_values, b_values)
    highs = beta_distribution.ppf(high_tail, a_values, b_values)
    return [
        Estimate(n, kept, a / (a + b), float(low), float(high), a, b)
        for (n, kept, a, b), low, high in zip(found, lows, highs, strict=True)
    ]


def perception_gap(
    owner_marks: Mapping[object, bool | None], partner_marks: Mapping[object, bool | None]
) -> float | None:
    """Share of the occurrences marked by both where the two marks disagree.

    Both mappings go from an occurrence key to True (kept / "I noticed"), False (not kept /
    "I did not notice") or None (unmarked / "not sure"). Only occurrences with a True/False
    mark on both sides count. None when there are no such occurrences: no gap is known, which
    is not the same as a gap of 0.
    """
    both = [
        key
        for key, mark in owner_marks.items()
        if mark is not None and partner_marks.get(key) is not None
    ]
    if not both:
        return None
    disagree = sum(1 for key in both if owner_marks[key] != partner_marks[key])
    return disagree / len(both)


def percent(value: float) -> int:
    """A share as a whole percentage, halves rounded up (0.125 -> 13, not banker's 12)."""
    return math.floor(value * 100 + 0.5)


def plain_words(estimate: Estimate, *, last: bool = True) -> str:
    """E.g. "kept 18 of the last 20; likely between 77% and 95%".

    `last` says "of the last N" (the marks are the most recent ones, or forgetting is on);
    without it, "of N". "Likely" is the credible interval (80% by default).
    """
    interval = f"likely between {percent(estimate.low)}% and {percent(estimate.high)}%"
    if estimate.n == 0:
        return f"nothing marked yet; {interval}"
    of = f"of the last {estimate.n}" if last and estimate.n > 1 else f"of {estimate.n}"
    return f"kept {estimate.kept} {of}; {interval}"
