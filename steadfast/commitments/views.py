import uuid
from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from steadfast.core.access import person_required
from steadfast.core.models import Audience

from . import actions, reliability
from .access import (
    get_commitment_for,
    get_own_commitment_for,
    get_partners_commitment_for,
    own_commitments,
    shared_with,
    today,
)
from .forms import AcknowledgeForm, CommitmentForm, MarkForm, RenegotiateForm

RECENT_DAYS = 14
HALF_LIFE_DAYS = getattr(reliability, "SUGGESTED_HALF_LIFE_DAYS", None)
WHO_SEES = {
    Audience.PRIVATE: "Only you can see it.",
    Audience.PARTNER: "You and your partner can see it.",
    Audience.THERAPIST: "You and a therapist you give access to can see it.",
    Audience.PARTNER_THERAPIST: "You, your partner and a therapist you give access to can see it.",
}


def _schedule_initial(commitment):
    return {
        "text": commitment.text,
        "kind": commitment.kind,
        "weekdays": list(commitment.weekdays),
        "start": commitment.start,
        "end": commitment.end,
    }


@person_required
@require_http_methods(["GET", "POST"])
def promises(request):
    if request.method == "POST":
        form = CommitmentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            commitment = actions.make_commitment(
                request.user,
                text=data["text"],
                schedule=form.schedule(),
                audience=data["audience"],
                submission_key=data["submission_key"],
            )
            messages.success(request, f"Saved. {WHO_SEES[commitment.audience]}")
            return redirect("commitments:detail", key=commitment.key)
        form.renew_broken_key()
    else:
        form = CommitmentForm(
            initial={
                "submission_key": uuid.uuid4(),
                "kind": "daily",
                "start": today(),
                "audience": Audience.PRIVATE,
            }
        )
    context = {
        "form": form,
        "mine": list(own_commitments(request.user)),
        "shared": list(shared_with(request.user).select_related("owner")),
    }
    return render(request, "commitments/list.html", context)


def estimates(commitment, *, day=None):
    """The owner's and the partner's estimates and the perception gap, for one commitment."""
    day = day or today()
    marks = {m.day: m.done for m in commitment.marks.all()}
    acks = {a.day: a.as_kept for a in commitment.acknowledgements.order_by("created_at", "pk")}
    owner = reliability.estimate(sorted(marks.items()), today=day, half_life_days=HALF_LIFE_DAYS)
    partner = reliability.estimate(
        sorted((d, kept) for d, kept in acks.items() if kept is not None),
        today=day,
        half_life_days=HALF_LIFE_DAYS,
    )
    return {
        "owner": owner,
        "owner_words": reliability.plain_words(owner),
        "partner": partner,
        "partner_words": reliability.plain_words(partner),
        "gap": reliability.perception_gap(marks, acks),
    }


def _detail_page(request, commitment, *, refused=None, status=200):
    """The detail page; `refused` is a list of messages for a refused mark or answer."""
    is_owner = commitment.owner_id == request.user.pk
    last = today()
    days = commitment.occurrences(last - timedelta(days=RECENT_DAYS - 1), last)
    marks = {m.day: m for m in commitment.marks.all()}
    mine_acks = {
        a.day: a for a in commitment.acknowledgements.all() if a.partner_id == request.user.pk
    }
    acks = {a.day: a for a in commitment.acknowledgements.order_by("created_at", "pk")}
    rows = [
        {
            "day": day,
            "mark": marks.get(day),
            "ack": acks.get(day),
            "can_mark": is_owner and day not in marks,
            "can_acknowledge": not is_owner and day not in mine_acks,
            "submission_key": uuid.uuid4(),
        }
        for day in days
    ]
    found = estimates(commitment, day=last)
    context = {
        "commitment": commitment,
        "is_owner": is_owner,
        "rows": rows,
        "days": RECENT_DAYS,
        "estimates": found,
        "gap_percent": None if found["gap"] is None else reliability.percent(found["gap"]),
        "half_life": HALF_LIFE_DAYS,
        "events": list(commitment.events.all()) if is_owner else [],
        "refused": refused or [],
        "who_sees": WHO_SEES[commitment.audience],
        "mark_choices": MarkForm.base_fields["done"].choices,
        "seen_choices": AcknowledgeForm.base_fields["seen"].choices,
    }
    return render(request, "commitments/detail.html", context, status=status)


def _errors(form):
    return [error for errors in form.errors.values() for error in errors]


@person_required
@require_http_methods(["GET"])
def detail(request, key):
    return _detail_page(request, get_commitment_for(request.user, key))


@person_required
@require_POST
def mark(request, key):
    commitment = get_own_commitment_for(request.user, key)
    form = MarkForm(request.POST, commitment=commitment)
    if not form.is_valid():
        return _detail_page(request, commitment, refused=_errors(form))
    data = form.cleaned_data
    try:
        saved = actions.mark(
            commitment,
            day=data["day"],
            done=data["done"],
            note=data["note"],
            submission_key=data["submission_key"],
        )
    except actions.Refused as refusal:
        return _detail_page(request, commitment, refused=[str(refusal)])
    words = "done" if saved.done else "not done"
    messages.success(request, f"Marked {saved.day:%-d %B} as {words}.")
    return redirect("commitments:detail", key=commitment.key)


@person_required
@require_POST
def acknowledge(request, key):
    commitment = get_partners_commitment_for(request.user, key)
    form = AcknowledgeForm(request.POST, commitment=commitment)
    if not form.is_valid():
        return _detail_page(request, commitment, refused=_errors(form))
    data = form.cleaned_data
    try:
        saved = actions.acknowledge(
            commitment,
            request.user,
            day=data["day"],
            seen=data["seen"],
            submission_key=data["submission_key"],
        )
    except actions.Refused as refusal:
        return _detail_page(request, commitment, refused=[str(refusal)])
    messages.success(request, f"Saved your answer for {saved.day:%-d %B}.")
    return redirect("commitments:detail", key=commitment.key)


@person_required
@require_http_methods(["GET", "POST"])
def renegotiate(request, key):
    commitment = get_own_commitment_for(request.user, key)
    refused = None
    if request.method == "POST":
        form = RenegotiateForm(request.POST)
        if form.is_valid():
            try:
                actions.renegotiate(
                    commitment, text=form.cleaned_data["text"], schedule=form.schedule()
                )
            except actions.Refused as refusal:
                refused = str(refusal)
            else:
                messages.success(request, "Saved. The earlier version stays in the history.")
                return redirect("commitments:detail", key=commitment.key)
    else:
        form = RenegotiateForm(initial=_schedule_initial(commitment))
    context = {"form": form, "commitment": commitment, "refused": refused}
    return render(request, "commitments/renegotiate.html", context)


@person_required
@require_POST
def retire(request, key):
    commitment = get_own_commitment_for(request.user, key)
    actions.retire(commitment)
    messages.success(request, "Retired. Its history and marks stay.")
    return redirect("commitments:detail", key=commitment.key)
