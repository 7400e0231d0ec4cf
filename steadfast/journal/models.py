"""A private journal and jealousy thought records: what a person writes about themselves.

Both are `PersonalRecord`s, private unless the owner shares one, entry by entry. Every
word is encrypted with the owner's data key, the root and the prompt too: which root
someone writes about says as much about them as what they write. Visibility is decided
only in `steadfast.core.access`.

Both can be edited on more than one device. Each row carries a `version` that every
saved edit raises by one; an edit form carries the version it started from, and
`actions.save_edit` refuses to save over a newer one (see there).
"""

import uuid

from django.db import models

from steadfast.core.fields import EncryptedTextField
from steadfast.core.models import Audience, PersonalRecord
from steadfast.core.roots import Root

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20_000
FEELING_MAX_LENGTH = 200
THOUGHT_TEXT_MAX_LENGTH = 5_000
STRENGTH_MIN, STRENGTH_MAX = 0, 100
ENTRY_FIELDS = ("title", "body", "root")
THOUGHT_FIELDS = (
    "situation",
    "thought",
    "feeling",
    "strength_before",
    "evidence_for",
    "evidence_against",
    "balanced",
    "strength_after",
)


class Writing(PersonalRecord):
    """What an entry and a thought record have in common: a random address, a version for
    edits on two devices, and the one-time key of the last form saved into it."""

    # The address in URLs: random, so keys reveal nothing about anyone else's writing.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    # The one-time key of the last form saved into this row: a double submit saves once.
    submission_key = models.UUIDField(default=uuid.uuid4)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def shared_with_partner(self):
        return self.audience in Audience.partner_audiences()

    @property
    def is_private(self):
        return self.audience == Audience.PRIVATE


class Entry(Writing):
    """One journal entry: an optional title, the words, and if the person chose, the root it
    is about and the question it was written from."""

    title = EncryptedTextField(blank=True, default="")
    body = EncryptedTextField()
    # A core.roots.Root value, or None / "" for none.
    root = EncryptedTextField(null=True, blank=True, default=None)
    # The words of the question it was written from, as they were then, or None / "".
    prompt = EncryptedTextField(null=True, blank=True, default=None)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("journal_entry_audience_known"),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="journal_entry_submitted_once"
            ),
        ]
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "entries"

    def __str__(self):
        return f"Journal entry {self.pk}"

    @property
    def root_words(self):
        return Root(self.root).label if self.root in Root.values else ""

    @property
    def heading(self):
        """The title, or the first words of the entry."""
        if self.title:
            return self.title
        first = " ".join((self.body or "").split())
        return first if len(first) <= 80 else first[:79].rstrip() + "…"

    def searchable_text(self):
        return "\n".join(filter(None, [self.title, self.body, self.prompt, self.root_words]))


def _strength_constraint(prefix, name):
    return models.CheckConstraint(
        condition=models.Q(**{f"{name}__gte": STRENGTH_MIN, f"{name}__lte": STRENGTH_MAX})
        | models.Q(**{f"{name}__isnull": True}),
        name=f"{prefix}_{name}_0_to_100",
    )


class ThoughtRecord(Writing):
    """A jealous moment looked at slowly: what happened, the thought, the feeling and how
    strong it was, what supports the thought and what doesn't, a more balanced thought,
    and how strong the feeling was afterwards (0-100, optional until known)."""

    situation = EncryptedTextField()
    thought = EncryptedTextField()
    feeling = EncryptedTextField(blank=True, default="")
    strength_before = models.PositiveSmallIntegerField()
    evidence_for = EncryptedTextField(blank=True, default="")
    evidence_against = EncryptedTextField(blank=True, default="")
    balanced = EncryptedTextField(blank=True, default="")
    strength_after = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            PersonalRecord.audience_constraint("journal_thought_audience_known"),
            models.UniqueConstraint(
                fields=["owner", "submission_key"], name="journal_thought_submitted_once"
            ),
            _strength_constraint("journal_thought", "strength_before"),
            _strength_constraint("journal_thought", "strength_after"),
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Thought record {self.pk}"

    @property
    def heading(self):
        first = " ".join((self.situation or "").split())
        return first if len(first) <= 80 else first[:79].rstrip() + "…"

    @property
    def eased_by(self):
        """How many points the feeling eased (negative: it grew), or None if not known."""
        if self.strength_after is None:
            return None
        return self.strength_before - self.strength_after
