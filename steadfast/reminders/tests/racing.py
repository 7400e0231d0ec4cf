"""Helpers for test_overlapping_runs.py: the reminder job run in separate processes.

Each function here runs in a fresh process (multiprocessing "spawn") that sets Django up
against `database`: ("postgresql", the test database's name), reached with the
inherited DATABASE_URL pointed at that database; or ("sqlite", a file). Separate
processes with their own connections, as two cron runs would be.
"""

import os
from urllib.parse import urlsplit

PEOPLE = 6
PROMISES_EACH = 3


def _setup(database):
    vendor, name = database
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.pop("REDIS_URL", None)
    if vendor == "postgresql":
        url = urlsplit(os.environ["DATABASE_URL"])
        os.environ["DATABASE_URL"] = url._replace(path=f"/{name}").geturl()
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = name
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def prepare(database, migrate):
    """Make the schema (an SQLite file) and the people: four items due for each, returned
    as (address, kind, key)."""
    _setup(database)
    from django.core.management import call_command

    from steadfast.reminders.tests.conftest import AUCKLAND, person, promise

    if migrate:
        call_command("migrate", verbosity=0)
    due = set()
    for n in range(PEOPLE):
        someone = person(f"racer{n}", zone=AUCKLAND)
        due.add((someone.email, "checkin", ""))
        for p in range(PROMISES_EACH):
            due.add((someone.email, "promise", str(promise(someone, text=f"Promise {p}").key)))
    return due


def race(database, now, barrier, each_person):
    """Run the job once, starting when every run is ready (`barrier`). With `each_person`,
    also wait at the barrier after finding each person's due items: every item is then
    seen unclaimed by all runs before any claims it. Returns (the items this run
    claimed, those another run had claimed first, [(address, body) of each email],
    (people, items, failed))."""
    _setup(database)
    from django.core import mail

    from steadfast.reminders import jobs

    real_due_items, real_claim = jobs.due_items, jobs.claim
    claimed, lost = [], []

    def due_items_then_wait(*args):
        found = real_due_items(*args)
        barrier.wait()
        return found

    def claim_and_note(person, day, item):
        won = real_claim(person, day, item)
        (claimed if won else lost).append((person.email, item.kind, item.key))
        return won

    if each_person:
        jobs.due_items = due_items_then_wait
    jobs.claim = claim_and_note
    barrier.wait()
    summary = jobs.send_due_reminders(now)
    emails = [(message.to[0], message.body) for message in getattr(mail, "outbox", [])]
    return claimed, lost, emails, (summary.people, summary.items, summary.failed)
