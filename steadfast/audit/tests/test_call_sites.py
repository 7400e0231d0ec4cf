"""Each credential change, therapist grant, export hook and erasure writes its event, in
the same transaction as the change: a request that fails leaves no event claiming it."""

import base64
import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from steadfast.accounts import emails
from steadfast.audit.models import Event, Kind
from steadfast.core.testing import PASSWORD, pass_second_step
from steadfast.practice import actions as practice_actions
from steadfast.practice.models import Grant

from .conftest import kinds
from .test_devices import FIREFOX_ANDROID

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a fresh and rather long passphrase"  # noqa: S105  (test data)
PHONE = {"HTTP_USER_AGENT": FIREFOX_ANDROID, "REMOTE_ADDR": "203.0.113.40"}


def latest(user):
    return Event.objects.filter(user=user).latest("at", "pk")


def assert_from_the_phone(event):
    assert (event.device, event.network) == ("Firefox on Android", "203.0.113.0/24")


def assert_no_address_or_secret_in(user):
    for event in Event.objects.filter(user=user):
        stored = f"{event.device} {event.network} {event.details}"
        assert "@" not in stored and PASSWORD not in stored and NEW_PASSWORD not in stored


def test_changing_the_password(client_for, alice):
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    response = client_for(alice).post(reverse("accounts:password_change"), data, **PHONE)

    assert response.status_code == 302
    assert latest(alice).kind == Kind.PASSWORD_CHANGED
    assert_from_the_phone(latest(alice))
    assert_no_address_or_secret_in(alice)


def test_a_refused_password_change_is_no_event(client_for, alice):
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "other"}

    response = client_for(alice).post(reverse("accounts:password_change"), data)

    assert response.status_code == 200
    assert kinds(alice) == [Kind.LOGIN]


def test_a_change_that_fails_after_the_event_takes_the_event_with_it(
    client_for, alice, monkeypatch
):
    def mail_server_down(*args, **kwargs):
        raise ConnectionError("the notice could not be sent")

    monkeypatch.setattr(emails, "send_change_notice", mail_server_down)
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    with pytest.raises(ConnectionError):
        client_for(alice).post(reverse("accounts:password_change"), data)

    assert kinds(alice) == [Kind.LOGIN]  # no "password changed" for a change that failed
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_resetting_the_password_by_the_emailed_link(alice):
    client = Client()
    client.post(reverse("accounts:reset"), {"email": alice.email})
    link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)
    form_url = client.get(link)["Location"]

    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post(form_url, data, **PHONE)

    assert response["Location"] == reverse("accounts:reset_done")
    assert kinds(alice) == [Kind.PASSWORD_RESET]  # asking for a link writes nothing
    assert_from_the_phone(latest(alice))
    assert_no_address_or_secret_in(alice)


def test_changing_the_email_address(client_for, alice):
    payload = {"user": alice.pk, "old": alice.email, "new": "alice.new@example.org"}
    token = signing.dumps(payload, salt=emails.EMAIL_CHANGE_SALT)

    response = client_for(alice).post(reverse("accounts:email_confirm", args=[token]), **PHONE)

    assert response.status_code == 302
    assert latest(alice).kind == Kind.EMAIL_CHANGED
    assert_from_the_phone(latest(alice))
    assert_no_address_or_secret_in(alice)


def test_two_step_on_new_codes_and_off(client_for, alice):
    client = client_for(alice)
    page = client.get(reverse("twofactor:setup")).content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    code = f"{totp(base64.b32decode(secret + '=' * (-len(secret) % 8))):06d}"

    assert client.post(reverse("twofactor:setup"), {"code": code}, **PHONE).status_code == 200
    client.post(reverse("twofactor:backup_codes"), {"current_password": PASSWORD}, **PHONE)
    client.post(reverse("twofactor:off"), {"off-current_password": PASSWORD}, **PHONE)

    assert kinds(alice) == [
        Kind.LOGIN,
        Kind.TWO_STEP_ON,
        Kind.BACKUP_CODES,
        Kind.TWO_STEP_OFF,
    ]
    for event in Event.objects.filter(user=alice).exclude(kind=Kind.LOGIN):
        assert_from_the_phone(event)
        assert event.details == {}  # no code, no secret


def test_a_wrong_first_code_turns_nothing_on(client_for, alice):
    client = client_for(alice)
    client.get(reverse("twofactor:setup"))

    client.post(reverse("twofactor:setup"), {"code": "000000"})

    assert kinds(alice) == [Kind.LOGIN]


def test_granting_changing_and_ending_a_therapists_access(client_for, alice, theo):
    client = client_for(alice)
    url = reverse("access:index")
    client.post(url, {"therapist_email": theo.email, "measures": "on"}, **PHONE)
    grant = Grant.objects.get(client=alice)
    theo_client = client_for(theo)
    pass_second_step(theo_client, theo)
    accepted = theo_client.post(reverse("practice:accept", args=[grant.key]), **PHONE)
    assert accepted.status_code == 302
    client.post(reverse("access:change", args=[grant.key]), {"journal": "on"}, **PHONE)
    client.post(reverse("access:revoke", args=[grant.key]), **PHONE)

    assert kinds(alice) == [
        Kind.LOGIN,
        Kind.GRANT_INVITED,
        Kind.GRANT_ACCEPTED,
        Kind.GRANT_CHANGED,
        Kind.GRANT_REVOKED,
    ]
    # The acceptance was the therapist's request: nothing of their device or network.
    accepted_event = Event.objects.get(user=alice, kind=Kind.GRANT_ACCEPTED)
    assert (accepted_event.device, accepted_event.network) == ("", "")
    assert kinds(theo) == [Kind.LOGIN]
    assert_no_address_or_secret_in(alice)


def test_an_invitation_to_an_address_without_an_account_reads_the_same(client_for, alice):
    client_for(alice).post(
        reverse("access:index"), {"therapist_email": "x@example.org", "measures": "on"}
    )

    assert kinds(alice) == [Kind.LOGIN, Kind.GRANT_INVITED]


def test_a_new_therapist_choosing_a_password(db):
    link, path = practice_actions.invite_therapist("nadia@example.org", "Nadia")

    response = Client().post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert kinds(link.therapist) == [Kind.PASSWORD_SET, Kind.LOGIN]


def test_deleting_the_account_deletes_its_events_and_leaves_an_anonymous_erasure(
    client_for, alice, bob
):
    client_for(bob)
    client = client_for(alice)
    data = {"current_password": PASSWORD, "confirm": "on"}

    response = client.post(reverse("accounts:delete"), data)

    assert response.status_code == 302
    assert list(Event.objects.order_by("pk").values_list("user", "kind")) == [
        (bob.pk, Kind.LOGIN),
        (None, Kind.ACCOUNT_ERASED),
    ]
