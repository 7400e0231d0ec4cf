"""Two-step sign-in: set-up, log-in with a code, backup codes, throttling, opting out."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.core.testing import PASSWORD, page_text, pass_second_step
from steadfast.practice import twofactor

from .helpers import backup_codes_on, code_for, device_code, secret_on

SETUP = "/account/two-step/setup/"
VERIFY = "/account/two-step/code/"


def log_in(client, user, password=PASSWORD):
    return client.post("/login/", {"username": user.email, "password": password})


def enrol(client):
    """Set up an authenticator through the pages; returns (secret, backup codes)."""
    secret = secret_on(client.get(SETUP))
    response = client.post(SETUP, {"code": code_for(secret)})
    assert response.status_code == 200
    return secret, backup_codes_on(response)


@pytest.fixture
def theo(personas):
    return personas["theo"]


# --- Set-up ------------------------------------------------------------------------------


def test_setup_shows_a_qr_code_inline_and_the_key(personas, client_for):
    response = client_for(personas["theo"]).get(SETUP)

    text = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in text  # no request leaves the page
    assert len(secret_on(response)) == 32
    assert not TOTPDevice.objects.exists(), "nothing is stored before a code confirms it"


def test_a_wrong_first_code_stores_nothing(personas, client_for):
    client = client_for(personas["theo"])
    client.get(SETUP)

    response = client.post(SETUP, {"code": "000000"})

    assert response.status_code == 200
    assert "did not match" in page_text(response)
    assert not TOTPDevice.objects.exists()


def test_enrolment_shows_ten_backup_codes_once_and_stores_only_digests(personas, client_for):
    theo = personas["theo"]
    client = client_for(theo)

    _, codes = enrol(client)

    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(StaticToken.objects.filter(device__user=theo).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {c.replace("-", "") for c in codes} and not stored & set(codes)
    device = TOTPDevice.objects.get(user=theo)
    assert device.confirmed
    # The session that enrolled counts as verified: the practice opens at once.
    assert client.get("/practice/").status_code == 200
    # Shown once: the settings page only counts them.
    assert not backup_codes_on(client.get("/account/two-step/"))
    assert mail.outbox[-1].to == [theo.email]
    assert mail.outbox[-1].subject == "Your account settings changed"


def test_a_discreet_person_s_authenticator_entry_does_not_name_the_app(personas, settings):
    alice = personas["alice"]
    alice.discreet = True
    device = TOTPDevice(user=alice, key="00" * 20)

    uri = twofactor.otpauth_uri(alice, device)

    assert "Steadfast" not in uri
    assert f"issuer={settings.DISCREET_NAME}" in uri


def test_an_enrolled_account_cannot_re_enrol_without_its_code(personas, client_for):
    theo = personas["theo"]
    enrol(client_for(theo))
    unverified = client_for(theo)

    response = unverified.get(SETUP)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


# --- Logging in -----------------------------------------------------------------------------


def test_password_alone_does_not_log_in_an_enrolled_account(theo, client_for):
    enrol(client_for(theo))
    client = Client()

    response = log_in(client, theo)

    assert response["Location"] == VERIFY
    assert client.get("/account/").status_code == 302  # not logged in yet
    assert "Enter your code" in page_text(client.get(VERIFY))


def test_the_authenticator_code_logs_in_verified_and_cannot_be_replayed(theo, client_for):
    secret, _ = enrol(client_for(theo))
    # The enrolment spent this step's code; the next step's is within tolerance.
    code = code_for(secret, steps_ahead=1)
    client = Client()
    log_in(client, theo)

    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert client.get("/practice/").status_code == 200

    other = Client()
    log_in(other, theo)
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "did not work" in page_text(response)


def test_a_backup_code_works_once(theo, client_for):
    _, codes = enrol(client_for(theo))
    first = Client()
    log_in(first, theo)

    assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert first.get("/practice/").status_code == 200
    assert twofactor.backup_codes_left(theo) == 9

    second = Client()
    log_in(second, theo)
    response = second.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200 and "did not work" in page_text(response)


def test_the_code_page_without_a_pending_log_in_sends_to_the_log_in(db):
    response = Client().get(VERIFY)

    assert response["Location"] == reverse("accounts:login")


def test_a_pending_log_in_expires(theo, client_for, settings):
    secret, _ = enrol(client_for(theo))
    client = Client()
    log_in(client, theo)

    later = timezone.now() + timedelta(seconds=settings.TWO_STEP_PENDING_SECONDS + 5)
    with time_machine.travel(later):
        response = client.post(VERIFY, {"code": code_for(secret, steps_ahead=1)})

    assert response["Location"] == reverse("accounts:login")


def test_wrong_codes_pause_this_device_for_a_while_never_for_good(theo, client_for, settings):
    secret, _ = enrol(client_for(theo))
    client = Client()
    log_in(client, theo)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(VERIFY, {"code": "123456"})

    response = client.post(VERIFY, {"code": code_for(secret, steps_ahead=1)})

    assert response.status_code == 429
    assert "Nothing is locked for good" in page_text(response)
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    with time_machine.travel(later):
        again = Client()
        log_in(again, theo)
        device = TOTPDevice.objects.get(user=theo)
        assert again.post(VERIFY, {"code": device_code(device)}).status_code == 302


def test_a_logged_in_session_without_the_second_step_is_asked_for_it(theo, client_for):
    enrol(client_for(theo))
    client = client_for(theo)  # logged in by other means, never verified

    response = client.get("/practice/")

    assert response["Location"] == f"{VERIFY}?next=%2Fpractice%2F"
    device = TOTPDevice.objects.get(user=theo)
    response = client.post(VERIFY, {"code": device_code(device, 1), "next": "/practice/"})
    assert response["Location"] == "/practice/"
    assert client.get("/practice/").status_code == 200


# --- People: a choice, never forced ------------------------------------------------------


def test_a_person_logs_in_with_a_password_alone_unless_they_opt_in(personas):
    client = Client()

    response = log_in(client, personas["alice"])

    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200


def test_a_person_can_turn_it_on_and_off_again_with_their_password(personas, client_for):
    alice = personas["alice"]
    client = client_for(alice)
    enrol(client)
    assert twofactor.has_second_step(alice)

    refused = client.post("/account/two-step/off/", {"off-current_password": "wrong"})
    assert refused.status_code == 200 and twofactor.has_second_step(alice)

    response = client.post("/account/two-step/off/", {"off-current_password": PASSWORD})

    assert response["Location"] == "/account/two-step/"
    assert not twofactor.has_second_step(alice)
    assert log_in(Client(), alice)["Location"] == reverse("core:home")


def test_a_therapist_cannot_turn_it_off(theo, client_for):
    client = client_for(theo)
    enrol(client)

    client.post("/account/two-step/off/", {"off-current_password": PASSWORD})

    assert twofactor.has_second_step(theo)


def test_new_backup_codes_need_the_password_and_replace_the_old(theo, client_for):
    client = client_for(theo)
    _, old = enrol(client)

    assert client.post("/account/two-step/backup-codes/", {}).status_code == 200
    response = client.post("/account/two-step/backup-codes/", {"current_password": PASSWORD})

    new = backup_codes_on(response)
    assert len(new) == 10 and not set(new) & set(old)
    assert twofactor.verify_code(theo, old[0]) is None
    assert twofactor.verify_code(theo, new[0]) is not None


def test_the_test_helper_marks_a_session_verified(theo, client_for):
    client = client_for(theo)
    pass_second_step(client, theo)

    assert client.get("/practice/").status_code == 200
