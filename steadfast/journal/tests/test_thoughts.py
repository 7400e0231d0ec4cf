"""Thought records (/notes/thoughts/...): write one, review them with before and after
strengths and how much the feeling eased; bad input refused, nothing saved."""

import pytest

from steadfast.journal import forms
from steadfast.journal.models import THOUGHT_TEXT_MAX_LENGTH, ThoughtRecord

from .conftest import journal_state, page_text, submission_key_of, thought, thought_data

pytestmark = pytest.mark.django_db


def test_the_page_explains_why_checking_feeds_jealousy_and_offers_a_record(personas, client_for):
    response = client_for(personas["alice"]).get("/notes/thoughts/")
    text = page_text(response)
    assert response.status_code == 200 and "<title>Thought records ·" in text
    assert "Why checking doesn't calm it" in text
    assert "never offer a way to check up on a partner" in text
    assert 'href="/notes/thoughts/new/"' in text
    assert "You haven't written one yet." in text


def test_the_form_asks_each_step_with_its_limits(personas, client_for):
    response = client_for(personas["alice"]).get("/notes/thoughts/new/")
    text = page_text(response)
    for label in (
        "What happened?",
        "What went through your mind?",
        "What did you feel?",
        "How strong was the feeling then? (0 to 100)",
        "What makes the thought seem true?",
        "What doesn't fit with it?",
        "A more balanced way to see it",
        "How strong is the feeling now? (0 to 100, optional)",
    ):
        assert f">{label}</label>" in text, label
    assert f"Up to {THOUGHT_TEXT_MAX_LENGTH:,} characters." in text
    submission_key_of(response)


def test_a_record_is_saved_private_and_shown(personas, client_for):
    alice = personas["alice"]
    client = client_for(alice)

    response = client.post("/notes/thoughts/new/", thought_data())

    saved = ThoughtRecord.objects.get(owner=alice)
    assert response["Location"] == f"/notes/thoughts/{saved.key}/"
    assert (saved.strength_before, saved.strength_after, saved.audience) == (85, 35, "private")
    text = page_text(client.get(response["Location"]))
    assert "Saved. Only you can see it." in text
    assert "She can enjoy a friend's joke and still choose me" in text
    assert "85 out of 100" in text and "35 out of 100" in text


def test_the_feeling_afterwards_may_be_left_for_later(personas, client_for):
    client = client_for(personas["alice"])
    client.post("/notes/thoughts/new/", thought_data(strength_after="", balanced=""))
    saved = ThoughtRecord.objects.get()
    assert saved.strength_after is None
    assert "Not noted yet" in page_text(client.get(f"/notes/thoughts/{saved.key}/"))


def test_the_review_lists_before_and_after_and_how_much_it_eased(personas, client_for):
    alice = personas["alice"]
    thought(alice, situation="Party", before=80, after=40)
    thought(alice, situation="Message", before=60, after=50)
    thought(alice, situation="Late night", before=90, after=None)
    thought(personas["bob"], situation="His own", before=10, after=90)

    text = page_text(client_for(alice).get("/notes/thoughts/"))

    assert "80 before, 40 afterwards" in text and "90 before, afterwards not noted" in text
    assert "His own" not in text
    trend = text.split('class="trajectory thought-trend"', 1)[1].split("</table>", 1)[0]
    # (80 + 60) / 2 = 70 before, (40 + 50) / 2 = 45 after, eased (40 + 10) / 2 = 25
    assert "<td>2</td><td>70.0</td><td>45.0</td><td>eased by 25 points</td>" in trend


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"situation": ""}, "Write a few words about what happened."),
        ({"thought": "   "}, "Write the thought that came to you"),
        ({"strength_before": ""}, forms.STRENGTH_RANGE),
        ({"strength_before": "101"}, forms.STRENGTH_RANGE),
        ({"strength_before": "-1"}, forms.STRENGTH_RANGE),
        ({"strength_after": "lots"}, forms.STRENGTH_RANGE),
        ({"balanced": "b" * (THOUGHT_TEXT_MAX_LENGTH + 1)}, "5,001 characters long"),
        ({"feeling": "f" * 201}, "201 characters long; it can hold up to 200"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    personas, client_for, changes, message
):
    response = client_for(personas["alice"]).post("/notes/thoughts/new/", thought_data(**changes))
    assert response.status_code == 200
    text = page_text(response)
    assert message in text and "Nothing is saved yet" in text
    assert journal_state() == ([], [])


def test_an_empty_form_is_refused(personas, client_for):
    response = client_for(personas["alice"]).post("/notes/thoughts/new/", {})
    assert response.status_code == 200 and journal_state() == ([], [])


def test_a_double_submit_saves_once(personas, client_for):
    client = client_for(personas["alice"])
    data = thought_data()
    assert client.post("/notes/thoughts/new/", data).status_code == 302
    assert client.post("/notes/thoughts/new/", data).status_code == 302
    assert ThoughtRecord.objects.count() == 1


def test_the_owner_edits_fills_in_the_afterwards_and_deletes(personas, client_for):
    alice = personas["alice"]
    saved = thought(alice, after=None)
    client = client_for(alice)
    page = client.get(f"/notes/thoughts/{saved.key}/edit/")
    assert 'name="version" value="1"' in page_text(page)
    data = thought_data(strength_before="80", strength_after="20") | {
        "version": "1",
        "submission_key": submission_key_of(page),
    }
    response = client.post(f"/notes/thoughts/{saved.key}/edit/", data)
    assert response.status_code == 302
    stored = ThoughtRecord.objects.get()
    assert (stored.strength_after, stored.version) == (20, 2)

    assert "can't be undone" in page_text(client.get(f"/notes/thoughts/{saved.key}/delete/"))
    response = client.post(f"/notes/thoughts/{saved.key}/delete/")
    assert response["Location"] == "/notes/thoughts/" and not ThoughtRecord.objects.exists()


def test_the_owner_shares_one_with_a_therapist_and_it_stays_hidden_from_the_partner(
    personas, client_for
):
    alice = personas["alice"]
    saved = thought(alice)
    response = client_for(alice).post(
        f"/notes/thoughts/{saved.key}/share/", {"audience": "therapist"}
    )
    assert response.status_code == 302
    assert ThoughtRecord.objects.get().audience == "therapist"
    assert client_for(personas["bob"]).get(f"/notes/thoughts/{saved.key}/").status_code == 404
    # No therapist grants exist yet: the therapist sees nothing either.
    assert client_for(personas["theo"]).get(f"/notes/thoughts/{saved.key}/").status_code == 404


def test_the_partner_reads_a_shared_record_without_controls(personas, client_for):
    saved = thought(personas["alice"], audience="partner")
    text = page_text(client_for(personas["bob"]).get(f"/notes/thoughts/{saved.key}/"))
    assert "Alice shared this with you." in text and "their mind" in text
    assert "/edit/" not in text and "/delete/" not in text and "/share/" not in text
