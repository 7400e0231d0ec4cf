"""Searching a person's own journal.

The database holds only ciphertext, so it cannot search: entries are opened and matched
here, in Python. Only the person's own rows are read (never anyone else's, shared or
not), in chunks, so memory stays bounded; AES-GCM opens a few thousand short entries in
well under a second (tests/test_search.py keeps an eye on it with 3,000). Past tens of
thousands of entries per person this would want a search index of its own, sealed with
the person's key.
"""

from .models import Entry

CHUNK = 500


def terms_of(query):
    return [word.casefold() for word in (query or "").split()]


def matches(entry, terms, root):
    if root and entry.root != root:
        return False
    if not terms:
        return True
    text = entry.searchable_text().casefold()
    return all(term in text for term in terms)


def search_own(person, query="", root=""):
    """The person's own entries holding every word of `query` (any case) and tied to
    `root` if given, newest first."""
    terms = terms_of(query)
    entries = Entry.objects.filter(owner=person).order_by("-created_at", "-pk")
    return [e for e in entries.iterator(chunk_size=CHUNK) if matches(e, terms, root)]
