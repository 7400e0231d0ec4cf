"""A promise can say which conversation it came out of; only people who may open that
conversation see the link."""

import uuid

import pytest

from steadfast.commitments import forms
from steadfast.commitments.models import Commitment
from steadfast.conversations import actions as talk
from steadfast.couples.actions import unlink
from steadfast.couples.models import Membership

from .conftest import page_text, promise_data, promise_state

pytestmark = pytest.mark.django_db
TOPIC = "Evenings out with friends"


def conversation(person, partner, topic=TOPIC):
    couple_id = Membership.objects.get(person=person).couple_id
    return talk.open_conversation(
        person, partner, couple_id, topic=topic, submission_key=uuid.uuid4()
    )


def test_a_promise_from_a_conversation(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    talk_key = conversation(bob, alice).key
    client = client_for(alice)

    form = client.get(f"/promises/?conversation={talk_key}")
    assert form.context["form"].initial["conversation"] == str(talk_key)
    assert TOPIC in page_text(form)

    response = client.post(
        "/promises/", promise_data(audience="partner") | {"conversation": str(talk_key)}
    )
    assert response.status_code == 302
    assert Commitment.objects.get().conversation.key == talk_key
    for person in (alice, bob):
        page = page_text(client_for(person).get(response["Location"]))
        assert f'It came out of the conversation <a href="/talk/{talk_key}/">{TOPIC}</a>' in page


def test_the_conversation_page_offers_it(personas, client_for):
    talk_key = conversation(personas["alice"], personas["bob"]).key
    page = page_text(client_for(personas["bob"]).get(f"/talk/{talk_key}/"))
    assert f"/promises/?conversation={talk_key}" in page


def test_another_couples_conversation_is_refused_and_nothing_saved(personas, client_for):
    theirs = conversation(personas["carol"], personas["dan"], topic="Carol's topic")
    conversation(personas["alice"], personas["bob"])
    before = promise_state()
    response = client_for(personas["alice"]).post(
        "/promises/", promise_data() | {"conversation": str(theirs.key)}
    )
    assert response.status_code == 200
    assert forms.NOT_YOUR_CONVERSATION in page_text(response)
    assert "Carol's topic" not in page_text(response)
    assert promise_state() == before


def test_someone_with_no_conversation_is_not_asked(personas, client_for):
    response = client_for(personas["sam"]).get("/promises/")
    assert "conversation" not in response.context["form"].fields
    assert "come out of a conversation" not in page_text(response)


def test_after_unlinking_the_link_is_gone(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    talk_key = conversation(alice, bob).key
    client = client_for(alice)
    response = client.post("/promises/", promise_data() | {"conversation": str(talk_key)})
    unlink(alice)
    page = page_text(client.get(response["Location"]))
    assert TOPIC not in page and "came out of the conversation" not in page
