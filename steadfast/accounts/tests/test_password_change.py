import pytest
from django.urls import reverse

from steadfast.core.testing import PASSWORD

from .helpers import NEW_PASSWORD, is_logged_in, login_post

URL = reverse("accounts:password_change")
pytestmark = pytest.mark.django_db


def change(client, old=PASSWORD, new=NEW_PASSWORD, again=None):
    return client.post(
        URL, {"old_password": old, "new_password1": new, "new_password2": again or new}
    )


def test_an_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={URL}"


def test_the_page_shows_the_form(client_for, alice):
    response = client_for(alice).get(URL)
    assert response.status_code == 200
    for name in ("old_password", "new_password1", "new_password2"):
        assert f'name="{name}"'.encode() in response.content


def test_changing_the_password(client, alice, client_for, mailoutbox):
    login_post(client, "alice@example.org")
    other_device = client_for(alice)
    assert is_logged_in(other_device)

    response = change(client)
    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert b"Other devices are logged out." in client.get(response.url).content

    assert is_logged_in(client)  # this session stays
    assert not is_logged_in(other_device)  # every other one ends


def test_a_content_free_notice_goes_to_the_own_address(client_for, alice, bob, couple, mailoutbox):
    change(client_for(alice))
    assert len(mailoutbox) == 1
    notice = mailoutbox[0]
    assert notice.to == ["alice@example.org"]
    assert notice.cc == [] and notice.bcc == []
    assert notice.subject == "Your account settings changed"
    text = (notice.subject + notice.body).lower()
    for secret in (PASSWORD, NEW_PASSWORD, "alice", "bob", "partner", "couple"):
        assert secret.lower() not in text
    assert "http://testserver/reset/" in notice.body  # a way out if it wasn't them


def test_a_wrong_old_password_is_refused(client_for, alice, mailoutbox):
    client = client_for(alice)
    response = change(client, old="not my password")
    assert response.status_code == 200
    assert "Your old password was entered incorrectly." in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    assert mailoutbox == []


def test_a_weak_new_password_is_refused(client_for, alice, mailoutbox):
    response = change(client_for(alice), new="qwertyuiop")
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    assert mailoutbox == []


def test_two_different_new_passwords_are_refused(client_for, alice, mailoutbox):
    response = change(client_for(alice), again=NEW_PASSWORD + "!")
    assert response.status_code == 200
    assert "The two password fields didn’t match." in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    assert mailoutbox == []


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused(client_for, alice, mailoutbox, method):
    body = f"old_password={PASSWORD}&new_password1={NEW_PASSWORD}&new_password2={NEW_PASSWORD}"
    response = getattr(client_for(alice), method)(
        URL, body.replace(" ", "+"), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 405
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    assert mailoutbox == []
