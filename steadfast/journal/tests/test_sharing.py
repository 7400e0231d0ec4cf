"""Sharing one entry or thought record at a time, and taking it back: the partner sees
only what is shared with them, only while linked; everyone else gets 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.couples.actions import unlink
from steadfast.journal.models import Entry

from .conftest import entry, journal_state, page_text, thought

pytestmark = pytest.mark.django_db

OTHERS = ["carol", "dan", "sam", "theo", "tina"]


def test_the_owner_shares_an_entry_and_the_partner_reads_it(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    saved = entry(alice, title="For Bob", body="I want you to know this")
    client = client_for(alice)
    bob_client = client_for(bob)
    assert bob_client.get(f"/notes/{saved.key}/").status_code == 404

    response = client.post(f"/notes/{saved.key}/share/", {"audience": "partner"})

    assert response.status_code == 302 and response["Location"] == f"/notes/{saved.key}/"
    assert "This entry: You and your partner can see it." in page_text(
        client.get(response["Location"])
    )
    page = bob_client.get(f"/notes/{saved.key}/")
    assert page.status_code == 200
    text = page_text(page)
    assert "I want you to know this" in text and "Alice shared this with you." in text
    assert "/edit/" not in text and "/share/" not in text and "/delete/" not in text
    shared = page_text(bob_client.get("/notes/shared/"))
    assert "For Bob" in shared


@pytest.mark.parametrize("back_to", ["private", "therapist"])
def test_taking_it_back_gives_the_partner_404_at_once(personas, client_for, back_to):
    alice, bob = personas["alice"], personas["bob"]
    saved = entry(alice, title="For Bob", audience="partner")
    bob_client = client_for(bob)
    assert bob_client.get(f"/notes/{saved.key}/").status_code == 200

    client_for(alice).post(f"/notes/{saved.key}/share/", {"audience": back_to})

    assert bob_client.get(f"/notes/{saved.key}/").status_code == 404
    assert "For Bob" not in page_text(bob_client.get("/notes/shared/"))


def test_after_unlinking_the_ex_partner_gets_404(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    saved = entry(alice, title="For Bob", audience="partner+therapist")
    record = thought(alice, audience="partner")
    unlink(alice)
    bob_client = client_for(bob)
    assert bob_client.get(f"/notes/{saved.key}/").status_code == 404
    assert bob_client.get(f"/notes/thoughts/{record.key}/").status_code == 404
    text = page_text(bob_client.get("/notes/shared/"))
    assert "aren't linked" in text and "For Bob" not in text


@pytest.mark.parametrize("audience", ["private", "therapist"])
def test_the_partner_gets_404_for_what_is_not_shared_with_him(personas, client_for, audience):
    saved = entry(personas["alice"], title="Not for Bob", audience=audience)
    record = thought(personas["alice"], audience=audience)
    bob_client = client_for(personas["bob"])
    assert bob_client.get(f"/notes/{saved.key}/").status_code == 404
    assert bob_client.get(f"/notes/thoughts/{record.key}/").status_code == 404
    assert "Not for Bob" not in page_text(bob_client.get("/notes/shared/"))


@pytest.mark.parametrize("who", OTHERS)
def test_anyone_else_gets_404_even_for_shared_ones(personas, client_for, who):
    saved = entry(personas["alice"], audience="partner+therapist")
    record = thought(personas["alice"], audience="partner+therapist")
    client = client_for(personas[who])
    assert client.get(f"/notes/{saved.key}/").status_code == 404
    assert client.get(f"/notes/thoughts/{record.key}/").status_code == 404


@pytest.mark.parametrize("who", ["bob", *OTHERS])
def test_only_the_owner_changes_who_sees_it(personas, client_for, who):
    saved = entry(personas["alice"], audience="partner")
    record = thought(personas["alice"], audience="partner")
    client = client_for(personas[who])
    assert client.post(f"/notes/{saved.key}/share/", {"audience": "private"}).status_code == 404
    url = f"/notes/thoughts/{record.key}/share/"
    assert client.post(url, {"audience": "private"}).status_code == 404
    assert Entry.objects.get().audience == "partner"


@pytest.mark.parametrize("audience", ["everyone", "", "safety"])
def test_a_tampered_audience_is_refused_beside_the_control(personas, client_for, audience):
    saved = entry(personas["alice"])
    before = journal_state()
    response = client_for(personas["alice"]).post(
        f"/notes/{saved.key}/share/", {"audience": audience}
    )
    assert response.status_code == 200
    text = page_text(response)
    assert 'aria-invalid="true"' in text
    assert "Choose one of the options shown." in text or "Choose who can see this." in text
    assert journal_state() == before


def test_share_is_post_only(personas, client_for):
    saved = entry(personas["alice"])
    assert client_for(personas["alice"]).get(f"/notes/{saved.key}/share/").status_code == 405


def test_the_shared_page_lists_only_the_partners_shared_writing(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    entry(alice, title="Shared one", audience="partner")
    entry(alice, title="Private one")
    entry(alice, title="Therapist one", audience="therapist")
    thought(alice, situation="Shared moment", audience="partner+therapist")
    thought(alice, situation="Private moment")
    entry(personas["carol"], title="Carol's", audience="partner")
    text = page_text(client_for(bob).get("/notes/shared/"))
    assert "Shared one" in text and "Shared moment" in text
    for hidden in ("Private one", "Therapist one", "Private moment", "Carol's"):
        assert hidden not in text
    # Alice's own list doesn't show her partner's.
    entry(bob, title="Bob's shared", audience="partner")
    assert "Bob's shared" not in page_text(client_for(alice).get("/notes/"))


def test_the_shared_page_costs_the_same_queries_whatever_the_partner_keeps_private(
    personas, client_for
):
    alice, bob = personas["alice"], personas["bob"]
    client = client_for(bob)
    client.get("/notes/shared/")
    with CaptureQueriesContext(connection) as before:
        client.get("/notes/shared/")
    for _ in range(5):
        entry(alice)
        thought(alice, audience="therapist")
    with CaptureQueriesContext(connection) as after:
        client.get("/notes/shared/")
    assert len(before) == len(after)
