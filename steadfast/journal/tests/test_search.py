"""Search: the person's own entries only (never a partner's, shared or not), every word,
any case, with a root filter; fast enough for a few thousand entries."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.journal import search
from steadfast.journal.models import Entry

from .conftest import entry, page_text

pytestmark = pytest.mark.django_db


def test_finds_every_word_in_any_case_in_title_body_and_question(personas):
    alice = personas["alice"]
    one = entry(alice, title="Summer", body="The MESSAGES on his phone")
    two = entry(alice, body="Nothing here", prompt="What happened with the messages?")
    entry(alice, body="Something else")
    assert search.search_own(alice, "messages") == [two, one]
    assert search.search_own(alice, "summer messages") == [one]
    assert search.search_own(alice, "summer winter") == []


def test_filters_by_root(personas):
    alice = personas["alice"]
    hurt = entry(alice, body="a", root="old_hurt")
    entry(alice, body="a", root="secrets")
    entry(alice, body="a")
    assert search.search_own(alice, "", "old_hurt") == [hurt]
    assert search.search_own(alice, "a", "old_hurt") == [hurt]


def test_never_finds_a_partners_entries_private_or_shared(personas):
    alice, bob = personas["alice"], personas["bob"]
    entry(alice, body="the red coat", audience="private")
    entry(alice, body="the red coat", audience="partner")
    assert search.search_own(bob, "red coat") == []


def test_the_search_page_shows_only_own_matches(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    entry(alice, title="Her private walk", body="walk in the park", audience="private")
    entry(alice, title="Her shared walk", body="walk by the river", audience="partner")
    entry(bob, title="His walk", body="walk to work")

    text = page_text(client_for(bob).get("/notes/", {"q": "walk"}))

    assert "His walk" in text and "1 entry matches" in text
    assert "Her private walk" not in text and "Her shared walk" not in text


def _many_entries(owner, count, words):
    """`count` entries holding `words`, fast: sealed once, the ciphertext then copied into
    each row (a ciphertext is bound to its owner's key and its field, not to its row).
    Writing through the model seals every value with a database read for the key."""
    template = entry(owner, title="Day", body=words)
    sealed = Entry.objects.filter(pk=template.pk).values("title", "body", "root", "prompt")[0]
    copies = []
    for _ in range(count - 1):
        copy = Entry(owner=owner)
        for name, value in sealed.items():
            setattr(copy, name, value.token)
        copies.append(copy)
    fields = [f for f in Entry._meta.concrete_fields if not f.primary_key]
    for copy in copies:
        for field in fields:
            if field.attname in ("created_at", "updated_at"):
                setattr(copy, field.attname, template.created_at)
    # raw=True: the sealed values go in as they are, without being sealed again.
    Entry.objects._insert(copies, fields=fields, raw=True)


def test_three_thousand_entries_are_searched_quickly_in_few_queries(personas):
    alice = personas["alice"]
    words = "I keep going back to that evening and what was said, and what was not. " * 6
    _many_entries(alice, 2999, words)
    entry(alice, title="The one", body=words + " the lighthouse")
    assert Entry.objects.filter(owner=alice).count() == 3000
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        found = search.search_own(alice, "lighthouse evening")
        took = time.perf_counter() - started
    assert [e.title for e in found] == ["The one"]
    assert len(search.search_own(alice, "evening")) == 3000
    assert len(queries) <= 3000 // search.CHUNK + 3
    assert took < 3.0, f"searching 3,000 entries took {took:.2f} s"
