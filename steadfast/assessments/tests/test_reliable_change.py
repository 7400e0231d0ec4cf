"""Jacobson & Truax reliable change against the worked examples in the specification (§10).

SEm = SD * sqrt(1 - r); SEdiff = sqrt(2) * SEm; RCI = (after - before) / SEdiff;
|RCI| >= 1.96 is reliable; minimum reliable change = 1.96 * SEdiff, rounded up to a score.
"""

import math

import pytest

from steadfast.assessments.definitions import get_instrument
from steadfast.assessments.reliable_change import min_reliable_points, reliable_change


def approx4(value):
    return pytest.approx(value, abs=5e-5)


# fmt: off
EXAMPLES = [
    # expected: SEm, SEdiff, RCI, reliable, interpretation, clinically significant, and the
    # minimum reliable change 1.96 x SEdiff
    # RSES, SD 5.80, r .85: SEm = 5.80 x sqrt(.15) = 2.2463; SEdiff = 1.4142 x 2.2463 =
    # 3.1768; 12 -> 19: RCI = 7 / 3.1768 = 2.2035 -> reliable improvement
    pytest.param(12, 19, 5.8, 0.85, False, None,
                 (2.2463, 3.1768, 2.2035, True, "reliable improvement", None, 6.2265),
                 id="rses-12-19"),
    # 18 -> 22: RCI = 4 / 3.1768 = 1.2591 -> not reliable
    pytest.param(18, 22, 5.8, 0.85, False, None,
                 (2.2463, 3.1768, 1.2591, False, "no reliable change", None, 6.2265),
                 id="rses-18-22"),
    # CSI-16, placeholder SD 15, alpha .98: SEm = 15 x sqrt(.02) = 2.1213; SEdiff = 3.0000;
    # 40 -> 52: RCI = 12 / 3 = 4.00, reliable, and crosses 51.5 -> clinically significant
    pytest.param(40, 52, 15, 0.98, False, 51.5,
                 (2.1213, 3.0, 4.0, True, "reliable improvement", True, 5.88),
                 id="csi16-40-52"),
    # 45 -> 49: RCI = 4 / 3 = 1.3333 -> not reliable, so not clinically significant
    pytest.param(45, 49, 15, 0.98, False, 51.5,
                 (2.1213, 3.0, 1.3333, False, "no reliable change", False, 5.88),
                 id="csi16-45-49"),
    # 52 -> 40: RCI = -12 / 3 = -4.00 -> reliable deterioration, not an improvement
    pytest.param(52, 40, 15, 0.98, False, 51.5,
                 (2.1213, 3.0, -4.0, True, "reliable deterioration", False, 5.88),
                 id="csi16-52-40"),
    # 44 -> 50: RCI = 6 / 3 = 2.00 -> reliable but still below 51.5 -> not significant
    pytest.param(44, 50, 15, 0.98, False, 51.5,
                 (2.1213, 3.0, 2.0, True, "reliable improvement", False, 5.88),
                 id="csi16-44-50"),
    # CSI-4, alpha .94, placeholder SD 4: SEm = 4 x sqrt(.06) = 0.9798; SEdiff = 1.3856;
    # 10 -> 15: RCI = 5 / 1.3856 = 3.6084, reliable, crosses 13.5
    pytest.param(10, 15, 4, 0.94, False, 13.5,
                 (0.9798, 1.3856, 3.6084, True, "reliable improvement", True, 2.7159),
                 id="csi4-10-15"),
    # lower is better (arithmetic only): SD 5, r .80: SEm = 5 x sqrt(.2) = 2.2361;
    # SEdiff = 3.1623; 20 -> 8: RCI = -12 / 3.1623 = -3.7947, improvement; 20 >= 10 is the
    # troubled side, 8 < 10 is not -> clinically significant
    pytest.param(20, 8, 5, 0.8, True, 10,
                 (2.2361, 3.1623, -3.7947, True, "reliable improvement", True, 6.1981),
                 id="lower-20-8"),
    # and the other way: 8 -> 20 is a reliable deterioration
    pytest.param(8, 20, 5, 0.8, True, 10,
                 (2.2361, 3.1623, 3.7947, True, "reliable deterioration", False, 6.1981),
                 id="lower-8-20"),
]
# fmt: on


