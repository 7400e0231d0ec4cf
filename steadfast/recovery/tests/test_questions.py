"""Questions only within the agreed limits."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from steadfast.recovery.models import LimitsProposal, Question

from .conftest import agree_limits, key, page_text


def test_no_questions_before_limits_are_agreed(pathway, personas, client_for):
    alice = client_for(personas["alice"])
    assert "Questions begin once you have both agreed" in page_text(alice.get("/path/questions/"))
    response = alice.post("/path/questions/", {"text": "Why?", "submission_key": key()})
    assert "Agree on limits together first" in page_text(response)
    # A suggestion not yet accepted is not an agreement.
    alice.post("/path/limits/", {"per_week": "2", "submission_key": key()})
    response = alice.post("/path/questions/", {"text": "Why?", "submission_key": key()})
    assert "Agree on limits together first" in page_text(response)
    assert not Question.objects.exists()


def test_the_proposer_cannot_accept_their_own(pathway, personas, client_for):
    alice = client_for(personas["alice"])
    alice.post("/path/limits/", {"per_week": "2", "submission_key": key()})
    proposal = LimitsProposal.objects.get()
    response = alice.post("/path/limits/accept/", {"proposal": str(proposal.key)})
    assert "your partner's to accept" in page_text(response)
    proposal.refresh_from_db()
    assert proposal.accepted_at is None


def test_accepting_an_older_suggestion_is_refused(pathway, personas, client_for):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    alice.post("/path/limits/", {"per_week": "2", "submission_key": key()})
    first = LimitsProposal.objects.get()
    alice.post("/path/limits/", {"per_week": "1", "submission_key": key()})
    response = bob.post("/path/limits/accept/", {"proposal": str(first.key)})
    assert "A newer suggestion" in page_text(response)
    assert not LimitsProposal.objects.filter(accepted_at__isnull=False).exists()


def test_questions_beyond_the_agreed_number_are_refused(pathway, personas, client_for):
    agree_limits(pathway, personas["alice"], personas["bob"], per_week=2)
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        alice = client_for(personas["alice"])
        for text in ("One?", "Two?"):
            response = alice.post("/path/questions/", {"text": text, "submission_key": key()})
            assert response.status_code == 302
    with time_machine.travel(now + timedelta(days=3), tick=False):
        alice = client_for(personas["alice"])  # a new session: the old one has expired
        response = alice.post("/path/questions/", {"text": "Three?", "submission_key": key()})
        text = page_text(response)
        assert "You agreed on 2 questions a week, and 2 have been asked" in text
        assert "You can ask the next one from" in text
        assert Question.objects.count() == 2
    with time_machine.travel(now + timedelta(days=7, minutes=1), tick=False):
        alice = client_for(personas["alice"])
        response = alice.post("/path/questions/", {"text": "Three?", "submission_key": key()})
        assert response.status_code == 302
    assert Question.objects.count() == 3


def test_only_the_hurt_partner_asks_and_only_the_other_answers(pathway, personas, client_for):
    agree_limits(pathway, personas["alice"], personas["bob"])
    bob, alice = client_for(personas["bob"]), client_for(personas["alice"])
    response = bob.post("/path/questions/", {"text": "Why?", "submission_key": key()})
    assert "asked by the partner who was hurt" in page_text(response)
    alice.post("/path/questions/", {"text": "Why?", "submission_key": key()})
    url = f"/path/questions/{Question.objects.get().key}/answer/"
    response = alice.post(url, {"kind": "answer", "text": "Because"})
    assert "answered by the partner who broke trust" in page_text(response)
