"""Every write to an entry or a thought record goes through here.

Double submits: a new row records the one-time key of the form that made it, and an
edit records the key of the form saved into it, so the same form posted twice saves once.

Edits on two devices: an edit form carries the `version` it started from. If the row
has moved on since (another device saved in between), `save_edit` saves nothing and
raises `Conflict` with the row as it is now, so the person can see both and choose.
The check and the write happen under a row lock (SELECT ... FOR UPDATE; on SQLite the
request's IMMEDIATE transaction already serialises writers), so two saves racing each
other cannot both pass it.
"""

from django.db import transaction

from steadfast.core import idempotency

from .models import THOUGHT_FIELDS, Entry, ThoughtRecord


class Conflict(Exception):
    """The row changed since the edit form was opened; `current` is it as saved now."""

    def __init__(self, current):
        super().__init__("changed elsewhere since this edit began")
        self.current = current


def same(stored, posted):
    """Equal as a person would see it: no root stored (None) is the same as none chosen."""
    return ("" if stored is None else stored) == ("" if posted is None else posted)


def _create(model, person, submission_key, values):
    """A new row; the same form posted again returns it (with other words: KeyReused)."""
    lookup = {"owner": person, "submission_key": submission_key}
    return idempotency.create_once(model, lookup, values)


def write_entry(person, *, title, body, root="", prompt="", submission_key):
    """A new private entry. A double submit saves once and returns the first one; the same
    key with other words raises `idempotency.KeyReused`."""
    values = {"title": title, "body": body, "root": root or "", "prompt": prompt or ""}
    return _create(Entry, person, submission_key, values)


def write_thought_record(person, *, submission_key, **values):
    """A new private thought record. A double submit saves once."""
    unknown = set(values) - set(THOUGHT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    return _create(ThoughtRecord, person, submission_key, values)


def save_edit(record, *, values, version, submission_key):
    """Save new `values` into `record` if nobody saved it since `version`; see the module.

    Returns the saved row. The same form posted again returns the row it saved. An
    unknown `version` (None: the form lost it) counts as stale. A stale
    form whose words are what is saved now (the same change made on both devices) is not
    a conflict either: nothing would be lost.
    """
    with transaction.atomic():
        current = type(record).objects.select_for_update().get(pk=record.pk)
        if current.submission_key == submission_key:
            return current
        if current.version != version:
            if all(same(getattr(current, name), value) for name, value in values.items()):
                return current
            raise Conflict(current)
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.submission_key = submission_key
        current.save()
    return current


def share(record, audience):
    """Who may see one entry or thought record. Changing it back to private (or to the
    therapist only) takes it away from the partner at once."""
    record.audience = audience
    record.save(update_fields=["audience", "updated_at"])
    return record


def delete(record):
    record.delete()
