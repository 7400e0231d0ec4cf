"""Every write to the self-care records goes through here."""

from django.db import IntegrityError, transaction

from steadfast.core import idempotency

from .models import Activity, LogEntry, Reflection, Status


class Refused(Exception):
    """A request the record cannot take; the message is for the person."""


class Conflict(Exception):
    """The record changed since the person's copy of it was loaded (another device).

    `current` is the record as saved now; nothing was written."""

    def __init__(self, current):
        super().__init__("changed elsewhere")
        self.current = current


RETIRED = "This activity was retired, so it can't be changed or logged."
SAVE_AGAIN = "Something went wrong, so this isn't saved yet. Please try once more."


def _create_once(model, person, submission_key, **values):
    """A new record; the same form submitted twice saves once and returns the first (with
    other values: `idempotency.KeyReused`)."""
    lookup = {"owner": person, "submission_key": submission_key}
    return idempotency.create_once(model, lookup, values)


def add_activity(person, *, text, times_per_week, audience, submission_key):
    return _create_once(
        Activity,
        person,
        submission_key,
        text=text,
        times_per_week=times_per_week,
        audience=audience,
    )


def add_reflection(person, *, kind, text, detail, day, audience, submission_key):
    return _create_once(
        Reflection,
        person,
        submission_key,
        kind=kind,
        text=text,
        detail=detail,
        day=day,
        audience=audience,
    )


def update(record, *, version, **values):
    """Save an edit made from version `version` of `record` (an Activity or Reflection).

    If the saved record has moved on since (an edit from another device), nothing is
    written and `Conflict` carries the saved record, so the person can see both and
    choose. The check and the write happen in one transaction, on a locked row."""
    model = type(record)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=record.pk)
        if isinstance(current, Activity) and not current.is_active:
            raise Refused(RETIRED)
        if current.version != version:
            raise Conflict(current)
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.save(update_fields=[*values, "version", "updated_at"])
    return current


def share(record, audience):
    """Who may see one activity or reflection; "private" takes it back at once."""
    record.audience = audience
    record.save(update_fields=["audience", "updated_at"])
    return record


def retire(activity):
    if not activity.is_active:
        return activity
    with transaction.atomic():
        activity.status = Status.RETIRED
        activity.version += 1
        activity.save(update_fields=["status", "version", "updated_at"])
    return activity


def log_done(activity, *, day, note, submission_key):
    """ "I did this today". Once per activity and day: a second tap (the same form, or
    another one the same day) keeps the first entry and returns it with False. The same
    form sent again with another note or day raises `idempotency.KeyReused`."""
    if not activity.is_active:
        raise Refused(RETIRED)
    lookup = {"owner": activity.owner, "submission_key": submission_key}
    same_form = {"activity": activity, "day": day, "note": note}
    sent = idempotency.saved_with_key(LogEntry, lookup)
    if sent is not None:
        return idempotency.same_or_refuse(sent, same_form), False
    existing = LogEntry.objects.filter(activity=activity, day=day).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return LogEntry.objects.create(**lookup, **same_form), True
    except IntegrityError:  # the other tap won the race
        sent = list(LogEntry.objects.filter(**lookup)[:1])
        if sent:
            return idempotency.same_or_refuse(sent[0], same_form), False
        found = LogEntry.objects.filter(activity=activity, day=day).first()
        if found is None:
            raise Refused(SAVE_AGAIN) from None
        return found, False
