import pytest
from django.urls import reverse

from steadfast.accounts import urls as account_urls
from steadfast.core.access import declared_access

URL = reverse("accounts:account")
pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_is_sent_to_login(client):
    for response in (client.get(URL), client.post(URL, {"display_name": "Mallory"})):
        assert response.status_code == 302
        assert response.url == f"{reverse('accounts:login')}?next={URL}"


def test_the_page_shows_the_address_and_the_name(client_for, alice):
    response = client_for(alice).get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "alice@example.org" in content
    assert 'value="Alice"' in content
    for name in ("password_change", "email_change", "delete"):
        assert reverse(f"accounts:{name}") in content


def test_a_therapist_has_an_account_page_too(client_for, theo):
    assert client_for(theo).get(URL).status_code == 200


def test_changing_the_name(client_for, alice):
    client = client_for(alice)
    response = client.post(URL, {"display_name": "  Ally  "}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert b"Your settings are saved." in response.content
    alice.refresh_from_db()
    assert alice.display_name == "Ally"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("A" * 61, "Ensure this value has at most 60 characters (it has 61)."),
    ],
)
def test_a_bad_name_is_refused(client_for, alice, name, message):
    response = client_for(alice).post(URL, {"display_name": name})
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"] == [message]
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_the_name_form_changes_nothing_but_the_name(client_for, alice):
    client_for(alice).post(
        URL, {"display_name": "Ally", "email": "evil@example.org", "role": "therapist"}
    )
    alice.refresh_from_db()
    assert (alice.display_name, alice.email, alice.role) == ("Ally", "alice@example.org", "person")


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused(client_for, alice, method):
    assert getattr(client_for(alice), method)(URL).status_code == 405


@pytest.mark.parametrize("pattern", account_urls.urlpatterns, ids=lambda p: p.name)
def test_every_accounts_view_declares_who_may_call_it(pattern):
    assert declared_access(pattern.callback) in {"public", "login"}


LOGIN_ONLY = ["account", "password_change", "email_change", "email_confirm", "delete", "logout"]


@pytest.mark.parametrize("name", LOGIN_ONLY)
def test_account_views_need_a_login(name):
    view = next(p.callback for p in account_urls.urlpatterns if p.name == name)
    assert declared_access(view) == "login"


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("accounts:account", "display_name"),
        ("accounts:email_change", "new_email"),
        ("accounts:delete", "current_password"),
        ("accounts:password_change", "old_password"),
    ],
)
def test_an_empty_post_is_refused_with_messages(client_for, alice, mailoutbox, name, field):
    response = client_for(alice).post(reverse(name))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["This field is required."]
    alice.refresh_from_db()
    assert (alice.display_name, alice.email) == ("Alice", "alice@example.org")
    assert mailoutbox == []
