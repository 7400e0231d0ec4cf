"""Talk and listen: structured conversations and answer-then-reveal exercises.

A `Conversation` belongs to the couple that opened it and is seen by its two partners
only while they are that couple: unlinking deletes the `Couple`, the conversation's
`couple` becomes null, and from then on each of the two sees only the words they wrote
themselves. Everything written is sealed with the writer's data key.

The speaker-listener technique, as a state machine on the conversation:

    speaking      the speaker (who holds the floor) says something     -> paraphrasing
    paraphrasing  the listener says back what they heard               -> confirming
    confirming    the speaker says "yes, that's it"   -> speaking, the floor passes
                  or clarifies                        -> paraphrasing again

`step` counts every change (a turn, a time-out, a resume, closing). Each form carries
the step it was shown at, and a change is written only if the step is still that one,
so of two posts made at once exactly one is saved and the other is told the
conversation moved on.

Exercises: each partner answers the same prompts (`exercises.py`) privately. An answer's
audience is private unless its writer ticked "show this" when finishing; even then the
partner sees it only once both have finished (`access.revealed_answers`).
"""

import uuid

from django.conf import settings
from django.db import models

from steadfast.core.fields import EncryptedTextField
from steadfast.core.models import Audience, PersonalRecord

TOPIC_MAX_LENGTH = 200
TURN_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 2000


class Status(models.TextChoices):
    OPEN = "open", "Open"
    PAUSED = "paused", "On a time-out"
    CLOSED = "closed", "Closed"


class Phase(models.TextChoices):
    SPEAKING = "speaking", "Speaking"
    PARAPHRASING = "paraphrasing", "Saying back what was heard"
    CONFIRMING = "confirming", "Checking the paraphrase"


class Conversation(PersonalRecord):
    """A conversation on one topic. Owner: the partner who opened it (the topic is theirs)."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The couple it belongs to; null once that couple has unlinked.
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The other partner, as they were when it was opened.
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    topic = EncryptedTextField()
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.SPEAKING)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    step = models.PositiveIntegerField(default=0)
    submission_key = models.UUIDField(default=uuid.uuid4)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("conversations_conversation_audience_known"),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="conversations_conversation_once"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="conversations_conversation_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(phase__in=Phase.values),
                name="conversations_conversation_phase_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(owner=models.F("partner")),
                name="conversations_conversation_two_people",
            ),
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Conversation {self.pk}"

    @property
    def participant_ids(self):
        return {self.owner_id, self.partner_id}

    def other(self, person_id):
        """The id of the participant who is not `person_id`."""
        return self.partner_id if person_id == self.owner_id else self.owner_id

    @property
    def listener_id(self):
        return self.other(self.speaker_id)

    @property
    def is_open(self):
        return self.status == Status.OPEN

    @property
    def is_paused(self):
        return self.status == Status.PAUSED

    @property
    def is_closed(self):
        return self.status == Status.CLOSED


class TurnKind(models.TextChoices):
    STATEMENT = "statement", "said"
    PARAPHRASE = "paraphrase", "heard"
    CLARIFICATION = "clarification", "clarified"
    CONFIRMATION = "confirmation", "confirmed"


class Turn(PersonalRecord):
    """One move in a conversation. Owner: whoever wrote it (their data key seals it)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="turns")
    # The conversation's step this turn made: unique, so one of two simultaneous moves wins.
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=TurnKind.choices)
    text = EncryptedTextField(blank=True, default="")
    submission_key = models.UUIDField(default=uuid.uuid4)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("conversations_turn_audience_known"),
            models.UniqueConstraint(
                fields=["conversation", "number"], name="conversations_turn_one_per_step"
            ),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="conversations_turn_submitted_once"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=TurnKind.values), name="conversations_turn_kind_known"
            ),
        ]
        ordering = ["number"]

    def __str__(self):
        return f"Turn {self.pk}"


class TimeOut(models.Model):
    """A pause with a promised return time. The reminders job emails both partners then."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="time_outs"
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    return_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(return_at__gt=models.F("created_at")),
                name="conversations_timeout_returns_later",
            ),
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Time-out {self.pk}"


class ExerciseAnswer(PersonalRecord):
    """One person's answer to one prompt of an exercise, for the couple they were in."""

    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    exercise = models.CharField(max_length=20)
    prompt = models.CharField(max_length=20)
    text = EncryptedTextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # Never "therapist" from here: the choice is only "keep it" or "show my partner".
            models.CheckConstraint(
                condition=models.Q(audience__in=[Audience.PRIVATE, Audience.PARTNER]),
                name="conversations_answer_private_or_partner",
            ),
            models.UniqueConstraint(
                fields=["owner", "couple", "exercise", "prompt"],
                name="conversations_answer_once",
            ),
        ]
        ordering = ["pk"]

    def __str__(self):
        return f"Exercise answer {self.pk}"

    @property
    def revealed(self):
        return self.audience == Audience.PARTNER


class ExerciseFinish(models.Model):
    """A person has finished an exercise (for the couple they were in); answers are fixed."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    exercise = models.CharField(max_length=20)
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "couple", "exercise"], name="conversations_finish_once"
            ),
        ]

    def __str__(self):
        return f"Exercise finish {self.pk}"
