"""Walking stage 1 through the pages: start, join, private work, letter, reply, limits,
a question and its answer, an offer that becomes a promise, and the decision."""

import uuid

from django.urls import reverse

from steadfast.commitments.models import Commitment
from steadfast.core.testing import strip_csrf
from steadfast.recovery.models import (
    Answer,
    Decision,
    Letter,
    LimitsProposal,
    Offer,
    Pathway,
    Question,
    Reflection,
    Reply,
)

from .conftest import key, page_text


def test_start_and_join(personas, client_for):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    page = alice.get("/path/")
    assert page.status_code == 200 and "Start the path" in page_text(page)

    response = alice.post("/path/start/", {"role": "hurt", "submission_key": key()})
    assert response.status_code == 302
    pathway = Pathway.objects.get()
    assert (pathway.starter, pathway.invitee) == (personas["alice"], personas["bob"])
    assert "has not joined yet" in page_text(alice.get("/path/"))

    invitation = page_text(bob.get("/path/"))
    assert "Joining is entirely your choice" in invitation and "I broke trust" in invitation
    # Until he joins, the pathway's pages are not his.
    assert bob.get("/path/one/").status_code == 404
    assert bob.post("/path/join/").status_code == 302
    pathway.refresh_from_db()
    assert pathway.joined
    assert bob.get("/path/one/").status_code == 200
    assert "has not joined yet" not in page_text(alice.get("/path/"))


def test_start_needs_a_partner_and_a_role(personas, client_for):
    sam = client_for(personas["sam"])
    assert "Link with your partner" in page_text(sam.get("/path/"))
    response = sam.post("/path/start/", {"role": "hurt", "submission_key": key()})
    assert response.status_code == 302 and not Pathway.objects.exists()

    carol = client_for(personas["carol"])
    response = carol.post("/path/start/", {"submission_key": key()})
    assert response.status_code == 200
    assert "Choose one of the two." in page_text(response)
    assert not Pathway.objects.exists()


def test_a_double_start_saves_once(personas, client_for):
    alice = client_for(personas["alice"])
    data = {"role": "hurt", "submission_key": key()}
    alice.post("/path/start/", data)
    alice.post("/path/start/", data)
    assert Pathway.objects.count() == 1
    # Bob starting one too is told there already is one.
    bob = client_for(personas["bob"])
    response = bob.post("/path/start/", {"role": "hurt", "submission_key": key()}, follow=True)
    assert "already have a path" in page_text(response)
    assert Pathway.objects.count() == 1


