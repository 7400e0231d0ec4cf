"""The couple view and a promise's chart in a real browser, 360 px wide: each partner
finds the page from home, sees both sides' shared promises with their charts (images the
app serves itself, which load) and the shared daily check-ins, and opens a promise's
figures. Every page passes axe and does not scroll sideways."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments.models import Acknowledgement, Commitment, Mark
from steadfast.core.testing import PASSWORD, link, make_person

from .conftest import log_in

CHARTS_LOADED = """
() => {
  const images = [...document.querySelectorAll('img.chart-image')];
  return images.length > 0 && images.every(i => i.complete && i.naturalWidth > 0);
}
"""


def shared_promise(owner, text, marks, partner=None, answers=()):
    today = timezone.localdate()
    commitment = Commitment.objects.create(
        owner=owner,
        text=text,
        kind="daily",
        start=today - timedelta(days=60),
        audience="partner",
    )
    for n, done in marks:
        Mark.objects.create(
            commitment=commitment, owner=owner, day=today - timedelta(days=n), done=done
        )
    for n, seen in answers:
        Acknowledgement.objects.create(
            commitment=commitment, partner=partner, day=today - timedelta(days=n), seen=seen
        )
    return commitment


@pytest.mark.browser
def test_both_partners_see_the_couple_view_and_a_promises_chart(visitor):
    alice_user, bob_user = make_person("alice"), make_person("bob")
    link(alice_user, bob_user)
    hers = shared_promise(
        alice_user,
        "Be home by nine, or phone before eight to say so",
        [(n, n % 3 != 0) for n in range(1, 50)],
        bob_user,
        [(n, "noticed" if n % 4 else "not_noticed") for n in range(1, 50, 2)],
    )
    shared_promise(bob_user, "Put the phone away at dinner", [(2, True), (1, False)])
    for owner, trust in ((alice_user, 6), (bob_user, 4)):
        DailyCheckIn.objects.create(
            owner=owner,
            day=timezone.localdate(),
            trust=trust,
            closeness=5,
            mood=7,
            audience="partner",
        )
    alice, bob = visitor("Alice"), visitor("Bob")
    log_in(alice, "alice@example.org", PASSWORD)
    log_in(bob, "bob@example.org", PASSWORD)

    for person, partner in ((alice, "Bob"), (bob, "Alice")):
        person.goto("/home/")
        person.follow("The two of you")
        assert person.path() == "/together/"
        page = person.page
        expect(page.get_by_role("heading", name="The two of you", level=1)).to_be_visible()
        expect(page.get_by_role("table", name="Shared promises, every day so far")).to_be_visible()
        expect(
            page.get_by_role("table", name=f"{partner}'s shared daily check-ins")
        ).to_be_visible()
        page.wait_for_function(CHARTS_LOADED)
        assert page.locator("img.chart-image").count() == 2

    # Bob opens Alice's promise: its chart, and the same figures in a table.
    bob.follow("Be home by nine, or phone before eight to say so")
    assert bob.path() == f"/promises/{hers.key}/"
    bob.page.wait_for_function(CHARTS_LOADED)
    bob.page.get_by_text("The chart's figures", exact=True).click()
    figures = bob.page.get_by_role(
        "table", name="The estimate on each day it changed, newest first"
    )
    expect(figures).to_be_visible()
    assert figures.locator("tbody tr").count() == 49
    bob.audit()

    for person in (alice, bob):
        person.finish()
