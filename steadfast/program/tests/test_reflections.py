"""A reflection: private and encrypted, optional, limited, saved once, and never lost to
an edit on another device."""

import uuid

import pytest
from django.db import connection

from steadfast.core import crypto
from steadfast.program import actions
from steadfast.program.forms import EMPTY_REFLECTION
from steadfast.program.models import REFLECTION_MAX_LENGTH, Progress, State

from .helpers import page_text, progress, reflection_data, submission_key_of

pytestmark = pytest.mark.django_db


def test_a_reflection_is_saved_privately_and_the_module_is_started(personas, client_for):
    sam = personas["sam"]
    client = client_for(sam)
    response = client.post("/way/1a/", reflection_data("An old hurt, I think"))
    assert response.status_code == 302 and response["Location"] == "/way/1a/"
    row = Progress.objects.get(owner=sam)
    assert (row.reflection, row.state, row.audience, row.version) == (
        "An old hurt, I think",
        State.STARTED,
        "private",
        1,
    )
    text = page_text(client.get("/way/1a/"))
    assert "Your reflection is saved. Only you can read it." in text
    assert "An old hurt, I think" in text


def test_the_reflection_is_ciphertext_in_the_database(personas):
    row = progress(personas["sam"], reflection="My mother left when I was nine")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reflection FROM program_progress WHERE id = %s", [row.pk])
        (stored,) = cursor.fetchone()
    assert crypto.is_token(stored)
    assert "mother" not in stored
    assert Progress.objects.get(pk=row.pk).reflection == "My mother left when I was nine"


def test_an_empty_reflection_is_not_saved_and_says_so(personas, client_for):
    client = client_for(personas["sam"])
    response = client.post("/way/1a/", reflection_data("   \n "))
    assert response.status_code == 200
    assert EMPTY_REFLECTION in page_text(response)
    assert not Progress.objects.exists()


def test_a_too_long_reflection_is_refused_with_its_length_and_kept_in_the_form(
    personas, client_for
):
    words = "x" * (REFLECTION_MAX_LENGTH + 1)
    response = client_for(personas["sam"]).post("/way/1a/", reflection_data(words))
    text = page_text(response)
    assert response.status_code == 200
    assert "This is 5,001 characters long; a reflection can hold up to 5,000." in text
    assert words in text
    assert not Progress.objects.exists()


def test_exactly_the_limit_is_fine_and_line_breaks_count_once(personas, client_for):
    words = "a\r\n" * (REFLECTION_MAX_LENGTH // 2 - 1) + "ab"
    response = client_for(personas["sam"]).post("/way/1a/", reflection_data(words))
    assert response.status_code == 302
    assert len(Progress.objects.get().reflection) == REFLECTION_MAX_LENGTH


def test_a_double_submit_saves_once(personas, client_for):
    sam = personas["sam"]
    client = client_for(sam)
    page = client.get("/way/2a/")
    data = reflection_data("I'm afraid to ask", key=submission_key_of(page))
    assert client.post("/way/2a/", data).status_code == 302
    assert client.post("/way/2a/", data).status_code == 302
    row = Progress.objects.get(owner=sam)
    assert (row.reflection, row.version) == ("I'm afraid to ask", 1)


def test_a_lost_form_key_saves_nothing_and_gets_a_new_one(personas, client_for):
    data = reflection_data("Words")
    data["submission_key"] = "not-a-key"
    response = client_for(personas["sam"]).post("/way/1a/", data)
    assert response.status_code == 200
    assert "lost its one-time key" in page_text(response)
    assert submission_key_of(response) != "not-a-key"
    assert not Progress.objects.exists()


def test_an_edit_from_two_devices_shows_both_and_saves_nothing(personas, client_for):
    sam = personas["sam"]
    client = client_for(sam)
    client.post("/way/1a/", reflection_data("First thoughts"))
    # Two devices open the page at version 1; the phone saves first.
    client.post("/way/1a/", reflection_data("From the phone", version=1))
    response = client.post("/way/1a/", reflection_data("From the laptop", version=1))
    text = page_text(response)
    assert response.status_code == 409
    assert "From the phone" in text and "From the laptop" in text
    assert Progress.objects.get(owner=sam).reflection == "From the phone"
    # Keeping the laptop's words: the conflict page's form carries the newer version.
    assert 'name="version" value="2"' in text
    key = submission_key_of(response)
    again = client.post("/way/1a/", reflection_data("From the laptop", version=2, key=key))
    assert again.status_code == 302
    row = Progress.objects.get(owner=sam)
    assert (row.reflection, row.version) == ("From the laptop", 3)


def test_the_same_words_from_a_stale_page_are_no_conflict(personas, client_for):
    client = client_for(personas["sam"])
    client.post("/way/1a/", reflection_data("Same"))
    assert client.post("/way/1a/", reflection_data("Same", version=0)).status_code == 302
    assert Progress.objects.get().version == 1


def test_a_started_module_without_a_reflection_is_no_conflict(personas, client_for):
    sam = personas["sam"]
    client = client_for(sam)
    page = client.get("/way/1a/")  # version 0
    client.post("/way/1a/progress/", {"state": "done"})  # from another device
    data = reflection_data("Later words", key=submission_key_of(page))
    assert client.post("/way/1a/", data).status_code == 302
    row = Progress.objects.get(owner=sam)
    assert (row.state, row.reflection) == (State.DONE, "Later words")


def test_removing_a_reflection_makes_it_private_again(personas, client_for):
    sam = personas["sam"]
    row = progress(sam, reflection="To remove", audience="partner", version=1)
    client = client_for(sam)
    response = client.post("/way/1a/", reflection_data("", version=1, action="remove"))
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.reflection, row.audience, row.version) == ("", "private", 2)
    assert "Your reflection is removed." in page_text(client.get("/way/1a/"))


def test_the_action_refuses_a_stale_version_under_the_lock(personas):
    sam = personas["sam"]
    actions.save_reflection(sam, "1a", text="One", version=0, submission_key=uuid.uuid4())
    with pytest.raises(actions.Conflict) as raised:
        actions.save_reflection(sam, "1a", text="Two", version=0, submission_key=uuid.uuid4())
    assert raised.value.current.reflection == "One"
    with pytest.raises(actions.Conflict):
        actions.save_reflection(sam, "1a", text="Two", version=None, submission_key=uuid.uuid4())
