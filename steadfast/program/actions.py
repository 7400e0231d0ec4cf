"""Every write to a person's progress goes through here.

Moving through the program (start, done, skip, come back) only ever sets the person's own
row to a state: posting the same button twice leaves the same result.

A reflection: the form carries the one-time key and the `version` it started from. The
same form posted twice saves once. If another device saved a different reflection in
between, `save_reflection` saves nothing and raises `Conflict` with the row as it is
now, so the person can see both and choose. The check and the write happen under a row
lock (SELECT ... FOR UPDATE; on SQLite the request's IMMEDIATE transaction already
serialises writers).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from steadfast.core.models import Audience

from .models import Progress, ProgressSharing, State


class Conflict(Exception):
    """The reflection changed since the form was opened; `current` is the row now."""

    def __init__(self, current):
        super().__init__("changed elsewhere since this edit began")
        self.current = current


def _locked_row(person, slug):
    """The person's row for `slug`, locked, made (started) if there was none."""
    row = Progress.objects.select_for_update().filter(owner=person, module=slug).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return Progress.objects.create(owner=person, module=slug)
    except IntegrityError:  # made a moment ago by another request
        return Progress.objects.select_for_update().get(owner=person, module=slug)


@transaction.atomic
def move(person, slug, state):
    """Set the person's state on a module: started, done or skipped. "Coming back" to a
    done or skipped module is moving it to started again."""
    if state not in State.values:
        raise ValueError(f"unknown state {state!r}")
    row = _locked_row(person, slug)
    now = timezone.now()
    row.state = state
    row.done_at = now if state == State.DONE else None
    row.skipped_at = now if state == State.SKIPPED else None
    row.save(update_fields=["state", "done_at", "skipped_at", "updated_at"])
    return row


@transaction.atomic
def save_reflection(person, slug, *, text, version, submission_key):
    """Save the person's reflection on a module, unless another device saved a different
    one since `version` (then `Conflict`); see the module. Saving an empty text removes the
    reflection and makes it private again. Returns the row."""
    row = _locked_row(person, slug)
    if row.submission_key == submission_key:
        return row
    if row.version != version:
        if row.reflection == text:
            return row
        raise Conflict(row)
    row.reflection = text
    row.version += 1
    row.submission_key = submission_key
    fields = ["reflection", "version", "submission_key", "updated_at"]
    if not text:
        row.audience = Audience.PRIVATE
        fields.append("audience")
    row.save(update_fields=fields)
    return row


def share_reflection(row, audience):
    """Who may read one reflection. Back to private takes it away from the partner at once."""
    row.audience = audience
    row.save(update_fields=["audience", "updated_at"])
    return row


def set_sharing(person, share_done):
    """The standing choice: show the partner which modules are done, or not."""
    ProgressSharing.objects.update_or_create(owner=person, defaults={"share_done": share_done})
