"""The reminder job: one function, run by `manage.py send_reminders` (cron) and by the
huey periodic task (a worker, when Redis is configured).

Exactly once at most. Before emailing, the job claims each due item by writing a
`ReminderSent` row (person, item, day), unique in the database; a run that finds the
row already there skips the item. Two runs that overlap, on SQLite or PostgreSQL,
therefore never remind the same item twice. The trade-off: the claim is written before
the email goes, so if the process dies, or the mail server refuses, between the two,
that item is not reminded that day. A missed reminder is better than a repeated one.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from steadfast.accounts.models import User

from .due import due_items
from .emails import send_reminder_email
from .models import ReminderSent, ReminderSettings

log = logging.getLogger(__name__)

# A claim matters only during its day, wherever the person is (UTC-12 to UTC+14).
CLAIMS_KEPT = timedelta(days=2)


@dataclass
class Summary:
    people: int = 0  # emailed
    items: int = 0  # in those emails
    failed: int = 0  # people whose email could not be sent

    def __str__(self):
        text = f"Reminders: emailed {self.people} people about {self.items} items."
        if self.failed:
            text += f" {self.failed} could not be sent (see the log)."
        return text


def claim(person, day, item):
    """Record that `item` is reminded on `day`; False if another run already did."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                person=person, item_kind=item.kind, item_key=item.key, day=day
            )
    except IntegrityError:
        return False
    return True


def forget_old_claims(now):
    ReminderSent.objects.filter(day__lt=(now - CLAIMS_KEPT).date()).delete()


def people_to_remind():
    """Settings of active person accounts who asked for email reminders."""
    return (
        ReminderSettings.objects.filter(
            email_enabled=True, person__is_active=True, person__role=User.Role.PERSON
        )
        .select_related("person")
        .order_by("pk")
    )


def remind(prefs, now):
    """Claim and email one person's due items. The number emailed (0 if none)."""
    person = prefs.person
    day, items = due_items(person, prefs, now)
    claimed = [item for item in items if claim(person, item.day or day, item)]
    if claimed:
        send_reminder_email(person, len(claimed))
    return len(claimed)


def send_due_reminders(now=None):
    """Email everyone whose reminders are due at `now` (default: this moment)."""
    now = now or timezone.now()
    forget_old_claims(now)
    summary = Summary()
    for prefs in list(people_to_remind()):
        try:
            count = remind(prefs, now)
        except Exception as error:  # one person's failure must not stop the others
            log.error("Reminder for person %s failed: %s", prefs.person_id, type(error).__name__)
            summary.failed += 1
            continue
        if count:
            summary.people += 1
            summary.items += count
    return summary
