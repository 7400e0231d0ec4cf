"""The privacy spine: every record a person creates is a `PersonalRecord`.

A record has an owner and an audience. The audience is private unless the owner
chooses otherwise. Whether someone may see a record is decided only in
`steadfast.core.access`.
"""

from django.conf import settings
from django.db import models


class Audience(models.TextChoices):
    PRIVATE = "private", "Only me"
    PARTNER = "partner", "Me and my partner"
    THERAPIST = "therapist", "Me and my therapist"
    PARTNER_THERAPIST = "partner+therapist", "Me, my partner and my therapist"

    @classmethod
    def partner_audiences(cls):
        return (cls.PARTNER, cls.PARTNER_THERAPIST)

    @classmethod
    def therapist_audiences(cls):
        return (cls.THERAPIST, cls.PARTNER_THERAPIST)

    @classmethod
    def safety_audiences(cls):
        """Safety data may never reach a partner: only these two are allowed."""
        return (cls.PRIVATE, cls.THERAPIST)


# How a person is told who can see something they saved, one sentence per audience.
WHO_SEES = {
    Audience.PRIVATE: "Only you can see it.",
    Audience.PARTNER: "You and your partner can see it.",
    Audience.THERAPIST: "You and a therapist you give access to can see it.",
    Audience.PARTNER_THERAPIST: "You, your partner and a therapist you give access to can see it.",
}


class PersonalRecord(models.Model):
    """Abstract base for anything a person writes or records about themselves.

    Subclasses holding safety data add a check constraint built with
    `safety_audience_constraint` so the database itself refuses a partner audience.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.PRIVATE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        constraints = []

    @classmethod
    def audience_constraint(cls, name):
        return models.CheckConstraint(condition=models.Q(audience__in=Audience.values), name=name)

    @classmethod
    def safety_audience_constraint(cls, name):
        return models.CheckConstraint(
            condition=models.Q(audience__in=Audience.safety_audiences()), name=name
        )


class DataKey(models.Model):
    """A person's data key, stored only wrapped by a master key (see `steadfast.core.crypto`).

    Deleting the row destroys the key: everything sealed with it becomes unreadable.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    master_key_id = models.CharField(max_length=32)
    wrapped = models.BinaryField()
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner"],
                condition=models.Q(is_active=True),
                name="core_datakey_one_active_per_owner",
            )
        ]

    def __str__(self):
        return f"Data key {self.pk} (master {self.master_key_id})"