def test_walk_stage_one(pathway, personas, client_for):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])

    # Private work, one piece shared.
    alice.post("/path/write/what-happened/", {"text": "I found the messages.", "version": "0"})
    alice.post("/path/write/what-i-need/", {"text": "Honesty when I ask.", "version": "0"})
    alice.post("/path/write/what-i-need/share/", {"share": "yes"})
    bob.post("/path/write/what-i-did/", {"text": "I lied for months.", "version": "0"})
    impact = page_text(bob.get("/path/one/"))
    assert "Honesty when I ask." in impact
    assert "I found the messages." not in impact
    assert "I lied for months." not in page_text(alice.get("/path/one/"))
    # A role's prompt is not the other's to write.
    assert bob.get("/path/write/what-happened/").status_code == 404

    # The letter: a draft is private, then sent.
    alice.post("/path/letter/", {"text": "It broke something.", "version": "0", "action": "save"})
    assert "It broke something." not in page_text(bob.get("/path/letter/"))
    assert "No letter has been sent" in page_text(bob.get("/path/letter/"))
    alice.post("/path/letter/", {"text": "It broke something.", "version": "1", "action": "send"})
    assert "It broke something." in page_text(bob.get("/path/letter/"))
    assert Letter.objects.get().is_sent

    # The reply, with the coach on the draft.
    bob.post("/path/reply/", {"text": "But you never listened.", "version": "0", "action": "save"})
    draft = page_text(bob.get("/path/reply/"))
    assert "On your draft:" in draft
    assert "But you never listened." not in page_text(alice.get("/path/reply/"))
    bob.post(
        "/path/reply/", {"text": "I hear how much I hurt you.", "version": "1", "action": "send"}
    )
    assert "I hear how much I hurt you." in page_text(alice.get("/path/reply/"))
    assert Reply.objects.get().is_sent

    # Limits: Alice suggests, Bob counter-suggests, Alice accepts.
    response = bob.post("/path/limits/", {"per_week": "3", "submission_key": key()})
    assert "The partner who was hurt suggests the first limits" in page_text(response)
    alice.post("/path/limits/", {"per_week": "1", "topics": ["graphic"], "submission_key": key()})
    bob.post("/path/limits/", {"per_week": "2", "topics": ["graphic"], "submission_key": key()})
    counter = LimitsProposal.objects.order_by("pk").last()
    page = page_text(alice.get("/path/limits/"))
    assert "I agree to these limits" in page
    alice.post("/path/limits/accept/", {"proposal": str(counter.key)})
    counter.refresh_from_db()
    assert counter.accepted_at is not None

    # A question and its answer.
    alice.post("/path/questions/", {"text": "Did you meet again?", "submission_key": key()})
    question = Question.objects.get()
    assert "Did you meet again?" in page_text(bob.get("/path/questions/"))
    bob.post(f"/path/questions/{question.key}/answer/", {"kind": "answer", "text": "Once, in May."})
    assert Answer.objects.get().text == "Once, in May."
    assert "Once, in May." in page_text(alice.get("/path/questions/"))

    # Transparency offered, kept as a shared promise.
    bob.post(
        "/path/offers/",
        {
            "text": "I will tell you when I hear from X.",
            "as_promise": "on",
            "submission_key": key(),
        },
    )
    offer = Offer.objects.get()
    commitment = Commitment.objects.get()
    assert offer.commitment == commitment
    assert (commitment.owner, commitment.audience) == (personas["bob"], "partner")
    assert commitment.text == "I will tell you when I hear from X."
    assert "I will tell you when I hear from X." in page_text(alice.get("/path/offers/"))
    assert "no monitoring features" in page_text(alice.get("/path/offers/"))


def test_only_the_partner_who_broke_trust_offers(pathway, personas, client_for):
    alice = client_for(personas["alice"])
    response = alice.post("/path/offers/", {"text": "Show me his phone", "submission_key": key()})
    assert "never asked for" in page_text(response)
    assert not Offer.objects.exists()
    assert "<textarea" not in page_text(alice.get("/path/offers/"))


def test_an_offer_can_be_taken_back(pathway, personas, client_for):
    bob = client_for(personas["bob"])
    bob.post("/path/offers/", {"text": "I'll call at lunch", "submission_key": key()})
    offer = Offer.objects.get()
    assert (
        client_for(personas["alice"]).post(f"/path/offers/{offer.key}/withdraw/").status_code == 404
    )
    bob.post(f"/path/offers/{offer.key}/withdraw/")
    offer.refresh_from_db()
    assert offer.withdrawn_at is not None
    assert not Commitment.objects.exists()


def test_the_decision_is_shown_only_when_both_answered(pathway, personas, client_for):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    before = strip_csrf(bob.get("/path/decide/").content)
    alice.post("/path/decide/", {"choice": "time", "note": "I need the summer", "version": "0"})
    assert Decision.objects.get().audience == "private"
    assert strip_csrf(bob.get("/path/decide/").content) == before
    bob.post("/path/decide/", {"choice": "together", "note": "", "version": "0"})
    assert set(Decision.objects.values_list("audience", flat=True)) == {"partner"}
    for client, other_words in ((bob, "I need the summer"), (alice, "Go on together")):
        assert other_words in page_text(client.get("/path/decide/"))
    # Once shown, an answer stays as it is.
    response = alice.post("/path/decide/", {"choice": "apart", "note": "", "version": "1"})
    assert "stay as they are" in page_text(response)


