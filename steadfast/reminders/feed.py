"""A person's private calendar feed (iCalendar, RFC 5545), built with `icalendar`.

One event per active promise, recurring as its current schedule says (daily, or weekly
on its weekdays, until its end), at the person's reminder time in their own time zone;
a daily event for the check-in if they asked for it; and the promised return from a
time-out in a conversation of their couple, while the pause runs. Events carry a title and
nothing else: no description, no names, no link.

Titles are plain ("Reminder") unless the person chose to see their promises' own words,
and always plain in discreet mode: whoever holds the link, or glances at the calendar,
learns nothing more than that something is at that time.
"""

from datetime import UTC, datetime, timedelta

from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vDuration

from steadfast.accounts.timezones import zone_for
from steadfast.commitments.models import Commitment, Kind, Status
from steadfast.conversations.models import Status as ConversationStatus
from steadfast.conversations.models import TimeOut
from steadfast.core.presentation import app_name_for, is_discreet

from .due import TIME_OUT_GRACE

NEUTRAL_TITLE = "Reminder"
CHECKIN_TITLE = "Daily check-in"
RETURN_TITLE = "Back to our conversation"
EVENT_LENGTH = timedelta(minutes=15)
REFRESH = timedelta(hours=1)
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]  # index = Python's weekday()


def shows_words(prefs):
    return prefs.feed_show_words and not is_discreet(prefs.person)


def first_day(commitment):
    """The first day the current schedule is due (DTSTART must be an occurrence), or None."""
    if commitment.kind != Kind.WEEKLY:
        return commitment.start
    for offset in range(7):
        day = commitment.start + timedelta(days=offset)
        if str(day.weekday()) in commitment.weekdays:
            return None if commitment.end and day > commitment.end else day
    return None


def recurrence(commitment, at, zone):
    """The RRULE of a repeating schedule (None for a one-off)."""
    if commitment.kind == Kind.ONCE:
        return None
    rule = {"freq": "daily"}
    if commitment.kind == Kind.WEEKLY:
        rule = {"freq": "weekly", "byday": [BYDAY[int(d)] for d in sorted(commitment.weekdays)]}
    if commitment.end is not None:
        # With a DTSTART in a time zone, UNTIL must be in UTC (RFC 5545, 3.3.10).
        rule["until"] = datetime.combine(commitment.end, at, tzinfo=zone).astimezone(UTC)
    return rule


def _event(uid, title, start, stamp, rule=None):
    event = Event.new(uid=uid, summary=title, start=start, stamp=stamp, classification="PRIVATE")
    event.add("duration", EVENT_LENGTH)
    if rule is not None:
        event.add("rrule", rule)
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event


def calendar_for(prefs):
    """The calendar of `prefs.person`, as bytes."""
    person = prefs.person
    zone = zone_for(person)
    at = prefs.remind_at
    words = shows_words(prefs)
    name = app_name_for(person)
    calendar = Calendar.new(prodid=f"-//{name}//EN", name=name, uid=str(prefs.key))
    # How often subscribers should fetch again: RFC 7986, and the older name most apps read.
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    commitments = Commitment.objects.filter(owner=person, status=Status.ACTIVE)
    if not words:
        commitments = commitments.defer("text")  # not needed: leave it sealed
    starts = []
    for commitment in commitments.order_by("created_at", "pk"):
        day = first_day(commitment)
        if day is None:
            continue
        start = datetime.combine(day, at, tzinfo=zone)
        starts.append(day)
        calendar.add_component(
            _event(
                str(commitment.key),
                commitment.text if words else NEUTRAL_TITLE,
                start,
                max(commitment.updated_at, prefs.updated_at),
                recurrence(commitment, at, zone),
            )
        )
    if prefs.include_checkin:
        day = timezone.localtime(prefs.created_at, zone).date()
        starts.append(day)
        calendar.add_component(
            _event(
                f"{prefs.key}-daily",
                CHECKIN_TITLE if words else NEUTRAL_TITLE,
                datetime.combine(day, at, tzinfo=zone),
                prefs.updated_at,
                {"freq": "daily"},
            )
        )
    # The promised return from a time-out in a conversation of the person's couple: one
    # event at that moment, for both partners, while the pause is still running.
    returns = TimeOut.objects.filter(
        conversation__couple__memberships__person=person,
        conversation__status=ConversationStatus.PAUSED,
        ended_at=None,
        return_at__gt=timezone.now() - TIME_OUT_GRACE,
    ).order_by("return_at", "pk")
    for time_out in returns:
        start = timezone.localtime(time_out.return_at, zone)
        starts.append(start.date())
        calendar.add_component(
            _event(
                f"{time_out.key}-return",
                RETURN_TITLE if words else NEUTRAL_TITLE,
                start,
                time_out.created_at,
            )
        )
    if starts:
        calendar.add_missing_timezones(first_date=min(starts))
    return calendar.to_ical()
