"""Beta-Bernoulli reliability, table-driven, with the arithmetic shown.

a = prior_a + sum(w * kept), b = prior_b + sum(w * (1 - kept)), mean = a / (a + b),
80% interval = [Beta(a, b).ppf(.1), Beta(a, b).ppf(.9)], w = 0.5 ** (age / half-life).
Closed forms used below: Beta(a, 1) has CDF x**a, so ppf(q) = q ** (1/a); Beta(1, b) has
CDF 1 - (1 - x)**b, so ppf(q) = 1 - (1 - q) ** (1/b).
"""

import math
from datetime import date, timedelta

import pytest

from steadfast.commitments.reliability import (
    Estimate,
    estimate,
    perception_gap,
    plain_words,
)

DAY = date(2026, 3, 1)


def approx4(value):
    return pytest.approx(value, abs=5e-5)


def marks(kept, missed, *, last=DAY):
    """`kept` kept then `missed` missed, one a day, ending on `last`."""
    flags = [True] * kept + [False] * missed
    return [(last - timedelta(days=len(flags) - 1 - i), flag) for i, flag in enumerate(flags)]


def ago(days, kept):
    return (DAY - timedelta(days=days), kept)


# fmt: off
ESTIMATES = [
    # events, keyword arguments, expected (n, kept, a, b, mean, low, high)

    # nothing marked: the prior itself. Beta(1, 1) is uniform, ppf(q) = q -> [0.1, 0.9]
    pytest.param([], {}, (0, 0, 1, 1, 0.5, 0.1, 0.9), id="empty-is-the-prior"),
    # one kept: a = 1 + 1 = 2, b = 1; mean 2/3 = 0.6667; ppf(q) = sqrt(q):
    # sqrt(.1) = 0.3162, sqrt(.9) = 0.9487
    pytest.param([(DAY, True)], {}, (1, 1, 2, 1, 0.6667, 0.3162, 0.9487), id="one-kept"),
    # 18 of 20: a = 1 + 18 = 19, b = 1 + 2 = 3; mean 19/22 = 0.8636; interval from the
    # library (checked against the binomial identity in test_interval_is_the_beta_quantile)
    pytest.param(marks(18, 2), {}, (20, 18, 19, 3, 0.8636, 0.7660, 0.9463), id="18-of-20"),
    # all 20 kept: a = 21, b = 1; mean 21/22 = 0.9545; ppf(q) = q ** (1/21):
    # .1 ** (1/21) = exp(-2.302585/21) = exp(-0.109647) = 0.8962; .9 ** (1/21) = 0.9950
    pytest.param(marks(20, 0), {}, (20, 20, 21, 1, 0.9545, 0.8962, 0.9950), id="all-kept"),
    # none of 20 kept: a = 1, b = 21; mean 1/22 = 0.0455; ppf(q) = 1 - (1 - q) ** (1/21):
    # 1 - .9 ** (1/21) = 0.0050; 1 - .1 ** (1/21) = 0.1038
    pytest.param(marks(0, 20), {}, (20, 0, 1, 21, 0.0455, 0.0050, 0.1038), id="none-kept"),

    # forgetting, half-life 30, today = latest event (DAY):
    # kept today (w = 1) and kept 30 days ago (w = .5 ** (30/30) = 0.5):
    # a = 1 + 1 + 0.5 = 2.5, b = 1; mean 2.5/3.5 = 0.7143; ppf(q) = q ** (1/2.5) = q ** 0.4:
    # .1 ** .4 = 10 ** -.4 = 0.3981; .9 ** .4 = exp(.4 x -0.105361) = 0.9587
    pytest.param([ago(0, True), ago(30, True)], {"half_life_days": 30},
                 (2, 2, 2.5, 1, 0.7143, 0.3981, 0.9587), id="half-life-30-kept-kept"),
    # kept today (w = 1), missed 30 days ago (w = 0.5): a = 1 + 1 = 2, b = 1 + 0.5 = 1.5;
    # mean 2/3.5 = 0.5714; interval from the library
    pytest.param([ago(0, True), ago(30, False)], {"half_life_days": 30},
                 (2, 1, 2, 1.5, 0.5714, 0.2414, 0.8769), id="half-life-30-kept-missed"),
    # the same without forgetting: a = 2, b = 2, mean 0.5 (the old miss counts fully)
    pytest.param([ago(0, True), ago(30, False)], {},
                 (2, 1, 2, 2, 0.5, 0.1958, 0.8042), id="no-forgetting-kept-missed"),
    # kept 15 days ago, today = DAY: w = .5 ** (15/30) = 1/sqrt(2) = 0.7071;
    # a = 1.7071, b = 1; mean 1.7071/2.7071 = 0.6306; ppf(q) = q ** (1/1.7071) = q ** 0.5858:
    # .1 ** .5858 = 0.2595; .9 ** .5858 = 0.9401
    pytest.param([ago(15, True)], {"half_life_days": 30, "today": DAY},
                 (1, 1, 1.7071, 1, 0.6306, 0.2595, 0.9401), id="half-life-30-15-days-old"),
    # kept 60 days before an explicit today: w = .5 ** 2 = 0.25; a = 1.25, b = 1;
    # mean 1.25/2.25 = 0.5556; ppf(q) = q ** 0.8: .1 ** .8 = 0.1585; .9 ** .8 = 0.9192
    pytest.param([ago(60, True)], {"half_life_days": 30, "today": DAY},
                 (1, 1, 1.25, 1, 0.5556, 0.1585, 0.9192), id="explicit-today-60-days"),
    # ... but with today defaulting to the latest event, that event is 0 days old: w = 1
    pytest.param([ago(60, True)], {"half_life_days": 30},
                 (1, 1, 2, 1, 0.6667, 0.3162, 0.9487), id="default-today-is-latest-event"),

    # custom priors. Beta(3, 1), nothing marked: mean 3/4 = 0.75; ppf(q) = q ** (1/3):
    # .1 ** (1/3) = 0.4642; .9 ** (1/3) = 0.9655
    pytest.param([], {"prior_a": 3, "prior_b": 1}, (0, 0, 3, 1, 0.75, 0.4642, 0.9655),
                 id="prior-3-1-empty"),
    # Beta(2, 2) and 3 of 5 kept: a = 2 + 3 = 5, b = 2 + 2 = 4; mean 5/9 = 0.5556
    pytest.param(marks(3, 2), {"prior_a": 2, "prior_b": 2}, (5, 3, 5, 4, 0.5556, 0.3446, 0.7603),
                 id="prior-2-2-3-of-5"),
    # Jeffreys Beta(.5, .5) and 1 kept: a = 1.5, b = 0.5; mean 1.5/2 = 0.75 (interval: library)
    pytest.param([(DAY, True)], {"prior_a": 0.5, "prior_b": 0.5},
                 (1, 1, 1.5, 0.5, 0.75, 0.3514, 0.9938), id="prior-jeffreys-one-kept"),
    # a 50% interval of Beta(1, 1) is [.25, .75]
    pytest.param([], {"credible": 0.5}, (0, 0, 1, 1, 0.5, 0.25, 0.75), id="credible-50"),
]
# fmt: on


