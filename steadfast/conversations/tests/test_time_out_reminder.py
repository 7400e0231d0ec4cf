"""A time-out's promised return: both partners (who asked for email reminders) are emailed
once at that moment, with nothing in the email about what it is."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail

from steadfast.conversations import actions
from steadfast.couples.actions import unlink
from steadfast.reminders.jobs import remind, send_due_reminders
from steadfast.reminders.models import ReminderSent, ReminderSettings

from .conftest import move, open_conversation

AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
# 23:50 on Friday 27 November 2026 in Auckland (10:50 UTC), 02:50 that day in Los Angeles.
RETURN = datetime(2026, 11, 27, 23, 50, tzinfo=AUCKLAND)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def paused(personas):
    alice, bob = personas["alice"], personas["bob"]
    alice.time_zone, bob.time_zone = "Pacific/Auckland", "America/Los_Angeles"
    alice.save()
    bob.save()
    for person in (alice, bob, personas["carol"], personas["dan"]):
        ReminderSettings.objects.create(person=person, email_enabled=True, include_checkin=False)
    talk = open_conversation(alice, bob, topic="The holiday")
    move(talk, alice, "statement", "I feel left out of the plans.")
    with time_machine.travel(RETURN - timedelta(minutes=30), tick=False):
        talk.refresh_from_db()
        actions.take_time_out(talk, bob, return_at=RETURN, step=talk.step)
    return talk


def emailed():
    return sorted(address for message in mail.outbox for address in message.to)


def test_both_are_emailed_once_at_the_return_time(paused):
    send_due_reminders(RETURN - MINUTE)
    assert mail.outbox == []

    send_due_reminders(RETURN)
    assert emailed() == ["alice@example.org", "bob@example.org"]
    for message in mail.outbox:
        text = (message.subject + message.body).lower()
        for word in ("conversation", "time-out", "holiday", "talk", "bob", "alice", "left out"):
            assert word not in text
    # Later runs, after Auckland's midnight too, claim nothing more.
    for later in (RETURN + MINUTE, RETURN + 15 * MINUTE, RETURN + 3 * 60 * MINUTE):
        send_due_reminders(later)
    assert len(mail.outbox) == 2
    claims = ReminderSent.objects.filter(item_kind="talk")
    assert sorted((c.person.email, str(c.day)) for c in claims) == [
        ("alice@example.org", "2026-11-27"),  # her own day of the return time
        ("bob@example.org", "2026-11-27"),
    ]


def test_two_overlapping_runs_remind_once(paused, personas):
    prefs = ReminderSettings.objects.get(person=personas["alice"])
    assert remind(prefs, RETURN) == 1
    assert remind(prefs, RETURN + MINUTE) == 0
    assert emailed() == ["alice@example.org"]


def test_nobody_is_reminded_after_resuming_closing_or_unlinking(paused, personas):
    with time_machine.travel(RETURN - 10 * MINUTE, tick=False):
        paused.refresh_from_db()
        actions.resume(paused, personas["alice"], step=paused.step)
    send_due_reminders(RETURN)
    assert mail.outbox == []

    with time_machine.travel(RETURN - 5 * MINUTE, tick=False):
        paused.refresh_from_db()
        actions.take_time_out(
            paused, personas["bob"], return_at=RETURN + 10 * MINUTE, step=paused.step
        )
    unlink(personas["alice"])
    send_due_reminders(RETURN + 10 * MINUTE)
    assert mail.outbox == []


def test_only_people_who_asked_for_email_reminders(paused, personas):
    ReminderSettings.objects.filter(person=personas["alice"]).update(email_enabled=False)
    send_due_reminders(RETURN)
    assert emailed() == ["bob@example.org"]


def test_a_return_long_past_is_let_go(paused):
    send_due_reminders(RETURN + timedelta(hours=7))
    assert mail.outbox == []