def test_decision_wording_never_presses(pathway, personas, client_for):
    page = page_text(client_for(personas["bob"]).get("/path/decide/")).lower()
    assert "none of them requires forgiveness" in page
    assert "couples therapist" in page
    for pressing in ("should forgive", "must forgive", "you should stay", "save your marriage"):
        assert pressing not in page


def test_pause_tells_the_other_only_that_it_is_paused(pathway, personas, client_for):
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    assert alice.post("/path/stop/").status_code == 302
    seen = page_text(bob.get("/path/"))
    assert "The path is paused." in seen and "You paused" not in seen
    assert "You paused the path" in page_text(alice.get("/path/"))
    response = alice.post("/path/limits/", {"per_week": "1", "submission_key": key()})
    assert "The path is paused" in page_text(response)
    assert not LimitsProposal.objects.exists()
    # Bob can't resume on her behalf.
    bob.post("/path/resume/")
    pathway.refresh_from_db()
    assert pathway.paused
    alice.post("/path/resume/")
    pathway.refresh_from_db()
    assert not pathway.paused


def test_every_page_offers_a_way_to_stop_and_support(pathway, personas, client_for):
    bob = client_for(personas["bob"])
    for url in (
        "/path/",
        "/path/one/",
        "/path/two/",
        "/path/three/",
        "/path/letter/",
        "/path/reply/",
        "/path/limits/",
        "/path/questions/",
        "/path/offers/",
        "/path/decide/",
        "/path/stop/",
        "/path/write/what-i-did/",
    ):
        body = page_text(bob.get(url))
        assert reverse("recovery:stop") in body and reverse("safety:support") in body, url


def test_titles_and_addresses_are_discreet(pathway, personas, client_for):
    import re

    bob = client_for(personas["bob"])
    for url in ("/path/", "/path/one/", "/path/letter/", "/path/questions/", "/path/decide/"):
        title = re.search(r"<title>(.*?)</title>", page_text(bob.get(url)), re.S).group(1)
        for word in ("affair", "betray", "infidel", "cheat"):
            assert word not in title.lower() and word not in url


def test_reflections_are_private_by_default(pathway, personas, client_for):
    client_for(personas["alice"]).post("/path/write/what-i-feel/", {"text": "Numb", "version": "0"})
    assert Reflection.objects.get().audience == "private"


def test_a_share_can_be_taken_back(pathway, personas, client_for):
    alice = client_for(personas["alice"])
    alice.post("/path/write/what-i-feel/", {"text": "Numb", "version": "0"})
    alice.post("/path/write/what-i-feel/share/", {"share": "yes"})
    bob = client_for(personas["bob"])
    assert "Numb" in page_text(bob.get("/path/one/"))
    alice.post("/path/write/what-i-feel/share/", {"share": "no"})
    assert "Numb" not in page_text(bob.get("/path/one/"))


def test_declining_is_silent_to_the_starter(personas, client_for):
    from .conftest import start

    start(personas["alice"])
    alice, bob = client_for(personas["alice"]), client_for(personas["bob"])
    ignored = alice.get("/path/")
    bob.post("/path/decline/")
    assert Pathway.objects.get().declined_at is not None
    declined = alice.get("/path/")
    assert strip_csrf(ignored.content) == strip_csrf(declined.content)
    assert "You chose not to join" in page_text(bob.get("/path/"))
    # He can still change his mind.
    bob.post("/path/join/")
    assert Pathway.objects.get().joined


def test_wrong_methods(pathway, personas, client_for):
    bob = client_for(personas["bob"])
    assert bob.post("/path/").status_code == 405
    assert bob.get("/path/join/").status_code == 405
    assert bob.post("/path/one/").status_code == 405
    assert bob.get(f"/path/questions/{uuid.uuid4()}/answer/").status_code == 405
