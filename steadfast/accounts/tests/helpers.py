"""Small helpers shared by the accounts tests."""

import re

from django.core import signing
from django.urls import reverse

from steadfast.accounts import emails
from steadfast.core.testing import PASSWORD

NEW_PASSWORD = "a fresh and rather long passphrase"  # noqa: S105  (test data)

_CSRF = re.compile(r'((?:name="csrfmiddlewaretoken" value|name="csrf-token" content)=")[^"]*"')
_LINK = re.compile(r"http://testserver(/\S+)")


def page(response):
    """The response body as text, with every CSRF token blanked out."""
    return _CSRF.sub(r'\1"', response.content.decode())


def login_post(client, email, password=PASSWORD, ip="127.0.0.1", **extra):
    """Log in through the real view, so django-axes sees the request and the client IP."""
    data = {"username": email, "password": password, **extra}
    return client.post(reverse("accounts:login"), data, REMOTE_ADDR=ip)


def is_logged_in(client):
    """Ask the app itself: /home/ answers 200 only to a logged-in account."""
    return client.get(reverse("core:home")).status_code == 200


def link_path(message):
    """The one app link in an email body, as a path."""
    paths = _LINK.findall(message.body)
    assert len(paths) == 1, message.body
    return paths[0]


def signup_token(email, next_url=""):
    """A genuine sign-up token, as the sign-up email would carry it."""
    return signing.dumps({"email": email, "next": next_url}, salt=emails.SIGNUP_SALT)


def signup_finish_url(email, next_url=""):
    return reverse("accounts:signup_finish", args=[signup_token(email, next_url)])
