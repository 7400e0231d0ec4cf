"""Refusals in the browser say the same thing whatever the reason, and change nothing."""

import pytest
from playwright.sync_api import expect

from steadfast.accounts.forms import NO_MATCH
from steadfast.core.testing import PASSWORD, make_person
from steadfast.couples import actions
from steadfast.couples.models import Membership, current_partner

from .conftest import log_in


@pytest.mark.browser
def test_wrong_password_and_unknown_email_get_the_same_answer(visitor):
    make_person("carol")
    carol = visitor("Carol")

    log_in(carol, "carol@example.org", "not the right password")
    assert carol.path() == "/login/"
    wrong_password = carol.error_texts()

    log_in(carol, "nobody@example.org", "not the right password")
    assert carol.path() == "/login/"
    unknown_email = carol.error_texts()

    assert wrong_password == unknown_email == [NO_MATCH]
    # Still logged out: the header offers "Log in", and a private page sends to the login.
    expect(carol.page.get_by_role("navigation").get_by_role("link", name="Log in")).to_be_visible()
    carol.goto("/home/")
    assert carol.path() == "/login/"

    log_in(carol, "carol@example.org", PASSWORD)
    assert carol.path() != "/login/"
    expect(carol.page.get_by_role("button", name="Log out", exact=True)).to_be_visible()
    carol.finish()


@pytest.mark.browser
def test_used_unknown_and_mistyped_codes_get_the_same_answer(visitor):
    alice, bob, carol = (make_person(name) for name in ("alice", "bob", "carol"))
    _, used_code = actions.create_invitation(alice)
    actions.accept_invitation(bob, used_code)
    unknown_code = actions.new_code()  # well formed, never issued

    browser = visitor("Carol")
    log_in(browser, "carol@example.org", PASSWORD)
    assert browser.path() != "/login/"

    answers = {}
    # The used code, arriving the way a link brings it.
    browser.goto(f"/couple/join/{used_code}/")
    browser.submit("Accept and link")
    answers["used"] = (browser.path(), browser.error_texts())
    # An unknown and a mistyped code, typed into the form on the Partner page.
    for label, code in [("unknown", unknown_code), ("mistyped", "ABCD-EFGH")]:
        browser.goto("/couple/")
        browser.page.get_by_label("Invitation code", exact=True).fill(code)
        browser.submit("Accept and link")
        answers[label] = (browser.path(), browser.error_texts())

    expected = ("/couple/join/", [actions.UNUSABLE])
    assert answers == {"used": expected, "unknown": expected, "mistyped": expected}

    browser.goto("/couple/")
    expect(browser.page.locator("#link-status")).to_have_text("You are not linked with a partner.")
    assert not Membership.objects.filter(person=carol).exists()
    assert Membership.objects.count() == 2
    assert current_partner(alice) == bob
    browser.finish()
