"""The repair path in two browsers, 360 px wide: Alice (hurt) starts it, Bob chooses to
join, each writes privately, Alice sends her letter, Bob replies, they agree limits, and
Alice asks one question that Bob answers. Every page passes axe, loads nothing from
elsewhere and carries the self-only CSP; neither ever sees the other's private writing."""

import pytest
from playwright.sync_api import expect

from steadfast.core.testing import PASSWORD, link, make_person

from .conftest import log_in

ALICES_PRIVATE = "I found the messages on a Tuesday."
BOBS_PRIVATE = "I lied to her for months."


@pytest.mark.browser
def test_a_couple_walks_the_first_stage_together(visitor):
    link(make_person("alice"), make_person("bob"))
    alice, bob = visitor("Alice"), visitor("Bob")
    log_in(alice, "alice@example.org", PASSWORD)
    log_in(bob, "bob@example.org", PASSWORD)

    # Alice finds the path from home and starts it, naming her role.
    alice.goto("/home/")
    alice.follow("Repairing trust together")
    alice.page.get_by_label("I was hurt", exact=True).check()
    alice.submit("Start the path")
    expect(alice.page.locator("main")).to_contain_text("Bob has not joined yet")

    # Bob is invited and chooses to join.
    bob.goto("/path/")
    expect(bob.page.locator("main")).to_contain_text("Joining is entirely your choice")
    bob.submit("Join the path")
    bob.follow("Stage 1: Impact")

    # Private work, each on their own.
    alice.goto("/path/one/")
    alice.follow("What happened to me")
    alice.page.get_by_label("What happened to me", exact=True).fill(ALICES_PRIVATE)
    alice.submit("Save privately")
    bob.follow("What I did, without excuses")
    bob.page.get_by_label("What I did, without excuses", exact=True).fill(BOBS_PRIVATE)
    bob.submit("Save privately")

    # Alice writes the letter: a private draft first, then sent.
    alice.goto("/path/letter/")
    alice.page.get_by_label("Your letter", exact=True).fill("Since I found out I can't sleep.")
    alice.submit("Save draft")
    bob.goto("/path/letter/")
    expect(bob.page.locator("main")).to_contain_text("No letter has been sent to you")
    alice.submit("Send it to Bob")
    expect(alice.page.locator("main")).to_contain_text("You sent this to Bob")

    # Bob reads it and replies; the coach comments on a defensive draft.
    bob.reload()
    expect(bob.page.locator(".path-letter")).to_contain_text("I can't sleep")
    bob.follow("Write your reply")
    reply = bob.page.get_by_label("Your reply", exact=True)
    reply.fill("You're right but you never listened to me either.")
    bob.submit("Save draft")
    expect(bob.page.locator(".coach-note")).to_be_visible()
    bob.page.get_by_label("Your reply", exact=True).fill(
        "I hear that you can't sleep, and that I caused it. I'm sorry."
    )
    bob.submit("Send it to Alice")
    alice.goto("/path/reply/")
    expect(alice.page.locator(".path-letter")).to_contain_text("I caused it")

    # Limits: Alice suggests, Bob agrees.
    alice.goto("/path/limits/")
    alice.page.get_by_label("How many questions a week, at most?", exact=True).fill("2")
    alice.page.get_by_label("Graphic or sexual detail", exact=True).check()
    alice.submit("Suggest these limits")
    bob.goto("/path/limits/")
    expect(bob.page.locator("main")).to_contain_text("Graphic or sexual detail")
    bob.submit("I agree to these limits")
    assert bob.path() == "/path/questions/"

    # One question, one honest answer.
    alice.goto("/path/questions/")
    alice.page.get_by_label("Your question", exact=True).fill("Is it over between you?")
    alice.submit("Ask")
    bob.reload()
    expect(bob.page.locator(".path-question-text")).to_have_text("Is it over between you?")
    bob.page.get_by_label("In your own words", exact=True).fill("Yes. I ended it in March.")
    bob.submit("Send answer")
    alice.reload()
    expect(alice.page.locator(".path-question")).to_contain_text("I ended it in March.")

    # Neither saw the other's private writing anywhere.
    alice.goto("/path/one/")
    bob.goto("/path/one/")
    expect(alice.page.locator("main")).not_to_contain_text(BOBS_PRIVATE)
    expect(bob.page.locator("main")).not_to_contain_text(ALICES_PRIVATE)
    # A calm way to stop is always one tap away.
    bob.follow("Stop here")
    expect(bob.page.locator("h1")).to_have_text("Stop here")

    for person in (alice, bob):
        person.finish()
