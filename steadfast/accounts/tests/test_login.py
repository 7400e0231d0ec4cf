import pytest
from django.urls import reverse

from steadfast.accounts.forms import NO_MATCH
from steadfast.accounts.signals import LOGIN_TIME_KEY

from .helpers import is_logged_in, login_post

LOGIN = reverse("accounts:login")
HOME = reverse("core:home")
pytestmark = pytest.mark.django_db


def test_login_page_shows_the_form(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "accounts/login.html" in [t.name for t in response.templates]
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_the_right_email_and_password_log_in(client, alice):
    response = login_post(client, "alice@example.org")
    assert response.status_code == 302
    assert response.url == HOME
    assert int(client.session["_auth_user_id"]) == alice.pk
    assert client.session[LOGIN_TIME_KEY]
    assert is_logged_in(client)


@pytest.mark.parametrize("typed", ["ALICE@EXAMPLE.ORG", "  Alice@Example.org  "])
def test_the_email_is_matched_without_case_or_spaces(client, alice, typed):
    assert login_post(client, typed).url == HOME
    assert is_logged_in(client)


def test_a_wrong_password_is_refused(client, alice):
    response = login_post(client, "alice@example.org", password="not the password at all")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [NO_MATCH]
    assert NO_MATCH in response.content.decode()
    assert not is_logged_in(client)


def test_the_error_is_the_same_for_an_unknown_email_and_a_wrong_password(client, alice):
    wrong_password = login_post(client, "alice@example.org", password="wrong password here")
    unknown_email = login_post(client, "nobody@example.org")
    assert wrong_password.context["form"].errors == unknown_email.context["form"].errors
    assert unknown_email.context["form"].non_field_errors() == [NO_MATCH]


def test_a_deactivated_account_gets_the_same_error(client, alice):
    alice.is_active = False
    alice.save()
    response = login_post(client, "alice@example.org")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [NO_MATCH]
    assert not is_logged_in(client)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"username": "", "password": "x"}, "username", "This field is required."),
        ({"username": "alice@example.org", "password": ""}, "password", "This field is required."),
        ({"username": "not-an-address", "password": "x"}, "username", "valid email address"),
    ],
)
def test_incomplete_input_is_refused_with_a_message(client, alice, data, field, message):
    response = client.post(LOGIN, data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert not is_logged_in(client)


def test_a_local_next_is_followed(client, alice):
    response = login_post(client, "alice@example.org", next="/couple/")
    assert response.url == "/couple/"


def test_next_from_the_query_string_is_kept_in_the_form(client):
    response = client.get(LOGIN, {"next": "/couple/"})
    assert b'name="next" value="/couple/"' in response.content


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
    ],
)
def test_an_off_site_next_is_ignored(client, alice, target):
    assert target.encode() not in client.get(LOGIN, {"next": target}).content
    response = client.post(
        LOGIN + "?next=" + target,
        {
            "username": "alice@example.org",
            "password": "correct horse battery staple",
            "next": target,
        },
    )
    assert response.status_code == 302
    assert response.url == HOME


def test_a_logged_in_person_is_sent_on(client_for, alice):
    response = client_for(alice).get(LOGIN)
    assert response.status_code == 302
    assert response.url == HOME


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused(client, alice, method):
    response = getattr(client, method)(
        LOGIN,
        "username=alice%40example.org&password=correct+horse+battery+staple",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 405
    assert not is_logged_in(client)


def test_logging_in_starts_a_new_session_key(client, alice):
    session = client.session
    session["planted"] = "by someone else"
    session.save()
    planted_key = session.session_key
    login_post(client, "alice@example.org")
    assert client.session.session_key != planted_key
