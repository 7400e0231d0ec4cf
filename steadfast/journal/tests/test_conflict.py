"""Editing on two devices at once: the later save never silently replaces the earlier.
It is shown beside it, nothing saved, until the person chooses."""

import uuid

import pytest

from steadfast.journal.models import Entry, ThoughtRecord

from .conftest import edit_data, entry, page_text, thought, thought_edit_data

pytestmark = pytest.mark.django_db


def test_a_stale_edit_shows_both_texts_and_saves_nothing(personas, client_for):
    alice = personas["alice"]
    saved = entry(alice, title="Evening", body="What I wrote first")
    phone, laptop = client_for(alice), client_for(alice)
    url = f"/notes/{saved.key}/edit/"
    # Both devices open the edit page at version 1; the phone saves first.
    assert phone.post(url, edit_data(saved, body="Phone words")).status_code == 302

    response = laptop.post(url, edit_data(saved, body="Laptop words", title="Evening"))

    assert response.status_code == 409
    text = page_text(response)
    assert "changed while you were editing" in text and "Nothing is saved yet" in text
    saved_now = text.split('class="conflict-saved">', 1)[1].split("</div>", 1)[0]
    yours = text.split('class="conflict-yours">', 1)[1].split("</div>", 1)[0]
    assert "Phone words" in saved_now and "Laptop words" in yours
    assert text.count('class="conflict-saved"') == 1  # the unchanged title isn't listed
    # The form holds the laptop's words, now set against version 2.
    form = text.split("Keep yours, or merge", 1)[1]
    assert "Laptop words" in form and 'name="version" value="2"' in form
    stored = Entry.objects.get()
    assert (stored.body, stored.version) == ("Phone words", 2)


def test_after_a_conflict_the_person_can_keep_theirs_or_a_merge(personas, client_for):
    alice = personas["alice"]
    saved = entry(alice, body="First")
    client = client_for(alice)
    url = f"/notes/{saved.key}/edit/"
    client.post(url, edit_data(saved, body="Phone"))
    conflict = client.post(url, edit_data(saved, body="Laptop"))
    assert conflict.status_code == 409

    merged = edit_data(saved, body="Phone\n\nLaptop", version=2)
    response = client.post(url, merged)

    assert response.status_code == 302
    stored = Entry.objects.get()
    assert (stored.body, stored.version) == ("Phone\n\nLaptop", 3)


def test_the_conflict_page_form_carries_a_fresh_key_that_saves_once(personas, client_for):
    alice = personas["alice"]
    saved = entry(alice, body="First")
    client = client_for(alice)
    url = f"/notes/{saved.key}/edit/"
    client.post(url, edit_data(saved, body="Phone"))
    first_key = uuid.uuid4()
    conflict = page_text(client.post(url, edit_data(saved, body="Laptop", key=first_key)))
    assert f'value="{first_key}"' not in conflict


def test_a_double_submitted_edit_is_no_conflict(personas, client_for):
    alice = personas["alice"]
    saved = entry(alice, body="First")
    client = client_for(alice)
    data = edit_data(saved, body="Second")
    url = f"/notes/{saved.key}/edit/"
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Entry.objects.get().version == 2


def test_an_edit_of_an_entry_deleted_on_another_device_gives_the_words_back(personas, client_for):
    alice = personas["alice"]
    saved = entry(alice, body="First")
    phone, laptop = client_for(alice), client_for(alice)
    data = edit_data(saved, body="Words I don't want to lose")
    phone.post(f"/notes/{saved.key}/delete/")

    response = laptop.post(f"/notes/{saved.key}/edit/", data)

    assert response.status_code == 404
    text = page_text(response)
    assert "Words I don't want to lose" in text and 'action="/notes/new/"' in text


def test_someone_elses_key_gives_the_same_404_and_only_their_own_words(personas, client_for):
    hers = entry(personas["alice"], body="Her secret words")
    data = {"title": "", "body": "Carol's words", "root": "", "version": "1"}
    missing = uuid.uuid4()
    carol = client_for(personas["carol"])

    for_hers = carol.post(f"/notes/{hers.key}/edit/", data | {"submission_key": "a"})
    for_nothing = carol.post(f"/notes/{missing}/edit/", data | {"submission_key": "a"})

    assert for_hers.status_code == for_nothing.status_code == 404
    strip = page_text  # the pages differ only in their per-render CSRF token and form key
    assert "Her secret words" not in strip(for_hers)
    assert "Carol's words" in strip(for_hers)
    assert Entry.objects.get().body == "Her secret words"


def test_thought_records_show_both_versions_too(personas, client_for):
    alice = personas["alice"]
    saved = thought(alice, before=80, after=None)
    client = client_for(alice)
    url = f"/notes/thoughts/{saved.key}/edit/"
    assert client.post(url, thought_edit_data(saved, strength_after="30")).status_code == 302

    response = client.post(url, thought_edit_data(saved, strength_after="50", balanced="Mine"))

    assert response.status_code == 409
    differs = page_text(response).split("What differs", 1)[1].split("Keep yours", 1)[0]
    assert "How strong it was afterwards" in differs and "A more balanced way" in differs
    assert "What makes the thought seem true" not in differs
    text = page_text(response)
    saved_now = [b.split("</div>", 1)[0] for b in text.split('class="conflict-saved">')[1:]]
    yours = [b.split("</div>", 1)[0] for b in text.split('class="conflict-yours">')[1:]]
    assert saved_now == ["<p>Late doesn't mean unfaithful</p>", "<p>30</p>"]
    assert yours == ["<p>Mine</p>", "<p>50</p>"]
    stored = ThoughtRecord.objects.get()
    assert (stored.strength_after, stored.balanced, stored.version) == (
        30,
        "Late doesn't mean unfaithful",
        2,
    )
