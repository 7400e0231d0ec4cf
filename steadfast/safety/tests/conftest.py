"""Helpers shared by the safety tests: check-in answers, page text and what is stored."""

import uuid

import pytest
from django.test import Client

from steadfast.core.testing import (  # noqa: F401  (re-exported to the tests)
    CSRF_PATTERNS,
    SUBMISSION_KEY,
    checked,
    fieldset_of,
    page_text,
    rows,
    strip_csrf,
    submission_key_of,
)
from steadfast.safety import questions, resources
from steadfast.safety.models import CheckIn, SafetyPlan


def answers(*, positive=False, **overrides):
    """Form data answering every question: scales "2", the HARK questions all "no"
    (all "yes" when `positive`). Keyword arguments replace single answers."""
    data = {}
    for question in questions.ALL_QUESTIONS:
        if question.kind == "scale":
            data[question.key] = "2"
        else:
            data[question.key] = "yes" if positive else "no"
    data.update(overrides)
    return data


def checkin_data(*, positive=False, audience="private", key=None, **overrides):
    """A complete check-in form as the page would post it."""
    return {
        **answers(positive=positive, **overrides),
        "audience": audience,
        "submission_key": str(key or uuid.uuid4()),
    }


def check_in(client, **kwargs):
    """Post a complete check-in; return the saved record's key (the redirect asserted)."""
    data = checkin_data(**kwargs)
    response = client.post("/checkin/", data)
    assert response.status_code == 302, response.content[:500]
    assert response["Location"] == f"/checkin/{data['submission_key']}/"
    return uuid.UUID(data["submission_key"])


def safety_state():
    """Everything the safety pages can write, in a comparable form."""
    return rows(CheckIn), rows(SafetyPlan)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def fresh_resources():
    """Forget the loaded resource file before and after a test that swaps it."""
    resources._load.cache_clear()
    yield
    resources._load.cache_clear()
