"""The private calendar feed: GET /calendar/<secret>.ics, read by calendar apps."""

from datetime import UTC, date, datetime, time

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from steadfast.reminders import actions
from steadfast.reminders.models import ReminderSettings

from .conftest import AUCKLAND, FRIDAY, LOS_ANGELES, person, promise

WORDS = "Call my sister on Sundays"


def feed_url(token):
    return reverse("reminders:feed", args=[token])


def fetch(someone, client=None):
    """The person's calendar, through a new link, parsed with icalendar."""
    response = (client or Client()).get(feed_url(actions.new_feed_link(someone)))
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


def titles(calendar):
    return sorted(str(event["SUMMARY"]) for event in calendar.events)


def event_for(calendar, commitment):
    (event,) = [e for e in calendar.events if str(e["UID"]) == str(commitment.key)]
    return event


def test_the_feed_is_a_private_calendar_response(alice):
    promise(alice)

    response, calendar = fetch(alice)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert response.cookies == {}
    assert str(calendar["VERSION"]) == "2.0"


def test_one_event_per_active_promise_at_the_reminder_time_in_their_zone(alice):
    ReminderSettings.objects.filter(person=alice).update(remind_at=time(7, 30))
    daily = promise(alice, start=date(2026, 11, 2), end=date(2026, 12, 24))
    weekly = promise(alice, kind="weekly", weekdays="06", start=FRIDAY)  # Mondays, Sundays
    once = promise(alice, kind="once", start=FRIDAY)
    promise(alice, status="retired")

    _, calendar = fetch(alice)

    assert len(calendar.events) == 4  # three promises and the daily check-in
    event = event_for(calendar, daily)
    assert event["DTSTART"].params["TZID"] == AUCKLAND
    assert event.start == datetime(2026, 11, 2, 7, 30, tzinfo=event.start.tzinfo)
    assert str(event.start.tzinfo) == AUCKLAND
    rule = event["RRULE"]
    assert rule["FREQ"] == ["DAILY"]
    # 7:30 on 24 December in Auckland (UTC+13) is 18:30 UTC the day before.
    assert rule["UNTIL"] == [datetime(2026, 12, 23, 18, 30, tzinfo=UTC)]
    event = event_for(calendar, weekly)
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["MO", "SU"]
    assert event.start.date() == date(2026, 11, 29), "starts on the first day it is due"
    event = event_for(calendar, once)
    assert "RRULE" not in event and event.start.date() == FRIDAY
    assert {tz.tz_name for tz in calendar.timezones} == {AUCKLAND}


def test_the_time_zone_is_the_persons_own(db):
    angeleno = person("bob", zone=LOS_ANGELES)
    promise(angeleno)

    _, calendar = fetch(angeleno)

    for event in calendar.events:
        assert event["DTSTART"].params["TZID"] == LOS_ANGELES
        assert event.start.hour == 19
    assert {tz.tz_name for tz in calendar.timezones} == {LOS_ANGELES}


def test_titles_are_plain_by_default_and_nothing_else_is_said(alice, bob):
    promise(alice, text=WORDS, audience="partner")

    response, calendar = fetch(alice)

    assert titles(calendar) == ["Reminder", "Reminder"]
    body = response.content.decode()
    for secret in (WORDS, "check-in", bob.display_name, bob.email, alice.display_name):
        assert secret not in body
    for event in calendar.events:
        assert "DESCRIPTION" not in event and "LOCATION" not in event


def test_words_only_when_chosen(alice):
    promise(alice, text=WORDS)
    ReminderSettings.objects.filter(person=alice).update(feed_show_words=True)

    _, calendar = fetch(alice)

    assert titles(calendar) == [WORDS, "Daily check-in"]


def test_discreet_mode_keeps_titles_plain_even_when_words_were_chosen(db, settings):
    settings.DISCREET_NAME = "Notes"
    alice = person("alice", zone=AUCKLAND, discreet=True, feed_show_words=True)
    promise(alice, text=WORDS)

    response, calendar = fetch(alice)

    assert titles(calendar) == ["Reminder", "Reminder"]
    assert "Steadfast" not in response.content.decode()
    assert str(calendar["X-WR-CALNAME"]) == "Notes"


def test_without_the_check_in(alice):
    promise(alice)
    ReminderSettings.objects.filter(person=alice).update(include_checkin=False)

    _, calendar = fetch(alice)

    assert len(calendar.events) == 1


def test_the_feed_is_stable_between_fetches(alice):
    promise(alice)
    token = actions.new_feed_link(alice)

    first = Client().get(feed_url(token)).content
    second = Client().get(feed_url(token)).content

    assert first == second


def test_the_partners_promises_never_appear(alice, bob):
    promise(bob, text="Bob's own words", audience="partner")
    ReminderSettings.objects.filter(person=alice).update(feed_show_words=True)

    _, calendar = fetch(alice)

    assert titles(calendar) == ["Daily check-in"]


@pytest.mark.parametrize(
    "token", ["unknown-token-that-was-never-made-0123456789", "short", "A" * 43]
)
def test_an_unknown_link_is_not_found(alice, token):
    actions.new_feed_link(alice)

    assert Client().get(feed_url(token)).status_code == 404


def test_a_switched_off_link_is_not_found(alice):
    token = actions.new_feed_link(alice)
    assert Client().get(feed_url(token)).status_code == 200

    assert actions.revoke_feed_link(alice) is True

    assert Client().get(feed_url(token)).status_code == 404
    assert actions.revoke_feed_link(alice) is False


def test_a_new_link_replaces_the_old(alice):
    old = actions.new_feed_link(alice)
    new = actions.new_feed_link(alice)

    assert Client().get(feed_url(old)).status_code == 404
    assert Client().get(feed_url(new)).status_code == 200


def test_only_a_digest_is_stored(alice):
    token = actions.new_feed_link(alice)

    stored = ReminderSettings.objects.get(person=alice)
    assert token not in str(vars(stored))
    assert len(stored.feed_digest) == 64


@pytest.mark.parametrize("who", ["therapist", "inactive"])
def test_no_feed_for_a_therapist_or_an_inactive_account(db, who):
    someone = person("theo")
    token = actions.new_feed_link(someone)
    if who == "therapist":
        someone.role = "therapist"
    else:
        someone.is_active = False
    someone.save()

    assert Client().get(feed_url(token)).status_code == 404


def test_a_deleted_account_takes_its_feed_with_it(alice):
    from steadfast.accounts.actions import delete_account

    token = actions.new_feed_link(alice)
    delete_account(alice)

    assert Client().get(feed_url(token)).status_code == 404


def test_only_get_and_head(alice):
    url = feed_url(actions.new_feed_link(alice))

    assert Client().head(url).status_code == 200
    assert Client().post(url).status_code == 405


def test_a_logged_in_partner_with_the_link_sees_the_owners_plain_calendar(alice, bob, client_for):
    """The link is the credential, whoever follows it: so it must say little."""
    promise(alice, text=WORDS)

    response, calendar = fetch(alice, client_for(bob))

    assert titles(calendar) == ["Reminder", "Reminder"]
    assert WORDS not in response.content.decode()


def test_every_event_has_what_rfc_5545_requires(alice):
    promise(alice)
    promise(alice, kind="weekly", weekdays="3")

    _, calendar = fetch(alice)

    assert calendar["PRODID"] and calendar["VERSION"]
    uids = [str(event["UID"]) for event in calendar.events]
    assert len(set(uids)) == len(uids) == 3
    for event in calendar.events:
        assert event["DTSTAMP"].dt.tzinfo is not None
        assert event.start.tzinfo is not None
