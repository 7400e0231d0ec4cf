"""Helpers shared by the reminder tests.

Times are fixed, not today's: the job is given the moment it runs at (`now`), and each
person's day and reminder time follow from their own time zone. On 27 November 2026
Auckland is 13 hours ahead of UTC and Los Angeles 8 hours behind.
"""

import zoneinfo
from datetime import date, datetime, time

import pytest

from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments.models import Commitment, Mark
from steadfast.core.testing import link, make_person, make_therapist
from steadfast.reminders.models import ReminderSettings

FRIDAY = date(2026, 11, 27)  # weekday 4
THURSDAY = date(2026, 11, 26)  # weekday 3
AUCKLAND = "Pacific/Auckland"
LOS_ANGELES = "America/Los_Angeles"


def moment(zone, day, hour, minute=0):
    """An aware moment: `hour:minute` on `day`, on the clock of `zone`."""
    return datetime.combine(day, time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone))


def person(name, *, zone="", discreet=False, **reminders):
    """A person with reminder settings (email on unless said otherwise)."""
    someone = make_person(name)
    someone.time_zone = zone
    someone.discreet = discreet
    someone.save()
    reminders.setdefault("email_enabled", True)
    ReminderSettings.objects.create(person=someone, **reminders)
    return someone


def promise(owner, *, text="Call if I'm late", kind="daily", weekdays="", start=None, **more):
    return Commitment.objects.create(
        owner=owner,
        text=text,
        kind=kind,
        weekdays=weekdays,
        start=start or date(2026, 11, 1),
        **more,
    )


def mark(commitment, day, done=True):
    return Mark.objects.create(commitment=commitment, owner=commitment.owner, day=day, done=done)


def checkin(owner, day):
    return DailyCheckIn.objects.create(owner=owner, day=day, trust=5, closeness=5, mood=5)


@pytest.fixture
def alice(db):
    return person("alice", zone=AUCKLAND)


@pytest.fixture
def bob(db, alice):
    bob = person("bob", zone=LOS_ANGELES)
    link(alice, bob)
    return bob


@pytest.fixture
def theo(db):
    return make_therapist("theo")
