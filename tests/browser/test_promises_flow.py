"""Issue 5 end to end, in two browsers: two partners make, mark and acknowledge promises,
save daily check-ins, see the estimates and the trends on their own pages and together,
subscribe to the calendar feed (parsed with the icalendar library), and get exactly one
reminder per due item when two reminder runs overlap."""

import multiprocessing
import re
import sqlite3
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta

import icalendar
import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from steadfast.core.testing import PASSWORD, link, make_person
from steadfast.reminders.tests import racing

from .conftest import log_in

HER_PROMISE = "Text before I leave work"
HER_PRIVATE = "Ten quiet minutes for myself"
HIS_PROMISE = "Put the phone away at dinner"
SPAWN = multiprocessing.get_context("spawn")


def choose(page, group, choice):
    page.get_by_role("group", name=group, exact=True).get_by_label(choice, exact=True).check()


def make_promise(person, text, *, shared, started):
    page = person.page
    person.goto("/promises/")
    page.get_by_label("Your promise, in your own words", exact=True).fill(text)
    choose(page, "How often?", "Every day")
    page.get_by_label(re.compile(r"^Starting on")).fill(started.isoformat())
    page.get_by_label("Where does it come from? (optional)").select_option(label="Broken promises")
    choose(page, "Who can see this?", "Me and my partner" if shared else "Only me")
    person.submit("Save")
    assert re.fullmatch(r"/promises/[0-9a-f-]{36}/", person.path()), person.error_texts()
    return person.path()


def day_row(page, day):
    return page.locator("table.promise-days tr").filter(
        has=page.get_by_role("rowheader", name=day.strftime("%a %-d %b"), exact=True)
    )


def mark(person, day, answer):
    row = day_row(person.page, day)
    row.get_by_label(answer, exact=True).check()
    with person.page.expect_navigation():
        row.get_by_role("button", name="Mark", exact=True).click()
    person.audit()
    expect(day_row(person.page, day)).to_contain_text(answer)


def acknowledge(person, day, answer):
    row = day_row(person.page, day)
    row.get_by_label(answer, exact=True).check()
    with person.page.expect_navigation():
        row.get_by_role("button", name="Save", exact=True).click()
    person.audit()
    expect(day_row(person.page, day)).to_contain_text(answer)


def daily_checkin(person, trust, closeness, mood):
    page = person.page
    person.goto("/daily/")
    choose(page, "How much did you trust your partner today?", str(trust))
    choose(page, "How close did you feel today?", str(closeness))
    choose(page, "How was your mood today?", str(mood))
    choose(page, "Who can see this?", "Me and my partner")
    person.submit("Save")
    expect(page.locator("main")).to_contain_text("Saved for today.")


def overlapping_runs(now, folder, runs=2):
    """Run the reminder job `runs` times at once in separate processes, as overlapping
    cron runs would, on what the browsers saved: the test database itself on PostgreSQL;
    on SQLite (in memory, out of other processes' reach) a file copy of it. Every run
    finds each person's due items before any run claims one, so only the database's
    unique claim keeps an item from being sent twice."""
    if connection.vendor == "postgresql":
        database = ("postgresql", connection.settings_dict["NAME"])
    else:
        path = str(folder / "racing.sqlite3")
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        try:
            connection.connection.backup(copy)
            # As deployed, and set once here: two runs switching a fresh file to WAL at
            # the same moment would find it locked.
            copy.execute("PRAGMA journal_mode=WAL")
        finally:
            copy.close()
        database = ("sqlite", path)
    with SPAWN.Manager() as manager:
        barrier = manager.Barrier(runs, timeout=60)
        with ProcessPoolExecutor(runs, mp_context=SPAWN) as pool:
            futures = [pool.submit(racing.race, database, now, barrier, True) for _ in range(runs)]
            return [future.result(timeout=120) for future in futures]


