"""Bad input: empty, too long, sent twice, and edited on two devices at once."""

from steadfast.recovery.models import (
    LETTER_MAX_LENGTH,
    SHORT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Decision,
    Letter,
    LimitsProposal,
    Offer,
    Question,
    Reflection,
)

from .conftest import agree_limits, key, page_text


def test_empty_writing_is_refused(pathway, personas, client_for):
    alice = client_for(personas["alice"])
    response = alice.post("/path/write/what-i-feel/", {"text": "   ", "version": "0"})
    assert response.status_code == 200
    assert "Write something first" in page_text(response)
    response = alice.post("/path/letter/", {"text": "", "version": "0", "action": "send"})
    assert "Write something first" in page_text(response)
    assert not Reflection.objects.exists() and not Letter.objects.exists()


def test_too_long_is_refused_with_the_limit(pathway, personas, client_for):
    alice = client_for(personas["alice"])
    response = alice.post(
        "/path/write/what-i-feel/", {"text": "x" * (TEXT_MAX_LENGTH + 1), "version": "0"}
    )
    text = page_text(response)
    assert f"keep this to {TEXT_MAX_LENGTH} characters" in text
    assert f"This has {TEXT_MAX_LENGTH + 1}" in text
    response = alice.post(
        "/path/letter/", {"text": "x" * (LETTER_MAX_LENGTH + 1), "version": "0", "action": "save"}
    )
    assert f"keep this to {LETTER_MAX_LENGTH} characters" in page_text(response)
    agree_limits(pathway, personas["alice"], personas["bob"])
    response = alice.post(
        "/path/questions/", {"text": "q" * (SHORT_MAX_LENGTH + 1), "submission_key": key()}
    )
    assert f"keep this to {SHORT_MAX_LENGTH} characters" in page_text(response)
    assert not Reflection.objects.exists() and not Letter.objects.exists()
    assert not Question.objects.exists()
    # The limit is said before anyone types, too.
    assert f"Up to {TEXT_MAX_LENGTH} characters" in page_text(alice.get("/path/write/what-i-feel/"))


def test_double_submits_save_once(pathway, personas, client_for):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    limits = {"per_week": "2", "submission_key": key()}
    alice.post("/path/limits/", limits)
    alice.post("/path/limits/", limits)
    assert LimitsProposal.objects.count() == 1
    bob.post("/path/limits/accept/", {"proposal": str(LimitsProposal.objects.get().key)})
    bob.post("/path/limits/accept/", {"proposal": str(LimitsProposal.objects.get().key)})
    question = {"text": "Why?", "submission_key": key()}
    alice.post("/path/questions/", question)
    alice.post("/path/questions/", question)
    assert Question.objects.count() == 1
    offer = {"text": "I'll call", "as_promise": "on", "submission_key": key()}
    bob.post("/path/offers/", offer)
    bob.post("/path/offers/", offer)
    assert Offer.objects.count() == 1
    writing = {"text": "Numb", "version": "0"}
    assert alice.post("/path/write/what-i-feel/", writing).status_code == 302
    assert alice.post("/path/write/what-i-feel/", writing).status_code == 302
    assert Reflection.objects.get().version == 1
    send = {"text": "Dear Bob", "version": "0", "action": "send"}
    assert alice.post("/path/letter/", send).status_code == 302
    assert alice.post("/path/letter/", send).status_code == 302
    answer = {"kind": "answer", "text": "Because I was afraid."}
    url = f"/path/questions/{Question.objects.get().key}/answer/"
    assert bob.post(url, answer).status_code == 302
    assert bob.post(url, answer).status_code == 302


def test_an_edit_from_a_stale_page_asks_instead_of_overwriting(pathway, personas, client_for):
    phone, laptop = client_for(personas["alice"]), client_for(personas["alice"])
    phone.post("/path/write/what-i-feel/", {"text": "First words", "version": "0"})
    # Both devices open version 1; the phone saves first.
    phone.post("/path/write/what-i-feel/", {"text": "From the phone", "version": "1"})
    response = laptop.post("/path/write/what-i-feel/", {"text": "From the laptop", "version": "1"})
    assert response.status_code == 409
    text = page_text(response)
    assert "From the phone" in text and "From the laptop" in text
    assert "changed on another device" in text
    assert Reflection.objects.get().text == "From the phone"
    # Choosing to keep hers saves against the version she has now seen.
    response = laptop.post("/path/write/what-i-feel/", {"text": "From the laptop", "version": "2"})
    assert response.status_code == 302
    assert Reflection.objects.get().text == "From the laptop"


def test_a_letter_draft_conflict_and_a_decision_conflict(pathway, personas, client_for):
    alice = client_for(personas["alice"])
    alice.post("/path/letter/", {"text": "One", "version": "0", "action": "save"})
    alice.post("/path/letter/", {"text": "Two", "version": "1", "action": "save"})
    response = alice.post("/path/letter/", {"text": "Three", "version": "1", "action": "send"})
    assert response.status_code == 409
    letter = Letter.objects.get()
    assert (letter.text, letter.is_sent) == ("Two", False)

    alice.post("/path/decide/", {"choice": "time", "note": "", "version": "0"})
    alice.post("/path/decide/", {"choice": "unsure", "note": "", "version": "1"})
    response = alice.post("/path/decide/", {"choice": "apart", "note": "", "version": "1"})
    assert response.status_code == 409
    assert "I'm not sure yet" in page_text(response) and "Go our separate ways" in page_text(
        response
    )
    assert Decision.objects.get().choice == "unsure"


def test_a_sent_letter_stays_as_sent(pathway, personas, client_for):
    alice = client_for(personas["alice"])
    alice.post("/path/letter/", {"text": "Sent words", "version": "0", "action": "send"})
    response = alice.post(
        "/path/letter/", {"text": "Other words", "version": "1", "action": "save"}
    )
    assert "already been sent" in page_text(response)
    assert Letter.objects.get().text == "Sent words"


def test_a_lost_form_key_is_renewed_and_nothing_saved(pathway, personas, client_for):
    alice = client_for(personas["alice"])
    response = alice.post("/path/limits/", {"per_week": "2", "submission_key": "nonsense"})
    assert "Something went wrong with this page" in page_text(response)
    assert not LimitsProposal.objects.exists()


def test_limits_out_of_range(pathway, personas, client_for):
    alice = client_for(personas["alice"])
    for value in ("0", "15", "many", ""):
        response = alice.post("/path/limits/", {"per_week": value, "submission_key": key()})
        assert "Choose a number from 1 to 14." in page_text(response)
    assert not LimitsProposal.objects.exists()


def test_answer_needs_words_when_answering(pathway, personas, client_for):
    agree_limits(pathway, personas["alice"], personas["bob"])
    client_for(personas["alice"]).post(
        "/path/questions/", {"text": "Why?", "submission_key": key()}
    )
    url = f"/path/questions/{Question.objects.get().key}/answer/"
    bob = client_for(personas["bob"])
    response = bob.post(url, {"kind": "answer", "text": ""})
    assert "Write your answer, or choose one of the other options." in page_text(response)
    # Saying it is outside what was agreed needs no words.
    assert bob.post(url, {"kind": "outside", "text": ""}).status_code == 302
