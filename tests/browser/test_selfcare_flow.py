"""Self-care end to end in a real browser: make a plan, note an activity done today (a
double tap saves once), see the week, write a strength, and read the help page with the
directories for the person's own country first. Every page is audited at 360 px."""

import pytest
from playwright.sync_api import expect

from steadfast.core.testing import PASSWORD, make_person
from steadfast.selfcare.models import Activity, LogEntry, Reflection

from .conftest import log_in


@pytest.mark.browser
def test_a_person_makes_a_plan_logs_it_and_finds_help(visitor):
    alice = make_person("alice")
    alice.country = "GB"
    alice.save()
    person = visitor("Alice")
    log_in(person, alice.email, PASSWORD)
    page = person.page

    # From home, step 5 leads to the self-care page.
    person.follow("Looking after yourself")
    assert person.path() == "/care/"
    expect(page.locator("#measures-invitation")).to_be_visible()

    # An empty activity is refused beside its field; then a real one is added.
    person.submit("Add")
    assert "Write the activity in a few words." in person.error_texts()
    page.get_by_label("What helps you, in your own words", exact=True).fill("A walk at lunchtime")
    page.get_by_label("How often would you like to do it?").select_option(label="3 times a week")
    page.get_by_role("group", name="Who can see this?").get_by_label("Only me").check()
    person.submit("Add")
    expect(page.locator("main")).to_contain_text("Added to your plan. Only you can see it.")
    expect(page.locator("main")).to_contain_text("This week so far: 0 of 3.")

    # "I did this today", tapped twice in a hurry: it counts once.
    card = page.locator(".care-plan li").filter(has_text="A walk at lunchtime")
    card.get_by_label("A note (optional, only you see it)").fill("Sunny")
    with page.expect_navigation():
        card.get_by_role("button", name="I did this today").dblclick()
    page.wait_for_load_state("load")
    person.audit()
    expect(card).to_contain_text("Done today.")
    expect(card).to_contain_text("This week so far: 1 of 3.")
    assert LogEntry.objects.filter(owner=alice).count() == 1
    assert Activity.objects.get(owner=alice).audience == "private"

    # The week.
    person.follow("Your weeks: done and planned")
    expect(page.locator("table.care-weeks").first).to_contain_text("1 of 3")

    # A strength with its example.
    person.goto("/care/strengths/")
    strength_form = page.locator("form", has=page.get_by_label("A strength of yours"))
    strength_form.get_by_label("A strength of yours").fill("Patient")
    strength_form.get_by_label("A time you showed it").fill("I let Bob finish before I answered")
    strength_form.get_by_label("Only me").check()
    person.submit("Save the strength")
    expect(page.locator("main")).to_contain_text("Strength saved. Only you can see it.")
    expect(page.get_by_role("heading", name="Patient")).to_be_visible()
    assert Reflection.objects.get(owner=alice).detail == "I let Bob finish before I answered"

    # The help page, with the UK directories first; the links lead elsewhere but nothing
    # is loaded from elsewhere.
    person.goto("/")
    person.follow("Finding a therapist")
    assert person.path() == "/care/help/"
    expect(page.locator("main h3").first).to_have_text("United Kingdom")
    expect(page.get_by_role("link", name="Relate", exact=True)).to_have_attribute(
        "href", "https://www.relate.org.uk/"
    )

    person.finish()
