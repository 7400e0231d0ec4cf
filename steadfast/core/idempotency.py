"""One-time form keys: a form that creates something saves it once.

Every form that creates a record carries a random key in a hidden field
(`submission_key`), new each time the form is shown. The record keeps the key, and a
unique constraint on (owner, key) lets the database hold at most one record per key. So:

- the same form sent again (a double click, a retry after a lost answer) finds the record
  it made and gets the first answer back; nothing new is saved;
- the same key with different data (a form saved, then changed after "Back" and sent
  again) is refused with `KeyReused`: nothing is saved, the person is told, and the form
  they see again carries a fresh key, so saving it once more makes a new record;
- two copies sent at the same moment both try to insert; the database lets one through,
  and the other's IntegrityError is turned into one of the two answers above.

The key is scoped by its owner, never looked up alone, so a guessed key finds nothing of
anyone else's. Updates of one existing row need no key: sending the same update twice
leaves the same row.
"""

import uuid

from django import forms
from django.db import IntegrityError, models, transaction

KEY_FIELD = "submission_key"
FORM_KEY_LOST = (
    "Something went wrong with this page, so nothing is saved yet. Check what you wrote "
    "and save again."
)
KEY_REUSED = (
    "This form was already saved once, with different content, so nothing new was saved. "
    "To change what you saved, open it and edit it there; to keep this as a new one as "
    "well, save again."
)
REFUSED_STATUS = 422  # well-formed, but the key was used for something else


class KeyReused(Exception):
    """A form's one-time key came back with data other than what it saved; `saved` is the
    record the key made."""

    def __init__(self, saved):
        super().__init__(KEY_REUSED)
        self.saved = saved


def key_field():
    """The hidden one-time key a creating form carries."""
    return forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": FORM_KEY_LOST, "invalid": FORM_KEY_LOST},
    )


def fresh_key_initial():
    return {KEY_FIELD: uuid.uuid4()}


def renew_key(form):
    """Give a bound form a new key, so that saving it again counts as a new form."""
    form.data = form.data.copy()
    form.data[KEY_FIELD] = str(uuid.uuid4())


def refuse(form, refusal=None):
    """Show the refusal of a reused key on `form` (beside its key, like a lost key) and
    give it a fresh key."""
    form.add_error(KEY_FIELD, str(refusal or KEY_REUSED))
    renew_key(form)


def _comparable(value):
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return (type(value)._meta.label, value.pk)
    return value


def differences(saved, values):
    """The names in `values` whose value is not what `saved` holds (None and "" alike)."""
    return [
        name
        for name, value in values.items()
        if _comparable(getattr(saved, name)) != _comparable(value)
    ]


def same_or_refuse(saved, values):
    """`saved`, if it holds `values`; else KeyReused."""
    if differences(saved, values):
        raise KeyReused(saved)
    return saved


def saved_with_key(model, lookup):
    """The record `lookup` (owner and key) names, or None. One function, so that a test
    can make it miss and drive two requests into the database's unique constraint."""
    return model.objects.filter(**lookup).first()


def create_once(model, lookup, values, *, create=None, compare=None):
    """The record of `model` made with `lookup` (owner and key): made now from `values`,
    or the one made before if it holds the same `compare` values (default `values`).

    `create` makes the record (and anything that goes with it) when the default,
    `model.objects.create(**lookup, **values)`, is not enough. Raises KeyReused.
    """
    compare = values if compare is None else compare
    saved = saved_with_key(model, lookup)
    if saved is not None:
        return same_or_refuse(saved, compare)
    try:
        with transaction.atomic():
            if create is not None:
                return create()
            return model.objects.create(**lookup, **values)
    except IntegrityError:
        # Another request with this key saved first (or another constraint refused).
        found = list(model.objects.filter(**lookup)[:1])
        if not found:
            raise
        return same_or_refuse(found[0], compare)
