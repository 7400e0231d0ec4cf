"""Discreet mode (User.discreet, set on /account/): a plain name and icon in the browser
tab and as the sender of emails (IPV-8)."""

import re
from email.utils import parseaddr

import pytest

from steadfast.core import presentation
from steadfast.core.testing import PASSWORD

from .conftest import check_in

NEW_PASSWORD = "a fresh and rather long passphrase"
PAGES = ["/home/", "/checkin/", "/plan/", "/support/", "/device/", "/account/", "/couple/"]


def turn_on_discreet_mode(client, user, country=""):
    response = client.post(
        "/account/", {"display_name": user.display_name, "country": country, "discreet": "on"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.discreet


def head_of(response):
    body = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    icon = re.search(r'<link rel="icon" href="([^"]+)"', body).group(1)
    return title, icon


def sender_name(message):
    return parseaddr(message.from_email)[0]


@pytest.fixture
def discreet_alice(personas, client_for, settings):
    settings.DISCREET_NAME = "Recipes"  # whatever the operator chose, not a built-in word
    alice = personas["alice"]
    client = client_for(alice)
    turn_on_discreet_mode(client, alice)
    return alice, client


def test_discreet_mode_is_off_until_the_person_turns_it_on(personas, client_for):
    client = client_for(personas["alice"])
    for path in PAGES:
        title, icon = head_of(client.get(path))
        assert title.endswith(" · Steadfast"), path
        assert icon.endswith("/icon.svg"), path


def test_the_tab_and_icon_are_plain_in_discreet_mode(discreet_alice):
    alice, client = discreet_alice
    key = check_in(client, positive=True)
    for path in [*PAGES, f"/checkin/{key}/", "/no-such-page/"]:
        response = client.get(path)
        title, icon = head_of(response)
        assert title.endswith(" · Recipes"), path
        assert "Steadfast" not in title
        assert icon.endswith("/icon-plain.svg"), path
        brand = re.search(r'<a class="brand" href="[^"]*">([^<]*)</a>', response.content.decode())
        assert brand.group(1) == "Recipes"


def test_these_pages_never_name_the_app_in_discreet_mode(discreet_alice):
    """Anywhere on the page, not only in the tab (static file paths aside)."""
    alice, client = discreet_alice
    key = check_in(client, positive=True)
    for path in ["/checkin/", f"/checkin/{key}/", "/plan/", "/support/", "/device/"]:
        body = client.get(path).content.decode().replace("/static/steadfast/", "/static/")
        assert "steadfast" not in body.lower(), path


def test_the_partner_keeps_the_ordinary_name(discreet_alice, personas, client_for):
    title, icon = head_of(client_for(personas["bob"]).get("/home/"))
    assert title == "Home · Steadfast"
    assert icon.endswith("/icon.svg")


def test_turning_it_off_brings_the_name_back(discreet_alice):
    alice, client = discreet_alice
    client.post("/account/", {"display_name": alice.display_name, "country": ""})
    assert head_of(client.get("/home/"))[0] == "Home · Steadfast"


@pytest.mark.parametrize("discreet", [True, False])
def test_a_password_reset_email_comes_from_the_right_name(
    personas, client_for, client, mailoutbox, settings, discreet
):
    settings.DISCREET_NAME = "Recipes"
    alice = personas["alice"]
    if discreet:
        turn_on_discreet_mode(client_for(alice), alice)

    client.post("/reset/", {"email": alice.email})

    (message,) = mailoutbox
    assert message.to == [alice.email]
    assert sender_name(message) == ("Recipes" if discreet else "Steadfast")
    assert parseaddr(message.from_email)[1] == parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


@pytest.mark.parametrize("discreet", [True, False])
def test_the_password_change_notice_comes_from_the_right_name(
    personas, client_for, mailoutbox, settings, discreet
):
    settings.DISCREET_NAME = "Recipes"
    alice = personas["alice"]
    client = client_for(alice)
    if discreet:
        turn_on_discreet_mode(client, alice)

    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == [alice.email]
    assert sender_name(message) == ("Recipes" if discreet else "Steadfast")


@pytest.mark.parametrize("discreet", [True, False])
def test_the_signup_email_for_an_existing_account_comes_from_the_right_name(
    personas, client_for, client, mailoutbox, settings, discreet
):
    settings.DISCREET_NAME = "Recipes"
    alice = personas["alice"]
    if discreet:
        turn_on_discreet_mode(client_for(alice), alice)

    client.post("/signup/", {"email": alice.email.upper()})

    (message,) = mailoutbox
    assert message.to == [alice.email]
    assert sender_name(message) == ("Recipes" if discreet else "Steadfast")


def test_the_email_change_link_comes_from_the_plain_name(discreet_alice, mailoutbox):
    alice, client = discreet_alice
    client.post("/account/email/", {"new_email": "al@example.net", "current_password": PASSWORD})
    (message,) = mailoutbox
    assert message.to == ["al@example.net"]
    assert sender_name(message) == "Recipes"


def test_a_new_signup_has_no_account_yet_and_gets_the_ordinary_name(db, client, mailoutbox):
    client.post("/signup/", {"email": "newcomer@example.org"})
    (message,) = mailoutbox
    assert sender_name(message) == "Steadfast"


# --- steadfast.core.presentation ------------------------------------------------------------


class Someone:
    def __init__(self, discreet, is_authenticated=True):
        self.discreet = discreet
        self.is_authenticated = is_authenticated


@pytest.mark.parametrize(
    ("user", "discreet"),
    [
        (None, False),
        (Someone(False), False),
        (Someone(True), True),
        (Someone(True, is_authenticated=False), False),  # only a logged-in choice counts
    ],
)
def test_presentation_for_each_kind_of_visitor(settings, user, discreet):
    settings.DISCREET_NAME = "Recipes"
    settings.DEFAULT_FROM_EMAIL = "Steadfast <no-reply@example.org>"
    assert presentation.is_discreet(user) is discreet
    assert presentation.app_name_for(user) == ("Recipes" if discreet else "Steadfast")
    assert presentation.icon_for(user).endswith("icon-plain.svg" if discreet else "icon.svg")
    expected = "Recipes" if discreet else "Steadfast"
    assert presentation.from_address_for(user) == f"{expected} <no-reply@example.org>"


@pytest.mark.parametrize(
    ("default_from", "discreet", "expected"),
    [
        ("no-reply@example.org", False, "no-reply@example.org"),
        ("no-reply@example.org", True, "Recipes <no-reply@example.org>"),
        ('"Steadfast, by Us" <hi@example.org>', False, '"Steadfast, by Us" <hi@example.org>'),
        ('"Steadfast, by Us" <hi@example.org>', True, "Recipes <hi@example.org>"),
    ],
)
def test_the_sender_address_is_kept_and_only_the_name_changes(
    settings, default_from, discreet, expected
):
    settings.DISCREET_NAME = "Recipes"
    settings.DEFAULT_FROM_EMAIL = default_from
    assert presentation.from_address_for(Someone(discreet)) == expected
