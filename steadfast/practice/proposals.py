"""Measures a therapist proposes and a client accepts or declines.

A proposal changes nothing of the client's until the client accepts it: accepting
writes the client's own assessments `Schedule` row for that instrument (switched on,
at the proposed cadence); declining writes nothing but the proposal's state. The
therapist sees each proposal's state while the client's grant lasts.
"""

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from steadfast.assessments import actions as measure_actions
from steadfast.assessments import battery

from .models import Proposal, ProposalStatus


def propose(therapist, client, proposed):
    """Write one pending proposal per {instrument key: interval_days}; a pending one for
    the same instrument is replaced by the new cadence. Safety screens are refused."""
    offered = {i.key for i in battery.offered_instruments()}
    made = []
    for instrument, interval_days in proposed.items():
        if instrument not in offered or battery.is_safety_instrument(instrument):
            continue
        try:
            with transaction.atomic():
                proposal, _ = Proposal.objects.update_or_create(
                    therapist=therapist,
                    client=client,
                    instrument=instrument,
                    status=ProposalStatus.PENDING,
                    defaults={"interval_days": interval_days, "created_at": timezone.now()},
                )
        except IntegrityError:  # the same proposal made twice at once
            proposal = Proposal.objects.get(
                therapist=therapist,
                client=client,
                instrument=instrument,
                status=ProposalStatus.PENDING,
            )
        made.append(proposal)
    return made


def for_therapist(therapist, client):
    return Proposal.objects.filter(therapist=therapist, client=client).order_by(
        "-created_at", "-pk"
    )


def pending_for_client(client):
    """The client's undecided proposals from therapists they still grant access to."""
    from .models import Grant

    therapists = Grant.objects.active().filter(client=client).values("therapist_id")
    return (
        Proposal.objects.filter(
            client=client, status=ProposalStatus.PENDING, therapist_id__in=therapists
        )
        .select_related("therapist")
        .order_by("created_at", "pk")
    )


def get_pending_for_client(client, key):
    try:
        return pending_for_client(client).get(key=key)
    except Proposal.DoesNotExist:
        raise Http404 from None


@transaction.atomic
def decide(proposal, accept):
    """Accept (the client's Schedule changes) or decline (nothing else changes)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        return proposal
    if accept:
        measure_actions.save_schedule(
            proposal.client, {proposal.instrument: (proposal.interval_days, True)}
        )
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    return proposal
