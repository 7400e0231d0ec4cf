"""The data views: only granted, therapist-audience records; 404 without the grant; logged."""

import datetime

import pytest
from django.urls import reverse

from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments.models import Commitment
from steadfast.conversations.models import Conversation
from steadfast.core.testing import make_grant, page_text
from steadfast.journal.models import Entry
from steadfast.practice.categories import CATEGORY_FIELDS
from steadfast.practice.models import AccessRead
from steadfast.safety.models import SafetyPlan

VIEWS = {
    "checkins": "practice:client_checkins",
    "commitments": "practice:client_commitments",
    "conversations": "practice:client_conversations",
    "journal": "practice:client_journal",
    "safety": "practice:client_safety",
}


def _plant(alice, bob):
    day = datetime.date(2026, 11, 20)
    for i, audience in enumerate(["therapist", "partner+therapist", "private", "partner"]):
        DailyCheckIn.objects.create(
            owner=alice,
            audience=audience,
            day=day - datetime.timedelta(days=i),
            trust=i + 1,
            closeness=5,
            mood=5,
        )
        Commitment.objects.create(
            owner=alice, audience=audience, text=f"Promise-{audience}", kind="daily", start=day
        )
        Entry.objects.create(owner=alice, audience=audience, body=f"Entry-{audience}")
    SafetyPlan.objects.create(owner=alice, audience="therapist", warning_signs="Plan-words")
    Conversation.objects.create(owner=bob, partner=alice, speaker=bob)


@pytest.mark.parametrize("category", list(VIEWS))
def test_each_view_needs_its_category(category, personas, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    others = [c for c in CATEGORY_FIELDS if c != category]
    grant = make_grant(alice, theo, *others)
    url = reverse(VIEWS[category], args=[grant.key])

    assert therapist_for(theo).get(url).status_code == 404
    assert therapist_for(personas["tina"]).get(url).status_code == 404

    grant.delete()
    full = make_grant(alice, theo, *CATEGORY_FIELDS)
    theo_client = therapist_for(theo)
    url = reverse(VIEWS[category], args=[full.key])
    assert theo_client.get(url).status_code == 200
    full.delete()
    assert theo_client.get(url).status_code == 404  # revoked: at once


def test_only_therapist_audiences_are_shown_and_every_read_logged(personas, therapist_for):
    alice, bob, theo = personas["alice"], personas["bob"], personas["theo"]
    _plant(alice, bob)
    grant = make_grant(alice, theo, *CATEGORY_FIELDS)
    theo_client = therapist_for(theo)

    commitments = page_text(theo_client.get(reverse(VIEWS["commitments"], args=[grant.key])))
    journal = page_text(theo_client.get(reverse(VIEWS["journal"], args=[grant.key])))
    for text, prefix in ((commitments, "Promise"), (journal, "Entry")):
        assert f"{prefix}-therapist" in text and f"{prefix}-partner+therapist" in text
        assert f"{prefix}-private" not in text and f"{prefix}-partner<" not in text
        assert f"{prefix}-partner\n" not in text
    checkins = theo_client.get(reverse(VIEWS["checkins"], args=[grant.key]))
    assert len(checkins.context["rows"]) == 2
    safety = page_text(theo_client.get(reverse(VIEWS["safety"], args=[grant.key])))
    assert "Plan-words" in safety
    talks = theo_client.get(reverse(VIEWS["conversations"], args=[grant.key]))
    assert len(talks.context["rows"]) == 1

    logged = AccessRead.objects.filter(client=alice)
    assert logged.filter(category="commitments").count() == 2
    assert logged.filter(category="journal").count() == 2
    assert logged.filter(category="checkins").count() == 2
    assert logged.filter(category="safety").count() == 1
    assert logged.filter(category="conversations").count() == 1
    # A conversation Bob opened is logged in Alice's log, never in Bob's.
    assert not AccessRead.objects.filter(client=bob).exists()


def test_private_entries_never_shown(personas, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    Entry.objects.create(owner=alice, audience="private", body="Only-mine")
    Entry.objects.create(owner=alice, audience="partner", body="For-bob")
    grant = make_grant(alice, theo, *CATEGORY_FIELDS)

    text = page_text(therapist_for(theo).get(reverse(VIEWS["journal"], args=[grant.key])))

    assert "Only-mine" not in text and "For-bob" not in text
    assert not AccessRead.objects.exists()


def test_the_partners_view_of_a_promise_counts_only_with_the_partners_own_grant(
    personas, therapist_for
):
    """Bob's acknowledgements of Alice's promise are Bob's data: Theo sees Bob's estimate
    and the perception gap only while Bob's own grant to Theo covers promises."""
    from steadfast.commitments.models import Acknowledgement, Mark, Seen

    alice, bob, theo = personas["alice"], personas["bob"], personas["theo"]
    day = datetime.date(2026, 11, 20)
    promise = Commitment.objects.create(
        owner=alice, audience="partner+therapist", text="Call at six", kind="daily", start=day
    )
    for back in range(6):
        when = day + datetime.timedelta(days=back)
        Mark.objects.create(commitment=promise, owner=alice, day=when, done=True)
        Acknowledgement.objects.create(
            commitment=promise, partner=bob, day=when, seen=Seen.NOT_NOTICED
        )
    grant = make_grant(alice, theo, "commitments")
    url = reverse(VIEWS["commitments"], args=[grant.key])
    theo_client = therapist_for(theo)

    alone = theo_client.get(url)
    assert alone.status_code == 200
    assert not alone.context["shows_partner"]
    assert "Not shared with you" in page_text(alone)
    assert all(estimate["partner"].n == 0 for _, estimate in alone.context["rows"])
    assert all(estimate["gap"] is None for _, estimate in alone.context["rows"])

    bob_grant = make_grant(bob, theo, "checkins")
    assert not theo_client.get(url).context["shows_partner"]  # a grant, but not promises

    bob_grant.delete()
    make_grant(bob, theo, "commitments")
    both = theo_client.get(url)
    assert both.context["shows_partner"]
    ((_, estimate),) = both.context["rows"]
    assert estimate["partner"].n == 6
    assert estimate["gap"] is not None
