"""Side by side (/daily/together/): only what each partner shared with the other."""

from datetime import timedelta

import pytest
from django.utils import timezone

from steadfast.core.testing import strip_csrf

from .conftest import entry, page_text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_someone_without_a_partner_is_told_so(personas, client_for):
    entry(personas["sam"], audience="partner")
    text = page_text(client_for(personas["sam"]).get("/daily/together/"))
    assert "You aren't linked with a partner" in text
    assert "<table" not in text


def test_both_partners_shared_entries_side_by_side(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    entry(alice, audience="partner", trust=7, closeness=8, mood=9, note="Felt heard")
    entry(bob, audience="partner+therapist", trust=4, closeness=5, mood=6, note="Tired")

    for viewer, partner_name in ((alice, "Bob"), (bob, "Alice")):
        text = page_text(client_for(viewer).get("/daily/together/"))
        assert f'<th scope="colgroup" colspan="3">{partner_name}</th>' in text
        assert "isn't sharing any" not in text
    alice_sees = page_text(client_for(alice).get("/daily/together/"))
    assert "<td>7</td><td>8</td><td>9</td><td>4</td><td>5</td><td>6</td>" in alice_sees
    assert "Notes Bob shared" in alice_sees and "Tired" in alice_sees
    assert "Felt heard" not in alice_sees  # her own notes are on her own page
    bob_sees = page_text(client_for(bob).get("/daily/together/"))
    assert "<td>4</td><td>5</td><td>6</td><td>7</td><td>8</td><td>9</td>" in bob_sees
    assert "Felt heard" in bob_sees


@pytest.mark.parametrize("audience", ["private", "therapist"])
def test_unshared_entries_and_their_notes_never_reach_the_partner(personas, client_for, audience):
    alice, bob = personas["alice"], personas["bob"]
    entry(bob, audience="partner", trust=4, closeness=4, mood=4)
    bob_client = client_for(bob)
    before = strip_csrf(bob_client.get("/daily/together/").content)

    entry(alice, audience=audience, trust=9, closeness=9, mood=9, note="He lied again")
    entry(alice, day=TODAY() - timedelta(days=3), audience=audience, note="Another one")
    response = bob_client.get("/daily/together/")

    text = page_text(response)
    assert "Alice isn't sharing any daily check-ins with you for these days." in text
    assert "lied" not in text and "Another one" not in text and "<td>9</td>" not in text
    assert strip_csrf(response.content) == before  # not even a hint that she has any


def test_an_entry_made_private_again_disappears(personas, client_for):
    saved = entry(personas["alice"], audience="partner", note="For now")
    bob_client = client_for(personas["bob"])
    assert "For now" in page_text(bob_client.get("/daily/together/"))

    client_for(personas["alice"]).post(f"/daily/{saved.key}/share/", {"audience": "private"})

    text = page_text(bob_client.get("/daily/together/"))
    assert "For now" not in text
    assert "Alice isn't sharing any" in text


def test_the_owner_is_told_when_she_shares_nothing(personas, client_for):
    entry(personas["bob"], audience="partner")
    entry(personas["alice"], audience="private")
    text = page_text(client_for(personas["alice"]).get("/daily/together/"))
    assert "You aren't sharing any daily check-ins with Bob" in text
    assert "Bob isn't sharing" not in text


def test_people_outside_the_couple_see_none_of_it(personas, client_for):
    entry(personas["alice"], audience="partner", note="Felt heard", trust=7)
    text = page_text(client_for(personas["carol"]).get("/daily/together/"))
    assert "Felt heard" not in text and "<td>7</td>" not in text
    assert "Dan isn't sharing any" in text


def test_the_window_is_14_days_unless_30_is_asked_for(personas, client_for):
    entry(personas["alice"], day=TODAY() - timedelta(days=20), audience="partner", trust=2)
    bob_client = client_for(personas["bob"])
    assert "<td>2</td>" not in page_text(bob_client.get("/daily/together/"))
    assert "<td>2</td>" in page_text(bob_client.get("/daily/together/?days=30"))


@pytest.mark.parametrize("therapist", ["theo", "tina"])
def test_therapists_get_404(personas, client_for, therapist):
    assert client_for(personas[therapist]).get("/daily/together/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put"])
def test_only_get_is_allowed(personas, client_for, method):
    assert getattr(client_for(personas["bob"]), method)("/daily/together/").status_code == 405
