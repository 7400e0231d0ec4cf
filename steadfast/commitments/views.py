import uuid
from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast.conversations.access import conversations_for
from steadfast.core import chartcache, idempotency
from steadfast.core.access import partner_of, person_required
from steadfast.core.models import WHO_SEES, Audience

from . import actions, charts, reliability, series
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


def _schedule_initial(commitment):
    return {
        "text": commitment.text,
        "root": commitment.root or "",
        "kind": commitment.kind,
        "weekdays": list(commitment.weekdays),
        "start": commitment.start,
        "end": commitment.end,
    }


@person_required
@require_http_methods(["GET", "POST"])
def promises(request):
    status = 200
    if request.method == "POST":
        form = CommitmentForm(request.POST, person=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                commitment = actions.make_commitment(
                    request.user,
                    text=data["text"],
                    root=data["root"],
                    conversation=data.get("conversation"),
                    schedule=form.schedule(),
                    audience=data["audience"],
                    submission_key=data["submission_key"],
                )
            except idempotency.KeyReused as reused:
                idempotency.refuse(form, reused)
                status = idempotency.REFUSED_STATUS
            else:
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
                # "Make a promise from this conversation" links here with its key.
                "conversation": request.GET.get("conversation", ""),
            },
            person=request.user,
        )
    context = {
        "form": form,
        "mine": list(own_commitments(request.user)),
        "shared": list(shared_with(request.user).select_related("owner")),
    }
    return render(request, "commitments/list.html", context, status=status)


# `estimates(..., acknowledged_by=ANYONE)`: every acknowledgement the promise ever had.
ANYONE = object()
SVG = "image/svg+xml"
TREND_DAYS = 30


def acknowledger_for(commitment, viewer):
    """Whose acknowledgements count when `viewer` looks at `commitment`: the couple's only.

    The owner sees her current partner's answers; the partner (who could open the promise
    only as her current partner) his own. An ex-partner's answers count for nobody: after an
    unlink they disappear from both sides, as everything else the two shared does, and a
    new partner never sees, or is counted with, the answers of the one before. Returns a
    user id, or None (no partner: no acknowledgements count)."""
    if commitment.owner_id != viewer.pk:
        return viewer.pk
    partner = partner_of(viewer)
    return None if partner is None else partner.pk


def _acknowledgements(commitment, acknowledged_by):
    """Oldest first (a later answer for a day wins), from the prefetch cache if there is one."""
    found = sorted(commitment.acknowledgements.all(), key=lambda a: (a.created_at, a.pk))
    if acknowledged_by is ANYONE:
        return found
    return [a for a in found if a.partner_id == acknowledged_by]


def marks_and_acknowledgements(commitment, *, acknowledged_by=ANYONE):
    """({day: done}, {day: True/False/None}): the owner's marks and the counted answers."""
    marks = {m.day: m.done for m in commitment.marks.all()}
    acks = {a.day: a.as_kept for a in _acknowledgements(commitment, acknowledged_by)}
    return marks, acks


def estimates(commitment, *, day=None, acknowledged_by=ANYONE):
    """The owner's and the partner's estimates and the perception gap, for one commitment.

    `acknowledged_by`: the user id whose acknowledgements count (see `acknowledger_for`;
    None for nobody's); by default every acknowledgement the promise has."""
    day = day or today()
    marks, acks = marks_and_acknowledgements(commitment, acknowledged_by=acknowledged_by)
    owner = reliability.estimate(sorted(marks.items()), today=day, half_life_days=HALF_LIFE_DAYS)
    partner = reliability.estimate(
        sorted((d, kept) for d, kept in acks.items() if kept is not None),
        today=day,
        half_life_days=HALF_LIFE_DAYS,
    )
    gap = reliability.perception_gap(marks, acks)
    return {
        "owner": owner,
        "owner_words": reliability.plain_words(owner),
        "partner": partner,
        "partner_words": reliability.plain_words(partner),
        "gap": gap,
        "gap_percent": None if gap is None else reliability.percent(gap),
    }


def chart_lines(commitment, viewer):
    """(owner's line, partner's line) for the chart: the estimate over time from the owner's
    marks and from the counted acknowledgements, with the detail page's half-life."""
    is_owner = commitment.owner_id == viewer.pk
    marks, acks = marks_and_acknowledgements(
        commitment, acknowledged_by=acknowledger_for(commitment, viewer)
    )
    owner_label = "Your own marks" if is_owner else f"{commitment.owner.display_name}'s own marks"
    partner_label = "As your partner noticed it" if is_owner else "As you noticed it"
    return (
        charts.Line(
            owner_label, tuple(series.over_time(marks.items(), half_life_days=HALF_LIFE_DAYS))
        ),
        charts.Line(
            partner_label, tuple(series.over_time(acks.items(), half_life_days=HALF_LIFE_DAYS))
        ),
    )


