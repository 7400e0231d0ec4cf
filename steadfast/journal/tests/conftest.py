"""Helpers shared by the journal and thought-record tests."""

import uuid

from steadfast.core.testing import (  # noqa: F401  (re-exported to the tests)
    page_text,
    rows,
    submission_key_of,
)
from steadfast.journal.models import Entry, ThoughtRecord


def entry(owner, *, title="", body="A quiet evening.", root="", prompt="", audience="private"):
    """A saved entry, made directly."""
    return Entry.objects.create(
        owner=owner, title=title, body=body, root=root, prompt=prompt, audience=audience
    )


def thought(owner, *, audience="private", before=80, after=40, **words):
    """A saved thought record, made directly."""
    values = {
        "situation": "He was late and didn't call",
        "thought": "He's with someone else",
        "feeling": "afraid",
        "evidence_for": "He was vague",
        "evidence_against": "He was at his sister's, she said so",
        "balanced": "Late doesn't mean unfaithful",
    } | words
    return ThoughtRecord.objects.create(
        owner=owner,
        audience=audience,
        strength_before=before,
        strength_after=after,
        **values,
    )


def entry_data(*, title="", body="Where it started", root="", prompt="", key=None):
    """The new-entry form as the page would post it."""
    return {
        "title": title,
        "body": body,
        "root": root,
        "prompt": prompt,
        "submission_key": str(key or uuid.uuid4()),
    }


def edit_data(saved, *, version=None, key=None, **changes):
    """The edit form for `saved` as its page would post it, with `changes`."""
    values = {"title": saved.title, "body": saved.body, "root": saved.root or ""} | changes
    return values | {
        "version": str(saved.version if version is None else version),
        "submission_key": str(key or uuid.uuid4()),
    }


def thought_data(*, key=None, **changes):
    values = {
        "situation": "She laughed at his message",
        "thought": "She likes him more than me",
        "feeling": "jealous, small",
        "strength_before": "85",
        "evidence_for": "She smiled",
        "evidence_against": "She showed me the message straight away",
        "balanced": "She can enjoy a friend's joke and still choose me",
        "strength_after": "35",
    }
    return values | changes | {"submission_key": str(key or uuid.uuid4())}


def thought_edit_data(saved, *, version=None, key=None, **changes):
    values = {
        name: "" if getattr(saved, name) is None else str(getattr(saved, name))
        for name in (
            "situation",
            "thought",
            "feeling",
            "strength_before",
            "evidence_for",
            "evidence_against",
            "balanced",
            "strength_after",
        )
    }
    return (
        values
        | changes
        | {
            "version": str(saved.version if version is None else version),
            "submission_key": str(key or uuid.uuid4()),
        }
    )


def journal_state():
    """Everything the journal pages can write, in a comparable form."""
    return rows(Entry), rows(ThoughtRecord)
