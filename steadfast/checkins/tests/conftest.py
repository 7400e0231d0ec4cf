"""Helpers shared by the daily check-in tests."""

import uuid

from django.utils import timezone

from steadfast.checkins.models import CheckInSharing, DailyCheckIn
from steadfast.core.testing import (  # noqa: F401  (re-exported to the tests)
    checked,
    fieldset_of,
    page_text,
    rows,
    submission_key_of,
)


def daily_data(*, day=None, trust=5, closeness=6, mood=7, note="", audience="private", key=None):
    """The daily form as the page would post it."""
    return {
        "day": str(day or timezone.localdate()),
        "trust": str(trust),
        "closeness": str(closeness),
        "mood": str(mood),
        "note": note,
        "audience": audience,
        "submission_key": str(key or uuid.uuid4()),
    }


def check_in(client, **kwargs):
    response = client.post("/daily/", daily_data(**kwargs))
    assert response.status_code == 302, response.content[:800]
    assert response["Location"] == "/daily/"
    return response


def entry(owner, *, day=None, audience="private", note="", trust=5, closeness=5, mood=5):
    """A saved entry, made directly."""
    return DailyCheckIn.objects.create(
        owner=owner,
        day=day or timezone.localdate(),
        trust=trust,
        closeness=closeness,
        mood=mood,
        note=note,
        audience=audience,
    )


def daily_state():
    """Everything the daily pages can write, in a comparable form."""
    return rows(DailyCheckIn), rows(CheckInSharing)
