"""What a score means (interpretation.py): pure functions, table-driven, arithmetic shown."""

import pytest

from steadfast.assessments.definitions import get_instrument, parse
from steadfast.assessments.interpretation import (
    CAUTION,
    NO_REFERENCE,
    NONE,
    POINTS,
    RCI,
    band_words,
    describe_change,
    format_score,
    score_of,
    score_range,
)


def toy(*, values=range(4), items=10, method="sum", **extra):
    """A made-up instrument: `items` items answered on `values`."""
    data = {
        "key": "toy",
        "version": "1",
        "name": "Toy",
        "citation": "Made up for tests.",
        "licence": {},
        "response_sets": {"scale": [{"value": v, "label": str(v)} for v in values]},
        "items": [
            {"number": n, "responses": "scale", "text": f"t{n}"} for n in range(1, items + 1)
        ],
        "scoring": {"method": method},
        **extra,
    }
    return parse(data)


RSES_LIKE = toy(norms={"sd": 5.8, "reliability": 0.85, "source": "S"}, cutoff={"value": 15})
PHQ9_LIKE = toy(
    items=9, direction="lower_is_better", reliable_change_points=6, cutoff={"value": 10}
)
CSI_LIKE = toy(
    items=4,
    values=range(6),
    cutoff={"value": 13.5, "label": "below 13.5"},
    norms=None,
    norms_note="No reference SD.",
)


# RSES-like: SEdiff = 5.8 * sqrt(1 - .85) * sqrt(2) = 3.1768; 1.96 * 3.1768 = 6.23 -> 7 points.
@pytest.mark.parametrize(
    ("before", "after", "rci", "reliable", "direction", "significant"),
    [
        (12, 19, 2.2, True, "better", True),  # 7 / 3.1768 = 2.2035; crosses 15 upwards
        (18, 22, 1.26, False, "better", False),  # 4 / 3.1768 = 1.2591
        (16, 23, 2.2, True, "better", False),  # reliable, but never below 15
        (19, 12, -2.2, True, "worse", False),
        (14, 20, 1.89, False, "better", False),  # 6 / 3.1768 = 1.8887: crosses, not reliable
        (20, 20, 0.0, False, "same", False),
    ],
)
def test_change_judged_by_the_instruments_norms(
    before, after, rci, reliable, direction, significant
):
    report = describe_change(RSES_LIKE, before, after)

    assert report.basis == RCI
    assert (report.rci, report.reliable, report.direction) == (rci, reliable, direction)
    assert report.min_reliable_change == 7
    assert report.clinically_significant is significant
    assert report.reference_note == "S"
    assert report.difference == after - before


def test_lower_is_better_turns_the_direction_round():
    # SEdiff = 5 * sqrt(.2) * sqrt(2) = 3.1623; RCI = (12 - 20) / 3.1623 = -2.5298
    instrument = toy(direction="lower_is_better", norms={"sd": 5, "reliability": 0.8})

    report = describe_change(instrument, 20, 12)

    assert (report.rci, report.reliable, report.direction) == (-2.53, True, "better")
    assert report.clinically_significant is None  # no cut-off, nothing to cross


def test_a_mean_scored_instrument_gets_a_fractional_smallest_reliable_change():
    # SEdiff = 0.9 * sqrt(.2) * sqrt(2) = 0.5692; 1.96 * 0.5692 = 1.1157 -> 1.12
    instrument = toy(values=range(1, 8), method="mean", norms={"sd": 0.9, "reliability": 0.8})

    assert describe_change(instrument, 3.0, 4.5).min_reliable_change == 1.12


# PHQ-9-like: a fixed 6 points is reliable; clinically significant = reliable improvement
# from 10 or more (troubled) to 9 or less.
@pytest.mark.parametrize(
    ("before", "after", "reliable", "direction", "significant"),
    [
        (18, 11, True, "better", False),  # -7: reliable, still at or above 10
        (18, 9, True, "better", True),  # -9: reliable, and crosses 10
        (15, 9, True, "better", True),  # -6: exactly the criterion
        (16, 10, True, "better", False),  # -6, but 10 is still on the troubled side
        (12, 8, False, "better", False),  # -4: crosses, not reliable
        (12, 18, True, "worse", False),
        (5, 5, False, "same", False),
    ],
)
def test_change_judged_by_fixed_points(before, after, reliable, direction, significant):
    report = describe_change(PHQ9_LIKE, before, after)

    assert report.basis == POINTS
    assert (report.reliable, report.direction) == (reliable, direction)
    assert report.min_reliable_change == 6
    assert report.rci is None
    assert report.clinically_significant is significant


@pytest.mark.parametrize(("before", "after"), [(10, 15), (15, 10), (5, 20)])
def test_without_a_reference_reliable_change_is_not_judged(before, after):
    report = describe_change(CSI_LIKE, before, after)

    assert report.basis == NONE
    assert report.reliable is None
    assert report.clinically_significant is None  # needs a reliable change first
    assert report.rci is None and report.min_reliable_change is None
    assert report.summary == NO_REFERENCE
    assert report.reference_note == "No reference SD."


@pytest.mark.parametrize(
    "norms", [{"sd": 0, "reliability": 0.8}, {"sd": 4}, {"sd": 4, "reliability": 1}]
)
def test_unusable_norms_are_not_used(norms):
    report = describe_change(toy(norms=norms, reliable_change_points=3), 10, 14)
    assert report.basis == POINTS and report.reliable


def test_the_summary_says_how_far_a_change_can_be_trusted():
    assert describe_change(PHQ9_LIKE, 5, 5).summary == "Your score is the same as last time."
    assert "within the ordinary ups and downs" in describe_change(PHQ9_LIKE, 12, 8).summary
    assert "reliable change for the better" in describe_change(PHQ9_LIKE, 18, 9).summary
    assert "reliable change for the worse" in describe_change(PHQ9_LIKE, 9, 18).summary


@pytest.mark.parametrize(
    ("instrument", "expected"),
    [
        (get_instrument("phq9"), (0, 27)),  # nine scored items of 0-3; item 10 is not scored
        (get_instrument("gad7"), (0, 21)),
        (toy(values=range(1, 8), items=5, method="mean"), (1, 7)),
        (toy(total=False, subscales={"a": {"items": [1, 2]}}), None),
    ],
)
def test_score_range(instrument, expected):
    assert score_range(instrument) == expected


def test_the_score_is_the_mean_for_mean_scored_instruments():
    assert score_of(toy(), total=12, mean=1.2) == 12
    assert score_of(toy(method="mean"), total=12, mean=1.2) == 1.2


@pytest.mark.parametrize(
    ("value", "shown"),
    [(12.0, "12"), (0, "0"), (3.4567, "3.46"), (2.5, "2.5"), (-1.5, "-1.5"), (None, "")],
)
def test_format_score(value, shown):
    assert format_score(value) == shown


def test_band_words_come_from_the_instrument():
    phq9 = get_instrument("phq9")
    assert band_words(phq9, "mild") == "Some signs of low mood."
    assert band_words(phq9, "no such band") == ""


def test_the_caution_never_diagnoses():
    assert "not a diagnosis" in CAUTION
