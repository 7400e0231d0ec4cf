from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from steadfast.accounts.emails import EMAIL_CHANGE_MAX_AGE
from steadfast.accounts.models import User
from steadfast.core.testing import PASSWORD, make_person

from .helpers import is_logged_in, link_path, login_post

URL = reverse("accounts:email_change")
NEW = "alice.new@example.org"
pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_client(client_for, alice):
    return client_for(alice)


def ask(client, new_email=NEW, password=PASSWORD):
    return client.post(URL, {"new_email": new_email, "current_password": password})


def link_for(client, mailoutbox, new_email=NEW):
    """Ask for the change and return the confirm link that went to the new address."""
    assert ask(client, new_email).status_code == 302
    message = mailoutbox[-1]
    assert message.to == [new_email.strip().lower()]
    return link_path(message)


def email_of(user):
    user.refresh_from_db()
    return user.email


def test_an_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_page_shows_the_form(alice_client):
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert b'name="new_email"' in response.content
    assert b'name="current_password"' in response.content


def test_changing_the_address_by_a_link_sent_to_it(alice_client, alice, mailoutbox):
    response = ask(alice_client)
    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [NEW]
    assert message.subject == "Confirm your new email address"
    assert email_of(alice) == "alice@example.org"  # not yet

    link = link_path(message)
    page = alice_client.get(link)
    assert page.status_code == 200
    assert NEW.encode() in page.content
    assert email_of(alice) == "alice@example.org"  # opening the link changes nothing

    response = alice_client.post(link)
    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    assert email_of(alice) == NEW
    assert is_logged_in(alice_client)

    # The old address is told, with nothing in the email about what the app is for.
    notice = mailoutbox[-1]
    assert notice.to == ["alice@example.org"]
    assert notice.subject == "Your account settings changed"
    assert NEW not in notice.body

    assert login_post(Client(), NEW).status_code == 302
    assert login_post(Client(), "alice@example.org").status_code == 200


def test_the_new_address_is_normalised(alice_client, alice, mailoutbox):
    link = link_for(alice_client, mailoutbox, "  Alice.New@Example.ORG ")
    alice_client.post(link)
    assert email_of(alice) == NEW


def test_the_current_password_is_required(alice_client, alice, mailoutbox):
    for password in ("", "not my password"):
        response = ask(alice_client, password=password)
        assert response.status_code == 200
        assert response.context["form"].errors["current_password"]
    assert "That is not your current password." in response.content.decode()
    assert mailoutbox == []
    assert email_of(alice) == "alice@example.org"


@pytest.mark.parametrize(
    ("new_email", "message"),
    [
        ("", "This field is required."),
        ("not-an-address", "Enter a valid email address."),
        ("ALICE@example.org", "That is already your email address."),
    ],
)
def test_a_bad_new_address_is_refused(alice_client, alice, mailoutbox, new_email, message):
    response = ask(alice_client, new_email)
    assert response.status_code == 200
    assert message in response.context["form"].errors["new_email"]
    assert mailoutbox == []
    assert email_of(alice) == "alice@example.org"


def test_a_taken_address_is_refused_at_confirmation(alice_client, alice, bob, mailoutbox):
    link = link_for(alice_client, mailoutbox, "BOB@example.org")
    response = alice_client.post(link)
    assert response.status_code == 200
    assert "Another account already uses it. Your address has not changed." in (
        response.content.decode()
    )
    assert email_of(alice) == "alice@example.org"
    assert email_of(bob) == "bob@example.org"
    assert len(mailoutbox) == 1  # no change notice


def test_an_address_taken_after_the_link_was_sent_is_refused(alice_client, alice, mailoutbox):
    link = link_for(alice_client, mailoutbox)
    make_person("other", email=NEW)
    response = alice_client.post(link)
    assert b"That address can" in response.content
    assert email_of(alice) == "alice@example.org"
    assert User.objects.filter(email=NEW).count() == 1


def test_a_link_opened_by_another_account_is_refused(
    alice_client, alice, bob, client_for, mailoutbox
):
    link = link_for(alice_client, mailoutbox)
    bob_client = client_for(bob)
    for response in (bob_client.get(link), bob_client.post(link)):
        assert response.status_code == 200
        assert "This link doesn't work" in response.content.decode()
    assert email_of(alice) == "alice@example.org"
    assert email_of(bob) == "bob@example.org"


def test_an_anonymous_visitor_with_the_link_is_sent_to_login(alice_client, alice, mailoutbox):
    link = link_for(alice_client, mailoutbox)
    response = Client().post(link)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert email_of(alice) == "alice@example.org"


def test_a_used_link_is_refused(alice_client, alice, mailoutbox):
    link = link_for(alice_client, mailoutbox)
    alice_client.post(link)
    response = alice_client.post(link)
    assert "This link doesn't work" in response.content.decode()
    assert email_of(alice) == NEW


def test_an_older_link_is_refused_once_the_address_changed(alice_client, alice, mailoutbox):
    first = link_for(alice_client, mailoutbox, "first@example.org")
    second = link_for(alice_client, mailoutbox, "second@example.org")
    alice_client.post(second)
    response = alice_client.post(first)
    assert "This link doesn't work" in response.content.decode()
    assert email_of(alice) == "second@example.org"


def test_the_link_expires_after_an_hour(alice_client, alice, mailoutbox, time_machine):
    time_machine.move_to(datetime(2030, 1, 1, 9, tzinfo=UTC), tick=False)
    alice_client = Client()
    login_post(alice_client, "alice@example.org")
    link = link_for(alice_client, mailoutbox)
    time_machine.shift(timedelta(seconds=EMAIL_CHANGE_MAX_AGE + 1))
    login_post(alice_client, "alice@example.org")  # still logged in: only the link is old
    response = alice_client.post(link)
    assert "This link doesn't work" in response.content.decode()
    assert email_of(alice) == "alice@example.org"


def test_a_forged_link_is_refused(alice_client, alice, mailoutbox):
    link = link_for(alice_client, mailoutbox)
    response = alice_client.post(link.rstrip("/") + "x/")
    assert "This link doesn't work" in response.content.decode()
    assert email_of(alice) == "alice@example.org"


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_are_refused(alice_client, alice, mailoutbox, method):
    assert getattr(alice_client, method)(URL).status_code == 405
    link = link_for(alice_client, mailoutbox)
    assert getattr(alice_client, method)(link).status_code == 405
    assert email_of(alice) == "alice@example.org"
