"""Failed-login throttling (django-axes): per (account, client IP), with a cool-off (IPV-13)."""

from datetime import UTC, datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

import config.settings as project_settings
from steadfast.accounts.forms import NO_MATCH
from steadfast.accounts.models import User
from steadfast.core.testing import PASSWORD, make_person

from .helpers import is_logged_in, login_post, page

IP_A = "10.0.0.1"
IP_B = "10.0.0.2"
WRONG = "not the password at all"
pytestmark = pytest.mark.django_db


@pytest.fixture
def now(time_machine):
    time_machine.move_to(datetime(2030, 1, 1, 9, tzinfo=UTC), tick=False)
    return time_machine


def fail(client, email, times, ip=IP_A):
    return [login_post(client, email, password=WRONG, ip=ip) for _ in range(times)]


def assert_locked_out(response):
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert "paused for 15 minutes" in response.content.decode()
    assert "Nothing is locked for good" in response.content.decode()


def test_the_limits_are_ten_failures_fifteen_minutes_and_never_permanent():
    assert project_settings.AXES_FAILURE_LIMIT == settings.AXES_FAILURE_LIMIT == 10
    assert project_settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_COOLOFF_TIME  # a cool-off is set, so no lock is permanent
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_ENABLED
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_ten_failures_lock_the_account_from_that_address_even_with_the_right_password(
    client, alice, now
):
    responses = fail(client, "alice@example.org", settings.AXES_FAILURE_LIMIT)
    assert all(r.status_code == 200 for r in responses[:-1])
    assert_locked_out(responses[-1])

    eleventh = login_post(client, "alice@example.org", ip=IP_A)  # the RIGHT password
    assert_locked_out(eleventh)
    assert not is_logged_in(client)


def test_the_same_account_from_another_address_still_logs_in(client, alice, now):
    fail(client, "alice@example.org", settings.AXES_FAILURE_LIMIT, ip=IP_A)

    elsewhere = Client()
    response = login_post(elsewhere, "alice@example.org", ip=IP_B)
    assert response.status_code == 302
    assert is_logged_in(elsewhere)

    # Logging in elsewhere does not lift the lock on the guesser's address...
    assert_locked_out(login_post(Client(), "alice@example.org", ip=IP_A))
    # ...and the lock is on this one account only: another one logs in from that address.
    make_person("bob")
    assert login_post(Client(), "bob@example.org", ip=IP_A).status_code == 302


def test_the_lock_holds_until_the_cool_off_ends(client, alice, now):
    fail(client, "alice@example.org", settings.AXES_FAILURE_LIMIT, ip=IP_A)
    now.shift(timedelta(minutes=14))
    assert_locked_out(login_post(client, "alice@example.org", ip=IP_A))
    assert not is_logged_in(client)


def test_the_lock_lifts_after_the_cool_off(client, alice, now):
    fail(client, "alice@example.org", settings.AXES_FAILURE_LIMIT, ip=IP_A)
    now.shift(timedelta(minutes=16))
    response = login_post(client, "alice@example.org", ip=IP_A)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_trying_again_during_the_lock_does_not_extend_it(client, alice, now):
    # Someone on the same network retrying every few minutes must not keep the account
    # locked from there for ever (IPV-13): the lock ends 15 minutes after it began.
    fail(client, "alice@example.org", settings.AXES_FAILURE_LIMIT, ip=IP_A)
    for _ in range(3):
        now.shift(timedelta(minutes=5))
        login_post(client, "alice@example.org", password=WRONG, ip=IP_A)
    now.shift(timedelta(minutes=1))  # 16 minutes after the lock began
    assert login_post(client, "alice@example.org", ip=IP_A).status_code == 302


def test_an_unknown_email_is_locked_out_just_like_a_known_one(alice, now):
    known, unknown = Client(), Client()
    known_responses = fail(known, "alice@example.org", settings.AXES_FAILURE_LIMIT)
    unknown_responses = fail(unknown, "nobody@example.org", settings.AXES_FAILURE_LIMIT)
    assert [r.status_code for r in known_responses] == [r.status_code for r in unknown_responses]

    known_locked = login_post(known, "alice@example.org", ip=IP_A)
    unknown_locked = login_post(unknown, "nobody@example.org", ip=IP_A)
    assert_locked_out(known_locked)
    assert_locked_out(unknown_locked)
    assert page(known_locked) == page(unknown_locked)


def test_typing_the_address_in_capitals_counts_against_the_same_account(client, alice, now):
    half = settings.AXES_FAILURE_LIMIT // 2
    fail(client, "ALICE@EXAMPLE.ORG", half)
    fail(client, "alice@example.org", settings.AXES_FAILURE_LIMIT - half)
    assert_locked_out(login_post(client, "Alice@Example.org", ip=IP_A))


def test_nine_failures_are_refusals_and_a_success_resets_the_count(client, alice, now):
    for response in fail(client, "alice@example.org", settings.AXES_FAILURE_LIMIT - 1):
        assert response.status_code == 200
        assert NO_MATCH in response.content.decode()
    assert login_post(client, "alice@example.org", ip=IP_A).status_code == 302
    assert not AccessAttempt.objects.filter(username="alice@example.org", ip_address=IP_A)

    response = login_post(Client(), "alice@example.org", password=WRONG, ip=IP_A)
    assert response.status_code == 200  # counting starts again from zero


# --- re-entering the password on the account pages is throttled the same way -----------

REAUTH_FORMS = {
    "accounts:email_change": {"new_email": "new@example.org", "current_password": WRONG},
    "accounts:delete": {"current_password": WRONG, "confirm": "on"},
    "accounts:password_change": {
        "old_password": WRONG,
        "new_password1": "a fresh and rather long passphrase",
        "new_password2": "a fresh and rather long passphrase",
    },
}


@pytest.mark.parametrize("name", REAUTH_FORMS)
def test_a_wrong_password_on_an_account_page_counts_as_a_failed_login(client_for, alice, name):
    response = client_for(alice).post(reverse(name), REAUTH_FORMS[name], REMOTE_ADDR=IP_A)
    assert response.status_code == 200
    attempt = AccessAttempt.objects.get(username="alice@example.org", ip_address=IP_A)
    assert attempt.failures_since_start == 1


def test_guessing_on_an_open_session_locks_out_like_log_in(client_for, alice, now, mailoutbox):
    # Someone holding an open session can't try passwords without limit to delete the account.
    client = client_for(alice)
    url = reverse("accounts:delete")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, REAUTH_FORMS["accounts:delete"], REMOTE_ADDR=IP_A)
    assert_locked_out(response)

    right = {"current_password": PASSWORD, "confirm": "on"}
    assert_locked_out(client.post(url, right, REMOTE_ADDR=IP_A))
    assert User.objects.filter(pk=alice.pk).exists()
    assert_locked_out(login_post(Client(), "alice@example.org", ip=IP_A))

    now.shift(timedelta(minutes=16))
    assert client.post(url, right, REMOTE_ADDR=IP_A).status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
