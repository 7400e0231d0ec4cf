"""How values look in the download: times, keys, schedules and question words."""

from datetime import date, datetime, time

from django.utils import timezone

from steadfast.commitments.models import WEEKDAYS
from steadfast.conversations.exercises import BY_SLUG as EXERCISES
from steadfast.core.models import Audience


def when(value):
    """A datetime in the person's own time zone (with its offset), a date or a time as
    ISO 8601; None stays None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    raise TypeError(f"not a date or time: {value!r}")


def key(value):
    return None if value is None else str(value)


def shared_with_partner(audience):
    return audience in Audience.partner_audiences()


def weekday_names(weekdays):
    return [name for number, name in WEEKDAYS if number in (weekdays or "")]


def schedule_fields(row):
    return {
        "kind": row.kind,
        "weekdays": weekday_names(row.weekdays),
        "start": when(row.start),
        "end": when(row.end),
    }


def exercise_question(exercise, prompt):
    found = EXERCISES.get(exercise)
    words = {p.key: p.text for p in found.prompts} if found else {}
    return words.get(prompt)


def entry_fields(entry):
    """A journal entry's words, as both the owner's and the shared-by-partner sections
    give them (each adds what only it says: who may see it, when it was last changed)."""
    return {
        "key": key(entry.key),
        "title": entry.title,
        "body": entry.body,
        "root": entry.root or None,
        "question": entry.prompt or None,
    }


def thought_record_fields(record):
    """A thought record's words, as both sections give them (see `entry_fields`)."""
    return {
        "key": key(record.key),
        "situation": record.situation,
        "thought": record.thought,
        "feeling": record.feeling,
        "strength_before": record.strength_before,
        "evidence_for": record.evidence_for,
        "evidence_against": record.evidence_against,
        "balanced_thought": record.balanced,
        "strength_after": record.strength_after,
    }
