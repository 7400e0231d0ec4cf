"""The speaker-listener state machine, its refusals, and the storage of what is said."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from steadfast.conversations import actions
from steadfast.conversations.models import Conversation, Phase, Status, Turn
from steadfast.couples.actions import unlink

from .conftest import move, one_full_round, open_conversation, talk_state


@pytest.fixture
def talk(personas):
    return open_conversation(personas["alice"], personas["bob"])


def test_the_opener_speaks_first_and_the_topic_is_sealed(personas, talk):
    assert talk.speaker_id == personas["alice"].pk
    assert (talk.phase, talk.status, talk.step) == (Phase.SPEAKING, Status.OPEN, 0)
    assert talk.audience == "partner"
    with connection.cursor() as cursor:
        cursor.execute("SELECT topic FROM conversations_conversation WHERE id = %s", [talk.pk])
        stored = cursor.fetchone()[0]
    assert "Evenings" not in stored
    assert Conversation.objects.get(pk=talk.pk).topic == "Evenings"


def test_say_paraphrase_confirm_passes_the_floor(personas, talk):
    alice, bob = personas["alice"], personas["bob"]

    one_full_round(talk, alice, bob)

    talk.refresh_from_db()
    assert (talk.speaker_id, talk.phase, talk.step) == (bob.pk, Phase.SPEAKING, 3)
    turns = list(Turn.objects.filter(conversation=talk))
    assert [(t.owner_id, t.kind, t.number) for t in turns] == [
        (alice.pk, "statement", 1),
        (bob.pk, "paraphrase", 2),
        (alice.pk, "confirmation", 3),
    ]
    assert turns[1].text == "You feel alone when evenings go quiet."
    assert all(t.audience == "partner" for t in turns)


def test_turns_are_sealed_with_the_writers_key(personas, talk):
    alice, bob = personas["alice"], personas["bob"]
    move(talk, alice, "statement", "I feel lonely")
    move(talk, bob, "paraphrase", "You feel lonely")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM conversations_turn ORDER BY number")
        stored = [row[0] for row in cursor.fetchall()]
    assert not any("lonely" in value for value in stored)
    # A ciphertext moved to the other person's row does not open.
    first, second = Turn.objects.order_by("number")
    Turn.objects.filter(pk=second.pk).update(text=stored[0])
    with pytest.raises(Exception):  # noqa: B017 (DecryptionError, raised on reading)
        Turn.objects.get(pk=second.pk).text  # noqa: B018


def test_a_clarification_sends_the_listener_back_to_paraphrase(personas, talk):
    alice, bob = personas["alice"], personas["bob"]
    move(talk, alice, "statement", "I feel lonely in the evenings.")
    move(talk, bob, "paraphrase", "You want to go out more.")
    move(talk, alice, "clarification", "Not out: I want us to talk.")
    talk.refresh_from_db()
    assert (talk.phase, talk.speaker_id) == (Phase.PARAPHRASING, alice.pk)
    move(talk, bob, "paraphrase", "You'd like us to talk in the evenings.")
    move(talk, alice, "confirmation")
    talk.refresh_from_db()
    assert (talk.phase, talk.speaker_id) == (Phase.SPEAKING, bob.pk)


@pytest.mark.parametrize(
    ("setup", "who", "kind", "message"),
    [
        ([], "bob", "statement", actions.ONLY_SPEAKER_SPEAKS),
        ([], "alice", "paraphrase", actions.EXPECTED_NOW[Phase.SPEAKING]),
        ([("alice", "statement")], "alice", "paraphrase", actions.ONLY_LISTENER_PARAPHRASES),
        ([("alice", "statement")], "alice", "statement", actions.EXPECTED_NOW["paraphrasing"]),
        ([("alice", "statement")], "alice", "confirmation", actions.EXPECTED_NOW["paraphrasing"]),
        (
            [("alice", "statement"), ("bob", "paraphrase")],
            "bob",
            "confirmation",
            actions.ONLY_SPEAKER_CONFIRMS,
        ),
        (
            [("alice", "statement"), ("bob", "paraphrase")],
            "bob",
            "clarification",
            actions.ONLY_SPEAKER_CONFIRMS,
        ),
    ],
)
def test_moves_out_of_order_or_by_the_wrong_person_are_refused(
    personas, talk, setup, who, kind, message
):
    for name, done_kind in setup:
        move(talk, personas[name], done_kind, "words")
    before = talk_state()

    with pytest.raises(actions.Refused) as refusal:
        move(talk, personas[who], kind, "words")

    assert str(refusal.value) == message
    assert talk_state() == before


def test_a_stale_step_is_refused_and_nothing_saved(personas, talk):
    alice = personas["alice"]
    before = talk_state()
    with pytest.raises(actions.Refused, match="moved on"):
        actions.take_turn(
            talk, alice, kind="statement", text="Hi", step=5, submission_key=uuid.uuid4()
        )
    assert talk_state() == before


def test_of_two_moves_at_the_same_step_exactly_one_is_saved(personas, talk):
    """Both partners acted on the page at step 0: Alice says something, Bob takes a
    time-out. Whichever is written first wins; the other is refused, with nothing saved."""
    alice, bob = personas["alice"], personas["bob"]
    alices_copy = Conversation.objects.get(pk=talk.pk)
    bobs_copy = Conversation.objects.get(pk=talk.pk)

    actions.take_turn(
        alices_copy, alice, kind="statement", text="First", step=0, submission_key=uuid.uuid4()
    )
    with pytest.raises(actions.Refused) as refusal:
        actions.take_time_out(bobs_copy, bob, return_at=timezone.now() + timedelta(hours=1), step=0)

    assert str(refusal.value) == actions.MOVED_ON
    talk.refresh_from_db()
    assert (talk.status, talk.step, talk.time_outs.count()) == (Status.OPEN, 1, 0)


def test_a_race_past_the_checks_is_settled_by_the_conditional_update(personas, talk):
    """Two copies loaded at step 0 both pass the checks; the database takes one."""
    alice = personas["alice"]
    first = Conversation.objects.get(pk=talk.pk)
    second = Conversation.objects.get(pk=talk.pk)
    actions.take_turn(
        first, alice, kind="statement", text="One", step=0, submission_key=uuid.uuid4()
    )
    second.step = 0  # as loaded before the first write
    with pytest.raises(actions.Refused, match="moved on"):
        actions.take_turn(
            second, alice, kind="statement", text="Two", step=0, submission_key=uuid.uuid4()
        )
    assert list(Turn.objects.values_list("number", flat=True)) == [1]


def test_the_same_form_sent_twice_saves_once(personas, talk):
    alice = personas["alice"]
    key = uuid.uuid4()
    first = actions.take_turn(talk, alice, kind="statement", text="Hi", step=0, submission_key=key)
    again = actions.take_turn(talk, alice, kind="statement", text="Hi", step=0, submission_key=key)
    assert first.pk == again.pk
    assert Turn.objects.count() == 1


def test_time_out_pauses_resume_reopens_and_close_ends(personas, talk):
    alice, bob = personas["alice"], personas["bob"]
    back = timezone.now() + timedelta(minutes=30)
    actions.take_time_out(talk, bob, return_at=back, step=0)
    talk.refresh_from_db()
    assert talk.status == Status.PAUSED
    assert actions.current_time_out(talk).return_at == back

    with pytest.raises(actions.Refused, match="time-out"):
        move(talk, alice, "statement", "Hello?")

    actions.resume(talk, alice, step=talk.step)
    talk.refresh_from_db()
    assert talk.status == Status.OPEN and actions.current_time_out(talk) is None
    with pytest.raises(actions.Refused):
        actions.resume(talk, alice, step=talk.step)

    actions.close(talk, bob, step=talk.step)
    talk.refresh_from_db()
    assert talk.status == Status.CLOSED
    with pytest.raises(actions.Refused, match="closed"):
        move(talk, alice, "statement", "Hello?")
    actions.close(talk, bob, step=talk.step)  # closing twice is not an error


def test_unlinking_detaches_the_conversation_but_keeps_its_words(personas, talk):
    alice = personas["alice"]
    move(talk, alice, "statement", "I feel lonely")
    unlink(personas["bob"])
    talk.refresh_from_db()
    assert talk.couple_id is None
    assert Turn.objects.get(conversation=talk).text == "I feel lonely"
