import pytest
from django.urls import reverse

from .helpers import is_logged_in, login_post

LOGOUT = reverse("accounts:logout")
pytestmark = pytest.mark.django_db


def test_logging_out_ends_the_session(client, alice):
    login_post(client, "alice@example.org")
    old_key = client.session.session_key
    response = client.post(LOGOUT, follow=True)
    assert response.redirect_chain == [(reverse("core:landing"), 302)]
    assert b"You are logged out." in response.content
    assert not is_logged_in(client)
    assert client.session.session_key != old_key


def test_the_header_offers_log_out_as_a_form(client_for, alice):
    response = client_for(alice).get(reverse("core:home"))
    assert f'<form method="post" action="{LOGOUT}"'.encode() in response.content


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_post_logs_out(client_for, alice, method):
    client = client_for(alice)
    assert getattr(client, method)(LOGOUT).status_code == 405
    assert is_logged_in(client)


def test_an_anonymous_visitor_is_sent_to_login(client):
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
