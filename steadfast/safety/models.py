"""Safety data (class S3): it may reach its owner and, by grant, a therapist. Never a partner.

The database enforces that: each model here carries a check constraint that allows
only the private and therapist audiences.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from steadfast.core.fields import EncryptedJSONField, EncryptedTextField
from steadfast.core.models import PersonalRecord

from . import questions


class CheckInQuerySet(models.QuerySet):
    def latest_for(self, person):
        return self.filter(owner=person).order_by("-completed_at").first()


class CheckIn(PersonalRecord):
    """One completed individual check-in. All answers are sealed in one encrypted value."""

    answers = EncryptedJSONField()
    completed_at = models.DateTimeField(default=timezone.now)
    # The form's one-time key: a double-submitted form saves once.
    submission_key = models.UUIDField(default=uuid.uuid4)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        constraints = [
            PersonalRecord.safety_audience_constraint(
                "safety_checkin_audience_private_or_therapist"
            ),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="safety_checkin_submitted_once"
            ),
        ]
        indexes = [models.Index(fields=["owner", "-completed_at"])]

    def __str__(self):
        return f"Check-in {self.pk}"

    @property
    def screen_positive(self):
        return questions.hark_positive(self.answers or {})

    @property
    def screen_score(self):
        return questions.hark_score(self.answers or {})


def checkin_due(person, now=None):
    """Is the person's next check-in due? It is at first, then every CHECKIN_INTERVAL_DAYS."""
    latest = CheckIn.objects.latest_for(person)
    if latest is None:
        return True
    now = now or timezone.now()
    return now - latest.completed_at >= timedelta(days=settings.CHECKIN_INTERVAL_DAYS)


PLAN_SECTIONS = [
    (
        "warning_signs",
        "Signs that things are becoming unsafe",
        "What tends to happen before things get bad? Noticing early gives you time.",
    ),
    (
        "safe_places",
        "Where I could go",
        "A friend's or relative's home, a neighbour, a public place that is open late.",
    ),
    (
        "people",
        "People I can contact",
        "Who you would call or message, and how. A helpline counts.",
    ),
    (
        "code_word",
        "A signal for someone I trust",
        "A word or message that means 'I need help, please call'.",
    ),
    (
        "things_ready",
        "Things to keep ready",
        "Keys, documents, medicines, a charger, some money: and where you keep them.",
    ),
    ("other", "Anything else", "Children, pets, work, getting around: whatever matters to you."),
]


class SafetyPlan(PersonalRecord):
    """A person's own plan for staying safe. Every section is encrypted at rest."""

    warning_signs = EncryptedTextField(blank=True, default="")
    safe_places = EncryptedTextField(blank=True, default="")
    people = EncryptedTextField(blank=True, default="")
    code_word = EncryptedTextField(blank=True, default="")
    things_ready = EncryptedTextField(blank=True, default="")
    other = EncryptedTextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            PersonalRecord.safety_audience_constraint("safety_plan_audience_private_or_therapist"),
            models.UniqueConstraint(fields=["owner"], name="safety_plan_one_per_person"),
        ]

    def __str__(self):
        return f"Plan {self.pk}"
