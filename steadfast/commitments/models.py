"""Commitments: a promise in a person's own words, on a schedule, with an honest record.

A commitment is one-off (due on its start date), daily, or weekly on chosen weekdays,
from its start date to an optional end. Its history is append-only: every change of its
words, schedule or status writes a `CommitmentEvent`, and nothing is overwritten without
one. The owner marks each occurrence done or not done (`Mark`, once per day); if the
commitment is shared with the partner, the partner may acknowledge it (`Acknowledgement`,
once per day). Visibility is decided only in `steadfast.core.access`.
"""

import uuid
from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils import timezone

from steadfast.accounts.timezones import zone_for
from steadfast.core.fields import EncryptedTextField
from steadfast.core.models import Audience, PersonalRecord
from steadfast.core.roots import Root

TEXT_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 1000
WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class Kind(models.TextChoices):
    ONCE = "once", "Once, on a date"
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Every week, on chosen days"


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"


class Schedule(models.Model):
    """The schedule columns, shared by a commitment and each of its events."""

    kind = models.CharField(max_length=10, choices=Kind.choices)
    weekdays = models.CharField(max_length=7, blank=True, default="")  # e.g. "024"
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    def is_occurrence(self, day):
        """Is the promise due on `day` under this schedule?"""
        if day < self.start or (self.end is not None and day > self.end):
            return False
        if self.kind == Kind.ONCE:
            return day == self.start
        if self.kind == Kind.WEEKLY:
            return str(day.weekday()) in self.weekdays
        return True

    def occurrences(self, first, last):
        """The days the promise is due between `first` and `last`, both included, newest first."""
        days = (last - timedelta(days=n) for n in range((last - first).days + 1))
        return [day for day in days if self.is_occurrence(day)]

    def schedule_words(self):
        if self.kind == Kind.ONCE:
            return f"once, on {self.start:%-d %B %Y}"
        if self.kind == Kind.DAILY:
            words = "every day"
        else:
            names = [name for value, name in WEEKDAYS if value in self.weekdays]
            words = "every " + ", ".join(names)
        words += f" from {self.start:%-d %B %Y}"
        if self.end is not None:
            words += f" to {self.end:%-d %B %Y}"
        return words


def _schedule_constraints(prefix):
    return [
        models.CheckConstraint(
            condition=models.Q(kind__in=Kind.values), name=f"{prefix}_kind_known"
        ),
        models.CheckConstraint(
            condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
            name=f"{prefix}_end_after_start",
        ),
    ]


class Commitment(PersonalRecord, Schedule):
    # The address of the commitment in URLs: random, so ids reveal nothing about others.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = EncryptedTextField()
    # The root of distrust (core.roots.Root) the owner ties it to, or "". Sealed like the
    # words: which root someone names says as much about them as the promise does.
    # Nullable only so that rows made before roots existed need no value (a sealed
    # default can't be written without an owner's key); None and "" both mean none.
    root = EncryptedTextField(null=True, blank=True, default=None)
    # The conversation it came out of, if the owner says so. Shown only to someone who may
    # open that conversation (conversations.access); it goes when the conversation does.
    conversation = models.ForeignKey(
        "conversations.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # The one-time key of the form that made it: a double submit saves once.
    submission_key = models.UUIDField(default=uuid.uuid4)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("commitments_commitment_audience_known"),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="commitments_commitment_submitted_once"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="commitments_commitment_status_known",
            ),
            *_schedule_constraints("commitments_commitment"),
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Commitment {self.pk}"

    @property
    def shared_with_partner(self):
        return self.audience in Audience.partner_audiences()

    @property
    def is_active(self):
        return self.status == Status.ACTIVE

    @property
    def root_words(self):
        return Root(self.root).label if self.root in Root.values else ""

    @cached_property
    def history(self):
        """The schedule versions as [(first day in force, event)], and the retirement day.

        A version is in force from the owner's day it was made on: a renegotiation on
        day D changes what is due from D on, never which earlier days were due, so marks
        and answers already given keep their meaning. The first version also covers any
        days before it was made (a promise can start in the past). After the day it was
        retired, nothing is due.
        """
        zone = zone_for(self.owner)
        versions, retired_on = [], None
        for event in self.events.all():
            day = timezone.localtime(event.at, zone).date()
            if event.event == EventKind.RETIRED:
                retired_on = day
            else:
                versions.append((day, event))
        return versions, retired_on

    def version_on(self, day):
        """The schedule in force on `day` (an event, or the commitment itself if it has no
        history), or None once retired."""
        versions, retired_on = self.history
        if retired_on is not None and day > retired_on:
            return None
        if not versions:
            return self
        in_force = versions[0][1]
        for first_day, event in versions:
            if first_day <= day:
                in_force = event
        return in_force

    def is_occurrence(self, day):
        version = self.version_on(day)
        return version is not None and Schedule.is_occurrence(version, day)

    def forget_history(self):
        """Drop the cached history after an event is written."""
        self.__dict__.pop("history", None)


class EventKind(models.TextChoices):
    CREATED = "created", "Made"
    RENEGOTIATED = "renegotiated", "Renegotiated"
    RETIRED = "retired", "Retired"


class CommitmentEvent(Schedule):
    """One step of a commitment's history: its words and schedule as they became. Append-only."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    # The commitment's owner: the text is sealed with their data key.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    event = models.CharField(max_length=20, choices=EventKind.choices)
    text = EncryptedTextField()
    root = EncryptedTextField(null=True, blank=True, default=None)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event__in=EventKind.values),
                name="commitments_event_event_known",
            ),
            *_schedule_constraints("commitments_event"),
        ]
        ordering = ["at", "pk"]

    def __str__(self):
        return f"Commitment event {self.pk}"

    @property
    def root_words(self):
        return Root(self.root).label if self.root in Root.values else ""


class Mark(models.Model):
    """The owner's own account of one occurrence: done or not done. Once per day."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="marks")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    day = models.DateField()
    done = models.BooleanField()
    note = EncryptedTextField(blank=True, default="")
    submission_key = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commitment", "day"], name="commitments_mark_once"),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="commitments_mark_submitted_once"
            ),
        ]
        ordering = ["-day"]

    def __str__(self):
        return f"Mark {self.pk}"


class Seen(models.TextChoices):
    NOTICED = "noticed", "I noticed"
    NOT_NOTICED = "not_noticed", "I did not notice"
    UNSURE = "unsure", "Not sure"


class Acknowledgement(models.Model):
    """The partner's perception of one occurrence of a shared commitment. Once per day."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    day = models.DateField()
    seen = models.CharField(max_length=12, choices=Seen.choices)
    submission_key = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "day", "partner"], name="commitments_ack_once"
            ),
            models.UniqueConstraint(
                fields=["partner", "submission_key"], name="commitments_ack_submitted_once"
            ),
            models.CheckConstraint(
                condition=models.Q(seen__in=Seen.values), name="commitments_ack_seen_known"
            ),
        ]
        ordering = ["-day"]

    def __str__(self):
        return f"Acknowledgement {self.pk}"

    @property
    def as_kept(self):
        """True / False for the estimate; None for "not sure"."""
        return {Seen.NOTICED: True, Seen.NOT_NOTICED: False}.get(self.seen)
