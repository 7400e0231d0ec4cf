"""The coach on a draft: a fragment for htmx, a page without JavaScript, nothing kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import steadfast.coach
from steadfast.conversations.views_coach import LABELS

from .conftest import move, open_conversation, page_text

HTMX = {"HX-Request": "true"}
HARSH = "You never listen to me. You always do this."


def test_a_harsh_draft_gets_kind_feedback_as_a_fragment(personas, client_for):
    response = client_for(personas["alice"]).post("/talk/coach/", {"text": HARSH}, headers=HTMX)
    assert response.status_code == 200
    page = page_text(response)
    assert "<html" not in page
    assert "This may land as criticism." in page
    assert "<q>You never</q>" in page  # the evidence span, with why
    assert "judgement of character" in page
    assert "<q>never</q>, <q>always</q>" in page  # the absolutist words
    assert "You could try: <q>I feel" in page  # the gentle start-up template
    assert "People who can help" not in page


def test_without_javascript_the_same_feedback_comes_as_a_page(personas, client_for):
    talk = open_conversation(personas["alice"], personas["bob"])
    response = client_for(personas["alice"]).post(
        "/talk/coach/", {"text": HARSH, "conversation": str(talk.key)}
    )
    page = page_text(response)
    assert "<html" in page and "This may land as criticism." in page
    assert f'href="/talk/{talk.key}/"' in page


@pytest.mark.parametrize("data", [{}, {"text": ""}, {"text": "   \n  "}])
def test_an_empty_draft_gets_a_friendly_fragment(personas, client_for, data):
    response = client_for(personas["alice"]).post("/talk/coach/", data, headers=HTMX)
    assert response.status_code == 200
    assert "Start writing" in page_text(response)


def test_a_threat_gets_the_support_link_and_no_rewrite(personas, client_for):
    response = client_for(personas["alice"]).post(
        "/talk/coach/", {"text": "If you leave me I will hurt you."}, headers=HTMX
    )
    page = page_text(response)
    assert '<a href="/support/">People who can help</a>' in page
    assert "You could try" not in page


def test_a_gentle_draft_is_named_gentle(personas, client_for):
    response = client_for(personas["alice"]).post(
        "/talk/coach/",
        {"text": "I feel anxious when plans change late. Could we text each other by six?"},
        headers=HTMX,
    )
    assert LABELS["gentle"][0] in page_text(response)


def test_the_partners_last_words_are_passed_as_context(personas, client_for, monkeypatch):
    alice, bob = personas["alice"], personas["bob"]
    talk = open_conversation(alice, bob)
    move(talk, alice, "statement", "I feel lonely.")
    move(talk, bob, "paraphrase", "You feel lonely.")
    move(talk, alice, "confirmation")
    seen = []
    real = steadfast.coach.analyse

    def spy(text, previous=None):
        seen.append(previous)
        return real(text, previous=previous)

    monkeypatch.setattr(steadfast.coach, "analyse", spy)
    client = client_for(bob)
    client.post("/talk/coach/", {"text": "Fine.", "conversation": str(talk.key)}, headers=HTMX)
    # Someone else's conversation, or a broken key, gives no context and no error.
    other = open_conversation(personas["carol"], personas["dan"])
    for key in (str(other.key), "not-a-key"):
        response = client.post("/talk/coach/", {"text": "Fine.", "conversation": key})
        assert response.status_code == 200
    assert seen == ["I feel lonely.", None, None]


def test_the_draft_is_not_stored(personas, client_for):
    client = client_for(personas["alice"])
    client.get("/home/")
    with CaptureQueriesContext(connection) as queries:
        client.post("/talk/coach/", {"text": HARSH}, headers=HTMX)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []


def test_post_only_and_people_only(personas, client_for):
    assert client_for(personas["alice"]).get("/talk/coach/").status_code == 405
    assert client_for(personas["theo"]).post("/talk/coach/", {"text": HARSH}).status_code == 404
    assert client_for(None).post("/talk/coach/", {"text": HARSH}).status_code == 302


def test_csrf_is_checked(personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["alice"])
    assert client.post("/talk/coach/", {"text": HARSH}, headers=HTMX).status_code == 403
