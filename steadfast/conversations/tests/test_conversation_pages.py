"""The conversation pages: opening, the live panel, each move by form post, refusals."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from steadfast.conversations.models import Conversation, Status, TimeOut, Turn
from steadfast.couples.actions import unlink

from .conftest import move, open_conversation, page_text, talk_state, turn_data, turn_key_of


@pytest.fixture
def talk(personas):
    return open_conversation(personas["alice"], personas["bob"])


def url(talk, name=""):
    return f"/talk/{talk.key}/{name}"


# --- Opening -------------------------------------------------------------------------


def test_a_linked_person_opens_a_conversation(personas, client_for):
    client = client_for(personas["alice"])
    key = uuid.uuid4()
    response = client.post("/talk/", {"topic": "Money", "submission_key": str(key)})
    talk = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == url(talk)
    assert (talk.owner, talk.partner, talk.topic) == (personas["alice"], personas["bob"], "Money")
    # Sent twice: saved once.
    client.post("/talk/", {"topic": "Money", "submission_key": str(key)})
    assert Conversation.objects.count() == 1
    # Both see it listed; nobody else does.
    assert "Money" in page_text(client.get("/talk/"))
    assert "Money" in page_text(client_for(personas["bob"]).get("/talk/"))
    assert "Money" not in page_text(client_for(personas["carol"]).get("/talk/"))


def test_an_empty_topic_is_refused_with_a_message(personas, client_for):
    response = client_for(personas["alice"]).post(
        "/talk/", {"topic": "  ", "submission_key": str(uuid.uuid4())}
    )
    assert response.status_code == 200
    assert "Write a few words about the topic first." in page_text(response)
    assert not Conversation.objects.exists()


def test_someone_not_linked_cannot_open_one(personas, client_for):
    client = client_for(personas["sam"])
    response = client.post("/talk/", {"topic": "Us", "submission_key": str(uuid.uuid4())})
    assert response.status_code == 200
    assert "Link with your partner first" in page_text(response)
    assert not Conversation.objects.exists()
    assert "same-room mode" in page_text(client.get("/talk/"))


# --- Who may open it -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "live/"])
def test_only_the_two_partners_open_it(personas, client_for, talk, name):
    for person in ("alice", "bob"):
        assert client_for(personas[person]).get(url(talk, name)).status_code == 200
    for person in ("carol", "dan", "sam", "theo", "tina"):
        assert client_for(personas[person]).get(url(talk, name)).status_code == 404


@pytest.mark.parametrize("name", ["turn/", "time-out/", "resume/", "close/"])
def test_moves_are_post_only_and_closed_to_outsiders(personas, client_for, talk, name):
    assert client_for(personas["alice"]).get(url(talk, name)).status_code == 405
    for person in ("carol", "sam", "theo"):
        assert client_for(personas[person]).post(url(talk, name), {}).status_code == 404
    assert client_for(None).post(url(talk, name)).status_code == 302


def test_after_an_unlink_each_keeps_only_their_own_words(personas, client_for, talk):
    alice, bob = personas["alice"], personas["bob"]
    move(talk, alice, "statement", "I feel lonely in the evenings")
    move(talk, bob, "paraphrase", "You feel alone at night")
    unlink(bob)

    for person in (alice, bob):
        assert client_for(person).get(url(talk)).status_code == 404
    alices = page_text(client_for(alice).get("/talk/"))
    assert "I feel lonely in the evenings" in alices and "Evenings" in alices
    assert "You feel alone at night" not in alices
    bobs = page_text(client_for(bob).get("/talk/"))
    assert "You feel alone at night" in bobs
    assert "I feel lonely" not in bobs and "Evenings" not in bobs


# --- Moves by form post --------------------------------------------------------------


def test_a_full_round_through_the_pages(personas, client_for, talk):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])

    page = page_text(alice.get(url(talk)))
    assert "Your turn to speak." in page and "What you want to say" in page
    assert "Alice is speaking. You listen." in page_text(bob.get(url(talk)))

    response = alice.post(url(talk, "turn/"), turn_data(talk, "statement", "I feel lonely."))
    assert response.status_code == 302 and response["Location"] == url(talk)

    page = page_text(bob.get(url(talk)))
    assert "I feel lonely." in page and "What I heard you say is…" in page
    bob.post(url(talk, "turn/"), turn_data(talk, "paraphrase", "You feel lonely."))

    page = page_text(alice.get(url(talk)))
    assert "Bob said back what they heard. Is that it?" in page
    assert "Yes, that's it" in page and "Not quite. What I meant is…" in page
    alice.post(url(talk, "turn/"), turn_data(talk, "confirmation"))

    page = page_text(bob.get(url(talk)))
    assert "Your turn to speak. Alice listens." in page
    assert [t.kind for t in Turn.objects.all()] == ["statement", "paraphrase", "confirmation"]


@pytest.mark.parametrize(
    ("who", "kind", "text", "message"),
    [
        ("alice", "statement", "   ", "Write something first: an empty turn can't be saved."),
        ("bob", "statement", "Me first", "It's your partner's turn to speak."),
        ("alice", "paraphrase", "x", "It isn't time for that"),
        ("alice", "confirmation", "", "It isn't time for that"),
        ("alice", "nonsense", "x", "This page is out of date."),
        ("alice", "statement", "x" * 2001, "Keep it to 2000 characters or fewer"),
    ],
)
def test_bad_moves_are_refused_with_a_message_and_nothing_saved(
    personas, client_for, talk, who, kind, text, message
):
    before = talk_state()
    response = client_for(personas[who]).post(url(talk, "turn/"), turn_data(talk, kind, text))
    assert response.status_code == 200
    assert message in page_text(response)
    assert talk_state() == before


def test_a_paraphrase_by_the_speaker_and_a_confirmation_by_the_listener_are_refused(
    personas, client_for, talk
):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    alice.post(url(talk, "turn/"), turn_data(talk, "statement", "I feel lonely."))
    before = talk_state()
    response = alice.post(url(talk, "turn/"), turn_data(talk, "paraphrase", "I said..."))
    assert "Only the listener says back what they heard." in page_text(response)
    bob.post(url(talk, "turn/"), turn_data(talk, "paraphrase", "You feel lonely."))
    before = talk_state()
    response = bob.post(url(talk, "turn/"), turn_data(talk, "confirmation"))
    assert "Only the speaker can say whether the paraphrase got it right." in page_text(response)
    assert talk_state() == before


def test_a_refused_turn_keeps_the_draft_in_the_box(personas, client_for, talk):
    alice = client_for(personas["alice"])
    data = turn_data(talk, "statement", "My careful words", step=7)
    response = alice.post(url(talk, "turn/"), data)
    page = page_text(response)
    assert "the conversation has moved on" in page
    assert ">My careful words</textarea>" in page
    assert not Turn.objects.exists()


def test_concurrent_posts_one_wins_the_other_is_told(personas, client_for, talk):
    """Both pages were shown at step 0: Alice speaks, Bob (on the old page) takes a time-out."""
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    bobs_time_out = {"step": "0", "return_at": _local(timezone.now() + timedelta(hours=1))}
    alice.post(url(talk, "turn/"), turn_data(talk, "statement", "I feel lonely."))
    response = bob.post(url(talk, "time-out/"), bobs_time_out)
    assert response.status_code == 200
    assert "the conversation has moved on" in page_text(response)
    talk.refresh_from_db()
    assert (talk.status, TimeOut.objects.count(), Turn.objects.count()) == (Status.OPEN, 0, 1)


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# --- Time-out, resume, close ----------------------------------------------------------


def test_a_time_out_with_a_return_time_in_the_persons_own_zone(personas, client_for, talk):
    bob = personas["bob"]
    bob.time_zone = "Pacific/Auckland"
    bob.save()
    with time_machine.travel("2026-11-27T06:00:00Z", tick=False):  # 19:00 in Auckland
        response = client_for(bob).post(
            url(talk, "time-out/"), {"step": "0", "return_at": "2026-11-27T19:30"}
        )
        assert response.status_code == 302
        time_out = TimeOut.objects.get()
        assert time_out.return_at.isoformat() == "2026-11-27T06:30:00+00:00"
        page = page_text(client_for(bob).get(url(talk)))
        assert "Friday 27 November at 19:30" in page
        assert "Stopping was a good call" in page
        page = page_text(client_for(personas["alice"]).get(url(talk)))
        assert "Friday 27 November at 06:30" in page  # Alice's zone: the site's (UTC)


@pytest.mark.parametrize(
    ("return_at", "message"),
    [
        ("2026-11-27T08:59", "Choose a time that is still to come"),
        ("2026-11-28T09:01", "Choose a time within the next 24 hours"),
        ("", "Choose when you will come back to the conversation."),
        ("tomorrow-ish", "Enter a date and time such as"),
    ],
)
def test_a_return_time_in_the_past_or_too_far_ahead_is_refused(
    personas, client_for, talk, return_at, message
):
    with time_machine.travel("2026-11-27T09:00:00Z", tick=False):
        before = talk_state()
        response = client_for(personas["bob"]).post(
            url(talk, "time-out/"), {"step": "0", "return_at": return_at}
        )
    assert response.status_code == 200
    assert message in page_text(response)
    assert talk_state() == before


def test_resume_and_close_through_the_pages(personas, client_for, talk):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    later = _local(timezone.now() + timedelta(hours=2))
    bob.post(url(talk, "time-out/"), {"step": "0", "return_at": later})
    response = alice.post(url(talk, "turn/"), turn_data(talk, "statement", "Still here"))
    assert "The conversation is on a time-out." in page_text(response)

    response = alice.post(url(talk, "resume/"), {"step": "1"})
    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.status == Status.OPEN

    response = bob.post(url(talk, "close/"), {"step": "2"})
    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.status == Status.CLOSED
    assert "This conversation is closed." in page_text(alice.get(url(talk)))

    response = alice.post(url(talk, "resume/"), {"step": "3"})
    assert "This conversation is closed." in page_text(response)
    response = alice.post(url(talk, "close/"), {})
    assert response.status_code == 200 and "This page is out of date." in page_text(response)


# --- The live panel --------------------------------------------------------------------


def test_the_panel_answers_204_until_something_changes(personas, client_for, talk):
    bob = client_for(personas["bob"])
    response = bob.get(url(talk, "live/"), {"step": "0"}, headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.content == b""

    move(talk, personas["alice"], "statement", "I feel lonely.")
    response = bob.get(url(talk, "live/"), {"step": "0"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = page_text(response)
    assert "I feel lonely." in page and "live/?step=1&since=" in page
    assert 'hx-swap-oob="innerHTML"' in page  # the status line for screen readers
    assert "<html" not in page


def test_live_updates_stop_after_twenty_minutes(personas, client_for, talk):
    bob = client_for(personas["bob"])
    long_ago = int(timezone.now().timestamp()) - 21 * 60
    response = bob.get(url(talk, "live/"), {"step": "9", "since": str(long_ago)})
    assert response.status_code == 286
    assert "Live updates stopped" in page_text(response)
    assert bob.get(url(talk, "live/"), {"since": "x"}).status_code == 200


def test_the_page_loads_htmx_from_this_site_with_safe_settings(personas, client_for, talk):
    page = page_text(client_for(personas["alice"]).get(url(talk)))
    assert '<script src="/static/steadfast/vendor/htmx.min.js" defer></script>' in page
    assert '"allowEval":false' in page and '"historyCacheSize":0' in page
    assert 'hx-trigger="every 15s"' in page  # her own move: only a pause can come
    assert 'hx-trigger="every 3s"' in page_text(client_for(personas["bob"]).get(url(talk)))
    assert "<script>" not in page and " on" + "click=" not in page


def test_the_speakers_form_carries_one_key_and_the_coach_wiring(personas, client_for, talk):
    response = client_for(personas["alice"]).get(url(talk))
    assert turn_key_of(response)
    page = page_text(response)
    assert 'hx-post="/talk/coach/"' in page and "keyup changed delay:400ms" in page
