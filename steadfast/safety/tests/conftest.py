"""Helpers shared by the safety tests: check-in answers, page text and what is stored."""

import html
import re
import uuid

import pytest
from django.test import Client

from steadfast.safety import questions, resources
from steadfast.safety.models import CheckIn, SafetyPlan

CSRF_PATTERNS = [
    re.compile(r'(<meta name="csrf-token" content=")[^"]*(")'),
    re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")'),
]
SUBMISSION_KEY = re.compile(r'<input type="hidden" name="submission_key" value="([^"]*)"')


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


def page_text(response):
    """The body as text with HTML entities decoded, for matching messages."""
    return html.unescape(response.content.decode())


def strip_csrf(content):
    """The page with every (per-render masked) CSRF token blanked out."""
    text = content.decode() if isinstance(content, bytes) else content
    for pattern in CSRF_PATTERNS:
        text = pattern.sub(r"\1\2", text)
    return text


def submission_key_of(response):
    """The one-time key the check-in page carries."""
    keys = SUBMISSION_KEY.findall(response.content.decode())
    assert len(keys) == 1, "the check-in page should carry exactly one submission key"
    return keys[0]


def fieldset_of(response, name):
    """The <fieldset> (question, choices and errors) holding the radios named `name`."""
    for fieldset in re.findall(r"<fieldset\b.*?</fieldset>", page_text(response), re.S):
        if f'name="{name}"' in fieldset:
            return fieldset
    raise AssertionError(f"no fieldset for {name!r}")


def checked(fieldset):
    """The values of the radios ticked in a fieldset."""
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in re.findall(r"<input\b[^>]*>", fieldset)
        if re.search(r"\bchecked\b", tag)
    ]


def rows(model, **lookup):
    """Every row of `model`, as {column: value}, encrypted values opened through the model."""
    fields = model._meta.concrete_fields
    return [
        {field.attname: getattr(record, field.attname) for field in fields}
        for record in model.objects.filter(**lookup).order_by("pk")
    ]


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
