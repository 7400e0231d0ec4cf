"""Sessions end after 30 minutes idle and 12 hours after log-in, however active."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

import config.settings as project_settings
from steadfast.accounts.signals import LAST_SEEN_KEY, LOGIN_TIME_KEY

from .helpers import is_logged_in, login_post

START = datetime(2030, 1, 1, 8, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def alice_client(alice, clock):
    client = Client()
    assert login_post(client, "alice@example.org").status_code == 302
    return client


def test_the_limits_are_thirty_minutes_idle_and_twelve_hours_in_all():
    assert project_settings.SESSION_IDLE_SECONDS == settings.SESSION_COOKIE_AGE == 30 * 60
    assert project_settings.SESSION_ABSOLUTE_SECONDS == 12 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # written back once a minute instead
    assert settings.SESSION_TOUCH_SECONDS == 60
    assert "steadfast.accounts.middleware.AbsoluteSessionTimeoutMiddleware" in settings.MIDDLEWARE


def test_logging_in_starts_the_absolute_clock(alice_client):
    assert alice_client.session[LOGIN_TIME_KEY] == int(START.timestamp())


def test_a_request_after_29_idle_minutes_is_still_logged_in(alice_client, clock):
    clock.shift(timedelta(minutes=29))
    assert is_logged_in(alice_client)


def test_a_request_after_31_idle_minutes_is_logged_out(alice_client, clock):
    clock.shift(timedelta(minutes=31))
    response = alice_client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    clock.shift(timedelta(minutes=-31))  # going back does not bring the session back
    assert not is_logged_in(alice_client)


def test_each_request_restarts_the_idle_clock(alice_client, clock):
    for _ in range(4):  # 80 minutes in all, never 30 idle
        clock.shift(timedelta(minutes=20))
        assert is_logged_in(alice_client)


def test_an_active_session_still_ends_after_twelve_hours(alice_client, clock):
    # Active every 20 minutes up to 12 hours after log-in: still logged in...
    for _ in range(12 * 3):
        clock.shift(timedelta(minutes=20))
        assert is_logged_in(alice_client)
    # ...and one minute later, logged out however active it has been.
    clock.shift(timedelta(minutes=1))
    assert not is_logged_in(alice_client)
    assert LOGIN_TIME_KEY not in alice_client.session


def test_the_absolute_limit_applies_to_every_page(alice_client, clock):
    clock.shift(timedelta(minutes=20))
    session = alice_client.session
    session[LOGIN_TIME_KEY] -= settings.SESSION_ABSOLUTE_SECONDS  # logged in 12 h 20 min ago
    session.save()
    response = alice_client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_new_login_starts_a_new_twelve_hours(alice_client, clock):
    clock.shift(timedelta(hours=11))
    fresh = Client()
    login_post(fresh, "alice@example.org")
    assert fresh.session[LOGIN_TIME_KEY] == int((START + timedelta(hours=11)).timestamp())
    clock.shift(timedelta(hours=1, minutes=1))
    assert not is_logged_in(alice_client)


def test_a_session_without_a_login_time_is_treated_as_expired(alice_client):
    session = alice_client.session
    del session[LOGIN_TIME_KEY]
    session.save()
    assert not is_logged_in(alice_client)


def test_a_password_change_keeps_the_absolute_clock(alice_client, clock):
    clock.shift(timedelta(minutes=20))
    new = "a fresh and rather long passphrase"
    alice_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": new,
            "new_password2": new,
        },
    )
    assert alice_client.session[LOGIN_TIME_KEY] == int(START.timestamp())


def test_the_session_is_written_back_at_most_once_a_minute(alice_client, clock):
    """Page views within a minute write nothing (no new cookie, the stored session as it
    was); the first one after a minute renews both."""
    stored = alice_client.session.load()
    clock.shift(timedelta(seconds=30))
    response = alice_client.get(reverse("core:home"))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert alice_client.session.load() == stored

    clock.shift(timedelta(seconds=31))
    response = alice_client.get(reverse("core:home"))
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert alice_client.session.load()[LAST_SEEN_KEY] == int(START.timestamp()) + 61


def test_idle_is_counted_from_the_last_request_written_back(alice_client, clock):
    # A request 50 s after log-in is not written back; idle counts from the log-in, so
    # 30 minutes after the log-in the session has ended even though the last request was
    # 29 min 10 s ago: the limit holds to within the touch interval.
    clock.shift(timedelta(seconds=50))
    assert is_logged_in(alice_client)
    clock.shift(timedelta(minutes=29, seconds=11))
    assert not is_logged_in(alice_client)
