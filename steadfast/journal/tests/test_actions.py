"""Writes: a double submit saves once; an edit from a stale version saves nothing and
reports the row as it is now; sharing and deleting."""

import uuid

import pytest

from steadfast.core.idempotency import KeyReused
from steadfast.journal import actions
from steadfast.journal.models import Entry, ThoughtRecord

from .conftest import entry, thought

pytestmark = pytest.mark.django_db


def test_the_same_new_entry_form_saves_once(personas):
    key = uuid.uuid4()
    first = actions.write_entry(personas["alice"], title="", body="One", submission_key=key)
    again = actions.write_entry(personas["alice"], title="", body="One", submission_key=key)
    with pytest.raises(KeyReused):  # the same key with other words
        actions.write_entry(personas["alice"], title="", body="Two", submission_key=key)
    assert again.pk == first.pk
    assert [e.body for e in Entry.objects.all()] == ["One"]


def test_another_persons_key_is_their_own(personas):
    key = uuid.uuid4()
    actions.write_entry(personas["alice"], title="", body="Hers", submission_key=key)
    actions.write_entry(personas["bob"], title="", body="His", submission_key=key)
    assert Entry.objects.count() == 2


def test_the_same_new_thought_record_saves_once(personas):
    key = uuid.uuid4()
    values = {"situation": "s", "thought": "t", "strength_before": 60}
    first = actions.write_thought_record(personas["alice"], submission_key=key, **values)
    again = actions.write_thought_record(personas["alice"], submission_key=key, **values)
    assert again.pk == first.pk and ThoughtRecord.objects.count() == 1


def test_an_edit_from_the_current_version_saves_and_moves_the_version_on(personas):
    saved = entry(personas["alice"], body="First words")
    done = actions.save_edit(
        saved, values={"body": "Second words"}, version=1, submission_key=uuid.uuid4()
    )
    assert (done.version, Entry.objects.get().body) == (2, "Second words")


def test_the_same_edit_posted_twice_saves_once_and_is_no_conflict(personas):
    saved = entry(personas["alice"], body="First")
    key = uuid.uuid4()
    actions.save_edit(saved, values={"body": "Second"}, version=1, submission_key=key)
    again = actions.save_edit(saved, values={"body": "Second"}, version=1, submission_key=key)
    assert (again.version, again.body) == (2, "Second")


def test_a_stale_edit_saves_nothing_and_reports_what_is_saved_now(personas):
    saved = entry(personas["alice"], body="Start")
    # Two devices open version 1; the phone saves first.
    actions.save_edit(
        saved, values={"body": "From the phone"}, version=1, submission_key=uuid.uuid4()
    )
    with pytest.raises(actions.Conflict) as conflict:
        actions.save_edit(
            saved, values={"body": "From the laptop"}, version=1, submission_key=uuid.uuid4()
        )
    assert conflict.value.current.body == "From the phone"
    assert conflict.value.current.version == 2
    stored = Entry.objects.get()
    assert (stored.body, stored.version) == ("From the phone", 2)


def test_a_stale_edit_with_the_same_words_as_saved_is_no_conflict(personas):
    saved = entry(personas["alice"], body="Start")
    actions.save_edit(saved, values={"body": "Same"}, version=1, submission_key=uuid.uuid4())
    done = actions.save_edit(saved, values={"body": "Same"}, version=1, submission_key=uuid.uuid4())
    assert done.version == 2


def test_no_root_stored_is_the_same_as_none_chosen(personas):
    saved = Entry.objects.create(owner=personas["alice"], body="b", root=None)
    actions.save_edit(saved, values={"body": "c"}, version=1, submission_key=uuid.uuid4())
    done = actions.save_edit(
        saved, values={"body": "c", "root": ""}, version=1, submission_key=uuid.uuid4()
    )
    assert done.version == 2


def test_thought_records_have_the_same_protection(personas):
    saved = thought(personas["alice"], before=80, after=None)
    actions.save_edit(saved, values={"strength_after": 40}, version=1, submission_key=uuid.uuid4())
    with pytest.raises(actions.Conflict):
        actions.save_edit(
            saved, values={"strength_after": 60}, version=1, submission_key=uuid.uuid4()
        )
    assert ThoughtRecord.objects.get().strength_after == 40


def test_share_and_take_back(personas):
    saved = entry(personas["alice"])
    actions.share(saved, "partner")
    assert Entry.objects.get().audience == "partner"
    actions.share(saved, "private")
    assert Entry.objects.get().audience == "private"


def test_delete(personas):
    actions.delete(entry(personas["alice"]))
    assert not Entry.objects.exists()