@pytest.mark.browser
def test_two_partners_keep_promises_check_in_subscribe_and_are_reminded_once(
    visitor, live_server, tmp_path
):
    alice_user, bob_user = make_person("alice"), make_person("bob")
    link(alice_user, bob_user)
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    alice, bob = visitor("Alice"), visitor("Bob")
    log_in(alice, "alice@example.org", PASSWORD)
    log_in(bob, "bob@example.org", PASSWORD)

    # Alice makes a promise she shares and one she keeps to herself, and marks the shared
    # one: kept today, not yesterday.
    hers = make_promise(alice, HER_PROMISE, shared=True, started=yesterday)
    mark(alice, today, "Done")
    mark(alice, yesterday, "Not done")
    make_promise(alice, HER_PRIVATE, shared=False, started=yesterday)
    alice.goto(hers)
    expect(alice.page.locator("#estimate-owner")).to_have_text(
        re.compile(r"^kept 1 of the last 2; likely between \d+% and \d+%$")
    )

    # Bob finds the shared one (never the private one) and says what he noticed: both
    # days, so he and Alice disagree about yesterday.
    bob.goto("/promises/")
    expect(bob.page.locator("main")).not_to_contain_text(HER_PRIVATE)
    bob.follow(HER_PROMISE)
    assert bob.path() == hers
    acknowledge(bob, today, "I noticed")
    acknowledge(bob, yesterday, "I noticed")
    for person in (alice, bob):
        person.goto(hers)
        page = person.page
        expect(page.locator("#estimate-owner")).to_contain_text("kept 1 of the last 2")
        expect(page.locator("#estimate-partner")).to_contain_text("kept 2 of the last 2")
        expect(page.locator("#perception-gap")).to_have_text("50% of the days both answered")
        expect(page.locator("main")).to_contain_text("Broken promises")
        expect(page.locator("img.chart-image")).to_be_visible()

    # Bob makes a promise of his own, shared, and leaves today unmarked: it is due.
    his = make_promise(bob, HIS_PROMISE, shared=True, started=today)
    assert his != hers

    # Both check in, shared with the other; the couple view shows both sides.
    daily_checkin(alice, 6, 5, 7)
    daily_checkin(bob, 4, 6, 5)
    for person, partner in ((alice, "Bob"), (bob, "Alice")):
        person.goto("/together/")
        main = person.page.locator("main")
        expect(main).to_contain_text(HER_PROMISE)
        expect(main).to_contain_text(HIS_PROMISE)
        expect(main).not_to_contain_text(HER_PRIVATE)
        expect(main.locator("#overall-gap")).to_contain_text("differed on 50% of the 2 days")
        expect(
            person.page.get_by_role("table", name=f"{partner}'s shared daily check-ins")
        ).to_be_visible()

    # Bob turns email reminders on (from midnight, so they are due now) and subscribes
    # to his calendar link.
    bob.goto("/reminders/")
    page = bob.page
    page.get_by_label("Email me a reminder on days something is waiting", exact=True).check()
    page.get_by_label("Time of day for reminders", exact=True).fill("00:00")
    bob.submit("Save")
    bob.submit("Make a calendar link")
    feed_url = page.get_by_label(re.compile(r"^Your calendar link")).input_value()
    assert feed_url.startswith(f"{live_server.url}/calendar/") and feed_url.endswith(".ics")
    with urllib.request.urlopen(feed_url) as response:  # noqa: S310 (the live server)
        assert response.headers["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.read())
    events = list(calendar.walk("VEVENT"))
    summaries = sorted(str(event["SUMMARY"]) for event in events)
    # His promise, and the daily check-in; plain titles, and nothing of Alice's.
    assert len(events) == 2 and set(summaries) == {"Reminder"}, summaries
    for event in events:
        assert event["RRULE"]["FREQ"] == ["DAILY"]
    assert HER_PROMISE.encode() not in calendar.to_ical()

    # Two reminder runs at once: Bob's one due item (his unmarked promise; he has checked
    # in) is emailed once, in words that say nothing of it. Alice asked for no email.
    results = overlapping_runs(timezone.now(), tmp_path)
    emails = [email for _, _, sent, _ in results for email in sent]
    claimed = [item for won, _, _, _ in results for item in won]
    assert [(address, kind) for address, kind, _ in claimed] == [("bob@example.org", "promise")]
    assert len(emails) == 1, emails
    address, body = emails[0]
    assert address == "bob@example.org"
    assert re.search(r"You have 1 thing waiting", body)
    for secret in (HIS_PROMISE, HER_PROMISE, "Alice", "trust"):
        assert secret not in body

    for person in (alice, bob):
        person.finish()
