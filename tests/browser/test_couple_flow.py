"""Two people sign up, link through an invitation, and one of them unlinks."""

import pytest
from playwright.sync_api import expect

from steadfast.core.testing import PASSWORD

from .conftest import sign_up

NOT_LINKED = "You are not linked with a partner."


@pytest.mark.browser
def test_sign_up_link_and_unlink_in_two_browsers(visitor, live_server, mailoutbox):
    ana = visitor("Ana")
    ben = visitor("Ben")
    sign_up(ana, "ana@example.org", "Ana", PASSWORD, mailoutbox, show_errors=True)
    sign_up(ben, "ben@example.org", "Ben", PASSWORD, mailoutbox)
    emails_so_far = len(mailoutbox)
    assert emails_so_far == 2

    # Ana makes an invitation and reads the link and code shown once.
    ana.follow("Partner")
    expect(ana.page.locator("#link-status")).to_have_text(NOT_LINKED)
    ana.submit("Make an invitation")
    code = ana.page.get_by_label("Code", exact=True).input_value()
    link = ana.page.get_by_label("Link", exact=True).input_value()
    assert link == f"{live_server.url}/couple/join/{code}/"

    # Ben, in his own browser, opens the link and accepts.
    ben.goto(link)
    expect(ben.page.get_by_label("Invitation code", exact=True)).to_have_value(code)
    ben.submit("Accept and link")
    assert ben.path() == "/couple/"
    expect(ben.page.locator("#link-status")).to_have_text("You are linked with Ana.")

    # Both see the link.
    ana.reload()
    expect(ana.page.locator("#link-status")).to_have_text("You are linked with Ben.")

    # Ana unlinks: the box must be ticked first.
    ana.follow("Unlink")
    assert ana.path() == "/couple/unlink/"
    ana.submit("Unlink now")
    assert ana.path() == "/couple/unlink/"
    assert ana.error_texts() == ["Please tick the box to confirm you want to unlink."]
    ana.page.get_by_label("Yes, unlink us now.", exact=True).check()
    ana.submit("Unlink now")
    assert ana.path() == "/couple/"
    expect(ana.page.locator("#link-status")).to_have_text(NOT_LINKED)

    # Ben only finds out by looking; nobody was emailed.
    ben.reload()
    expect(ben.page.locator("#link-status")).to_have_text(NOT_LINKED)
    assert len(mailoutbox) == emails_so_far, [(m.to, m.subject) for m in mailoutbox]

    for person in (ana, ben):
        person.finish()
