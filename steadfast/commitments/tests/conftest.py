"""Helpers shared by the promise tests."""

import uuid
from datetime import timedelta

from django.utils import timezone

from steadfast.commitments.models import Acknowledgement, Commitment, CommitmentEvent, Mark
from steadfast.core.testing import page_text, rows  # noqa: F401  (re-exported to the tests)


def today():
    return timezone.localdate()


def days_ago(n):
    return today() - timedelta(days=n)


def promise(
    owner,
    *,
    text="Call if I'm late",
    kind="daily",
    weekdays="",
    start=None,
    end=None,
    audience="private",
):
    """A saved commitment, made directly."""
    return Commitment.objects.create(
        owner=owner,
        text=text,
        kind=kind,
        weekdays=weekdays,
        start=start or days_ago(20),
        end=end,
        audience=audience,
    )


def promise_data(
    *,
    text="Call if I'm late",
    kind="daily",
    start=None,
    end="",
    weekdays=(),
    audience="private",
    key=None,
):
    """The promises form as the page would post it."""
    return {
        "text": text,
        "kind": kind,
        "start": str(start or today()),
        "end": str(end),
        "weekdays": list(weekdays),
        "audience": audience,
        "submission_key": str(key or uuid.uuid4()),
    }


def mark_data(day, *, done=True, note="", key=None):
    return {
        "day": str(day),
        "done": "yes" if done else "no",
        "note": note,
        "submission_key": str(key or uuid.uuid4()),
    }


def ack_data(day, *, seen="noticed", key=None):
    return {"day": str(day), "seen": seen, "submission_key": str(key or uuid.uuid4())}


def promise_state():
    """Everything the promise pages can write, in a comparable form."""
    return (
        rows(Commitment),
        rows(CommitmentEvent),
        rows(Mark),
        rows(Acknowledgement),
    )
