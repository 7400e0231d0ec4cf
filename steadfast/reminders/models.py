"""Reminders: a person's own choice of email reminders and a private calendar feed.

`ReminderSettings` is one row per person, made the first time they save a choice or
make a calendar link. The calendar link's secret is never stored: only its SHA-256
digest, so a copy of the database does not hand anyone a working link.

`ReminderSent` is the claim a run of the reminder job writes before it emails: one row
per person, item and day, unique, so two runs that overlap cannot both send it.
"""

import hashlib
import uuid
from datetime import time

from django.conf import settings
from django.db import models

DEFAULT_REMIND_AT = time(19, 0)


def digest_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ReminderSettings(models.Model):
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )
    email_enabled = models.BooleanField(default=False)
    remind_at = models.TimeField(default=DEFAULT_REMIND_AT)
    include_checkin = models.BooleanField(default=True)
    feed_show_words = models.BooleanField(default=False)
    # SHA-256 of the calendar link's secret; null when there is no link.
    feed_digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    feed_created_at = models.DateTimeField(null=True, blank=True)
    # The calendar's own identity, and its daily check-in event's: random, stable.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "reminder settings"

    def __str__(self):
        return f"Reminder settings {self.pk}"

    @property
    def has_feed(self):
        return self.feed_digest is not None


class ItemKind(models.TextChoices):
    PROMISE = "promise", "Promise"
    CHECKIN = "checkin", "Daily check-in"
    TALK = "talk", "Back to a paused conversation"


class ReminderSent(models.Model):
    """One item reminded to one person on one of their days. Written before the email."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item_kind = models.CharField(max_length=10, choices=ItemKind.choices)
    # The commitment's key for a promise, the time-out's for a paused conversation; empty
    # for the daily check-in.
    item_key = models.CharField(max_length=36, blank=True, default="")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "item_kind", "item_key", "day"], name="reminders_sent_once"
            ),
            models.CheckConstraint(
                condition=models.Q(item_kind__in=ItemKind.values),
                name="reminders_sent_kind_known",
            ),
        ]
        indexes = [models.Index(fields=["day"], name="reminders_sent_day")]

    def __str__(self):
        return f"Reminder sent {self.pk}"
