from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from steadfast.accounts.models import User
from steadfast.accounts.signals import LOGIN_TIME_KEY
from steadfast.core.testing import PASSWORD

from .helpers import (
    NEW_PASSWORD,
    is_logged_in,
    link_path,
    signup_finish_url,
    signup_token,
)

SIGNUP = reverse("accounts:signup")
SENT = reverse("accounts:signup_sent")
pytestmark = pytest.mark.django_db


def finish_data(name="Robin", password=NEW_PASSWORD, again=None):
    return {"display_name": name, "password1": password, "password2": again or password}


def start(client, email, **extra):
    return client.post(SIGNUP, {"email": email, **extra})


# --- the whole path -----------------------------------------------------------------


def test_signup_page_shows_the_form(client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    assert "accounts/signup.html" in [t.name for t in response.templates]
    assert b'name="email"' in response.content


def test_signup_by_email_link_then_finish_form(client, mailoutbox):
    response = start(client, "robin@example.org")
    assert response.status_code == 302
    assert response.url == SENT
    assert client.get(SENT).status_code == 200

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["robin@example.org"]
    assert message.subject == "Finish creating your account"
    assert not User.objects.exists()  # nothing is created before the link is followed

    finish = link_path(message)
    assert finish.startswith("/signup/finish/")
    page = client.get(finish)
    assert page.status_code == 200
    assert b"robin@example.org" in page.content

    response = client.post(finish, finish_data())
    assert response.status_code == 302
    assert response.url == reverse("safety:checkin")  # onboarding starts with the check-in
    user = User.objects.get()
    assert user.email == "robin@example.org"
    assert user.display_name == "Robin"
    assert user.is_person
    assert user.check_password(NEW_PASSWORD)
    assert client.session[LOGIN_TIME_KEY]  # logged in, with the absolute clock started
    assert is_logged_in(client)


def test_the_address_is_normalised_before_the_link_is_sent(client, mailoutbox):
    start(client, "  Robin.Hood@Example.ORG ")
    assert mailoutbox[0].to == ["robin.hood@example.org"]
    client.post(link_path(mailoutbox[0]), finish_data())
    assert User.objects.get().email == "robin.hood@example.org"


def test_display_name_is_trimmed(client):
    client.post(signup_finish_url("robin@example.org"), finish_data(name="  Robin  "))
    assert User.objects.get().display_name == "Robin"


# --- refusals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "This field is required."), ("not-an-address", "Enter a valid email address.")],
)
def test_a_bad_address_is_refused(client, mailoutbox, email, message):
    response = start(client, email)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert mailoutbox == []


def test_a_too_short_password_is_refused_beside_the_field(client):
    response = client.post(signup_finish_url("robin@example.org"), finish_data(password="short1"))
    assert response.status_code == 200
    assert "This password is too short." in response.context["form"].errors["password1"][0]
    # The message sits beside the password field, not only at the top of the form.
    html = response.content.decode()
    assert '<p class="error" id="id_password1_error">This password is too short.' in html
    assert not User.objects.exists()
    assert not is_logged_in(client)


