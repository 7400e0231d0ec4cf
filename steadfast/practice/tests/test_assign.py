"""Proposed measures: nothing of the client's changes until the client accepts."""

from django.urls import reverse

from steadfast.assessments.models import Schedule
from steadfast.core.testing import make_grant, page_text
from steadfast.practice.models import Proposal, ProposalStatus


def _propose(theo_client, grant, **rows):
    data = {}
    for key, interval in rows.items():
        data[f"{key}-propose"] = "on"
        data[f"{key}-interval"] = interval
    return theo_client.post(reverse("practice:assign", args=[grant.key]), data)


def test_propose_then_accept_updates_the_clients_schedule(personas, client_for, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo)
    theo_client = therapist_for(theo)

    assert _propose(theo_client, grant, gad7="14").status_code == 302
    proposal = Proposal.objects.get()
    assert not Schedule.objects.filter(owner=alice).exists()  # nothing changes yet

    alice_client = client_for(alice)
    page = page_text(alice_client.get(reverse("access:proposals")))
    assert "Theo" in page and "GAD-7" in page
    response = alice_client.post(reverse("access:proposal_accept", args=[proposal.key]))
    assert response.status_code == 302

    row = Schedule.objects.get(owner=alice, instrument="gad7")
    assert (row.interval_days, row.active) == (14, True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert "Accepted" in page_text(theo_client.get(reverse("practice:assign", args=[grant.key])))
    # Decided once: a second answer is refused.
    assert (
        alice_client.post(reverse("access:proposal_decline", args=[proposal.key])).status_code
        == 404
    )


def test_decline_leaves_the_schedule_alone(personas, client_for, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo)
    _propose(therapist_for(theo), grant, gad7="7")
    proposal = Proposal.objects.get()

    client_for(alice).post(reverse("access:proposal_decline", args=[proposal.key]))

    assert not Schedule.objects.filter(owner=alice).exists()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED


def test_only_the_client_decides(personas, client_for, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo)
    _propose(therapist_for(theo), grant, gad7="7")
    proposal = Proposal.objects.get()
    url = reverse("access:proposal_accept", args=[proposal.key])

    assert client_for(personas["bob"]).post(url).status_code == 404
    assert client_for(theo).post(url).status_code == 404
    assert not Schedule.objects.exists()


def test_safety_screens_cannot_be_proposed_and_tina_cannot_propose(personas, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo)

    _propose(therapist_for(theo), grant, hark="7")
    assert not Proposal.objects.exists()
    assert _propose(therapist_for(personas["tina"]), grant, gad7="7").status_code == 404
    assert not Proposal.objects.exists()


def test_revoked_grant_hides_pending_proposals(personas, client_for, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo)
    _propose(therapist_for(theo), grant, gad7="7")
    proposal = Proposal.objects.get()
    grant.delete()

    url = reverse("access:proposal_accept", args=[proposal.key])
    assert client_for(alice).post(url).status_code == 404
