"""Two partners take the PHQ-9, each in their own browser, share their results with each
other, and compare them side by side.

Answers are saved as each person goes: a reload halfway keeps them. Each has one older
result, already shared, so both trajectories have a line and a change to judge. The
chart is an image served by the app itself, and loads; its table is beside it.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from steadfast.assessments import actions, definitions
from steadfast.assessments.models import Measure, MeasureDraft
from steadfast.core.testing import PASSWORD, link, make_person

from .conftest import log_in

PHQ9 = definitions.get_instrument("phq9")
OPTIONS = ["Not at all", "Several days", "More than half the days", "Nearly every day"]
SHARED = "Your partner can see this result now"
KEPT = "We kept the answers you gave last time. Carry on where you left off."
CHART_LOADED = """
() => {
  const image = document.querySelector('img.chart-image');
  return image !== null && image.complete && image.naturalWidth > 0;
}
"""


def earlier_shared_result(person, values, days_ago):
    """A PHQ-9 from a few weeks ago, already shared with the partner."""
    measure = actions.record_measure(
        person,
        PHQ9,
        dict(enumerate(values, start=1)),
        submission_key=uuid.uuid4(),
        completed_at=timezone.now() - timedelta(days=days_ago),
    )
    return actions.share_measure(measure, "partner")


def group(page, item):
    return page.get_by_role("group", name=f"{item.number}. {item.text}", exact=True)


def is_draft_save(response):
    return response.url.endswith("/measures/phq9/draft/") and response.request.method == "POST"


def answer(person, item, value):
    """Tick one answer and wait for the page's script to save it as a draft."""
    radio = group(person.page, item).get_by_label(OPTIONS[value], exact=True)
    with person.page.expect_response(is_draft_save) as saved:
        radio.check()
    assert saved.value.status == 204


def take_phq9_with_a_reload(person, user, values):
    """Half the answers, a reload that keeps them, the rest, and the result page."""
    page = person.page
    person.goto("/measures/")
    person.follow("Answer now (PHQ-9)")
    assert person.path() == "/measures/phq9/"
    items = PHQ9.scored_items
    for item, value in zip(items[:4], values[:4], strict=True):
        answer(person, item, value)
    expect(page.locator("#draft-status")).to_have_text("Your answers so far are saved.")
    assert MeasureDraft.objects.get(owner=user).answers == {
        str(n): v for n, v in zip(range(1, 5), values[:4], strict=True)
    }

    person.reload()
    expect(page.get_by_role("status").filter(has_text=KEPT)).to_be_visible()
    for item, value in zip(items[:4], values[:4], strict=True):
        expect(group(page, item).get_by_label(OPTIONS[value], exact=True)).to_be_checked()
    expect(group(page, items[4]).get_by_role("radio").first).not_to_be_checked()

    for item, value in zip(items[4:], values[4:], strict=True):
        answer(person, item, value)
    person.submit("See my result")
    assert re.fullmatch(r"/measures/results/[0-9a-f-]{36}/", person.path()), person.path()
    assert not MeasureDraft.objects.filter(owner=user).exists()
    return Measure.objects.filter(owner=user).latest("completed_at")


def share_with_partner(person):
    page = person.page
    page.get_by_role("group", name="Who can see this result?").get_by_label(
        "Me and my partner", exact=True
    ).check()
    person.submit("Save who can see it")
    expect(page.locator(".messages")).to_contain_text(SHARED)


def open_side_by_side(person):
    person.goto("/measures/")
    person.follow("PHQ-9")  # in "Side by side with your own shared results: PHQ-9"
    assert person.path() == "/measures/phq9/together/"


def rows_of(page, caption):
    table = page.get_by_role("table", name=caption, exact=True)
    expect(table).to_be_visible()
    return table.locator("tbody tr")


@pytest.mark.browser
def test_partners_take_share_and_compare_a_measure(visitor):
    alice_user = make_person("alice")
    bob_user = make_person("bob")
    link(alice_user, bob_user)
    earlier_shared_result(alice_user, [2, 2, 2, 2, 2, 2, 2, 1, 0], days_ago=28)  # 15
    earlier_shared_result(bob_user, [1, 1, 1, 1, 1, 0, 0, 0, 0], days_ago=27)  # 5
    alice = visitor("Alice")
    bob = visitor("Bob")
    log_in(alice, "alice@example.org", PASSWORD)
    log_in(bob, "bob@example.org", PASSWORD)

    # Each takes the PHQ-9 in their own browser and shares the result.
    alice_values = [1, 1, 1, 1, 1, 1, 1, 0, 0]  # 7: six points down, a reliable change
    bob_values = [1, 1, 1, 1, 1, 1, 1, 1, 1]  # 9, with item 9 answered
    alices = take_phq9_with_a_reload(alice, alice_user, alice_values)
    assert (alices.total, alices.band, alices.audience) == (7, "mild", "private")
    share_with_partner(alice)
    bobs = take_phq9_with_a_reload(bob, bob_user, bob_values)
    assert bobs.total == 9 and bobs.safety_flags == ["self_harm_thoughts"]
    expect(bob.page.locator("#support")).to_be_visible()  # private support, his alone
    share_with_partner(bob)

    # Both see both trajectories, the gap and the chart, from their own side.
    for person, partner, mine, theirs in (
        (alice, "Bob", ["15", "7"], ["5", "9"]),
        (bob, "Alice", ["5", "9"], ["15", "7"]),
    ):
        page = person.page
        open_side_by_side(person)
        main = person.main_text()
        assert "Where you each are now" in main
        gap = int(mine[-1]) - int(theirs[-1])
        assert f"That is {abs(gap)} points apart." in main
        mine_rows = rows_of(page, "The PHQ-9 results you shared")
        theirs_rows = rows_of(page, f"The PHQ-9 results {partner} shared")
        expect(mine_rows).to_have_count(2)
        expect(theirs_rows).to_have_count(2)
        assert [mine_rows.nth(i).locator("td").first.inner_text() for i in range(2)] == mine
        assert [theirs_rows.nth(i).locator("td").first.inner_text() for i in range(2)] == theirs
        # Alice's drop of 8 is reliable (the PHQ-9's criterion is 6); Bob's rise of 4 isn't.
        assert "Down 8: a reliable change for the better" in main
        assert "Up 4: within the ordinary ups and downs" in main
        image = page.locator("img.chart-image")
        expect(image).to_have_attribute("src", "/measures/phq9/together.svg")
        expect(image).to_have_attribute("alt", re.compile(rf"you and {partner} shared"))
        page.wait_for_function(CHART_LOADED)
        # Nothing private crosses: no answers, and not Bob's flag.
        assert "Several days" not in main and "better off dead" not in main

    # Alice's own history and her trust profile, in her browser.
    alice.goto("/measures/phq9/history/")
    expect(alice.page.locator("img.chart-image")).to_have_attribute(
        "src", "/measures/phq9/history.svg"
    )
    alice.page.wait_for_function(CHART_LOADED)
    expect(rows_of(alice.page, "Your PHQ-9 results")).to_have_count(2)
    alice.goto("/measures/profile/")
    expect(alice.page.locator("#area-wellbeing")).to_contain_text("Patient Health Questionnaire-9")

    for person in (alice, bob):
        person.finish()