@pytest.mark.parametrize(("events", "kwargs", "expected"), ESTIMATES)
def test_estimate(events, kwargs, expected):
    n, kept, a, b, mean, low, high = expected
    result = estimate(events, **kwargs)
    assert (result.n, result.kept) == (n, kept)
    assert (result.a, result.b) == (approx4(a), approx4(b))
    assert result.mean == approx4(mean)
    assert (result.low, result.high) == (approx4(low), approx4(high))


@pytest.mark.parametrize(("kept", "missed"), [(0, 0), (1, 0), (0, 1), (7, 3), (18, 2), (40, 9)])
def test_default_mean_is_laplace(kept, missed):
    # no forgetting, Beta(1, 1): mean = (1 + kept) / (2 + n)
    result = estimate(marks(kept, missed))
    assert result.mean == pytest.approx((1 + kept) / (2 + kept + missed))


def binomial_at_least(k, trials, p):
    return sum(math.comb(trials, i) * p**i * (1 - p) ** (trials - i) for i in range(k, trials + 1))


@pytest.mark.parametrize(("kept", "missed"), [(18, 2), (3, 4), (10, 0), (0, 5)])
def test_interval_is_the_beta_quantile(kept, missed):
    # For whole a, b: P(Beta(a, b) <= x) = P(Binomial(a + b - 1, x) >= a), an independent
    # check of the library's quantiles: 10% of the mass below low, 90% below high.
    result = estimate(marks(kept, missed))
    a, b = int(result.a), int(result.b)
    assert binomial_at_least(a, a + b - 1, result.low) == pytest.approx(0.1, abs=1e-9)
    assert binomial_at_least(a, a + b - 1, result.high) == pytest.approx(0.9, abs=1e-9)


