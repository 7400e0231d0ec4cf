"""Log-ins, log-outs and refused passwords or codes become events (security.md L1, L4),
without ever telling anyone whether an address has an account (IPV-12)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from steadfast.audit import signals
from steadfast.audit.actions import FAILED_LOGINS_PER_HOUR
from steadfast.audit.devices import DEVICE_PHRASES
from steadfast.audit.models import Event, Kind
from steadfast.core.testing import PASSWORD

from .conftest import kinds
from .test_devices import CHROME_WINDOWS, FIREFOX_ANDROID, hostile_text

pytestmark = pytest.mark.django_db
WRONG = "not the password at all"


def log_in(client, email, password=PASSWORD, ip="203.0.113.9", agent=FIREFOX_ANDROID):
    data = {"username": email, "password": password}
    return client.post(reverse("accounts:login"), data, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(datetime(2030, 1, 1, 9, tzinfo=UTC), tick=False)
    return time_machine


def test_a_log_in_is_an_event_with_the_device_and_network(alice):
    response = log_in(Client(), alice.email, ip="198.51.100.23")

    assert response.status_code == 302
    event = Event.objects.get(user=alice)
    assert (event.kind, event.device, event.network) == (
        Kind.LOGIN,
        "Firefox on Android",
        "198.51.100.0/24",
    )


def test_a_wrong_password_is_an_event_of_the_account(alice):
    response = log_in(Client(), alice.email, password=WRONG)

    assert response.status_code == 200
    event = Event.objects.get(user=alice)
    assert (event.kind, event.details) == (Kind.LOGIN_FAILED, {"how": "password"})
    assert event.device == "Firefox on Android"


def audit_statements(queries):
    """The statements that touched the events table, with their moments blanked out."""
    return [
        re.sub(r"'\d{4}-\d\d-\d\d[ T][\d:.+]+'", "'<moment>'", q["sql"])
        for q in queries.captured_queries
        if "audit_event" in q["sql"]
    ]


def test_an_unknown_address_writes_nothing_and_does_the_same_work(alice):
    with CaptureQueriesContext(connection) as known:
        log_in(Client(), alice.email, password=WRONG)
    with CaptureQueriesContext(connection) as unknown:
        log_in(Client(), "nobody@example.org", password=WRONG)

    assert Event.objects.count() == 1  # alice's; no row for an account that doesn't exist
    known_sql, unknown_sql = audit_statements(known), audit_statements(unknown)
    assert len(known_sql) == len(unknown_sql) == 1
    assert known_sql[0].replace(alice.email, "@") == unknown_sql[0].replace(
        "nobody@example.org", "@"
    )


def test_the_address_is_matched_as_the_log_in_matches_it(alice):
    log_in(Client(), "  ALICE@Example.org ", password=WRONG)

    assert kinds(alice) == [Kind.LOGIN_FAILED]


def test_a_flood_of_guesses_lists_at_most_twenty_an_hour_and_throttling_still_works(alice, now):
    client = Client()
    responses = [log_in(client, alice.email, password=WRONG) for _ in range(25)]

    assert responses[-1].status_code == 429  # django-axes' cool-off, as before
    assert kinds(alice) == [Kind.LOGIN_FAILED] * FAILED_LOGINS_PER_HOUR
    now.shift(timedelta(minutes=61))
    log_in(Client(), alice.email, password=WRONG, ip="198.51.100.1")
    assert kinds(alice) == [Kind.LOGIN_FAILED] * (FAILED_LOGINS_PER_HOUR + 1)


def test_a_wrong_password_re_entered_in_an_open_session_says_so(client_for, alice):
    client = client_for(alice)
    data = {"old_password": WRONG, "new_password1": "x" * 20, "new_password2": "x" * 20}

    response = client.post(reverse("accounts:password_change"), data)

    assert response.status_code == 200
    failed = Event.objects.get(user=alice, kind=Kind.LOGIN_FAILED)
    assert failed.details == {"how": "recheck"}
    assert not Event.objects.filter(kind=Kind.PASSWORD_CHANGED).exists()


def test_the_second_step_a_wrong_code_then_the_right_one(alice):
    device = TOTPDevice.objects.create(user=alice, name="authenticator", confirmed=True)
    client = Client()
    assert log_in(client, alice.email)["Location"] == reverse("twofactor:verify")
    assert kinds(alice) == []  # the password alone is no log-in yet

    url = reverse("twofactor:verify")
    assert client.post(url, {"code": "000000"}, REMOTE_ADDR="203.0.113.9").status_code == 200
    code = f"{totp(device.bin_key):06d}"
    assert client.post(url, {"code": code}, REMOTE_ADDR="203.0.113.9").status_code == 302

    assert kinds(alice) == [Kind.LOGIN_FAILED, Kind.LOGIN]
    assert Event.objects.get(kind=Kind.LOGIN_FAILED).details == {"how": "code"}


def test_logging_out_and_the_quick_exit_read_the_same(client_for, alice):
    client_for(alice).post(reverse("accounts:logout"), HTTP_USER_AGENT=CHROME_WINDOWS)
    client_for(alice).post(reverse("core:quick_exit"), HTTP_USER_AGENT=CHROME_WINDOWS)

    logouts = Event.objects.filter(user=alice, kind=Kind.LOGOUT).order_by("pk")
    # The page must never show that the quick exit was used: same kind, same details.
    assert [(e.kind, e.details, e.device) for e in logouts] == [
        (Kind.LOGOUT, {}, "Chrome on Windows")
    ] * 2


def test_a_quick_exit_without_a_session_writes_nothing(db):
    Client().post(reverse("core:quick_exit"))

    assert not Event.objects.exists()


def test_a_session_past_its_twelve_hours_ends_with_an_event_of_its_own(
    client_for, alice, now, settings
):
    client = client_for(alice)
    settings.SESSION_ABSOLUTE_SECONDS = 60
    now.shift(timedelta(seconds=90))  # not idle for long: the absolute limit ends it

    assert client.get(reverse("core:home")).status_code == 302

    assert kinds(alice) == [Kind.LOGIN, Kind.SESSION_ENDED]


def test_a_session_ended_from_another_device_says_so_at_its_next_request(client_for, alice):
    phone, laptop = client_for(alice), client_for(alice)
    laptop.post(reverse("accounts:logout"))
    type(alice).objects.filter(pk=alice.pk).update(session_generation=1)  # as a 2FA change does

    assert phone.get(reverse("core:home")).status_code == 302

    assert kinds(alice) == [Kind.LOGIN, Kind.LOGIN, Kind.LOGOUT, Kind.SESSION_ENDED]


# --- L4: hostile text in what a client sends ---------------------------------------------

NO_SETUP_CHECK = hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_rows_are_plain():
    for event in Event.objects.all():
        assert event.device in DEVICE_PHRASES
        assert set(event.network) <= set("0123456789abcdef.:/")
        assert event.details in ({}, {"how": "password"}, {"how": "code"}, {"how": "recheck"})


@NO_SETUP_CHECK
@given(agent=hostile_text, username=hostile_text)
def test_hostile_user_agents_and_usernames_reach_no_row_as_text(alice, agent, username):
    before = Event.objects.count()
    # Through the page (the form refuses most of these addresses before any check) ...
    # Without NUL in the header: django-axes stores the raw User-Agent, and PostgreSQL
    # refuses NUL in text: a 500 in axes' own receiver, not this app's (reported to the
    # lead). This app's receiver gets NUL below.
    page_agent = agent.replace("\x00", "")
    log_in(Client(), username, password=WRONG, agent=page_agent)
    log_in(Client(), alice.email, password=WRONG, agent=page_agent, ip="198.51.100.77\r\nX: y")
    # ... and straight to this app's receiver, as any caller of authenticate() would reach
    # it (called alone: django-axes' own receiver is not this test's subject).
    request = RequestFactory().post("/login/", HTTP_USER_AGENT=agent, REMOTE_ADDR=username)
    signals.login_failed(sender=__name__, credentials={"username": username}, request=request)

    written = Event.objects.count() - before
    known = username.strip().lower() == alice.email
    assert written <= 1 + int(known)  # nothing for a username that is no account
    assert_rows_are_plain()


def test_the_page_shows_no_client_text(client_for, alice):
    agent = "Firefox/1 \r\nForged: line\x1b[2J<script>alert(1)</script>"
    log_in(Client(), alice.email, password=WRONG, agent=agent)

    page = client_for(alice).get(reverse("audit:security")).content.decode()

    assert "Forged" not in page and "\x1b" not in page and "<script>alert" not in page
    assert "Firefox" in page
