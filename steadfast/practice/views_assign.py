"""Proposed measures: the therapist proposes (practice pages), the client decides
(under /account/access/). Nothing of the client's changes until they accept."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast.assessments import battery, definitions
from steadfast.core.access import person_required, therapist_required

from . import proposals
from .access import get_grant_for_therapist
from .forms_notes import ProposalForm


def _names():
    return {key: i.short_name for key, i in definitions.all_instruments().items()}


@therapist_required
@require_http_methods(["GET", "POST"])
def assign(request, key):
    grant = get_grant_for_therapist(request.user, key)
    form = ProposalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        proposals.propose(request.user, grant.client, form.proposed())
        messages.success(
            request,
            f"Proposed. Nothing changes until {grant.client.display_name} accepts.",
        )
        return redirect("practice:assign", key=grant.key)
    names = _names()
    context = {
        "grant": grant,
        "client": grant.client,
        "form": form,
        "proposals": [
            (proposal, names.get(proposal.instrument, proposal.instrument))
            for proposal in proposals.for_therapist(request.user, grant.client)[:100]
        ],
    }
    return render(request, "practice/assign.html", context, status=400 if form.errors else 200)


@person_required
@require_GET
def client_proposals(request):
    offered = {i.key: i for i in battery.offered_instruments()}
    rows = [(p, offered.get(p.instrument)) for p in proposals.pending_for_client(request.user)]
    return render(request, "practice/proposals.html", {"rows": rows})


def _decide(request, key, accept):
    proposal = proposals.get_pending_for_client(request.user, key)
    proposals.decide(proposal, accept)
    messages.success(
        request,
        "Added to your schedule." if accept else "Declined. Your schedule is unchanged.",
    )
    return redirect("access:proposals")


@person_required
@require_POST
def accept(request, key):
    return _decide(request, key, True)


@person_required
@require_POST
def decline(request, key):
    return _decide(request, key, False)
