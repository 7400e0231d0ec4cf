"""Sharing: a standing choice to show which modules are done (off by default), and each
reflection one by one; both revocable at once. A partner sees only that, nobody else sees
anything."""

import pytest

from steadfast.couples.actions import unlink
from steadfast.program.models import Progress, ProgressSharing, State

from .helpers import page_text, progress

pytestmark = pytest.mark.django_db


def alices_progress(alice):
    progress(alice, "1a", state=State.DONE, reflection="Where it began for me")
    progress(alice, "1b", state=State.SKIPPED)
    progress(alice, "2a", state=State.STARTED, reflection="Hard to say")


def test_nothing_is_shared_by_default(personas, client_for):
    alice = personas["alice"]
    alices_progress(alice)
    text = page_text(client_for(personas["bob"]).get("/way/together/"))
    assert "Where distrust comes from" not in text
    assert "Where it began for me" not in text and "Hard to say" not in text
    assert text.count("Nothing shared here.") == 2
    assert not ProgressSharing.objects.exists()
    assert 'name="share_done"' in page_text(client_for(alice).get("/way/"))
    assert (
        "checked"
        not in page_text(client_for(alice).get("/way/")).split('name="share_done"')[1][:40]
    )


def test_sharing_which_modules_are_done_and_taking_it_back(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    alices_progress(alice)
    alice_client, bob_client = client_for(alice), client_for(bob)

    response = alice_client.post("/way/sharing/", {"share_done": "on"})
    assert response.status_code == 302 and response["Location"] == "/way/"
    text = page_text(bob_client.get("/way/together/"))
    assert "Step 1: Where distrust comes from" in text  # done
    assert "How you see yourself" not in text  # skipped: not shown
    assert "Saying what you need" not in text  # started: not shown
    assert "Where it began for me" not in text  # reflections never come with it
    assert "Alice can see" not in text

    alice_client.post("/way/sharing/", {})
    text = page_text(bob_client.get("/way/together/"))
    assert "Where distrust comes from" not in text
    assert ProgressSharing.objects.get(owner=alice).share_done is False


def test_sharing_one_reflection_and_taking_it_back(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    alices_progress(alice)
    alice_client, bob_client = client_for(alice), client_for(bob)

    response = alice_client.post("/way/1a/share/", {"audience": "partner"})
    assert response.status_code == 302 and response["Location"] == "/way/1a/"
    assert Progress.objects.get(owner=alice, module="1a").audience == "partner"
    text = page_text(bob_client.get("/way/together/"))
    assert "Where it began for me" in text
    assert "Hard to say" not in text
    assert "Where distrust comes from" in text  # the module it answers

    alice_client.post("/way/1a/share/", {"audience": "private"})
    text = page_text(bob_client.get("/way/together/"))
    assert "Where it began for me" not in text


def test_a_therapist_only_reflection_never_reaches_the_partner(personas, client_for):
    alice = personas["alice"]
    progress(alice, "1a", reflection="For my therapist", audience="therapist")
    text = page_text(client_for(personas["bob"]).get("/way/together/"))
    assert "For my therapist" not in text


@pytest.mark.parametrize("who", ["carol", "sam", "dan"])
def test_outsiders_see_nothing_of_alices_even_when_shared(personas, client_for, who):
    alice = personas["alice"]
    alices_progress(alice)
    client_for(alice).post("/way/sharing/", {"share_done": "on"})
    client_for(alice).post("/way/1a/share/", {"audience": "partner"})
    client = client_for(personas[who])
    text = page_text(client.get("/way/together/"))
    assert "Where it began for me" not in text and "Step 1: Where distrust" not in text
    # Her reflection cannot be reached, or changed, through the share address either.
    assert client.post("/way/1a/share/", {"audience": "private"}).status_code == 404
    assert Progress.objects.get(owner=alice, module="1a").audience == "partner"


def test_an_ex_partner_sees_nothing_after_unlinking(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    alices_progress(alice)
    client_for(alice).post("/way/sharing/", {"share_done": "on"})
    client_for(alice).post("/way/1a/share/", {"audience": "partner"})
    unlink(alice)
    text = page_text(client_for(bob).get("/way/together/"))
    assert "You aren't linked with a partner" in text
    assert "Where it began for me" not in text


def test_the_partner_cannot_share_or_revoke_the_others_reflection(personas, client_for):
    alice = personas["alice"]
    progress(alice, "1a", reflection="Mine", audience="partner")
    response = client_for(personas["bob"]).post("/way/1a/share/", {"audience": "private"})
    assert response.status_code == 404
    assert Progress.objects.get(owner=alice).audience == "partner"


def test_a_module_without_a_reflection_has_nothing_to_share(personas, client_for):
    sam = personas["sam"]
    progress(sam, "1a", state=State.DONE)
    assert client_for(sam).post("/way/1a/share/", {"audience": "partner"}).status_code == 404
    assert Progress.objects.get(owner=sam).audience == "private"


@pytest.mark.parametrize("audience", ["", "everyone", "public"])
def test_an_unknown_audience_changes_nothing(personas, client_for, audience):
    sam = personas["sam"]
    progress(sam, "1a", reflection="Words")
    response = client_for(sam).post("/way/1a/share/", {"audience": audience})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in page_text(response)
    assert Progress.objects.get(owner=sam).audience == "private"


def test_someone_not_linked_is_told_so(personas, client_for):
    text = page_text(client_for(personas["sam"]).get("/way/together/"))
    assert "You aren't linked with a partner" in text
    assert 'href="/couple/"' in text
