"""Helpers shared by the couples tests."""

import html
import re

import pytest
from django.utils.html import escape

from steadfast.core.testing import make_person
from steadfast.couples.models import Couple, Invitation, Membership

CSRF_PATTERNS = [
    re.compile(r'(<meta name="csrf-token" content=")[^"]*(")'),
    re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")'),
]


def strip_csrf(content):
    """The page with every (per-render masked) CSRF token blanked out."""
    text = content.decode() if isinstance(content, bytes) else content
    for pattern in CSRF_PATTERNS:
        text = pattern.sub(r"\1\2", text)
    return text


def mask_code(content, code):
    """The page with the code echoed in the form's value replaced by a placeholder."""
    text = content.decode() if isinstance(content, bytes) else content
    echoed = f'value="{escape(code)}"'
    assert text.count(echoed) == 1, "the code should be echoed once, in the form"
    return text.replace(echoed, 'value="THE-CODE"')


def page_text(response):
    """The response body with HTML entities decoded, for matching messages."""
    return html.unescape(response.content.decode())


def db_state():
    """Everything linking can change, in a comparable form."""
    return (
        list(Couple.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
        list(Invitation.objects.order_by("pk").values()),
    )


def invite(client):
    """Make an invitation through the UI; return the plain code the next page shows once."""
    response = client.post("/couple/invite/")
    assert response.status_code == 302
    assert response["Location"] == "/couple/"
    page = client.get("/couple/")
    return page.context["new_code"]


def code_errors(response):
    return response.context["form"].errors.get("code", [])


@pytest.fixture(autouse=True)
def _lazy_static_files(settings):
    """See steadfast/core/tests/conftest.py: don't let WhiteNoise scan per test Client."""
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def people(db):
    """Fresh unlinked people (their own, so the personas' couples don't get in the way)."""
    return {name: make_person(name) for name in ["ivy", "jon", "kim", "lee"]}
