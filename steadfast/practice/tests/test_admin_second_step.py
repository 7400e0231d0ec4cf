"""The operator's admin: a password alone does not open it for staff with two-step sign-in."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.core.testing import PASSWORD, make_person, pass_second_step

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")
LOGIN = reverse("admin:login")


@pytest.fixture
def operator(db):
    olga = make_person("olga")
    olga.is_staff = olga.is_superuser = True
    olga.save()
    return olga


def admin_log_in(operator):
    client = Client()
    response = client.post(
        f"{LOGIN}?next={INDEX}", {"username": operator.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_staff_without_an_authenticator_log_in_as_before(operator):
    assert admin_log_in(operator).get(INDEX).status_code == 200


def test_staff_with_an_authenticator_are_sent_to_the_code_page(operator):
    TOTPDevice.objects.create(user=operator, name="authenticator", confirmed=True)
    client = admin_log_in(operator)
    response = client.get(INDEX)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    onward = client.get(response["Location"])
    assert onward.status_code == 302
    assert onward["Location"] == f"{reverse('twofactor:verify')}?next=%2Foperator%2F"


def test_after_the_code_the_admin_opens(operator):
    client = Client()
    client.force_login(operator)
    pass_second_step(client, operator)
    assert client.get(INDEX).status_code == 200
