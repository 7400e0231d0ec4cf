"""Chart series, bands and the gap between partners: pure functions, tables with the
arithmetic shown."""

import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from steadfast.assessments import series
from steadfast.assessments.definitions import get_instrument

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def result(day, total, *, mean=None, band="", version="1"):
    """What a series reads of a measure: a date, scores, band, version and key."""
    return SimpleNamespace(
        completed_at=START + timedelta(days=day),
        total=total,
        mean=mean,
        band=band,
        version=version,
        submission_key=uuid.uuid4(),
    )


def words(key, totals, **kwargs):
    line = series.series_of(get_instrument(key), [result(i, t) for i, t in enumerate(totals)], "")
    return [point.change_words for point in line.points]


@pytest.mark.parametrize(
    ("key", "totals", "expected"),
    [
        # PHQ-9: a fixed reliable change of 6 points (NHS Talking Therapies); lower is better.
        ("phq9", [18], ["First result"]),
        ("phq9", [18, 12], ["First result", "Down 6: a reliable change for the better"]),
        ("phq9", [18, 13], ["First result", "Down 5: within the ordinary ups and downs"]),
        ("phq9", [4, 10], ["First result", "Up 6: a reliable change for the worse"]),
        ("phq9", [7, 7], ["First result", "No change"]),
        # GAD-7: 4 points.
        (
            "gad7",
            [12, 8, 9],
            ["First result", "Down 4: a reliable change for the better"]
            + ["Up 1: within the ordinary ups and downs"],
        ),
        # RSES: Jacobson & Truax with SD 5.8, r .85: SEm = 5.8 * sqrt(.15) = 2.246,
        # SEdiff = 1.414 * 2.246 = 3.177, 1.96 * 3.177 = 6.23: 7 points are reliable, 6 not.
        # Higher is better.
        ("rses", [14, 21], ["First result", "Up 7: a reliable change for the better"]),
        ("rses", [14, 20], ["First result", "Up 6: within the ordinary ups and downs"]),
        ("rses", [22, 15], ["First result", "Down 7: a reliable change for the worse"]),
        # CSI-4: no trustworthy SD and no fixed criterion, so no judgement at all.
        ("csi4", [10, 20], ["First result", "Up 10: no reference to judge it by"]),
    ],
)
def test_each_point_is_compared_with_the_one_before(key, totals, expected):
    assert words(key, totals) == expected


@pytest.mark.parametrize(
    ("key", "totals", "reliable"),
    [
        ("phq9", [18, 12, 13, 20], [None, "better", None, "worse"]),
        ("rses", [10, 17, 17], [None, "better", None]),
        ("csi4", [3, 21], [None, None]),  # can't be judged: never marked
    ],
)
def test_reliable_changes_are_marked_better_or_worse(key, totals, reliable):
    line = series.series_of(get_instrument(key), [result(i, t) for i, t in enumerate(totals)], "")
    assert [point.reliable for point in line.points] == reliable


def test_points_run_oldest_first_whatever_the_order_given():
    line = series.series_of(
        get_instrument("phq9"), [result(20, 5), result(0, 15), result(10, 9)], "You"
    )
    assert line.label == "You"
    assert [point.score for point in line.points] == [15, 9, 5]
    assert [point.when.day for point in line.points] == [5, 15, 25]


def test_mean_scored_instruments_chart_the_mean():
    rempel = get_instrument("rempel")
    line = series.series_of(rempel, [result(0, -8, mean=-0.5), result(7, 24, mean=1.5)], "You")
    assert [point.score for point in line.points] == [-0.5, 1.5]
    # No norms and no fixed criterion for Rempel: +2 on the mean can't be judged.
    assert line.points[1].change_words == "Up 2: no reference to judge it by"


def test_results_without_a_score_are_left_out():
    """The MJS has only subscales: nothing to draw."""
    line = series.series_of(get_instrument("mjs"), [result(0, None), result(1, None)], "You")
    assert line.points == ()


