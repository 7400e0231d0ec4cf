"""The journal pages (/notes/...): write (from a question or not), list, read, edit, delete.
Bad input is refused with a clear message and nothing saved."""

import uuid

import pytest
from django.urls import reverse

from steadfast.checkins.forms import FORM_KEY_LOST
from steadfast.journal import forms
from steadfast.journal.models import BODY_MAX_LENGTH, Entry
from steadfast.journal.prompts import BY_KEY

from .conftest import entry, entry_data, journal_state, page_text, submission_key_of

pytestmark = pytest.mark.django_db


def test_the_list_page_offers_writing_and_search(personas, client_for):
    response = client_for(personas["alice"]).get("/notes/")
    text = page_text(response)
    assert response.status_code == 200
    assert "<title>Notes ·" in text
    assert "You haven't written anything yet." in text
    assert 'href="/notes/new/"' in text and 'name="q"' in text and 'name="root"' in text


def test_the_home_page_links_to_the_journal_and_thought_records(personas, client_for):
    text = page_text(client_for(personas["sam"]).get(reverse("core:home")))
    assert 'href="/notes/"' in text and 'href="/notes/thoughts/"' in text


def test_the_new_page_offers_questions_for_every_root(personas, client_for):
    response = client_for(personas["alice"]).get("/notes/new/")
    text = page_text(response)
    for key in BY_KEY:
        assert f"/notes/new/?prompt={key}" in text
    assert f"Up to {BODY_MAX_LENGTH:,} characters" in text
    assert 'maxlength="20000"' not in text  # refused with a message, never cut by the browser
    submission_key_of(response)


def test_writing_from_a_question_keeps_the_question_and_its_root(personas, client_for):
    alice = personas["alice"]
    client = client_for(alice)
    prompt = BY_KEY["old_hurt-1"]

    page = client.get("/notes/new/", {"prompt": prompt.key})
    assert prompt.text in page_text(page)
    assert 'value="old_hurt" selected' in page_text(page)
    response = client.post(
        "/notes/new/", entry_data(body="It began long ago", root="old_hurt", prompt=prompt.key)
    )

    saved = Entry.objects.get(owner=alice)
    assert response.status_code == 302 and response["Location"] == f"/notes/{saved.key}/"
    assert (saved.body, saved.root, saved.prompt, saved.audience) == (
        "It began long ago",
        "old_hurt",
        prompt.text,
        "private",
    )
    text = page_text(client.get(response["Location"]))
    assert "Saved. Only you can see it." in text
    assert prompt.text in text and "It began long ago" in text


def test_an_unknown_question_key_is_just_no_question(personas, client_for):
    client = client_for(personas["alice"])
    assert client.get("/notes/new/", {"prompt": "nope"}).status_code == 200
    client.post("/notes/new/", entry_data(body="Free", prompt="<script>"))
    assert Entry.objects.get().prompt == ""


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_an_empty_entry_is_refused_and_nothing_saved(personas, client_for, body):
    response = client_for(personas["alice"]).post("/notes/new/", entry_data(body=body))
    assert response.status_code == 200
    assert forms.EMPTY_ENTRY in page_text(response)
    assert "Nothing is saved yet" in page_text(response)
    assert journal_state() == ([], [])


def test_a_too_long_entry_is_refused_with_its_length_and_kept_in_the_form(personas, client_for):
    body = "x" * (BODY_MAX_LENGTH + 1)
    response = client_for(personas["alice"]).post("/notes/new/", entry_data(body=body))
    text = page_text(response)
    assert response.status_code == 200
    assert forms.too_long(BODY_MAX_LENGTH + 1, BODY_MAX_LENGTH) in text
    assert "20,001 characters long; it can hold up to 20,000" in text
    assert body in text  # nothing lost: the words stay in the form
    assert journal_state() == ([], [])


def test_an_entry_at_the_limit_is_saved_and_line_breaks_count_once(personas, client_for):
    body = ("a" * 99 + "\r\n") * 200  # 100 characters a line once \r\n becomes \n
    client_for(personas["alice"]).post("/notes/new/", entry_data(body=body.strip()))
    assert len(Entry.objects.get().body) == BODY_MAX_LENGTH - 1


def test_a_too_long_title_is_refused(personas, client_for):
    response = client_for(personas["alice"]).post(
        "/notes/new/", entry_data(title="t" * 201, body="fine")
    )
    assert "201 characters long; it can hold up to 200" in page_text(response)
    assert not Entry.objects.exists()


def test_a_double_submit_saves_once(personas, client_for):
    client = client_for(personas["alice"])
    data = entry_data(body="Once only")
    first = client.post("/notes/new/", data)
    second = client.post("/notes/new/", data)
    assert Entry.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_lost_form_key_is_refused_and_renewed(personas, client_for):
    data = entry_data(body="Keep me") | {"submission_key": "mangled"}
    response = client_for(personas["alice"]).post("/notes/new/", data)
    assert response.status_code == 200 and not Entry.objects.exists()
    assert "Keep me" in page_text(response)
    assert submission_key_of(response) != "mangled"


def test_a_tampered_root_is_refused(personas, client_for):
    response = client_for(personas["alice"]).post(
        "/notes/new/", entry_data(body="b", root="everything")
    )
    assert forms.CHOOSE_ONE in page_text(response) and not Entry.objects.exists()


