"""Issue 7, items 2 and 3, in real browsers: Alice writes a journal entry from a question,
finds it again by searching, shares it with Bob and takes it back (he then gets 404);
she writes a thought record and sees it in her review; an edit made on her phone while
her laptop had the same entry open shows her both versions instead of losing one."""

import re

import pytest
from django.db import connection
from playwright.sync_api import expect

from steadfast.core.testing import PASSWORD, link, make_person
from steadfast.journal.models import BODY_MAX_LENGTH
from steadfast.journal.prompts import BY_KEY

from .conftest import log_in

QUESTION = BY_KEY["old_hurt-2"]
TITLE = "The lighthouse summer"
WORDS = "When he goes quiet I'm back at the lighthouse, waiting for a call that never came."
PHONE_WORDS = "Written on my phone on the bus."
LAPTOP_WORDS = "Written on my laptop at home."


def write_entry(alice):
    page = alice.page
    alice.goto("/home/")
    alice.follow("Your journal")
    alice.follow("Write an entry")
    page.locator("summary", has_text="An old hurt").click()
    alice.follow(QUESTION.text)
    expect(page.locator(".journal-prompt")).to_contain_text(QUESTION.text)
    # An empty entry and a too-long one are refused, with the reason beside the field.
    alice.submit("Save")
    assert "an empty entry can't be kept" in " ".join(alice.error_texts())
    page.get_by_label("Your entry", exact=True).fill("y" * (BODY_MAX_LENGTH + 1))
    alice.submit("Save")
    assert "20,001 characters long; it can hold up to 20,000" in " ".join(alice.error_texts())
    page.get_by_label("Title (optional)", exact=True).fill(TITLE)
    page.get_by_label("Your entry", exact=True).fill(WORDS)
    alice.submit("Save")
    assert re.fullmatch(r"/notes/[0-9a-f-]{36}/", alice.path()), alice.error_texts()
    expect(page.locator("main")).to_contain_text("Saved. Only you can see it.")
    expect(page.locator("main")).to_contain_text(QUESTION.text)
    return alice.path()


def search(alice, words):
    alice.goto("/notes/")
    alice.page.get_by_label("Search your entries", exact=True).fill(words)
    alice.submit("Search")
    return alice.main_text()


def share(alice, url, choice):
    alice.goto(url)
    alice.page.get_by_label("Who can see this?", exact=True).select_option(label=choice)
    alice.submit("Change")


def write_thought_record(alice):
    page = alice.page
    alice.goto("/notes/thoughts/")
    expect(page.locator("main")).to_contain_text("Why checking doesn't calm it")
    alice.follow("Write a thought record")
    alice.submit("Save")
    assert "Write a few words about what happened." in alice.error_texts()
    fields = {
        "What happened?": "He laughed at a message and didn't say who from.",
        "What went through your mind?": "He's hiding someone from me.",
        "What did you feel?": "afraid, small",
        "How strong was the feeling then? (0 to 100)": "90",
        "What makes the thought seem true?": "He turned the phone over.",
        "What doesn't fit with it?": "He showed me the joke when I asked.",
        "A more balanced way to see it": "A private laugh isn't a betrayal.",
        "How strong is the feeling now? (0 to 100, optional)": "30",
    }
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    alice.submit("Save")
    expect(page.locator("main")).to_contain_text("A private laugh isn't a betrayal.")
    alice.follow("Back to thought records")
    records = page.locator("ul.thought-records")
    expect(records).to_contain_text("90 before, 30 afterwards")
    trend = page.locator("table.thought-trend")
    expect(trend).to_contain_text("eased by 60 points")


def stale_edit_shows_both(alice, phone, url):
    alice.goto(url + "edit/")
    phone.goto(url + "edit/")
    phone.page.get_by_label("Your entry", exact=True).fill(PHONE_WORDS)
    phone.submit("Save")
    expect(phone.page.locator("main")).to_contain_text(PHONE_WORDS)

    alice.page.get_by_label("Your entry", exact=True).fill(LAPTOP_WORDS)
    alice.submit("Save")
    main = alice.page.locator("main")
    expect(main).to_contain_text("changed while you were editing")
    expect(main.locator(".conflict-saved")).to_contain_text(PHONE_WORDS)
    expect(main.locator(".conflict-yours")).to_contain_text(LAPTOP_WORDS)
    # She puts the two together by hand and saves.
    merged = PHONE_WORDS + "\n\n" + LAPTOP_WORDS
    alice.page.get_by_label("Your entry", exact=True).fill(merged)
    alice.submit("Save this version")
    expect(main).to_contain_text(PHONE_WORDS)
    expect(main).to_contain_text(LAPTOP_WORDS)


@pytest.mark.browser
def test_journal_share_revoke_thought_record_and_a_stale_edit(visitor, live_server):
    link(make_person("alice"), make_person("bob"))
    alice, bob, phone = visitor("Alice"), visitor("Bob"), visitor("Alice's phone")
    log_in(alice, "alice@example.org", PASSWORD)
    log_in(bob, "bob@example.org", PASSWORD)
    log_in(phone, "alice@example.org", PASSWORD)

    url = write_entry(alice)
    assert TITLE in search(alice, "LIGHTHOUSE call")
    assert "No entry matches that." in search(alice, "lighthouse winter")

    # Private: Bob gets 404 and sees nothing shared.
    assert bob.goto(url).status == 404
    bob.goto("/notes/shared/")
    assert TITLE not in bob.main_text()

    share(alice, url, "Me and my partner")
    expect(alice.page.locator("main")).to_contain_text("You and your partner can see it.")
    bob.goto("/notes/shared/")
    bob.follow(TITLE)
    expect(bob.page.locator("main")).to_contain_text(WORDS)
    expect(bob.page.locator("main")).to_contain_text("Alice shared this with you.")

    share(alice, url, "Only me")
    assert bob.reload().status == 404
    bob.goto("/notes/shared/")
    assert TITLE not in bob.main_text()

    write_thought_record(alice)
    stale_edit_shows_both(alice, phone, url)

    # What the browser sent is stored as ciphertext only.
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, body FROM journal_entry")
        stored = " ".join(cursor.fetchone())
    assert "lighthouse" not in stored.lower() and "laptop" not in stored.lower()

    for person in (alice, bob, phone):
        person.finish()
