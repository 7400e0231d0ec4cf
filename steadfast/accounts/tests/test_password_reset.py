from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from steadfast.core.testing import PASSWORD

from .helpers import NEW_PASSWORD, is_logged_in, link_path, login_post

RESET = reverse("accounts:reset")
SENT = reverse("accounts:reset_sent")
DONE = reverse("accounts:reset_done")
pytestmark = pytest.mark.django_db


def ask(client, email):
    return client.post(RESET, {"email": email})


def set_password(client, link, password=NEW_PASSWORD, again=None):
    """Follow the emailed link, then submit the new password on the page it leads to."""
    page = client.get(link)
    if page.status_code != 302:
        return page
    return client.post(page.url, {"new_password1": password, "new_password2": again or password})


def test_reset_page_shows_the_form(client):
    response = client.get(RESET)
    assert response.status_code == 200
    assert b'name="email"' in response.content


def test_reset_by_emailed_link(client, alice, mailoutbox):
    response = ask(client, "alice@example.org")
    assert response.status_code == 302
    assert response.url == SENT
    assert client.get(SENT).status_code == 200

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["alice@example.org"]
    assert message.subject == "Choose a new password"
    assert "Alice" not in message.body  # no name, feature or partner in the email
    link = link_path(message)
    assert link.startswith("/reset/")

    response = set_password(client, link)
    assert response.status_code == 302
    assert response.url == DONE
    assert client.get(DONE).status_code == 200

    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert login_post(Client(), "alice@example.org").status_code == 200  # old one refused
    assert login_post(Client(), "alice@example.org", password=NEW_PASSWORD).status_code == 302


def test_the_address_is_matched_without_case(client, alice, mailoutbox):
    ask(client, "  ALICE@Example.ORG ")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.org"]


def test_an_unknown_address_gets_no_email(client, alice, mailoutbox):
    response = ask(client, "nobody@example.org")
    assert response.url == SENT
    assert mailoutbox == []


def test_a_bad_address_is_refused(client, mailoutbox):
    response = ask(client, "not-an-address")
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert mailoutbox == []


def test_a_weak_new_password_is_refused(client, alice, mailoutbox):
    ask(client, "alice@example.org")
    response = set_password(client, link_path(mailoutbox[0]), password="qwertyuiop")
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_two_different_new_passwords_are_refused(client, alice, mailoutbox):
    ask(client, "alice@example.org")
    response = set_password(client, link_path(mailoutbox[0]), again=NEW_PASSWORD + "!")
    assert response.status_code == 200
    assert "The two password fields didn’t match." in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_link_works_once(client, alice, mailoutbox):
    ask(client, "alice@example.org")
    link = link_path(mailoutbox[0])
    set_password(client, link)
    again = set_password(Client(), link, password="yet another long password")
    assert again.status_code == 200
    assert "This link doesn't work" in again.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_the_link_expires_after_an_hour(client, alice, mailoutbox, time_machine):
    assert settings.PASSWORD_RESET_TIMEOUT == 3600
    time_machine.move_to(datetime(2030, 1, 1, 9, tzinfo=UTC), tick=False)
    ask(client, "alice@example.org")
    time_machine.shift(timedelta(hours=1, seconds=1))
    response = set_password(client, link_path(mailoutbox[0]))
    assert "This link doesn't work" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_forged_link_is_refused(client, alice):
    response = client.get(reverse("accounts:reset_confirm", args=["MQ", "forged-token"]))
    assert response.status_code == 200
    assert "This link doesn't work" in response.content.decode()


def test_a_reset_logs_out_every_existing_session(client, alice, mailoutbox, client_for):
    elsewhere = client_for(alice)
    assert is_logged_in(elsewhere)
    ask(client, "alice@example.org")
    set_password(client, link_path(mailoutbox[0]))
    assert not is_logged_in(elsewhere)
    assert not is_logged_in(client)  # a reset does not log anyone in


@pytest.mark.parametrize(
    ("method", "name"),
    [("put", "reset"), ("delete", "reset"), ("post", "reset_sent"), ("post", "reset_done")],
)
def test_other_methods_are_refused(client, alice, mailoutbox, method, name):
    response = getattr(client, method)(reverse(f"accounts:{name}"))
    assert response.status_code == 405
    assert mailoutbox == []


def test_the_set_password_page_refuses_put(client, alice, mailoutbox):
    ask(client, "alice@example.org")
    page = client.get(link_path(mailoutbox[0]))
    response = client.put(page.url)
    assert response.status_code == 405
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