def test_forgetting_is_no_op_when_everything_is_today():
    same_day = [(DAY, True)] * 3 + [(DAY, False)]
    assert estimate(same_day, half_life_days=30) == estimate(same_day)


def test_estimate_is_frozen_and_rounds_for_output():
    result = estimate(marks(18, 2))
    with pytest.raises(AttributeError):
        result.mean = 1  # type: ignore[misc]
    assert result.as_dict() == {"n": 20, "kept": 18, "mean": 0.8636, "low": 0.766, "high": 0.9463}


@pytest.mark.parametrize(
    ("events", "kwargs", "message"),
    [
        ([], {"prior_a": 0}, "prior a must be above 0"),
        ([], {"prior_b": -1}, "prior b must be above 0"),
        ([], {"prior_a": math.nan}, "prior a must be a number"),
        ([], {"half_life_days": 0}, "half-life must be above 0"),
        ([], {"half_life_days": -30}, "half-life must be above 0"),
        ([], {"credible": 1}, "credible level"),
        ([], {"credible": 0}, "credible level"),
        ([(DAY, 1)], {}, "kept must be True or False"),
        ([("2026-03-01", True)], {}, "day must be a date"),
        ([(DAY, True)], {"today": DAY - timedelta(days=1)}, "after today"),
    ],
)
def test_refuses_bad_input(events, kwargs, message):
    with pytest.raises(ValueError, match=message):
        estimate(events, **kwargs)


# fmt: off
GAPS = [
    # owner marks, partner marks, share disagreeing among occurrences marked by both
    pytest.param({}, {}, None, id="nothing-marked"),
    pytest.param({1: True}, {2: True}, None, id="no-overlap"),
    pytest.param({1: True, 2: False}, {1: True, 2: False}, 0.0, id="all-agree"),
    # 4 marked by both, occurrence 4 differs: 1/4 = 0.25
    pytest.param({1: True, 2: True, 3: False, 4: True}, {1: True, 2: True, 3: False, 4: False},
                 0.25, id="one-of-four"),
    # "not sure" (None) is not a mark: both marked = {1, 3}; 3 differs: 1/2 = 0.5
    pytest.param({1: True, 2: True, 3: False}, {1: True, 2: None, 3: True}, 0.5,
                 id="not-sure-is-left-out"),
    # the partner's only marks are where the owner has none (None or missing): no overlap
    pytest.param({1: None}, {1: True, 2: False}, None, id="owner-unmarked"),
    pytest.param({1: True, 2: False}, {1: False, 2: True}, 1.0, id="all-disagree"),
]
# fmt: on


@pytest.mark.parametrize(("owner", "partner", "expected"), GAPS)
def test_perception_gap(owner, partner, expected):
    assert perception_gap(owner, partner) == expected


# fmt: off
WORDS = [
    # 18 of 20: low 0.7660 -> 77%, high 0.9463 -> 95%
    pytest.param(estimate(marks(18, 2)), {},
                 "kept 18 of the last 20; likely between 77% and 95%", id="18-of-20"),
    pytest.param(estimate(marks(18, 2)), {"last": False},
                 "kept 18 of 20; likely between 77% and 95%", id="not-last"),
    # Beta(1, 1): [0.1, 0.9]
    pytest.param(estimate([]), {}, "nothing marked yet; likely between 10% and 90%", id="empty"),
    # one kept: [0.3162, 0.9487] -> 32%, 95%; "the last 1" reads badly, so "of 1"
    pytest.param(estimate([(DAY, True)]), {}, "kept 1 of 1; likely between 32% and 95%",
                 id="one"),
    # none of 20: [0.0050, 0.1038] -> 1% (0.50 rounds up), 10%
    pytest.param(estimate(marks(0, 20)), {},
                 "kept 0 of the last 20; likely between 1% and 10%", id="none-kept"),
    # halves round up, not to even: 12.5 -> 13, 87.5 -> 88
    pytest.param(Estimate(4, 2, 0.5, 0.125, 0.875, 3, 3), {},
                 "kept 2 of the last 4; likely between 13% and 88%", id="halves-round-up"),
]
# fmt: on


@pytest.mark.parametrize(("result", "kwargs", "expected"), WORDS)
def test_plain_words(result, kwargs, expected):
    assert plain_words(result, **kwargs) == expected