def test_the_list_shows_own_entries_newest_first_and_filters_by_root(personas, client_for):
    alice = personas["alice"]
    entry(alice, title="Older", root="secrets")
    entry(alice, title="Newer", root="old_hurt")
    entry(personas["bob"], title="His own", root="secrets")
    client = client_for(alice)

    text = page_text(client.get("/notes/"))
    assert text.index("Newer") < text.index("Older") and "His own" not in text
    text = page_text(client.get("/notes/", {"root": "secrets"}))
    assert "Older" in text and "Newer" not in text and "1 entry matches" in text
    assert client.get("/notes/", {"root": "nonsense", "page": "x"}).status_code == 200


def test_the_list_pages_through_many_entries(personas, client_for):
    alice = personas["alice"]
    for n in range(55):
        entry(alice, title=f"Entry {n:02}")
    client = client_for(alice)
    text = page_text(client.get("/notes/"))
    assert "Entry 54" in text and "Entry 04" not in text and "Page 1 of 2" in text
    text = page_text(client.get("/notes/", {"page": "2"}))
    assert "Entry 04" in text and "Entry 54" not in text


def test_the_list_costs_the_same_queries_for_few_or_many(
    personas, client_for, django_assert_max_num_queries
):
    alice = personas["alice"]
    client = client_for(alice)
    entry(alice)
    client.get("/notes/")
    for _ in range(20):
        entry(alice)
    with django_assert_max_num_queries(12):
        client.get("/notes/")


def test_the_owner_reads_edits_and_the_version_moves_on(personas, client_for):
    alice = personas["alice"]
    saved = entry(alice, title="Before", body="Old words", root="secrets")
    client = client_for(alice)

    page = client.get(f"/notes/{saved.key}/edit/")
    text = page_text(page)
    assert 'name="version" value="1"' in text and "Old words" in text
    response = client.post(
        f"/notes/{saved.key}/edit/",
        {
            "title": "After",
            "body": "New words",
            "root": "secrets",
            "version": "1",
            "submission_key": submission_key_of(page),
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/notes/{saved.key}/"
    stored = Entry.objects.get()
    assert (stored.title, stored.body, stored.version) == ("After", "New words", 2)


def test_an_empty_edit_is_refused_and_nothing_changes(personas, client_for):
    saved = entry(personas["alice"], body="Keep")
    before = journal_state()
    response = client_for(personas["alice"]).post(
        f"/notes/{saved.key}/edit/",
        {"title": "", "body": "", "root": "", "version": "1", "submission_key": "x"},
    )
    assert response.status_code == 200 and forms.EMPTY_ENTRY in page_text(response)
    assert journal_state() == before


@pytest.mark.parametrize("version", [None, "", "abc", "-4"])
def test_an_edit_that_lost_its_version_is_shown_beside_the_saved_one(personas, client_for, version):
    saved = entry(personas["alice"], body="Keep")
    data = {"body": "Changed", "root": "", "submission_key": str(uuid.uuid4())}
    if version is not None:
        data["version"] = version
    response = client_for(personas["alice"]).post(f"/notes/{saved.key}/edit/", data)
    assert response.status_code == 409
    assert "Keep" in page_text(response) and "Changed" in page_text(response)
    assert Entry.objects.get().body == "Keep"


def test_an_edit_with_a_mangled_form_key_says_so_and_saves_nothing(personas, client_for):
    saved = entry(personas["alice"], body="Keep")
    response = client_for(personas["alice"]).post(
        f"/notes/{saved.key}/edit/",
        {"body": "Changed", "root": "", "version": "1", "submission_key": "x"},
    )
    assert response.status_code == 200
    assert FORM_KEY_LOST in page_text(response) and "Changed" in page_text(response)
    assert Entry.objects.get().body == "Keep"


def test_delete_asks_first_then_deletes(personas, client_for):
    saved = entry(personas["alice"])
    client = client_for(personas["alice"])
    page = page_text(client.get(f"/notes/{saved.key}/delete/"))
    assert "can't be undone" in page
    assert Entry.objects.exists()
    response = client.post(f"/notes/{saved.key}/delete/")
    assert response.status_code == 302 and response["Location"] == "/notes/"
    assert not Entry.objects.exists()
    assert "The entry is deleted." in page_text(client.get("/notes/"))


@pytest.mark.parametrize("who", ["bob", "carol", "sam", "theo", "tina"])
@pytest.mark.parametrize("page", ["edit/", "delete/"])
def test_only_the_owner_edits_or_deletes_even_a_shared_entry(personas, client_for, who, page):
    saved = entry(personas["alice"], body="Hers", audience="partner+therapist")
    before = journal_state()
    client = client_for(personas[who])
    assert client.get(f"/notes/{saved.key}/{page}").status_code == 404
    data = {"body": "Overwritten", "version": "1", "submission_key": "x"}
    response = client.post(f"/notes/{saved.key}/{page}", data)
    assert response.status_code == 404
    assert "Hers" not in page_text(response)
    assert journal_state() == before


@pytest.mark.parametrize("method", ["put", "delete"])
def test_wrong_methods_are_refused(personas, client_for, method):
    saved = entry(personas["alice"])
    client = client_for(personas["alice"])
    for url in ("/notes/", "/notes/new/", f"/notes/{saved.key}/", f"/notes/{saved.key}/edit/"):
        assert getattr(client, method)(url).status_code == 405


def test_a_therapist_account_gets_404_everywhere(personas, client_for):
    saved = entry(personas["alice"], audience="therapist")
    client = client_for(personas["theo"])
    for url in ("/notes/", "/notes/new/", "/notes/shared/", f"/notes/{saved.key}/"):
        assert client.get(url).status_code == 404
