"""Requests past the server's own limits, and the bugs the fuzzer found (kept as tests).

Bodies larger than DATA_UPLOAD_MAX_MEMORY_SIZE and forms with more fields than
DATA_UPLOAD_MAX_NUMBER_FIELDS are refused by Django with a 400 before any view reads
them; these tests make sure that stays true for the forms that matter (nothing saved,
never a 500), without making every fuzz example that large.
"""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

from steadfast.accounts.models import User

from .checks import check, snapshot

pytestmark = pytest.mark.django_db

# (URL, persona) for a few forms of each kind: a person's own writing, a measure, the
# one JSON import, and the public log-in forms.
FORMS = [
    ("/notes/new/", "alice"),
    ("/daily/", "alice"),
    ("/measures/import/", "alice"),
    ("/talk/coach/", "alice"),
    ("/login/", None),
    ("/operator/login/", None),
]


@pytest.fixture
def sender(personas, client_for):
    def send(url, who, body):
        actor = personas[who] if who else None
        client = client_for(actor)
        before = snapshot(actor)
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        check(response, before, actor)
        return response

    return send


@pytest.mark.parametrize(("url", "who"), FORMS)
def test_a_body_over_the_upload_limit_is_refused(url, who, sender, caplog):
    body = urlencode({"text": "A" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    response = sender(url, who, body)
    assert response.status_code == 400
    assert any(isinstance(r.exc_info[1], RequestDataTooBig) for r in caplog.records if r.exc_info)


@pytest.mark.parametrize(("url", "who"), FORMS)
def test_too_many_fields_are_refused(url, who, sender, caplog):
    body = urlencode([(f"f{n}", "x") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)])
    response = sender(url, who, body)
    assert response.status_code == 400
    assert any(isinstance(r.exc_info[1], TooManyFieldsSent) for r in caplog.records if r.exc_info)


# --- Found by the fuzzer ----------------------------------------------------------------


def test_the_admin_log_in_refuses_a_username_longer_than_an_email(db, client):
    """Found on PostgreSQL: Django's admin log-in form set its 254-character limit without
    enforcing it, so a longer username reached authenticate() and django-axes failed to
    store it (varchar 255): a 500. Fixed in steadfast/practice/admin_site.py."""
    from axes.models import AccessAttempt

    response = client.post("/operator/login/", {"username": "A" * 1000, "password": "x"})

    assert response.status_code == 200
    assert response.context["form"].has_error("username")
    assert not AccessAttempt.objects.exists()  # refused before any log-in was tried
    assert not User.objects.exists()
