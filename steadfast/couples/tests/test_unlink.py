"""Unlinking (/couple/unlink/): immediate, one-sided, and silent towards the other partner."""

import re

from steadfast.couples.models import Couple, Membership, current_partner

from .conftest import db_state, invite, page_text


def test_unlink_page_explains_before_anything_happens(personas, client_for):
    before = db_state()
    page = client_for(personas["alice"]).get("/couple/unlink/")
    assert page.status_code == 200
    assert "Unlink from Bob?" in page_text(page)
    assert "gets no email or message" in page_text(page)
    assert db_state() == before


def test_unlink_is_immediate_and_tells_nobody(personas, client_for, mailoutbox):
    alice, bob = personas["alice"], personas["bob"]
    bobs_client = client_for(bob)
    assert "linked with" in page_text(bobs_client.get("/couple/"))  # Bob has a live session

    response = client_for(alice).post("/couple/unlink/", {"confirm": "on"}, follow=True)

    assert response.redirect_chain == [("/couple/", 302)]
    assert "You are unlinked. Nobody was told." in page_text(response)
    assert "You are not linked with a partner." in page_text(response)
    assert current_partner(alice) is None
    assert current_partner(bob) is None
    assert not Membership.objects.filter(person__in=[alice, bob]).exists()
    assert Couple.objects.count() == 1  # only Carol and Dan remain
    assert mailoutbox == []


def test_the_other_partner_just_sees_not_linked_with_no_date_or_reason(personas, client_for):
    bobs_client = client_for(personas["bob"])
    bobs_client.get("/home/")
    client_for(personas["alice"]).post("/couple/unlink/", {"confirm": "on"})

    couple_page = bobs_client.get("/couple/")
    home = bobs_client.get("/home/")

    text = page_text(couple_page)
    assert "You are not linked with a partner." in text
    for page in (couple_page, home):
        body = page_text(page)
        assert "Alice" not in body
        assert "unlink" not in body.lower()
        assert not re.search(
            r"\b\d{1,2} (January|February|March|April|May|June|July|August|"
            r"September|October|November|December)\b",
            body,
        )
        assert not list(page.context["messages"])
    assert "on your own" in page_text(home)


def test_unlink_without_ticking_the_box_explains_and_changes_nothing(personas, client_for):
    before = db_state()
    response = client_for(personas["alice"]).post("/couple/unlink/", {})
    assert response.status_code == 200
    assert "Please tick the box to confirm you want to unlink." in page_text(response)
    assert db_state() == before


def test_unlink_when_not_linked_goes_back_to_the_partner_page(personas, client_for):
    before = db_state()
    client = client_for(personas["sam"])
    for response in (
        client.get("/couple/unlink/"),
        client.post("/couple/unlink/", {"confirm": "on"}),
    ):
        assert response.status_code == 302
        assert response["Location"] == "/couple/"
    assert db_state() == before


def test_after_unlinking_either_may_link_again(personas, client_for):
    alice, bob, sam = personas["alice"], personas["bob"], personas["sam"]
    client_for(bob).post("/couple/unlink/", {"confirm": "on"})

    new_code = invite(client_for(sam))
    assert client_for(alice).post("/couple/join/", {"code": new_code}).status_code == 302
    assert current_partner(alice) == sam
    assert current_partner(bob) is None