def chart_title(commitment, viewer):
    whose = "your" if commitment.owner_id == viewer.pk else f"{commitment.owner.display_name}'s"
    return f"How reliably {whose} promise has been kept, over time"


def point_words(point):
    """E.g. "64% (likely 40% to 85%)"; a dash for no point."""
    if point is None:
        return "–"
    percent = reliability.percent
    return f"{percent(point.mean)}% (likely {percent(point.low)}% to {percent(point.high)}%)"


def chart_context(commitment, viewer, *, day=None):
    """What a page needs to show the chart and its words: the lines, a table of the same
    figures (newest first), the trends over the last TREND_DAYS days and the alt text."""
    day = day or today()
    owner_line, partner_line = chart_lines(commitment, viewer)
    by_day = {}
    for index, line in enumerate((owner_line, partner_line)):
        for point in line.points:
            by_day.setdefault(point.day, [None, None])[index] = point
    names = owner_line.label
    if partner_line.points:
        names += "; " + partner_line.label
    return {
        "has_points": charts.has_points((owner_line, partner_line)),
        "owner_line": owner_line,
        "partner_line": partner_line,
        "table": [
            (d, point_words(mine), point_words(theirs))
            for d, (mine, theirs) in sorted(by_day.items(), reverse=True)
        ],
        "owner_trend": series.trend_words(
            series.trend(list(owner_line.points), days=TREND_DAYS, today=day)
        ),
        "partner_trend": series.trend_words(
            series.trend(list(partner_line.points), days=TREND_DAYS, today=day)
        ),
        "trend_days": TREND_DAYS,
        "alt": f"Chart over time of how likely the promise is kept. Lines: {names}. "
        "Each has its likely range shaded.",
    }


def _conversation_for(commitment, viewer):
    """The conversation the promise came out of, if `viewer` may open it now; else None."""
    if commitment.conversation_id is None:
        return None
    return conversations_for(viewer).filter(pk=commitment.conversation_id).first()


def _detail_page(request, commitment, *, refused=None, status=200):
    """The detail page; `refused` is a list of messages for a refused mark or answer."""
    is_owner = commitment.owner_id == request.user.pk
    last = today()
    days = commitment.occurrences(last - timedelta(days=RECENT_DAYS - 1), last)
    marks = {m.day: m for m in commitment.marks.all()}
    mine_acks = {
        a.day: a for a in commitment.acknowledgements.all() if a.partner_id == request.user.pk
    }
    acknowledged_by = acknowledger_for(commitment, request.user)
    acks = {a.day: a for a in _acknowledgements(commitment, acknowledged_by)}
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
    found = estimates(commitment, day=last, acknowledged_by=acknowledged_by)
    context = {
        "commitment": commitment,
        "is_owner": is_owner,
        "rows": rows,
        "days": RECENT_DAYS,
        "estimates": found,
        "gap_percent": found["gap_percent"],
        "chart": chart_context(commitment, request.user, day=last),
        "half_life": HALF_LIFE_DAYS,
        "events": list(commitment.events.all()) if is_owner else [],
        "refused": refused or [],
        "who_sees": WHO_SEES[commitment.audience],
        "conversation": _conversation_for(commitment, request.user),
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


# Read-only, and drawing takes a while: outside the request's transaction, so a page with
# several charts does not queue their requests behind one another's write lock (SQLite's
# transactions here are IMMEDIATE).
@transaction.non_atomic_requests
@person_required
@require_GET
def chart(request, key):
    """The estimate over time as an SVG image, for the owner and the partner it is shared
    with (anyone else: 404, like the promise). 404 too when nothing is marked yet: the
    pages say so in words and show no image."""
    commitment = get_commitment_for(request.user, key)
    lines = chart_lines(commitment, request.user)
    if not charts.has_points(lines):
        raise Http404
    # Drawn once per change of what this viewer's chart shows (see core.chartcache).
    drawn = chartcache.cached_render(
        request.user, "promise", charts.render_svg, lines, chart_title(commitment, request.user)
    )
    response = HttpResponse(drawn, content_type=SVG)
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
    return response


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
    except idempotency.KeyReused as reused:
        status = idempotency.REFUSED_STATUS
        return _detail_page(request, commitment, refused=[str(reused)], status=status)
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
    except idempotency.KeyReused as reused:
        status = idempotency.REFUSED_STATUS
        return _detail_page(request, commitment, refused=[str(reused)], status=status)
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
                    commitment,
                    text=form.cleaned_data["text"],
                    root=form.cleaned_data["root"],
                    schedule=form.schedule(),
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
