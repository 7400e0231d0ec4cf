"""Self-care: a person's own plan of activities, a quick log of what they did, and
self-esteem exercises (strengths, each with an example, and things that went well).

Everything is a `PersonalRecord`, private by default. Activities and reflections can be
shared one by one with a partner or a therapist, and unshared again; log entries are the
owner's alone. The words are sealed with the owner's data key. Activities and
reflections carry a version number, so an edit made on one device from an older copy
is noticed instead of silently overwriting a newer one (see `actions.update`).
"""

import uuid

from django.db import models

from steadfast.core.fields import EncryptedTextField
from steadfast.core.models import Audience, PersonalRecord

ACTIVITY_MAX_LENGTH = 200
LOG_NOTE_MAX_LENGTH = 280
REFLECTION_MAX_LENGTH = 300
DETAIL_MAX_LENGTH = 1000
# How often, in times per week. 0 means "no set number": whenever it feels right.
TIMES_MIN, TIMES_MAX = 0, 21


class Status(models.TextChoices):
    ACTIVE = "active", "In my plan"
    RETIRED = "retired", "Retired"


class Versioned(models.Model):
    # Counts the saved edits: an edit posted from an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Activity(PersonalRecord, Versioned):
    """One thing the person does to look after themselves, in their own words."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = EncryptedTextField()
    # Not sensitive on its own (the words are sealed), so a plain column a week's count
    # can be read against.
    times_per_week = models.PositiveSmallIntegerField(default=3)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    submission_key = models.UUIDField(default=uuid.uuid4)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("selfcare_activity_audience_known"),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="selfcare_activity_submitted_once"
            ),
            models.CheckConstraint(
                condition=models.Q(times_per_week__gte=TIMES_MIN, times_per_week__lte=TIMES_MAX),
                name="selfcare_activity_times_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="selfcare_activity_status_known"
            ),
        ]
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Self-care activity {self.pk}"

    @property
    def is_active(self):
        return self.status == Status.ACTIVE

    @property
    def how_often(self):
        return how_often_words(self.times_per_week)


def how_often_words(times):
    if times == 0:
        return "no set number: whenever it feels right"
    if times == 1:
        return "once a week"
    if times == 7:
        return "every day"
    return f"{times} times a week"


class LogEntry(PersonalRecord):
    """ "I did this today": one per activity and day. Only ever its owner's."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="log")
    day = models.DateField()
    note = EncryptedTextField(blank=True, default="")
    submission_key = models.UUIDField(default=uuid.uuid4)

    class Meta:
        constraints = [
            # The log never reaches anyone else: its owner only.
            models.CheckConstraint(
                condition=models.Q(audience=Audience.PRIVATE), name="selfcare_log_private"
            ),
            models.UniqueConstraint(fields=["activity", "day"], name="selfcare_log_once_a_day"),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="selfcare_log_submitted_once"
            ),
        ]
        ordering = ["-day", "-pk"]

    def __str__(self):
        return f"Self-care log {self.pk}"


class Kind(models.TextChoices):
    STRENGTH = "strength", "A strength"
    WENT_WELL = "went_well", "Something that went well"


class Reflection(PersonalRecord, Versioned):
    """A self-esteem exercise entry: a strength with an example of it, or something the
    person did well or that went right, on a given day."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = EncryptedTextField()
    detail = EncryptedTextField(blank=True, default="")
    day = models.DateField()
    submission_key = models.UUIDField(default=uuid.uuid4)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("selfcare_reflection_audience_known"),
            models.CheckConstraint(
                condition=models.Q(kind__in=Kind.values), name="selfcare_reflection_kind_known"
            ),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="selfcare_reflection_submitted_once"
            ),
        ]
        ordering = ["-day", "-created_at", "-pk"]

    def __str__(self):
        return f"Self-care reflection {self.pk}"

    @property
    def is_strength(self):
        return self.kind == Kind.STRENGTH
