"""What is due for a person at a given moment, in their own time zone.

From their reminder time (`remind_at`, their local clock) until their day ends, a
person's due items are: each of their active promises due that day (as the promise
itself says, `Commitment.is_occurrence`) that they have not marked yet, and, if they
asked for it, the daily check-in when they have not done one that day. Items already
reminded that day are left out.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from steadfast.accounts.timezones import zone_for
from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments.models import Commitment, Mark, Status

from .models import ItemKind, ReminderSent


@dataclass(frozen=True, order=True)
class Item:
    kind: str
    key: str = ""


CHECKIN = Item(ItemKind.CHECKIN)


def reminder_moment(person, prefs, day):
    """The aware moment of the person's reminder time on `day`."""
    return datetime.combine(day, prefs.remind_at, tzinfo=zone_for(person))


def due_items(person, prefs, now):
    """(the person's day at `now`, the items due and not yet reminded that day)."""
    local = timezone.localtime(now, zone_for(person))
    day = local.date()
    if local.time() < prefs.remind_at:
        return day, []
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
    return day, [item for item in items if item not in reminded]
