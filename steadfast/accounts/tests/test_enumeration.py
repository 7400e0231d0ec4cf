"""Sign-up, log-in and password reset answer the same whether or not an address has an account."""

import pytest
from django.test import Client
from django.urls import reverse

from steadfast.accounts.forms import NO_MATCH

from .helpers import login_post, page

KNOWN = "alice@example.org"
UNKNOWN = "nobody@example.org"
pytestmark = pytest.mark.django_db


def templates(response):
    return [t.name for t in response.templates]


def assert_same_answer(first, second, *, replace=()):
    assert first.status_code == second.status_code
    assert getattr(first, "redirect_chain", None) == getattr(second, "redirect_chain", None)
    assert templates(first) == templates(second)
    first_page, second_page = page(first), page(second)
    for old, new in replace:
        first_page = first_page.replace(old, new)
        second_page = second_page.replace(old, new)
    assert first_page == second_page


def test_signup_answers_the_same_and_sends_one_email_either_way(alice, mailoutbox):
    url = reverse("accounts:signup")
    known = Client().post(url, {"email": KNOWN}, follow=True)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [KNOWN]
    unknown = Client().post(url, {"email": UNKNOWN}, follow=True)
    assert len(mailoutbox) == 2 and mailoutbox[1].to == [UNKNOWN]

    assert known.redirect_chain == [(reverse("accounts:signup_sent"), 302)]
    assert_same_answer(known, unknown)


def test_login_answers_the_same_for_an_unknown_email_and_a_wrong_password(alice):
    wrong_password = login_post(Client(), KNOWN, password="a wrong password")
    unknown_email = login_post(Client(), UNKNOWN, password="a wrong password")
    assert wrong_password.status_code == 200
    assert NO_MATCH in page(wrong_password)
    # The typed address is echoed back in the form; everything else must match.
    assert_same_answer(wrong_password, unknown_email, replace=[(KNOWN, "@"), (UNKNOWN, "@")])


def test_password_reset_answers_the_same_either_way(alice, mailoutbox):
    url = reverse("accounts:reset")
    known = Client().post(url, {"email": KNOWN}, follow=True)
    assert len(mailoutbox) == 1
    unknown = Client().post(url, {"email": UNKNOWN}, follow=True)
    assert len(mailoutbox) == 1  # nothing goes to an address without an account

    assert known.redirect_chain == [(reverse("accounts:reset_sent"), 302)]
    assert_same_answer(known, unknown)
