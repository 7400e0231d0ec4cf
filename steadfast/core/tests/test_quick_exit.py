"""POST /exit/: what the quick-exit control calls in the background to end the session."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from steadfast.core.access import declared_access
from steadfast.core.views import quick_exit


def assert_exit_response(response):
    assert response.status_code == 204
    assert response.content == b""
    assert '"cache"' in response["Clear-Site-Data"]
    assert '"storage"' in response["Clear-Site-Data"]


def test_exit_ends_the_session(personas, client_for):
    client = client_for(personas["alice"])
    assert client.get("/home/").status_code == 200
    session_key = client.session.session_key

    response = client.post("/exit/")

    assert_exit_response(response)
    assert not Session.objects.filter(session_key=session_key).exists()
    after = client.get("/home/")
    assert after.status_code == 302
    assert after["Location"] == "/login/?next=/home/"


def test_exit_works_for_a_visitor_too(db, client):
    assert_exit_response(client.post("/exit/"))


@pytest.mark.parametrize("token", [None, "stale-token-from-an-old-page"], ids=["none", "stale"])
def test_exit_does_not_depend_on_a_fresh_csrf_token(personas, token):
    """The beacon can't retry: a missing or stale token must not keep the session alive."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["alice"])
    data = {"csrfmiddlewaretoken": token} if token else {}

    assert_exit_response(client.post("/exit/", data))
    assert client.get("/home/").status_code == 302


def test_exit_is_post_only(personas, client_for):
    client = client_for(personas["alice"])
    assert client.get("/exit/").status_code == 405
    assert client.get("/home/").status_code == 200  # a GET (a prefetch, a link) logs nobody out


def test_exit_is_declared_public():
    assert declared_access(quick_exit) == "public"
