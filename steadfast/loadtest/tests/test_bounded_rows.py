"""The heaviest pages read as many rows with three times the history (issue 9).

`test_query_counts` proves that the number of queries does not grow with history; a page
could still read every mark of every day in one of them. Here the same couple and
therapist 0 are loaded with 200 days of history, then with 600, and the rows each page
reads from the database are counted: the couple view (sums made by the database), the
therapist's dashboard (each questionnaire's landmarks only) and the pre-session summary
(landmarks, and charts of the last `summary.CHART_DAYS` days) must read about the same
number both times, while the history itself triples. Both loads reach back further than
every window (180 days of charts, 30 of check-ins and trends), so what is left to differ
is only what happened to fall inside the windows.
"""

from contextlib import contextmanager

import pytest
from django.db.models.sql import compiler
from django.utils import timezone

from steadfast.commitments.models import Mark
from steadfast.core import crypto
from steadfast.loadtest import load

from . import pages
from .test_query_counts import settle

SHORT, LONG = 200, 600
BOUNDED = ("couple view", "dashboard", "summary")


@contextmanager
def rows_read():
    """Counts the rows every query of the block fetches (the compiler's reads)."""
    counted = [0]
    original = compiler.cursor_iter

    def counting(*args, **kwargs):
        for rows in original(*args, **kwargs):
            counted[0] += len(rows)
            yield rows

    compiler.cursor_iter = counting
    try:
        yield counted
    finally:
        compiler.cursor_iter = original


def rows_after_loading(days, now):
    load.flush()
    crypto.key_cache.clear()
    load.Loader(load.Plan(couples=1, days=days, seed=9), now=now).run()
    viewer, partner, doctor = pages.person(0, "a"), pages.person(0, "b"), pages.therapist()
    settle(viewer)
    settle(partner)
    clients = {"person": pages.logged_in(viewer), "therapist": pages.logged_in(doctor)}
    found = {}
    for request in pages.requests_for(viewer, doctor):
        if request[0] not in BOUNDED:
            continue
        pages.send(clients, request)  # once first: caches and sessions settle
        with rows_read() as counted:
            response = pages.send(clients, request)
        assert response.status_code == 200, request[0]
        found[request[0]] = counted[0]
    return found, Mark.objects.filter(owner__in=[viewer, partner]).count()


@pytest.mark.django_db
def test_the_heaviest_pages_read_as_many_rows_with_three_times_the_history():
    now = timezone.now()
    short, short_marks = rows_after_loading(SHORT, now)
    long, long_marks = rows_after_loading(LONG, now)

    assert long_marks > 2.5 * short_marks  # the history really is three times as long
    assert set(short) == set(long) == set(BOUNDED)
    for page in BOUNDED:
        # What falls inside a window can differ by a few rows (a result or a check-in
        # more, a promise made in between); a page that read its history would read
        # about three times as many (the dashboard and the summary did: 71 -> 155 and
        # 121 -> 195 rows before their reads were bounded).
        assert long[page] <= 1.25 * short[page] + 10, (page, short[page], long[page])
