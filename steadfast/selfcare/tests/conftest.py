"""Helpers shared by the self-care tests."""

import uuid

from django.utils import timezone

from steadfast.core.testing import (  # noqa: F401  (re-exported to the tests)
    page_text,
    rows,
    submission_key_of,
)
from steadfast.selfcare.models import Activity, Kind, LogEntry, Reflection


def activity_data(text="A walk at lunchtime", times="3", audience="private", key=None):
    """The add-activity form as the page would post it."""
    return {
        "text": text,
        "times_per_week": times,
        "audience": audience,
        "submission_key": str(key or uuid.uuid4()),
    }


def make_activity(owner, text="A walk at lunchtime", times=3, audience="private"):
    return Activity.objects.create(owner=owner, text=text, times_per_week=times, audience=audience)


def make_reflection(owner, kind=Kind.STRENGTH, text="Patient", detail="I waited", **more):
    more.setdefault("day", timezone.localdate())
    return Reflection.objects.create(owner=owner, kind=kind, text=text, detail=detail, **more)


def strength_data(text="Patient", detail="I waited for him to finish", audience="private"):
    return {
        "text": text,
        "detail": detail,
        "audience": audience,
        "submission_key": str(uuid.uuid4()),
    }


def went_well_data(text="I asked for help", detail="", day=None, audience="private"):
    return {
        "text": text,
        "detail": detail,
        "day": str(day or timezone.localdate()),
        "audience": audience,
        "submission_key": str(uuid.uuid4()),
    }


def state():
    """Everything the self-care pages can write, in a comparable form."""
    return rows(Activity), rows(LogEntry), rows(Reflection)
