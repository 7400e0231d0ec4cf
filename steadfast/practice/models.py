"""Therapist access: operators' set-password links, clients' grants, the access log.

A grant is one client's consent for one therapist, per category. It is made by the
client, accepted by the therapist, and ended by the client alone, at once, by
deleting it: nothing is left that the therapist could read, and nobody is told.
Each read a therapist makes of a client's data leaves an `AccessRead` the client can
see. None of these rows holds anything a person wrote.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from steadfast.core.fields import EncryptedTextField

from .categories import Category


class TherapistLink(models.Model):
    """A single-use, expiring link an operator gives a new therapist to choose a password.

    Only a digest of the secret is stored: the link is shown once, to the operator.
    """

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="practice_link_expires_after_creation",
            )
        ]

    def __str__(self):
        return f"Set-password link {self.pk}"

    def is_usable(self, now=None):
        return self.used_at is None and self.expires_at > (now or timezone.now())


class GrantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(accepted_at__isnull=False, client__is_active=True)


class Grant(models.Model):
    """One client's consent for one therapist to see chosen categories of their data.

    Pending while `therapist` is empty: the client typed an address, and whether it
    belongs to a therapist here is decided only when a therapist with that address
    accepts. The client sees the same thing either way.
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    therapist_email = models.EmailField(max_length=254)
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    measures = models.BooleanField(Category.MEASURES.label, default=False)
    checkins = models.BooleanField(Category.CHECKINS.label, default=False)
    commitments = models.BooleanField(Category.COMMITMENTS.label, default=False)
    conversations = models.BooleanField(Category.CONVERSATIONS.label, default=False)
    journal = models.BooleanField(Category.JOURNAL.label, default=False)
    # Separate, and off unless the client turns it on.
    safety = models.BooleanField(Category.SAFETY.label, default=False)
    # The therapist's own note of the last session with this client (both partners' grants
    # for a couple): "since the last session" on the dashboard and the summary. It goes
    # with the grant.
    last_session_on = models.DateField(null=True, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "therapist_email"], name="practice_grant_one_per_address"
            ),
            models.CheckConstraint(
                condition=Q(therapist__isnull=True, accepted_at__isnull=True)
                | Q(therapist__isnull=False, accepted_at__isnull=False),
                name="practice_grant_accepted_by_a_therapist",
            ),
        ]
        indexes = [models.Index(fields=["therapist", "client"])]

    def __str__(self):
        return f"Grant {self.pk}"

    @property
    def is_active(self):
        return self.accepted_at is not None

    def categories(self):
        """The granted categories, in their usual order."""
        return [c for c in Category if getattr(self, c.value)]

    def covers(self, category):
        return category is not None and bool(getattr(self, category, False))


class AccessRead(models.Model):
    """One read of a client's data by a therapist: who, which category, what, when.

    Which record it was (model label and key) is kept, never what the record says.
    The therapist's name is copied so the client's log still reads after the
    therapist's account is gone.
    """

    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    therapist_name = models.CharField(max_length=60)
    category = models.CharField(max_length=20, choices=Category.choices)
    model_label = models.CharField(max_length=64)
    record_key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["client", "-at"])]

    def __str__(self):
        return f"Access {self.pk}"


# --- The therapist's own records: session notes, proposed measures -----------------------


class SessionNote(models.Model):
    """A therapist's own note about a client (or a couple's session): theirs alone.

    Sealed with the THERAPIST's data key (`owner_field="therapist"`): never a client's,
    so nothing a client can reach could ever open it. Only its author reads it, and only
    through an accepted grant of the client it is about (see `steadfast.practice.notes`).
    `partner` is set when the session was with both partners of a couple who both
    granted access. Each saved edit raises `version`; a stale edit is refused.
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    session_date = models.DateField(null=True, blank=True)
    body = EncryptedTextField(owner_field="therapist")
    version = models.PositiveIntegerField(default=1)
    # The one-time key of the form that wrote it: a double submit saves once. Empty on
    # notes written before forms carried one.
    submission_key = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["therapist", "submission_key"], name="practice_note_submitted_once"
            ),
        ]
        indexes = [models.Index(fields=["therapist", "client", "-created_at"])]

    def __str__(self):
        return f"Session note {self.pk}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the client"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Proposal(models.Model):
    """A therapist's suggestion that a client answer one measure at a cadence.

    Nothing changes until the client accepts: then, and only then, the client's own
    assessments `Schedule` row for the instrument is written. Safety screens are never
    proposed (the Schedule refuses them too).
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=32)
    interval_days = models.PositiveSmallIntegerField(null=True, blank=True)  # None: once
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="practice_proposal_status"
            ),
            models.CheckConstraint(
                condition=Q(interval_days=None) | Q(interval_days__gte=1),
                name="practice_proposal_interval_positive",
            ),
            models.UniqueConstraint(
                fields=["therapist", "client", "instrument"],
                condition=Q(status="pending"),
                name="practice_proposal_one_pending",
            ),
        ]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self):
        return f"Proposal {self.pk}"


# --- The therapist's public listing -------------------------------------------------------


class TherapistProfileQuerySet(models.QuerySet):
    def published(self):
        """The listings the help page shows: ticked, of an active therapist's account."""
        return self.filter(
            listed=True, therapist__is_active=True, therapist__role="therapist"
        ).order_by("name", "pk")


class TherapistProfile(models.Model):
    """What a therapist chooses to publish on the help page (/care/help/), if anything.

    Not listed unless the therapist ticks `listed`; every word here is theirs and meant for
    the public, so it is stored in plain text. It says nothing about any client, and the
    help page shows it only while the account is an active therapist's.
    """

    therapist = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="therapist_profile",
        editable=False,
    )
    listed = models.BooleanField("List me on the help page", default=False)
    name = models.CharField("Name", max_length=80, blank=True)
    about = models.TextField("About your practice", max_length=600, blank=True)
    contact_email = models.EmailField("Email for enquiries", max_length=254, blank=True)
    phone = models.CharField("Phone", max_length=40, blank=True)
    website = models.URLField("Website", max_length=200, blank=True)
    languages = models.CharField("Languages", max_length=120, blank=True)
    region = models.CharField("Where you work", max_length=120, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TherapistProfileQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["listed", "name"])]

    def __str__(self):
        return f"Profile {self.pk}"