@pytest.mark.parametrize(("before", "after", "sd", "r", "lower", "cutoff", "expected"), EXAMPLES)
def test_worked_examples(before, after, sd, r, lower, cutoff, expected):
    sem, sediff, rci, reliable, interpretation, significant, smallest = expected
    change = reliable_change(before, after, sd, r, lower_is_better=lower, cutoff=cutoff)
    assert change.sem == approx4(sem)
    assert change.sediff == approx4(sediff)
    assert change.rci == approx4(rci)
    assert change.reliable is reliable
    assert change.interpretation == interpretation
    assert change.clinically_significant is significant
    assert change.min_reliable_change == approx4(smallest)  # 1.96 x SEdiff
    assert change.as_dict() == {
        "sem": approx4(sem),
        "sediff": approx4(sediff),
        "rci": approx4(rci),
        "min_reliable_change": approx4(smallest),
        "reliable": reliable,
        "interpretation": interpretation,
        "clinically_significant": significant,
    }


def test_as_dict_rounds_to_4_dp():
    assert reliable_change(12, 19, 5.8, 0.85).as_dict()["rci"] == 2.2035
    assert reliable_change(18, 22, 5.8, 0.85).as_dict()["rci"] == 1.2591
    assert reliable_change(10, 15, 4, 0.94).as_dict()["rci"] == 3.6084
    assert reliable_change(40, 52, 15, 0.98).as_dict()["rci"] == 4.0


@pytest.mark.parametrize(
    ("sd", "r", "points"),
    [
        (5.8, 0.85, 7),  # 1.96 x 3.1768 = 6.2265 -> 7 (spec: 6.23 -> 7 points)
        (15, 0.98, 6),  # 1.96 x 3.0000 = 5.88 -> 6
        (4, 0.94, 3),  # 1.96 x 1.3856 = 2.7159 -> 3
        (10 / (1.96 * math.sqrt(2)), 0, 10),  # exactly 10.0 stays 10 (no float creep)
    ],
)
def test_min_reliable_points(sd, r, points):
    assert min_reliable_points(sd, r) == points


def test_rses_example_from_its_definition_norms():
    norms = get_instrument("rses").norms
    change = reliable_change(12, 19, norms["sd"], norms["reliability"])
    assert round(change.rci, 4) == 2.2035 and change.reliable
    assert min_reliable_points(norms["sd"], norms["reliability"]) == 7


@pytest.mark.parametrize(
    ("key", "before", "after", "reliable"),
    [
        ("phq9", 18, 11, True),  # -7: |7| >= 6
        ("phq9", 12, 8, False),  # -4: |4| < 6
        ("gad7", 15, 9, True),  # -6: |6| >= 4
        ("gad7", 10, 7, False),  # -3: |3| < 4
    ],
)
def test_fixed_reliable_change_criteria(key, before, after, reliable):
    points = get_instrument(key).reliable_change_points
    assert (abs(after - before) >= points) is reliable


@pytest.mark.parametrize(
    ("sd", "r"),
    [
        (0, 0.8),
        (-1, 0.8),
        (math.nan, 0.8),
        (math.inf, 0.8),
        (5, 1),
        (5, 1.2),
        (5, -0.1),
        (5, math.nan),
    ],
)
def test_bad_sd_or_reliability_is_refused(sd, r):
    with pytest.raises(ValueError, match="standard deviation|reliability"):
        reliable_change(10, 12, sd, r)
    with pytest.raises(ValueError, match="standard deviation|reliability"):
        min_reliable_points(sd, r)


@pytest.mark.parametrize(
    ("before", "after", "cutoff"), [(math.nan, 1, None), (1, math.inf, None), (1, 2, math.nan)]
)
def test_non_numbers_are_refused(before, after, cutoff):
    with pytest.raises(ValueError):
        reliable_change(before, after, 5, 0.8, cutoff=cutoff)


def test_r_of_zero_is_allowed():
    # SEm = SD; SEdiff = 1.4142 x 2 = 2.8284; RCI = 4 / 2.8284 = 1.4142
    assert reliable_change(0, 4, 2, 0).rci == approx4(1.4142)
