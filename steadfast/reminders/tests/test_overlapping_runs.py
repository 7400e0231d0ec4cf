"""Runs of the reminder job at the same time, as overlapping cron runs (or cron and the
worker) would be: separate processes, separate connections, the real database. Every
due item ends up in exactly one email.

On PostgreSQL (DATABASE_URL) the processes share the test database; on SQLite they
share a database file (WAL, as deployed), since the in-memory test database cannot be
reached from another process.
"""

import multiprocessing
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

import pytest
from django.db import connection

from . import racing
from .conftest import AUCKLAND, FRIDAY, moment

EVENING = moment(AUCKLAND, FRIDAY, 19, 30)
COUNT = re.compile(r"You have (\d+) things? waiting")
ITEMS_EACH = racing.PROMISES_EACH + 1
SPAWN = multiprocessing.get_context("spawn")


def in_process(function, *args):
    with ProcessPoolExecutor(1, mp_context=SPAWN) as pool:
        return pool.submit(function, *args).result(timeout=120)


@pytest.fixture
def database(tmp_path):
    """A database other processes can reach, with the racers in it: (the database,
    the items due)."""
    if connection.vendor == "postgresql":
        database, migrate = ("postgresql", connection.settings_dict["NAME"]), False
    else:
        database, migrate = ("sqlite", str(tmp_path / "racing.sqlite3")), True
    return database, in_process(racing.prepare, database, migrate)


def race(database, runs, each_person):
    with SPAWN.Manager() as manager:
        barrier = manager.Barrier(runs, timeout=60)
        with ProcessPoolExecutor(runs, mp_context=SPAWN) as pool:
            futures = [
                pool.submit(racing.race, database, EVENING, barrier, each_person)
                for _ in range(runs)
            ]
            return [future.result(timeout=120) for future in futures]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("runs", "each_person"),
    [
        # The worst case, forced: for each person every run finds the same items unclaimed
        # before any claims one, so the database's unique claim alone decides.
        pytest.param(2, True, id="both see every item unclaimed"),
        pytest.param(3, False, id="three started together"),
    ],
)
def test_overlapping_runs_email_each_due_item_exactly_once(database, runs, each_person):
    database, due = database

    results = race(database, runs, each_person)

    assert len(due) == racing.PEOPLE * ITEMS_EACH
    claimed = [item for won, _, _, _ in results for item in won]
    assert sorted(claimed) == sorted(due), "every item claimed, and by one run only"
    if each_person:
        # Every run really tried every item: the others were refused by the database.
        lost = [item for _, refused, _, _ in results for item in refused]
        assert sorted(lost) == sorted(list(due) * (runs - 1))
    emailed = Counter()
    for _, _, emails, _ in results:
        for address, body in emails:
            emailed[address] += int(COUNT.search(body).group(1))
    assert emailed == {address: ITEMS_EACH for address, _, _ in due}
    assert sum(summary[1] for *_, summary in results) == len(due)
    assert all(summary[2] == 0 for *_, summary in results), "no run failed"
