"""A client's data as the therapist may see it: check-ins, promises, conversations,
journal, safety, and a FHIR export of the measures. Each page needs the client's
accepted grant for its category (404 otherwise, at once after a revoke), shows only
records whose audience includes a therapist (`visible_to`), reads a bounded number of
rows in a fixed number of queries, and logs every record it shows (`log_reads`).
"""

import json

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from steadfast.assessments import fhir
from steadfast.assessments.models import Measure
from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments.models import Acknowledgement, Commitment
from steadfast.commitments.views import estimates
from steadfast.conversations.models import Conversation
from steadfast.core.access import therapist_required, visible_to
from steadfast.couples.models import current_partner
from steadfast.journal.models import Entry, ThoughtRecord
from steadfast.safety.models import CheckIn, SafetyPlan

from . import actions
from .access import get_grant_for_therapist
from .categories import Category
from .models import AccessRead, Grant

ROWS = 100  # the most rows of one kind a page shows
FHIR_JSON = "application/fhir+json; charset=utf-8"


def _granted(request, key, category):
    grant = get_grant_for_therapist(request.user, key)
    if not grant.covers(category):
        raise Http404
    return grant


def _context(grant, **more):
    return {"grant": grant, "client": grant.client, **more}


@therapist_required
@require_GET
def checkins(request, key):
    grant = _granted(request, key, Category.CHECKINS)
    found = list(
        visible_to(DailyCheckIn.objects.filter(owner=grant.client), request.user)
        .defer("note")
        .order_by("-day")[:ROWS]
    )
    actions.log_reads(request.user, found)
    return render(request, "practice/data_checkins.html", _context(grant, rows=found))


@therapist_required
@require_GET
def commitments(request, key):
    grant = _granted(request, key, Category.COMMITMENTS)
    # The partner's acknowledgements are the partner's own data: they count (and are
    # loaded at all) only when the current partner's own grant to this therapist covers
    # promises too, as in the pre-session summary (`Summary.shows_gap`).
    partner = current_partner(grant.client)
    counted = None
    if partner is not None:
        partner_grant = Grant.objects.active().filter(therapist=request.user, client=partner)
        if any(g.covers(Category.COMMITMENTS) for g in partner_grant):
            counted = partner.pk
    found = list(
        visible_to(Commitment.objects.filter(owner=grant.client), request.user)
        .prefetch_related(
            "marks",
            Prefetch(
                "acknowledgements", queryset=Acknowledgement.objects.filter(partner_id=counted)
            ),
        )
        .order_by("-created_at", "-pk")[:ROWS]
    )
    rows = [(c, estimates(c, acknowledged_by=counted)) for c in found]
    actions.log_reads(request.user, found)
    return render(
        request,
        "practice/data_commitments.html",
        _context(grant, rows=rows, shows_partner=counted is not None),
    )


def _log_for_client(therapist, client, records, category):
    """Like `log_reads`, but every row goes to `client`'s own log: a conversation may be
    owned by the partner, whose log must not learn that this client has a therapist."""
    now = timezone.now()
    AccessRead.objects.bulk_create(
        AccessRead(
            client=client,
            therapist=therapist,
            therapist_name=therapist.display_name,
            category=category,
            model_label=record._meta.label_lower,
            record_key=str(record.key),
            at=now,
        )
        for record in records
    )


@therapist_required
@require_GET
def conversations(request, key):
    """Metadata only. Conversations and their turns are written for the couple (audience
    partner, by design: conversations/actions.py), never for a therapist, so no turn is
    ever read here: only when each conversation the client took part in was held."""
    grant = _granted(request, key, Category.CONVERSATIONS)
    client = grant.client
    found = list(
        (Conversation.objects.filter(owner=client) | Conversation.objects.filter(partner=client))
        .only("key", "owner_id", "partner_id", "status", "created_at", "updated_at")
        .order_by("-created_at", "-pk")[:ROWS]
    )
    _log_for_client(request.user, client, found, Category.CONVERSATIONS)
    return render(request, "practice/data_conversations.html", _context(grant, rows=found))


@therapist_required
@require_GET
def journal(request, key):
    grant = _granted(request, key, Category.JOURNAL)
    entries = list(
        visible_to(Entry.objects.filter(owner=grant.client), request.user).order_by(
            "-created_at", "-pk"
        )[:ROWS]
    )
    thoughts = list(
        visible_to(ThoughtRecord.objects.filter(owner=grant.client), request.user).order_by(
            "-created_at", "-pk"
        )[:ROWS]
    )
    actions.log_reads(request.user, entries + thoughts)
    context = _context(grant, entries=entries, thoughts=thoughts)
    return render(request, "practice/data_journal.html", context)


@therapist_required
@require_GET
def safety(request, key):
    grant = _granted(request, key, Category.SAFETY)
    checks = list(
        visible_to(CheckIn.objects.filter(owner=grant.client), request.user).order_by(
            "-completed_at", "-pk"
        )[:ROWS]
    )
    plan = visible_to(SafetyPlan.objects.filter(owner=grant.client), request.user).first()
    actions.log_reads(request.user, checks + ([plan] if plan else []))
    return render(request, "practice/data_safety.html", _context(grant, checks=checks, plan=plan))


def export_bundle(grant, therapist, base_url=""):
    """(bundle dict, measures in it): the client's measures this therapist may see, as a
    FHIR R4B Bundle (collection) of QuestionnaireResponses. Safety screens come only with
    the safety grant (`visible_to` sees to that); without it, the answers of items that
    raise a safety flag (PHQ-9 item 9) are left out, as on the results page."""
    found = list(
        visible_to(Measure.objects.filter(owner=grant.client), therapist).order_by(
            "completed_at", "pk"
        )[:1000]
    )
    return fhir.measures_bundle(found, base_url=base_url, leave_out_safety_items=not grant.safety)


@therapist_required
@require_GET
def export(request, key):
    grant = get_grant_for_therapist(request.user, key)
    if not (grant.measures or grant.safety):
        raise Http404
    bundle, shown = export_bundle(grant, request.user, request.build_absolute_uri("/"))
    actions.log_reads(request.user, shown)
    response = HttpResponse(
        json.dumps(bundle, indent=2, ensure_ascii=False) + "\n", content_type=FHIR_JSON
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="responses-{day}.json"'
    return response
