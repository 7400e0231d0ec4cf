"""The journal's models: private by default, known audiences and 0-100 strengths enforced
by the database, and every word stored as ciphertext only."""

import pytest
from django.db import IntegrityError, connection, transaction

from steadfast.core import crypto
from steadfast.journal.models import Entry, ThoughtRecord

from .conftest import entry, thought

pytestmark = pytest.mark.django_db


def raw_row(table, pk, columns):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def test_an_entry_and_a_record_are_private_by_default(personas):
    assert entry(personas["alice"]).audience == "private"
    assert thought(personas["alice"]).audience == "private"
    assert entry(personas["alice"]).version == 1


def test_every_word_of_an_entry_is_ciphertext_in_the_database(personas):
    saved = entry(
        personas["alice"],
        title="The summer it broke",
        body="I still think about the messages",
        root="old_hurt",
        prompt="What happened?",
    )
    stored = raw_row("journal_entry", saved.pk, ["title", "body", "root", "prompt"])
    for value in stored:
        assert crypto.is_token(value)
    joined = " ".join(stored)
    for plain in ("summer", "messages", "old_hurt", "happened"):
        assert plain not in joined
    again = Entry.objects.get(pk=saved.pk)
    assert (again.title, again.body, again.root) == (
        "The summer it broke",
        "I still think about the messages",
        "old_hurt",
    )


def test_every_word_of_a_thought_record_is_ciphertext_in_the_database(personas):
    saved = thought(personas["alice"])
    columns = [
        "situation",
        "thought",
        "feeling",
        "evidence_for",
        "evidence_against",
        "balanced",
    ]
    stored = raw_row("journal_thoughtrecord", saved.pk, columns)
    assert all(crypto.is_token(value) for value in stored)
    joined = " ".join(stored)
    for plain in ("late", "someone", "afraid", "vague", "sister", "unfaithful"):
        assert plain not in joined


def test_the_words_cannot_be_searched_in_the_database(personas):
    entry(personas["alice"], body="secret")
    with pytest.raises(ValueError, match="encrypted"):
        list(Entry.objects.filter(body="secret"))


def test_the_database_refuses_an_unknown_audience(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        entry(personas["alice"], audience="everyone")
    with pytest.raises(IntegrityError), transaction.atomic():
        thought(personas["alice"], audience="world")


@pytest.mark.parametrize(("before", "after"), [(101, 10), (50, 101), (-1, 0)])
def test_the_database_refuses_a_strength_outside_0_to_100(personas, before, after):
    with pytest.raises((IntegrityError, ValueError)), transaction.atomic():
        thought(personas["alice"], before=before, after=after)
    assert not ThoughtRecord.objects.exists()


def test_the_feeling_afterwards_may_wait(personas):
    saved = thought(personas["alice"], after=None)
    assert saved.eased_by is None
    assert thought(personas["alice"], before=70, after=30).eased_by == 40


def test_a_heading_is_the_title_or_the_first_words(personas):
    assert entry(personas["alice"], title="Mine").heading == "Mine"
    long = entry(personas["alice"], body="word " * 40)
    assert long.heading.endswith("…") and len(long.heading) <= 80
