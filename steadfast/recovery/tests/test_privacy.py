"""Who may reach the path, what is encrypted, and what a partner can't infer."""

import uuid

import pytest
from django.db import connection

from steadfast.couples.actions import unlink
from steadfast.recovery.models import Decision, Letter, Offer, Question, Reflection, Reply
from tests.two_worlds import normalise_body

from .conftest import agree_limits, key, page_text

PAGES = [
    "/path/one/",
    "/path/two/",
    "/path/three/",
    "/path/letter/",
    "/path/reply/",
    "/path/limits/",
    "/path/questions/",
    "/path/offers/",
    "/path/decide/",
    "/path/write/learned/",
]


@pytest.mark.parametrize("who", ["carol", "sam", "theo", "tina"])
def test_outsiders_and_therapists_get_404(pathway, personas, client_for, who):
    client = client_for(personas[who])
    for url in PAGES:
        assert client.get(url).status_code == 404, url
    assert client.post("/path/join/").status_code == 404
    assert client.post("/path/stop/").status_code == 404


def test_after_an_unlink_both_get_404(pathway, personas, client_for):
    client_for(personas["alice"]).post("/path/write/learned/", {"text": "Mine", "version": "0"})
    unlink(personas["bob"])
    for who in ("alice", "bob"):
        client = client_for(personas[who])
        for url in PAGES:
            assert client.get(url).status_code == 404, (who, url)
        assert "Link with your partner" in page_text(client.get("/path/"))


def test_others_records_by_key_get_404(pathway, personas, client_for):
    bob = client_for(personas["bob"])
    bob.post("/path/offers/", {"text": "I'll call", "submission_key": key()})
    offer = Offer.objects.get()
    for who in ("carol", "alice"):
        assert (
            client_for(personas[who]).post(f"/path/offers/{offer.key}/withdraw/").status_code == 404
        )
    url = f"/path/questions/{uuid.uuid4()}/answer/"
    assert bob.post(url, {"kind": "answer", "text": "x"}).status_code == 404


def _raw(table, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 (test, fixed names)
        return [row[0] for row in cursor.fetchall()]


def test_everything_written_is_encrypted_at_rest(pathway, personas, client_for):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    alice.post("/path/write/what-happened/", {"text": "SECRET-REFLECTION", "version": "0"})
    alice.post("/path/letter/", {"text": "SECRET-LETTER", "version": "0", "action": "send"})
    bob.post("/path/reply/", {"text": "SECRET-REPLY", "version": "0", "action": "save"})
    alice.post(
        "/path/limits/", {"per_week": "2", "other_limits": "SECRET-LIMIT", "submission_key": key()}
    )
    agree_limits(pathway, personas["alice"], personas["bob"])
    alice.post("/path/questions/", {"text": "SECRET-QUESTION", "submission_key": key()})
    question = Question.objects.get()
    bob.post(f"/path/questions/{question.key}/answer/", {"kind": "answer", "text": "SECRET-ANSWER"})
    bob.post("/path/offers/", {"text": "SECRET-OFFER", "submission_key": key()})
    alice.post("/path/decide/", {"choice": "apart", "note": "SECRET-NOTE", "version": "0"})
    columns = [
        ("recovery_reflection", "text"),
        ("recovery_letter", "text"),
        ("recovery_reply", "text"),
        ("recovery_limitsproposal", "other_limits"),
        ("recovery_question", "text"),
        ("recovery_answer", "text"),
        ("recovery_offer", "text"),
        ("recovery_decision", "choice"),
        ("recovery_decision", "note"),
    ]
    for table, column in columns:
        values = _raw(table, column)
        assert values, (table, column)
        for value in values:
            assert "SECRET" not in value and "apart" not in value, (table, column)
    assert Reply.objects.get().text == "SECRET-REPLY"
    assert Decision.objects.get().choice == "apart"


def _bobs_view(client):
    """Each page as Bob gets it, with CSRF tokens and one-time form keys blanked."""
    seen = {}
    for url in ["/path/", *PAGES]:
        response = client.get(url)
        seen[url] = (response.status_code, normalise_body(response.content))
    return seen


def test_bobs_pages_are_the_same_whatever_alice_keeps_private(pathway, personas, client_for):
    """Non-inference: Alice's private work, drafts and answer change nothing Bob can see."""
    bob = client_for(personas["bob"])
    agree_limits(pathway, personas["alice"], personas["bob"])
    before = _bobs_view(bob)
    alice = client_for(personas["alice"])
    for prompt in ("what-happened", "what-i-feel", "what-i-need", "still-asking", "learned"):
        alice.post(f"/path/write/{prompt}/", {"text": f"Private {prompt}", "version": "0"})
    alice.post("/path/letter/", {"text": "A draft", "version": "0", "action": "save"})
    alice.post("/path/decide/", {"choice": "apart", "note": "Not yet said", "version": "0"})
    assert Reflection.objects.filter(owner=personas["alice"]).count() == 5
    assert Letter.objects.exists() and Decision.objects.exists()
    after = _bobs_view(bob)
    assert after == before
