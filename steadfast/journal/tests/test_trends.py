"""How much the feeling eased, averaged over records with both strengths."""

from datetime import date

import pytest

from steadfast.journal import trends

TODAY = date(2026, 11, 27)


def test_averages_per_window_with_the_arithmetic_shown():
    records = [
        (date(2026, 11, 26), 80, 40),  # eased 40, in every window
        (date(2026, 11, 1), 60, 50),  # eased 10, in every window (26 days ago)
        (date(2026, 9, 10), 90, 30),  # eased 60, 78 days ago: 90 days and all
        (date(2026, 1, 1), 50, 60),  # grew 10: all only
        (date(2026, 11, 27), 70, None),  # afterwards not known: never counted
    ]
    last30, last90, every = trends.summary(records, TODAY)
    assert (last30.count, last30.before, last30.after, last30.eased) == (2, 70.0, 45.0, 25.0)
    # (80 + 60 + 90) / 3 = 76.7; (40 + 50 + 30) / 3 = 40; (40 + 10 + 60) / 3 = 36.7
    assert (last90.count, last90.before, last90.after, last90.eased) == (3, 76.7, 40.0, 36.7)
    # eased: (40 + 10 + 60 - 10) / 4 = 25
    assert (every.count, every.eased) == (4, 25.0)


def test_the_30_day_window_ends_today_and_excludes_day_30():
    rows = trends.summary([(date(2026, 10, 28), 50, 40), (date(2026, 10, 29), 50, 30)], TODAY)
    assert rows[0].count == 1 and rows[0].eased == 20.0


def test_no_complete_records_means_no_averages():
    rows = trends.summary([(TODAY, 80, None)], TODAY)
    assert all(row.count == 0 and row.eased is None for row in rows)


@pytest.mark.parametrize(
    ("points", "words"),
    [
        (None, "–"),
        (0, "no change"),
        (0.0, "no change"),
        (1, "eased by 1 point"),
        (12.5, "eased by 12.5 points"),
        (25.0, "eased by 25 points"),
        (-3, "grew by 3 points"),
    ],
)
def test_eased_words(points, words):
    assert trends.eased_words(points) == words
