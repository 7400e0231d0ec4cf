"""Home's next step: a conversation paused for a time-out, once its return time has come."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from steadfast.conversations import actions as talk
from steadfast.couples.models import Membership
from steadfast.program.next_step import RETURN, next_step_for

pytestmark = pytest.mark.django_db


def paused(alice, bob):
    couple_id = Membership.objects.get(person=alice).couple_id
    conversation = talk.open_conversation(
        alice, bob, couple_id, topic="Money", submission_key=uuid.uuid4()
    )
    talk.take_time_out(
        conversation, alice, return_at=timezone.now() + timedelta(hours=1), step=conversation.step
    )
    return conversation


def test_once_the_return_time_comes_both_are_asked_back_first(personas):
    alice, bob = personas["alice"], personas["bob"]
    conversation = paused(alice, bob)
    assert next_step_for(alice).kind != RETURN  # not yet
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        for someone in (alice, bob):
            step = next_step_for(someone)
            assert step.kind == RETURN
            assert step.url == f"/talk/{conversation.key}/"
        # Before a due measure, even.
        assert next_step_for(alice, measures=[object()]).kind == RETURN
        assert next_step_for(personas["carol"]).kind != RETURN


def test_after_resuming_it_is_not_asked(personas):
    alice, bob = personas["alice"], personas["bob"]
    conversation = paused(alice, bob)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        talk.resume(conversation, bob, step=conversation.step)
        assert next_step_for(alice).kind != RETURN


def test_the_home_page_shows_it(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    conversation = paused(alice, bob)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        page = client_for(bob).get("/home/").content.decode()
    assert "Time to come back to your conversation" in page
    assert f"/talk/{conversation.key}/" in page
