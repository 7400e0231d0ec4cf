"""Helpers shared by the conversation and exercise tests."""

import re
import uuid

from steadfast.conversations import actions
from steadfast.conversations.access import current_couple_id
from steadfast.conversations.models import (
    Conversation,
    ExerciseAnswer,
    ExerciseFinish,
    TimeOut,
    Turn,
)
from steadfast.core.testing import page_text, rows  # noqa: F401  (re-exported to the tests)


def couple_id_of(person):
    return current_couple_id(type(person).objects.get(pk=person.pk))


def open_conversation(opener, partner, topic="Evenings"):
    return actions.open_conversation(
        opener, partner, couple_id_of(opener), topic=topic, submission_key=uuid.uuid4()
    )


def turn_data(conversation, kind, text="", *, step=None, key=None):
    """A move's form as the page posts it."""
    conversation.refresh_from_db()
    return {
        "kind": kind,
        "text": text,
        "step": str(conversation.step if step is None else step),
        "submission_key": str(key or uuid.uuid4()),
    }


def move(conversation, person, kind, text=""):
    """Make a move directly, at the conversation's current step."""
    conversation.refresh_from_db()
    return actions.take_turn(
        conversation,
        person,
        kind=kind,
        text=text,
        step=conversation.step,
        submission_key=uuid.uuid4(),
    )


def one_full_round(conversation, speaker, listener):
    """Say, paraphrase, confirm: afterwards the floor is the listener's."""
    move(conversation, speaker, "statement", "I feel lonely in the evenings.")
    move(conversation, listener, "paraphrase", "You feel alone when evenings go quiet.")
    move(conversation, speaker, "confirmation")


def talk_state():
    """Everything the conversation pages can write, in a comparable form."""
    return (rows(Conversation), rows(Turn), rows(TimeOut))


def exercise_state():
    return (rows(ExerciseAnswer), rows(ExerciseFinish))


SUBMISSION_KEYS = re.compile(r'name="submission_key" value="([^"]*)"')


def turn_key_of(response):
    keys = set(SUBMISSION_KEYS.findall(response.content.decode()))
    assert len(keys) == 1
    return keys.pop()
