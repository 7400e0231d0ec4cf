"""Operators: create_therapist, the admin invitation, the set-password link, and what the
admin shows (never anything a client wrote, never a secret or a backup code)."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.accounts.models import User
from steadfast.core.testing import make_grant, make_person, page_text
from steadfast.practice.models import AccessRead, TherapistLink

from .test_twofactor import enrol
from .test_views import phq9

NEW_PASSWORD = "a long new password 2026"


def create(email="nadia@example.org", name="Nadia"):
    out = StringIO()
    call_command("create_therapist", email=email, name=name, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_create_therapist_prints_a_one_time_link(db, settings):
    link = create()

    therapist = User.objects.get(email="nadia@example.org")
    assert therapist.is_therapist and not therapist.has_usable_password()
    assert link.startswith(f"{settings.SITE_URL}/practice/welcome/")
    assert link.rsplit("/", 2)[1] not in TherapistLink.objects.get().digest  # a digest only


def test_the_link_sets_the_password_once_then_asks_for_two_step_sign_in(db):
    path = "/" + create().split("/", 3)[3]
    client = Client()
    assert "Welcome, Nadia" in page_text(client.get(path))

    response = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response["Location"] == "/account/two-step/setup/"
    assert User.objects.get(email="nadia@example.org").check_password(NEW_PASSWORD)
    assert client.get("/practice/")["Location"].startswith("/account/two-step/setup/")
    again = Client().get(path)
    assert "does not work" in page_text(again)


def test_the_link_expires(db, settings):
    path = "/" + create().split("/", 3)[3]
    later = timezone.now() + timedelta(hours=settings.THERAPIST_LINK_HOURS, minutes=1)

    with time_machine.travel(later):
        assert "does not work" in page_text(Client().get(path))


def test_a_new_link_replaces_an_unused_one(db):
    first = "/" + create().split("/", 3)[3]
    second = "/" + create().split("/", 3)[3]

    assert "does not work" in page_text(Client().get(first))
    assert "Welcome" in page_text(Client().get(second))


@pytest.mark.parametrize(
    ("email", "name", "message"),
    [
        ("alice@example.org", "Alice", "belongs to a person's account"),
        ("not-an-address", "X", "is not an email address"),
        ("new@example.org", "  ", "A name is needed"),
    ],
)
def test_create_therapist_refuses_odd_states(email, name, message, personas):
    with pytest.raises(CommandError, match=message):
        create(email, name)
    assert User.objects.get(email="alice@example.org").is_person


def test_create_therapist_refuses_a_therapist_who_has_a_password(personas):
    with pytest.raises(CommandError, match="already chosen a password"):
        create("theo@example.org", "Theo")


def test_create_therapist_refuses_a_switched_off_account(db):
    create()
    User.objects.filter(email="nadia@example.org").update(is_active=False)

    with pytest.raises(CommandError, match="switched off"):
        create()


@pytest.fixture
def operator(db):
    person = make_person("operator")
    person.is_staff = person.is_superuser = True
    person.save()
    client = Client()
    client.force_login(person)
    return client


def test_an_operator_invites_a_therapist_from_the_admin(operator):
    response = operator.post(
        "/operator/practice/therapistlink/add/",
        {"email": "nadia@example.org", "name": "Nadia"},
        follow=True,
    )

    assert "/practice/welcome/" in page_text(response)
    assert User.objects.get(email="nadia@example.org").is_therapist


def test_the_admin_refuses_odd_states_too(operator, personas):
    response = operator.post(
        "/operator/practice/therapistlink/add/", {"email": "alice@example.org", "name": "A"}
    )

    assert response.status_code == 200
    assert "belongs to a person" in page_text(response)
    assert not TherapistLink.objects.exists()


def test_the_admin_shows_no_secret_and_nothing_a_client_wrote(operator, personas, client_for):
    alice, theo = personas["alice"], personas["theo"]
    secret, codes = enrol(client_for(theo))
    grant = make_grant(alice, theo)
    phq9(alice, [1, 1, 1, 0, 0, 0, 0, 0, 2])
    from steadfast.assessments.models import Measure
    from steadfast.practice.actions import log_reads

    log_reads(theo, Measure.objects.all())
    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)
    pages = [
        "/operator/",
        "/operator/practice/grant/",
        f"/operator/practice/grant/{grant.pk}/change/",
        "/operator/practice/accessread/",
        f"/operator/practice/accessread/{AccessRead.objects.get().pk}/change/",
        "/operator/practice/therapistlink/",
    ]
    for url in pages:
        response = operator.get(url)
        assert response.status_code == 200, url
        text = page_text(response)
        assert secret not in text and TOTPDevice.objects.get().key not in text
        assert not any(code in text for code in codes)
        assert "self_harm" not in text
    assert operator.get("/operator/otp_totp/totpdevice/").status_code == 404


def test_the_access_log_cannot_be_changed_from_the_admin(operator, personas):
    from steadfast.assessments.models import Measure
    from steadfast.practice.actions import log_reads

    phq9(personas["alice"], [1, 0, 0, 0, 0, 0, 0, 0, 0])
    log_reads(personas["theo"], Measure.objects.all())
    read = AccessRead.objects.get()

    response = operator.post(f"/operator/practice/accessread/{read.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert AccessRead.objects.filter(pk=read.pk).exists()
