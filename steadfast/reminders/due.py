"""What is due for a person at a given moment, in their own time zone.

From their reminder time (`remind_at`, their local clock) until their day ends, a
person's due items are: each of their active promises due that day (as the promise
itself says, `Commitment.is_occurrence`) that they have not marked yet, and, if they
asked for it, the daily check-in when they have not done one that day. Items already
reminded that day are left out.

Also due, whatever the reminder time: the promised return from a time-out in a
conversation of the person's current couple, once that moment has come (both partners
are reminded; see `time_out_items`).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from steadfast.accounts.timezones import zone_for
from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments.models import Commitment, Mark, Status
from steadfast.conversations.models import Status as ConversationStatus
from steadfast.conversations.models import TimeOut

from .models import ItemKind, ReminderSent


@dataclass(frozen=True, order=True)
class Item:
    kind: str
    key: str = ""
    # The day to claim it on, when that is not the person's day at the run (a time-out's
    # return: the same claim whichever run, before or after midnight, sends it).
    day: date | None = field(default=None, compare=False)


CHECKIN = Item(ItemKind.CHECKIN)
# A return is reminded up to this long after the promised moment; a job that was down for
# longer lets it go rather than remind about a moment long past.
TIME_OUT_GRACE = timedelta(hours=6)


def reminder_moment(person, prefs, day):
    """The aware moment of the person's reminder time on `day`."""
    return datetime.combine(day, prefs.remind_at, tzinfo=zone_for(person))


def due_items(person, prefs, now):
    """(the person's day at `now`, the items due and not yet reminded that day)."""
    local = timezone.localtime(now, zone_for(person))
    day = local.date()
    returns = time_out_items(person, now)
    if local.time() < prefs.remind_at:
        return day, returns
    reminded = {
        Item(kind, key)
        for kind, key in ReminderSent.objects.filter(person=person, day=day).values_list(
            "item_kind", "item_key"
        )
    }
    marked = set(
        Mark.objects.filter(commitment__owner=person, day=day).values_list(
            "commitment_id", flat=True
        )
    )
    # The words are not needed here: leave them sealed.
    active = Commitment.objects.filter(owner=person, status=Status.ACTIVE).defer("text")
    items = [
        Item(ItemKind.PROMISE, str(commitment.key))
        for commitment in active.order_by("created_at", "pk")
        if commitment.pk not in marked and commitment.is_occurrence(day)
    ]
    if prefs.include_checkin and not DailyCheckIn.objects.filter(owner=person, day=day).exists():
        items.append(CHECKIN)
    return day, [item for item in items if item not in reminded] + returns


def time_out_items(person, now):
    """The time-outs, in conversations of the person's current couple, whose promised
    return has come (within TIME_OUT_GRACE) and that are still running, not yet reminded
    to this person. Each is claimed on the person's own day of the return time."""
    running = (
        TimeOut.objects.filter(
            conversation__couple__memberships__person=person,
            conversation__status=ConversationStatus.PAUSED,
            ended_at=None,
            return_at__lte=now,
            return_at__gt=now - TIME_OUT_GRACE,
        )
        .order_by("return_at", "pk")
        .only("key", "return_at")
    )
    found = {str(time_out.key): time_out for time_out in running}
    if not found:
        return []
    claimed = set(
        ReminderSent.objects.filter(
            person=person, item_kind=ItemKind.TALK, item_key__in=list(found)
        ).values_list("item_key", flat=True)
    )
    zone = zone_for(person)
    return [
        Item(ItemKind.TALK, key, day=timezone.localtime(time_out.return_at, zone).date())
        for key, time_out in found.items()
        if key not in claimed
    ]