def test_a_new_version_of_the_questionnaire_is_not_compared():
    line = series.series_of(
        get_instrument("phq9"), [result(0, 20, version="1"), result(7, 2, version="2")], ""
    )
    assert line.points[1].change is None
    assert line.points[1].change_words == "Not compared: the questionnaire changed"
    assert line.points[1].reliable is None


# --- Bands and cut-off ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "spans"),
    [
        # Whole-number bands meet halfway across the gap between them: 4 | 5 -> 4.5.
        (
            "phq9",
            [
                (0, 4.5, "minimal"),
                (4.5, 9.5, "mild"),
                (9.5, 14.5, "moderate"),
                (14.5, 19.5, "moderately severe"),
                (19.5, 27, "severe"),
            ],
        ),
        (
            "gad7",
            [(0, 4.5, "minimal"), (4.5, 9.5, "mild"), (9.5, 14.5, "moderate")]
            + [(14.5, 21, "severe")],
        ),
        ("rses", [(0, 14.5, "low"), (14.5, 25.5, "normal"), (25.5, 30, "high")]),
        ("csi4", [(0, 13.5, "distressed"), (13.5, 21, "not distressed")]),
        ("dts", []),  # no bands
        ("mjs", []),  # no total to shade
    ],
)
def test_band_spans(key, spans):
    found = series.band_spans(get_instrument(key))
    assert [(span.low, span.high, span.label) for span in found] == spans


@pytest.mark.parametrize(
    ("key", "cutoff", "y_range"),
    [
        ("phq9", 10, (0, 27)),  # 9 items of 0-3
        ("gad7", 10, (0, 21)),  # 7 items of 0-3
        ("rses", None, (0, 30)),  # 10 items of 0-3, no clinical cut-off
        ("csi4", 13.5, (0, 21)),
        ("rempel", None, (-3, 3)),  # a mean of items from -3 to +3
    ],
)
def test_a_chart_has_the_cut_off_and_the_full_range(key, cutoff, y_range):
    chart = series.chart_of(get_instrument(key), [])
    assert (chart.cutoff[0] if chart.cutoff else None) == cutoff
    assert chart.y_range == y_range
    assert not chart.has_points


def test_a_chart_lists_the_kinds_of_reliable_change_it_shows():
    phq9 = get_instrument("phq9")
    line = series.series_of(phq9, [result(0, 20), result(7, 10), result(14, 11)], "You")
    chart = series.chart_of(phq9, [line, series.Series("Alice")])
    assert chart.has_points
    assert chart.reliable_changes == {"better"}


# --- The gap between two people's latest scores --------------------------------------


def test_the_gap_is_between_the_latest_of_each():
    phq9 = get_instrument("phq9")
    mine = series.series_of(phq9, [result(0, 15), result(28, 7)], "You")
    theirs = series.series_of(phq9, [result(3, 4), result(30, 12)], "Alice")

    gap = series.gap_between(mine, theirs)

    assert (gap.mine.score, gap.theirs.score) == (7, 12)
    assert gap.difference == 12 - 7
    assert gap.distance == 5
    assert gap.comparable


def test_the_gap_has_no_sign_in_its_distance():
    phq9 = get_instrument("phq9")
    gap = series.gap_between(
        series.series_of(phq9, [result(0, 12)], ""), series.series_of(phq9, [result(0, 4)], "")
    )
    assert (gap.difference, gap.distance) == (-8, 8)


def test_no_gap_unless_both_have_a_score():
    phq9 = get_instrument("phq9")
    mine = series.series_of(phq9, [result(0, 15)], "You")
    assert series.gap_between(mine, series.Series("Alice")) is None
    assert series.gap_between(series.Series("You"), mine) is None


def test_different_versions_are_not_comparable():
    phq9 = get_instrument("phq9")
    gap = series.gap_between(
        series.series_of(phq9, [result(0, 15, version="1")], ""),
        series.series_of(phq9, [result(0, 15, version="2")], ""),
    )
    assert not gap.comparable