def test_a_common_password_is_refused_beside_the_field(client):
    response = client.post(
        signup_finish_url("robin@example.org"), finish_data(password="qwertyuiop")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="error" id="id_password1_error">This password is too common.</p>' in html
    assert not User.objects.exists()


def test_a_password_like_the_email_is_refused(client):
    url = signup_finish_url("robin.goodfellow@example.org")
    response = client.post(url, finish_data(password="robin.goodfellow"))
    assert "too similar" in response.content.decode()
    assert not User.objects.exists()


def test_two_different_passwords_are_refused(client):
    response = client.post(
        signup_finish_url("robin@example.org"), finish_data(again=NEW_PASSWORD + "x")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == ["The two passwords are not the same."]
    assert not User.objects.exists()


@pytest.mark.parametrize("name", ["", "   "])
def test_a_blank_name_is_refused(client, name):
    response = client.post(signup_finish_url("robin@example.org"), finish_data(name=name))
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    assert not User.objects.exists()


def test_a_too_long_name_is_refused(client):
    response = client.post(signup_finish_url("robin@example.org"), finish_data(name="R" * 61))
    assert "at most 60 characters" in response.content.decode()
    assert not User.objects.exists()


# --- the link -----------------------------------------------------------------------


def test_a_forged_link_is_refused(client):
    url = reverse("accounts:signup_finish", args=[signup_token("robin@example.org") + "x"])
    for response in (client.get(url), client.post(url, finish_data())):
        assert response.status_code == 200
        assert "This link doesn't work" in response.content.decode()
    assert not User.objects.exists()


def test_the_link_expires(client, time_machine):
    time_machine.move_to(datetime(2030, 1, 1, 9, tzinfo=UTC), tick=False)
    url = signup_finish_url("robin@example.org")
    time_machine.shift(timedelta(seconds=settings.SIGNUP_LINK_MAX_AGE - 60))
    assert b"Finish creating your account" in client.get(url).content

    time_machine.shift(timedelta(seconds=61))
    response = client.post(url, finish_data())
    assert response.status_code == 200
    assert "This link doesn't work" in response.content.decode()
    assert not User.objects.exists()


def test_the_link_cannot_be_used_once_the_account_exists(client, mailoutbox):
    url = signup_finish_url("robin@example.org")
    client.post(url, finish_data())
    assert User.objects.count() == 1

    other = client.__class__()
    for response in (other.get(url), other.post(url, finish_data(password="another long secret"))):
        assert response.status_code == 200
        assert b"You already have an account" in response.content
    user = User.objects.get()
    assert user.check_password(NEW_PASSWORD)  # the second use changed nothing
    assert not is_logged_in(other)


def test_a_link_for_an_address_that_already_has_an_account_changes_nothing(client, alice):
    url = signup_finish_url("alice@example.org")
    response = client.post(url, finish_data(password="taken over now, surely"))
    assert b"You already have an account" in response.content
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    assert not is_logged_in(client)


def test_an_address_with_an_account_gets_a_login_email_not_a_link(client, alice, mailoutbox):
    start(client, "ALICE@example.org")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.org"]
    assert "/signup/finish/" not in mailoutbox[0].body
    assert "http://testserver/login/" in mailoutbox[0].body
    assert User.objects.count() == 1


# --- where it goes next ----------------------------------------------------------------


def test_a_local_next_is_followed_after_signup(client, mailoutbox):
    client.post(SIGNUP + "?next=/about/", {"email": "robin@example.org", "next": "/about/"})
    response = client.post(link_path(mailoutbox[0]), finish_data())
    assert response.url == "/about/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/path", "http://testserver.evil.example/"]
)
def test_an_off_site_next_is_ignored_after_signup(client, mailoutbox, target):
    page = client.get(SIGNUP, {"next": target})
    assert target.encode() not in page.content
    client.post(SIGNUP, {"email": "robin@example.org", "next": target})
    response = client.post(link_path(mailoutbox[0]), finish_data())
    assert response.status_code == 302
    assert response.url == reverse("safety:checkin")


def test_an_off_site_next_inside_a_signed_link_is_still_ignored(client):
    url = signup_finish_url("robin@example.org", next_url="https://evil.example/")
    response = client.post(url, finish_data())
    assert response.url == reverse("safety:checkin")


# --- access and methods ------------------------------------------------------------------


def test_a_logged_in_person_is_sent_home(client_for, alice, mailoutbox):
    client = client_for(alice)
    assert client.get(SIGNUP).url == reverse("core:home")
    assert client.post(SIGNUP, {"email": "new@example.org"}).url == reverse("core:home")
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("put", SIGNUP),
        ("delete", SIGNUP),
        ("post", SENT),
        ("put", "finish"),
        ("delete", "finish"),
    ],
)
def test_other_methods_are_refused(client, mailoutbox, method, url):
    if url == "finish":
        url = signup_finish_url("robin@example.org")
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert not User.objects.exists()
    assert mailoutbox == []


def test_an_empty_post_is_refused_with_messages(client, mailoutbox):
    response = client.post(SIGNUP)
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["This field is required."]
    response = client.post(signup_finish_url("robin@example.org"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"display_name", "password1", "password2"}
    assert not User.objects.exists()
    assert mailoutbox == []
