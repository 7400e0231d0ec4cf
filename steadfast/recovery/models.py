"""The repair path: a couple's way through after one of them broke the other's trust.

It follows the stages the couples-therapy literature describes (impact, meaning, moving
on; atone, attune, attach). A `Pathway` belongs to a couple while both stay linked: one
partner starts it, naming their own role honestly, and the other chooses whether to join.
Everything either person writes is a `PersonalRecord`, encrypted with the writer's key:

* `Reflection`: private work on one prompt, shared with the partner only piece by piece.
* `Letter`: the hurt partner's impact letter, and `Reply`: the other's acknowledgement.
  Both stay private drafts until their writer sends them (audience becomes partner).
* `LimitsProposal`: how many questions a week and which topics stay off limits; agreed
  when the partner who did not propose it accepts it.
* `Question` and `Answer`, within the agreed limits.
* `Offer`: transparency the partner who broke trust chooses to offer, in their own words.
* `Decision`: how each wants to go on, private until both have answered.

Visibility is decided only in `steadfast.core.access` (owner and audience); the pathway
itself is reachable only by its two people while they are linked (see `access.py`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from steadfast.core.fields import EncryptedTextField
from steadfast.core.models import PersonalRecord

TEXT_MAX_LENGTH = 5000
LETTER_MAX_LENGTH = 10000
SHORT_MAX_LENGTH = 1000


class Role(models.TextChoices):
    HURT = "hurt", "I was hurt"
    BROKE_TRUST = "broke_trust", "I broke trust"


class Stage(models.TextChoices):
    IMPACT = "impact", "Impact"
    MEANING = "meaning", "Meaning"
    MOVING_ON = "moving_on", "Moving on"


class Pathway(models.Model):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Null once the couple unlinks: the pathway, and everything in it, is then out of reach.
    couple = models.OneToOneField(
        "couples.Couple", on_delete=models.SET_NULL, null=True, related_name="pathway"
    )
    starter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    starter_role = models.CharField(max_length=12, choices=Role.choices)
    joined_at = models.DateTimeField(null=True, blank=True)
    # Only the invitee ever sees that they declined; to the starter it is "not joined yet".
    declined_at = models.DateTimeField(null=True, blank=True)
    paused_by_starter = models.BooleanField(default=False)
    paused_by_invitee = models.BooleanField(default=False)
    submission_key = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starter_role__in=Role.values), name="recovery_pathway_role_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(starter=models.F("invitee")), name="recovery_pathway_two_people"
            ),
            models.UniqueConstraint(
                fields=["starter", "submission_key"], name="recovery_pathway_submitted_once"
            ),
        ]

    def __str__(self):
        return f"Pathway {self.pk}"

    def is_starter(self, user):
        return self.starter_id == user.pk

    def role_of(self, user):
        if self.is_starter(user):
            return self.starter_role
        return Role.BROKE_TRUST if self.starter_role == Role.HURT else Role.HURT

    @property
    def hurt_id(self):
        return self.starter_id if self.starter_role == Role.HURT else self.invitee_id

    @property
    def repairer_id(self):
        """The partner who broke trust and is working to repair it."""
        return self.invitee_id if self.starter_role == Role.HURT else self.starter_id

    def is_hurt(self, user):
        return self.hurt_id == user.pk

    def partner_id_of(self, user):
        return self.invitee_id if self.is_starter(user) else self.starter_id

    @property
    def joined(self):
        return self.joined_at is not None

    @property
    def paused(self):
        return self.paused_by_starter or self.paused_by_invitee

    def paused_by(self, user):
        return self.paused_by_starter if self.is_starter(user) else self.paused_by_invitee

    @property
    def is_open(self):
        """Shared steps happen only while both are in and neither has paused."""
        return self.joined and not self.paused


class Reflection(PersonalRecord):
    """One person's private work on one prompt. Shared only if they choose, piece by piece."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="+")
    prompt = models.CharField(max_length=40)
    text = EncryptedTextField()
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("recovery_reflection_audience_known"),
            models.UniqueConstraint(
                fields=["pathway", "owner", "prompt"], name="recovery_reflection_one_per_prompt"
            ),
        ]


class Draftable(PersonalRecord):
    """A piece of writing that stays a private draft until its writer sends it."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = EncryptedTextField()
    version = models.PositiveIntegerField(default=1)
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_sent(self):
        return self.sent_at is not None


class Letter(Draftable):
    pathway = models.OneToOneField(Pathway, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [PersonalRecord.audience_constraint("recovery_letter_audience_known")]


class Reply(Draftable):
    """The acknowledgement of a letter, by the partner who broke trust."""

    letter = models.OneToOneField(Letter, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [PersonalRecord.audience_constraint("recovery_reply_audience_known")]


class Topic(models.TextChoices):
    GRAPHIC = "graphic", "Graphic or sexual detail"
    COMPARISONS = "comparisons", "Comparisons between me and the other person"
    LATE_NIGHT = "late_night", "Questions late at night or in front of others"
    NAMES = "names", "Looking up or contacting the other person"


class LimitsProposal(PersonalRecord):
    """Proposed limits for questions and answers. Seen by both as soon as it is made."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="+")
    per_week = models.PositiveSmallIntegerField()
    topics = models.CharField(max_length=200, blank=True, default="")  # comma-separated Topic
    other_limits = EncryptedTextField(blank=True, default="")
    accepted_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.UUIDField(default=uuid.uuid4)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("recovery_limits_audience_known"),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="recovery_limits_submitted_once"
            ),
        ]

    def topic_labels(self):
        chosen = set(filter(None, self.topics.split(",")))
        return [label for value, label in Topic.choices if value in chosen]


class Question(PersonalRecord):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()
    submission_key = models.UUIDField(default=uuid.uuid4)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("recovery_question_audience_known"),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="recovery_question_submitted_once"
            ),
        ]


class AnswerKind(models.TextChoices):
    ANSWER = "answer", "Answer"
    NOT_NOW = "not_now", "I can't answer this now"
    OUTSIDE = "outside", "This is outside what we agreed"


class Answer(PersonalRecord):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="answer")
    kind = models.CharField(max_length=10, choices=AnswerKind.choices)
    text = EncryptedTextField(blank=True, default="")

    class Meta:
        constraints = [PersonalRecord.audience_constraint("recovery_answer_audience_known")]


class Offer(PersonalRecord):
    """Transparency the partner who broke trust offers, freely, in their own words."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()
    commitment = models.ForeignKey(
        "commitments.Commitment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.UUIDField(default=uuid.uuid4)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("recovery_offer_audience_known"),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="recovery_offer_submitted_once"
            ),
        ]


class Choice(models.TextChoices):
    TOGETHER = "together", "Go on together"
    TIME = "time", "Take more time"
    APART = "apart", "Go our separate ways"
    UNSURE = "unsure", "I'm not sure yet"


class Decision(PersonalRecord):
    """How one person wants to go on. Private until both have answered, then both see both."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="+")
    choice = EncryptedTextField()
    note = EncryptedTextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("recovery_decision_audience_known"),
            models.UniqueConstraint(
                fields=["pathway", "owner"], name="recovery_decision_one_per_person"
            ),
        ]

    def choice_label(self):
        return Choice(self.choice).label if self.choice in Choice.values else ""
