"""Each person's own progress through the program, and what they choose to share of it.

`Progress` is a `PersonalRecord`, one row per person and module. Its `state` (started,
done, skipped) is shown to the partner only while the owner's standing choice
(`ProgressSharing`) is on, and then only which modules are done. Its `audience` is who
may read the reflection: private unless the owner shares it. The reflection is
encrypted with the owner's data key.

A reflection can be written on more than one device. `version` counts the saves of the
reflection (0: never saved); an edit carries the version it started from, and
`actions.save_reflection` refuses to save over a newer one.
"""

from django.conf import settings
from django.db import models

from steadfast.core.fields import EncryptedTextField
from steadfast.core.models import Audience, PersonalRecord

REFLECTION_MAX_LENGTH = 5_000


class State(models.TextChoices):
    STARTED = "started", "Started"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped for now"


class Progress(PersonalRecord):
    module = models.SlugField(max_length=20)
    state = models.CharField(max_length=10, choices=State.choices, default=State.STARTED)
    reflection = EncryptedTextField(blank=True, default="")
    version = models.PositiveIntegerField(default=0)
    # The one-time key of the last reflection form saved: a double submit saves once.
    submission_key = models.UUIDField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    done_at = models.DateTimeField(null=True, blank=True)
    skipped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("program_progress_audience_known"),
            models.UniqueConstraint(fields=["owner", "module"], name="program_progress_once"),
            models.CheckConstraint(
                condition=models.Q(state__in=State.values), name="program_progress_state_known"
            ),
        ]
        verbose_name_plural = "progress"

    def __str__(self):
        return f"Progress {self.pk}"

    @property
    def has_reflection(self):
        return bool(self.reflection)

    @property
    def shared_with_partner(self):
        return self.audience in Audience.partner_audiences()


class ProgressSharing(models.Model):
    """A person's standing choice: may their partner see which modules they have done?
    Never their reflections, which are shared one by one. Off unless they turn it on."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    share_done = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Program sharing {self.pk}"
