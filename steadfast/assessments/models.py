"""Completed measures, measures in progress, and each person's schedule.

A `Measure` keeps the answers and everything derived from them that could say more
than a score (subscales, screen result, flags) encrypted with the owner's data key.
Only the score, its band and the date are plain columns: they are what a partner sees
of a shared result, and what charts and dashboards read without opening anything.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from steadfast.core.fields import EncryptedJSONField
from steadfast.core.models import Audience, PersonalRecord

from . import battery

# What anyone but the owner may load of a measure: no encrypted column among them.
SUMMARY_FIELDS = (
    "id",
    "owner_id",
    "audience",
    "instrument",
    "version",
    "total",
    "mean",
    "band",
    "completed_at",
    "submission_key",
)


class MeasureQuerySet(models.QuerySet):
    def summaries(self):
        """Scores, bands and dates only: the answers and details stay sealed, unloaded."""
        return self.only(*SUMMARY_FIELDS)

    def newest_each(self):
        """The most recent measure of each instrument per owner."""
        newest = (
            Measure.objects.filter(owner=OuterRef("owner"), instrument=OuterRef("instrument"))
            .order_by("-completed_at", "-pk")
            .values("pk")[:1]
        )
        return self.filter(pk=Subquery(newest))

    def before(self, measure):
        """The same owner's earlier measures of the same instrument, newest first."""
        earlier = Q(completed_at__lt=measure.completed_at) | Q(
            completed_at=measure.completed_at, pk__lt=measure.pk
        )
        return (
            self.filter(owner_id=measure.owner_id, instrument=measure.instrument)
            .filter(earlier)
            .order_by("-completed_at", "-pk")
        )


class Measure(PersonalRecord):
    """One completed questionnaire."""

    instrument = models.CharField(max_length=32)
    version = models.CharField(max_length=16)
    answers = EncryptedJSONField()  # {"item number": printed value}
    total = models.FloatField(null=True, blank=True)
    mean = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=40, blank=True, default="")
    # {"subscales": {...}, "positive_screen": bool|None, "flags": [...], "safety_flags": [...]}
    details = EncryptedJSONField()
    completed_at = models.DateTimeField(default=timezone.now)
    # The form's one-time key, and the measure's address: a double submit saves once.
    submission_key = models.UUIDField(default=uuid.uuid4)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("assessments_measure_audience_valid"),
            models.CheckConstraint(
                condition=~Q(instrument__in=battery.SAFETY_INSTRUMENTS)
                | Q(audience__in=Audience.safety_audiences()),
                name="assessments_measure_safety_never_partner",
            ),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="assessments_measure_submitted_once"
            ),
        ]
        indexes = [models.Index(fields=["owner", "instrument", "-completed_at"])]

    def __str__(self):
        return f"Measure {self.pk}"

    @property
    def flags(self):
        return list((self.details or {}).get("flags", []))

    @property
    def safety_flags(self):
        return list((self.details or {}).get("safety_flags", []))

    @property
    def subscales(self):
        return dict((self.details or {}).get("subscales", {}))

    @property
    def positive_screen(self):
        return (self.details or {}).get("positive_screen")


class MeasureDraft(models.Model):
    """Answers given so far to a measure not yet finished: one per person and instrument."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    instrument = models.CharField(max_length=32)
    answers = EncryptedJSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "instrument"], name="assessments_draft_one_per_instrument"
            )
        ]

    def __str__(self):
        return f"Draft {self.pk}"


class Schedule(models.Model):
    """How often a person wants to be asked one measure.

    Rows are written the first time the person changes their schedule; until then
    `schedule_for` gives the default battery, so instruments that become available
    later (a practice adds texts) join everyone's schedule who hasn't set one.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    instrument = models.CharField(max_length=32)
    interval_days = models.PositiveSmallIntegerField(null=True, blank=True)  # None: once
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "instrument"], name="assessments_schedule_one_per_instrument"
            ),
            models.CheckConstraint(
                condition=~Q(instrument__in=battery.SAFETY_INSTRUMENTS),
                name="assessments_schedule_no_safety_instruments",
            ),
            models.CheckConstraint(
                condition=Q(interval_days=None) | Q(interval_days__gte=1),
                name="assessments_schedule_interval_positive",
            ),
        ]

    def __str__(self):
        return f"Schedule {self.pk}"

    def next_due(self, last_completed_at):
        """When this measure is next due after `last_completed_at`; None when it is not
        asked again (paused, or asked once and done). Never taken: see `is_due`."""
        if not self.active or last_completed_at is None or self.interval_days is None:
            return None
        return last_completed_at + timedelta(days=self.interval_days)

    def is_due(self, last_completed_at, now=None):
        if not self.active:
            return False
        if last_completed_at is None:
            return True
        due = self.next_due(last_completed_at)
        return due is not None and (now or timezone.now()) >= due


def schedule_for(person):
    """The person's schedule, one row per offered instrument, in the battery's order.

    Saved rows where the person set them; otherwise an unsaved row from the default
    battery (active), or inactive with a suggested interval for the other instruments.
    """
    saved = {row.instrument: row for row in Schedule.objects.filter(owner=person)}
    defaults = battery.default_battery()
    rows = []
    for instrument in battery.offered_instruments():
        row = saved.get(instrument.key)
        if row is None:
            in_battery = instrument.key in defaults
            row = Schedule(
                owner=person,
                instrument=instrument.key,
                interval_days=(
                    defaults[instrument.key] if in_battery else battery.SUGGESTED_INTERVAL_DAYS
                ),
                active=in_battery,
            )
        rows.append(row)
    return rows


def last_completed(person):
    """{instrument key: when the person last completed it}, from one query."""
    rows = (
        Measure.objects.filter(owner=person)
        .values("instrument")
        .annotate(last=models.Max("completed_at"))
        .order_by()
    )
    return {row["instrument"]: row["last"] for row in rows}


def due_measures(person, now=None):
    """Instruments due now on the person's own schedule (nobody else's), in its order."""
    last = last_completed(person)
    now = now or timezone.now()
    instruments = {instrument.key: instrument for instrument in battery.offered_instruments()}
    return [
        instruments[row.instrument]
        for row in schedule_for(person)
        if row.is_due(last.get(row.instrument), now)
    ]
