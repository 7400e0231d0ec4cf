"""Daily check-ins: how much a person trusted their partner today, how close they felt,
and their mood, each 0-10, with an optional encrypted note.

Private by default. The owner can share one entry, or set a standing choice that new
entries start with. Visibility is decided only in `steadfast.core.access`.
"""

import uuid

from django.conf import settings
from django.db import models

from steadfast.core.fields import EncryptedTextField
from steadfast.core.models import Audience, PersonalRecord

SCALE_MIN, SCALE_MAX = 0, 10
SCALES = ("trust", "closeness", "mood")
NOTE_MAX_LENGTH = 2000


def _scale_constraints(prefix):
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{name}__gte": SCALE_MIN, f"{name}__lte": SCALE_MAX}),
            name=f"{prefix}_{name}_0_to_10",
        )
        for name in SCALES
    ]


class DailyCheckIn(PersonalRecord):
    """One person's check-in for one of their days. A second one that day updates it."""

    day = models.DateField()
    trust = models.PositiveSmallIntegerField()
    closeness = models.PositiveSmallIntegerField()
    mood = models.PositiveSmallIntegerField()
    note = EncryptedTextField(blank=True, default="")
    # The address of the entry in URLs: random, so ids reveal nothing about others.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The one-time key of the last form saved into this entry: a double submit saves once.
    submission_key = models.UUIDField(default=uuid.uuid4)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("checkins_daily_audience_known"),
            models.UniqueConstraint(fields=["owner", "day"], name="checkins_daily_one_per_day"),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="checkins_daily_submitted_once"
            ),
            *_scale_constraints("checkins_daily"),
        ]
        ordering = ["-day"]

    def __str__(self):
        return f"Daily check-in {self.pk}"

    @property
    def shared_with_partner(self):
        return self.audience in Audience.partner_audiences()


class CheckInSharing(models.Model):
    """A person's standing choice: who new daily check-ins are shared with."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    default_audience = models.CharField(
        max_length=20, choices=Audience.choices, default=Audience.PRIVATE
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_audience__in=Audience.values),
                name="checkins_sharing_audience_known",
            )
        ]

    def __str__(self):
        return f"Daily sharing {self.pk}"


def default_audience_for(person):
    """The audience a person's new daily check-ins start with: private unless they chose."""
    choice = CheckInSharing.objects.filter(owner=person).values_list("default_audience", flat=True)
    return next(iter(choice), Audience.PRIVATE)
