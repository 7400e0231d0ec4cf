"""A time-out's promised return is in both partners' calendars while the pause runs."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from steadfast.conversations import actions as talk
from steadfast.couples.models import Membership
from steadfast.reminders.feed import NEUTRAL_TITLE, RETURN_TITLE
from steadfast.reminders.models import ReminderSettings

from .conftest import person
from .test_feed import fetch

pytestmark = pytest.mark.django_db


def paused(alice, bob, *, in_hours=2):
    couple_id = Membership.objects.get(person=alice).couple_id
    conversation = talk.open_conversation(
        alice, bob, couple_id, topic="Money", submission_key=uuid.uuid4()
    )
    return_at = timezone.now() + timedelta(hours=in_hours)
    time_out = talk.take_time_out(conversation, bob, return_at=return_at, step=conversation.step)
    return conversation, time_out


def returns_in(calendar):
    return [e for e in calendar.events if str(e["UID"]).endswith("-return")]


def test_both_partners_calendars_hold_the_return(alice, bob):
    _, time_out = paused(alice, bob)
    for someone in (alice, bob):
        _, calendar = fetch(someone)
        (event,) = returns_in(calendar)
        assert str(event["SUMMARY"]) == NEUTRAL_TITLE
        assert event["DTSTART"].dt == time_out.return_at.replace(microsecond=0)
        assert b"Money" not in calendar.to_ical()


def test_with_words_chosen_it_says_what_it_is(alice, bob):
    paused(alice, bob)
    ReminderSettings.objects.filter(person=alice).update(feed_show_words=True)
    _, calendar = fetch(alice)
    (event,) = returns_in(calendar)
    assert str(event["SUMMARY"]) == RETURN_TITLE


def test_after_resuming_it_is_gone(alice, bob):
    conversation, _ = paused(alice, bob)
    talk.resume(conversation, alice, step=conversation.step)
    _, calendar = fetch(bob)
    assert returns_in(calendar) == []


def test_nobody_else_sees_it(alice, bob):
    paused(alice, bob)
    _, calendar = fetch(person("carol"))
    assert returns_in(calendar) == []
