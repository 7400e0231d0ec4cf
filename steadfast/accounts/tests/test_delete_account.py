import pytest
from django.urls import reverse

from steadfast.accounts.models import User
from steadfast.core.testing import PASSWORD, link
from steadfast.couples.models import Couple, Membership, current_partner

from .helpers import is_logged_in, login_post

URL = reverse("accounts:delete")
pytestmark = pytest.mark.django_db


def delete(client, password=PASSWORD, confirm="on"):
    data = {"current_password": password}
    if confirm:
        data["confirm"] = confirm
    return client.post(URL, data)


def test_an_anonymous_visitor_is_sent_to_login(client, alice):
    for response in (client.get(URL), delete(client)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_page_shows_the_form(client_for, alice):
    response = client_for(alice).get(URL)
    assert response.status_code == 200
    assert b'name="current_password"' in response.content
    assert b'name="confirm"' in response.content


def test_deleting_an_account_without_a_partner(client_for, alice):
    client = client_for(alice)
    response = client.post(URL, {"current_password": PASSWORD, "confirm": "on"}, follow=True)
    assert response.redirect_chain == [(reverse("core:landing"), 302)]
    assert b"Your account and everything in it are deleted." in response.content
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not is_logged_in(client)
    assert login_post(client, "alice@example.org").status_code == 200  # the login is gone


def test_deleting_a_linked_account_ends_the_couple_and_tells_nobody(
    client_for, alice, bob, couple, mailoutbox
):
    carol, dan = (User.objects.create_user(f"{n}@example.org", PASSWORD) for n in ("carol", "dan"))
    other_couple = link(carol, dan)

    response = delete(client_for(alice))
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not Couple.objects.filter(pk=couple.pk).exists()  # the couple, not only a membership
    assert not Membership.objects.filter(couple_id=couple.pk).exists()

    bob.refresh_from_db()  # the partner keeps their own account, now unlinked
    assert current_partner(bob) is None
    assert mailoutbox == []  # the partner gets no email (nor does anyone else)

    assert Couple.objects.filter(pk=other_couple.pk).exists()
    assert current_partner(carol) == dan


def test_the_partner_can_still_log_in(client_for, alice, bob, couple, client):
    delete(client_for(alice))
    assert login_post(client, "bob@example.org").status_code == 302


def test_a_wrong_password_deletes_nothing(client_for, alice, bob, couple, mailoutbox):
    client = client_for(alice)
    response = delete(client, password="not my password")
    assert response.status_code == 200
    assert "That is not your current password." in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()
    assert Couple.objects.filter(pk=couple.pk).exists()
    assert is_logged_in(client)


def test_an_empty_password_deletes_nothing(client_for, alice):
    response = delete(client_for(alice), password="")
    assert response.status_code == 200
    assert response.context["form"].errors["current_password"] == ["This field is required."]
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_box_must_be_ticked(client_for, alice, bob, couple):
    client = client_for(alice)
    response = delete(client, confirm=None)
    assert response.status_code == 200
    assert "Please tick the box to confirm." in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()
    assert Couple.objects.filter(pk=couple.pk).exists()
    assert is_logged_in(client)


def test_another_persons_password_deletes_nothing(client_for, alice, bob):
    # The form checks the logged-in person's own password, whoever else's is typed.
    bob.set_password("bobs own long password")
    bob.save()
    response = delete(client_for(alice), password="bobs own long password")
    assert response.status_code == 200
    assert User.objects.count() == 2


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused(client_for, alice, method):
    response = getattr(client_for(alice), method)(URL)
    assert response.status_code == 405
    assert User.objects.filter(pk=alice.pk).exists()


def test_an_operator_deleting_in_the_admin_ends_the_couple_and_destroys_keys(
    client_for, alice, bob, couple, settings
):
    from steadfast.core import keyring
    from steadfast.core.models import DataKey

    keyring.active_key(alice.pk)  # alice has written something encrypted
    operator = User.objects.create_superuser("op@example.org", PASSWORD, display_name="Op")
    url = reverse("admin:accounts_user_delete", args=[alice.pk])
    response = client_for(operator).post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not Couple.objects.exists()
    assert current_partner(bob) is None
    assert not DataKey.objects.filter(owner_id=alice.pk).exists()
