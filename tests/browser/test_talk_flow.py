"""Talk and listen in two browsers, 360 px wide: two partners hold a structured
conversation (say, paraphrase, confirm, the floor passes) and each sees the other's move
appear without reloading; the coach comments live on a harsh draft; then both answer an
exercise privately and see what each chose to show only once both have finished. Every
page passes axe, loads nothing from elsewhere and carries the self-only CSP."""

import pytest
from playwright.sync_api import expect

from steadfast.core.testing import PASSWORD, link, make_person

from .conftest import log_in

LIVE_MS = 10_000  # the page asks for news every 3 s
HARSH = "You never listen to me and you always put your phone first"
GENTLE = "I feel lonely when our evenings go quiet. I need us to talk for ten minutes."
HEARD = "You feel alone in the evenings and you'd like ten minutes of talking."


def document_count(person):
    return len(person.documents)


@pytest.mark.browser
def test_two_partners_talk_listen_and_reveal(visitor):
    link(make_person("alice"), make_person("bob"))
    alice, bob = visitor("Alice"), visitor("Bob")
    log_in(alice, "alice@example.org", PASSWORD)
    log_in(bob, "bob@example.org", PASSWORD)

    # Alice finds it from home and opens a conversation.
    alice.goto("/home/")
    alice.follow("Talk and listen")
    alice.page.get_by_label("What would you like to talk about?", exact=True).fill("Our evenings")
    alice.submit("Start")
    talk_path = alice.path()
    expect(alice.page.locator(".talk-status")).to_have_text("Your turn to speak. Bob listens.")

    bob.goto("/talk/")
    bob.follow("Our evenings")
    assert bob.path() == talk_path
    expect(bob.page.locator(".talk-status")).to_have_text("Alice is speaking. You listen.")
    bobs_documents = document_count(bob)

    # The coach, live on a harsh draft.
    draft = alice.page.get_by_label("What you want to say", exact=True)
    draft.press_sequentially(HARSH, delay=5)
    feedback = alice.page.locator("#coach-feedback")
    expect(feedback).to_contain_text("This may land as criticism", timeout=LIVE_MS)
    expect(feedback.locator(".coach-evidence")).to_contain_text("You never")
    expect(feedback.locator(".coach-absolutes")).to_contain_text("always")
    expect(feedback.locator(".coach-suggestion")).to_contain_text("I feel")
    alice.audit()

    # She rewrites it gently and says it.
    draft.fill("")
    draft.press_sequentially(GENTLE, delay=2)
    expect(feedback).not_to_contain_text("criticism", timeout=LIVE_MS)
    alice.submit("Say it")
    assert alice.path() == talk_path

    # Bob's page shows it without reloading; he says back what he heard.
    expect(bob.page.locator(".talk-turns")).to_contain_text(GENTLE, timeout=LIVE_MS)
    expect(bob.page.locator(".talk-status")).to_have_text(
        "Your turn to listen: say back what Alice said."
    )
    assert document_count(bob) == bobs_documents, "Bob's page was reloaded"
    bob.audit()
    bob.page.get_by_label("What I heard you say is…", exact=True).fill(HEARD)
    bob.submit("Say it back")

    # Alice's page shows the paraphrase without reloading; she confirms: the floor passes.
    alices_documents = document_count(alice)
    expect(alice.page.locator(".talk-status")).to_have_text(
        "Bob said back what they heard. Is that it?", timeout=LIVE_MS
    )
    expect(alice.page.locator(".talk-turns")).to_contain_text(HEARD)
    assert document_count(alice) == alices_documents
    alice.audit()
    alice.submit("Yes, that's it")
    expect(alice.page.locator(".talk-status")).to_have_text("Bob is speaking. You listen.")

    expect(bob.page.locator(".talk-status")).to_have_text(
        "Your turn to speak. Alice listens.", timeout=LIVE_MS
    )
    expect(bob.page.get_by_label("What you want to say", exact=True)).to_be_visible()
    bob.audit()

    # Answer, then reveal.
    alice.goto("/talk/exercises/")
    alice.follow("What I need from you")
    exercise_path = alice.path()
    fields = alice.page.locator(".exercise-prompt textarea")
    for n in range(fields.count()):
        fields.nth(n).fill(f"Alice's answer {n + 1}")
    alice.page.locator(".exercise-prompt").first.get_by_role("checkbox").check()
    alice.submit("Finish")
    expect(alice.page.locator("#exercise-waiting")).to_be_visible()

    bob.goto(exercise_path)
    assert "Alice's answer" not in bob.main_text()
    bob.page.locator(".exercise-prompt textarea").first.fill("Bob's first answer")
    bob.submit("Finish")
    assert "Answer every question before you finish." in " ".join(bob.error_texts())
    fields = bob.page.locator(".exercise-prompt textarea")
    for n in range(fields.count()):
        fields.nth(n).fill(f"Bob's answer {n + 1}")
    for box in bob.page.locator(".exercise-prompt").get_by_role("checkbox").all():
        box.check()
    bob.submit("Finish")
    reveal = bob.page.locator(".exercise-reveal")
    expect(reveal).to_contain_text("Alice's answer 1")
    expect(reveal).not_to_contain_text("Alice's answer 2")

    alice.reload()
    expect(alice.page.locator(".exercise-reveal")).to_contain_text("Bob's answer 4")

    for person in (alice, bob):
        person.finish()
