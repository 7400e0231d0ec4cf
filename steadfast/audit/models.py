"""Security events: one append-only row per thing that happened to an account's security.

A row says what happened, when, and from roughly where (a coarse device phrase and a
network, see devices.py); never a password, token, code, email address or anything a
person wrote. Only the person it concerns sees their rows (views.py); operators see
kinds and times (admin.py). Rows leave in two ways only: with their account, when it is
deleted, and by age (`retention.purge`, STEADFAST_AUDIT_DAYS).

Therapists' reads of a client's records are not here: they are the client's access log
(`steadfast.practice.models.AccessRead`), and the two pages link to each other.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AppendOnly(Exception):
    """An attempt to change or delete a security event from the app."""


class Kind(models.TextChoices):
    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "A password or code was refused"
    LOGOUT = "logout", "Logged out"
    SESSION_ENDED = "session_ended", "Logged out automatically"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset with an emailed link"
    PASSWORD_SET = "password_set", "Password chosen with the welcome link"
    EMAIL_CHANGED = "email_changed", "Email address changed"
    TWO_STEP_ON = "two_step_on", "Two-step sign-in turned on"
    BACKUP_CODES = "backup_codes", "New backup codes made"
    TWO_STEP_OFF = "two_step_off", "Two-step sign-in turned off"
    GRANT_INVITED = "grant_invited", "Invited a therapist, or changed an invitation"
    GRANT_CHANGED = "grant_changed", "Changed what a therapist may see"
    GRANT_ACCEPTED = "grant_accepted", "A therapist accepted your invitation"
    GRANT_REVOKED = "grant_revoked", "Ended a therapist's access"
    DATA_EXPORTED = "data_exported", "Downloaded a copy of your data"
    # The one kind with no account: written after the account (and its events) are gone.
    ACCOUNT_ERASED = "account_erased", "An account was deleted"


class EventQuerySet(models.QuerySet):
    """No bulk change, and no bulk delete except by age (`retention.purge`)."""

    def update(self, **kwargs):
        raise AppendOnly("Security events are never changed.")

    def delete(self):
        raise AppendOnly("Security events leave only with their account, or by age.")

    def expire(self):
        """Delete these rows: for `retention.purge` only."""
        return super().delete()


class Event(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        editable=False,
    )
    kind = models.CharField(max_length=32, choices=Kind.choices, editable=False)
    at = models.DateTimeField(default=timezone.now, editable=False)
    # A phrase from devices.DEVICE_PHRASES and a network such as 203.0.113.0/24; empty
    # when the event did not come from the person's own request.
    device = models.CharField(max_length=48, blank=True, editable=False)
    network = models.CharField(max_length=48, blank=True, editable=False)
    # Short fixed tokens only (see actions.record), such as {"how": "code"}.
    details = models.JSONField(default=dict, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["user", "-at"], name="audit_event_user_at"),
            models.Index(fields=["at"], name="audit_event_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="audit_event_kind_known"
            ),
            # Every event but an erasure belongs to an account.
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(kind=Kind.ACCOUNT_ERASED),
                name="audit_event_has_account",
            ),
        ]

    def __str__(self):
        # No account in it: the admin shows this, and operators see kinds and times only.
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M} UTC)"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("Security events are never changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Security events leave only with their account, or by age.")
