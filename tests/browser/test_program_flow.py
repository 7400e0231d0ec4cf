"""Issue 7, item 1, in a real browser: a person follows the program. Home shows the next
step; they read a lesson, are told an empty reflection has nothing to save, write one,
mark the module done, skip the next, see their progress, and follow two exercises to
the real features (a journal entry from a root question; a self-care plan). Every page
is audited at 360 px."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from steadfast.assessments.battery import offered_instruments
from steadfast.assessments.models import Schedule
from steadfast.checkins.models import DailyCheckIn
from steadfast.core.testing import PASSWORD, make_person
from steadfast.journal.models import Entry, ThoughtRecord
from steadfast.program.models import Progress
from steadfast.program.modules import BY_SLUG
from steadfast.selfcare.models import Activity

from .conftest import log_in

REFLECTION = "Being left at the station when I was nine, I think."


def nothing_else_waiting(person):
    """No measure due and today's check-in done: the next step is a module."""
    for instrument in offered_instruments():
        Schedule.objects.create(
            owner=person, instrument=instrument.key, interval_days=28, active=False
        )
    today = timezone.localdate()
    DailyCheckIn.objects.create(owner=person, day=today, trust=5, closeness=5, mood=5)


@pytest.mark.browser
def test_a_person_follows_the_program(visitor):
    sam = make_person("sam")
    nothing_else_waiting(sam)
    person = visitor("Sam")
    log_in(person, sam.email, PASSWORD)
    page = person.page

    # Home: the next step is the first module.
    next_step = page.locator("#next-step")
    expect(next_step).to_contain_text("Step 1: Where distrust comes from")
    with page.expect_navigation():
        next_step.get_by_role("link", name="Open the lesson").click()
    person.audit()
    assert person.path() == "/way/1a/"
    expect(page.locator("main")).to_contain_text(BY_SLUG["1a"].lesson[0])

    # An empty reflection: nothing to save, and it says so. Then a real one.
    person.submit("Save my reflection")
    assert "There's nothing to save yet" in " ".join(person.error_texts())
    page.get_by_label("Your reflection (optional)").fill(REFLECTION)
    person.submit("Save my reflection")
    expect(page.locator(".messages")).to_contain_text("Your reflection is saved. Only you")
    expect(page.get_by_label("Your reflection (optional)")).to_have_value(REFLECTION)

    # The exercise: a journal entry written from one of the root questions.
    person.follow("Write a journal entry")
    assert person.path() == "/notes/new/"
    page.locator("summary", has_text="An old hurt").click()
    question = page.locator("main a[href*='prompt=old_hurt']").first
    with page.expect_navigation():
        question.click()
    person.audit()
    page.get_by_label("Your entry", exact=True).fill("The station, the cold, nobody coming.")
    person.submit("Save")
    assert Entry.objects.get(owner=sam).root == "old_hurt"

    # Back to the module: mark it done; skip the next one.
    person.goto("/way/1a/")
    person.submit("Mark as done")
    expect(page.locator("#module-state")).to_have_text("Your progress: done.")
    person.follow("Next: How you see yourself")
    person.submit("Skip for now")
    expect(page.locator("#module-state")).to_have_text("Your progress: skipped for now.")

    # Home now suggests the one after; the program page shows the progress.
    person.goto("/home/")
    expect(page.locator("#next-step")).to_contain_text("Step 1: When jealousy shows up")
    person.follow("The way through: every module")
    expect(page.locator("#program-progress")).to_contain_text("You've done 1 of 13 modules.")
    step_one = page.locator("#step-1")
    expect(step_one.locator("li").nth(0)).to_contain_text("Done")
    expect(step_one.locator("li").nth(0)).to_contain_text("reflection written")
    expect(step_one.locator("li").nth(1)).to_contain_text("Skipped for now")

    # Come back to the skipped one.
    person.follow("How you see yourself")
    person.submit("Come back to it")
    expect(page.locator("#module-state")).to_have_text("Your progress: started.")

    # Step 1's jealousy module: a thought record, from the module's exercise.
    person.goto("/way/1c/")
    person.follow("Start a thought record")
    assert person.path().startswith("/notes/thoughts/")
    for label, value in {
        "What happened?": "She was home an hour late and didn't call.",
        "What went through your mind?": "She doesn't care how I feel.",
        "How strong was the feeling then? (0 to 100)": "80",
        "What doesn't fit with it?": "Her phone had died; she came straight home.",
        "A more balanced way to see it": "Late isn't the same as not caring.",
        "How strong is the feeling now? (0 to 100, optional)": "35",
    }.items():
        page.get_by_label(label, exact=True).fill(value)
    person.submit("Save")
    expect(page.locator("main")).to_contain_text("Late isn't the same as not caring.")
    record = ThoughtRecord.objects.get(owner=sam)
    assert (record.strength_before, record.strength_after) == (80, 35)

    # Step 5: the self-care plan, from the module's exercise.
    person.goto("/way/5a/")
    person.follow("Looking after yourself")
    assert person.path() == "/care/"
    page.get_by_label("What helps you, in your own words", exact=True).fill("A swim on Sundays")
    page.get_by_label("How often would you like to do it?").select_option(label="Once a week")
    page.get_by_role("group", name="Who can see this?").get_by_label("Only me").check()
    person.submit("Add")
    assert Activity.objects.get(owner=sam).text == "A swim on Sundays"

    states = dict(Progress.objects.filter(owner=sam).values_list("module", "state"))
    assert states == {"1a": "done", "1b": "started"}
    assert Progress.objects.get(owner=sam, module="1a").reflection == REFLECTION
    person.finish()
