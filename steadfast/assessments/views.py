import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast.core import idempotency
from steadfast.core.access import partner_of, person_required, visible_to
from steadfast.core.models import Audience
from steadfast.safety import resources

from . import actions, battery, definitions, interpretation, profile, tasks
from .access import get_measure_for, get_offered_instrument, get_own_measure_for
from .forms import MeasureForm, ScheduleForm, ShareForm, initial_from_answers
from .models import Measure, MeasureDraft, schedule_for

DRAFT_KEPT = "Your answers so far are saved. Come back and finish whenever you like."
SHARED = {
    Audience.PRIVATE: "Only you can see this result now.",
    Audience.PARTNER: "Your partner can see this result now: the score, what it means and "
    "the date. Never your answers.",
    Audience.THERAPIST: "A therapist you give access to can see this result now.",
    Audience.PARTNER_THERAPIST: "Your partner and a therapist you give access to can see "
    "this result now. Your partner never sees your answers.",
}


@person_required
@require_GET
def measures(request):
    person = request.user
    instruments = {i.key: i for i in battery.offered_instruments()}
    known = definitions.all_instruments()
    latest = {
        m.instrument: m for m in Measure.objects.filter(owner=person).newest_each().summaries()
    }
    drafts = set(MeasureDraft.objects.filter(owner=person).values_list("instrument", flat=True))
    rows = []
    for row in schedule_for(person):
        last = latest[row.instrument].completed_at if row.instrument in latest else None
        rows.append(
            {
                "instrument": instruments[row.instrument],
                "schedule": row,
                "due": row.is_due(last),
                "next_due": row.next_due(last),
                "latest": latest.get(row.instrument),
                "score": _score_of(known, latest.get(row.instrument)),
                "draft": row.instrument in drafts,
            }
        )
    partner = partner_of(person)
    shared = []
    if partner is not None:
        # Only what the partner chose to share: visible_to adds nothing else of theirs.
        found = (
            visible_to(Measure.objects.summaries(), person)
            .filter(owner=partner)
            .order_by("-completed_at", "-pk")
        )
        shared = [
            (
                m,
                known[m.instrument].short_name if m.instrument in known else m.instrument,
                _score_of(known, m),
            )
            for m in found
        ]
    shared_instruments = list(dict.fromkeys((m.instrument, name) for m, name, _ in shared))
    context = {
        "rows": rows,
        "partner": partner,
        "shared": shared,
        "shared_instruments": shared_instruments,
    }
    return render(request, "assessments/measures.html", context)


def _score_of(instruments, measure):
    if measure is None or measure.instrument not in instruments:
        return None
    return interpretation.score_of(instruments[measure.instrument], measure.total, measure.mean)


def _take_page(request, instrument, form, *, restored=False, status=200):
    return render(
        request,
        "assessments/take.html",
        {"instrument": instrument, "form": form, "restored": restored},
        status=status,
    )


@person_required
@require_http_methods(["GET", "POST"])
def take(request, key):
    instrument = get_offered_instrument(key)
    if request.method == "POST":
        form = MeasureForm(instrument, request.POST)
        if form.is_valid():
            try:
                measure = actions.record_measure(
                    request.user,
                    instrument,
                    form.answers,
                    submission_key=form.cleaned_data["submission_key"],
                )
            except idempotency.KeyReused as reused:
                idempotency.refuse(form, reused)
                return _take_page(request, instrument, form, status=idempotency.REFUSED_STATUS)
            tasks.draw_when_saved(measure)
            return redirect("assessments:result", key=measure.submission_key)
        form.renew_broken_key()
        return _take_page(request, instrument, form)
    draft = MeasureDraft.objects.filter(owner=request.user, instrument=instrument.key).first()
    initial = initial_from_answers(draft.answers if draft else {})
    form = MeasureForm(instrument, initial={**initial, "submission_key": uuid.uuid4()})
    return _take_page(request, instrument, form, restored=draft is not None)


@person_required
@require_POST
def draft(request, key):
    """Answers so far, posted by measure.js on every change (204), or by the "Save and
    finish later" button (back to the list). A form already submitted keeps no draft."""
    instrument = get_offered_instrument(key)
    later = "later" in request.POST
    form = MeasureForm(instrument, request.POST, partial=True)
    if not form.is_valid():
        if later:
            return _take_page(request, instrument, form)
        return HttpResponse(
            " ".join(str(e) for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    key_used = form.cleaned_data.get("submission_key")
    done = (
        key_used is not None
        and Measure.objects.filter(owner=request.user, submission_key=key_used).first()
    )
    if done:
        if later:
            return redirect("assessments:result", key=done.submission_key)
        return HttpResponse("Already saved.", status=409, content_type="text/plain")
    actions.save_draft(request.user, instrument, form.answers)
    if later:
        messages.success(request, DRAFT_KEPT)
        return redirect("assessments:measures")
    return HttpResponse(status=204)


def _subscale_rows(measure):
    return [
        (name.replace("_", " ").capitalize(), values) for name, values in measure.subscales.items()
    ]


def _answer_rows(instrument, measure):
    rows = []
    for item in instrument.items:
        value = (measure.answers or {}).get(str(item.number))
        labels = {o.value: o.label for o in instrument.options(item)}
        rows.append((item, "" if value is None else labels.get(value, str(value))))
    return rows


def _change(instrument, measure):
    """(report, previous measure, reason none) for the change since the last result."""
    previous = Measure.objects.before(measure).summaries().first()
    if previous is None:
        return None, None, "first"
    if previous.version != measure.version:
        return None, previous, "version"
    before = interpretation.score_of(instrument, previous.total, previous.mean)
    after = interpretation.score_of(instrument, measure.total, measure.mean)
    if before is None or after is None:
        return None, previous, "no_score"
    return interpretation.describe_change(instrument, before, after), previous, None


def _score_context(instrument, measure):
    return {
        "instrument": instrument,
        "score": interpretation.score_of(instrument, measure.total, measure.mean),
        "score_range": interpretation.score_range(instrument),
        "band_words": interpretation.band_words(instrument, measure.band),
        "caution": interpretation.CAUTION,
    }


def _result_page(request, measure, share_form=None):
    instrument = definitions.get_instrument(measure.instrument)
    if measure.owner_id != request.user.pk:
        # A partner's page is built from the summary alone: no answers, no flags.
        return render(
            request,
            "assessments/shared_result.html",
            {
                "measure": measure,
                "partner": partner_of(request.user),
                **_score_context(instrument, measure),
            },
        )
    partner = partner_of(request.user)
    report, previous, no_change = _change(instrument, measure)
    context = {
        "measure": measure,
        **_score_context(instrument, measure),
        "subscales": _subscale_rows(measure),
        "answers": _answer_rows(instrument, measure),
        "report": report,
        "previous": previous,
        "no_change": no_change,
        "share_form": share_form
        or ShareForm(
            initial={"audience": measure.audience}, measure=measure, linked=partner is not None
        ),
        "safety_flags": measure.safety_flags,
    }
    if measure.safety_flags:
        context.update(resources.page_context(request))
    return render(request, "assessments/result.html", context)


@person_required
@require_GET
def result(request, key):
    return _result_page(request, get_measure_for(request.user, key))


@person_required
@require_POST
def share(request, key):
    measure = get_own_measure_for(request.user, key)
    form = ShareForm(request.POST, measure=measure, linked=partner_of(request.user) is not None)
    if not form.is_valid():
        return _result_page(request, measure, share_form=form)
    actions.share_measure(measure, form.cleaned_data["audience"])
    messages.success(request, SHARED[measure.audience])
    return redirect("assessments:result", key=measure.submission_key)


@person_required
@require_http_methods(["GET", "POST"])
def schedule(request):
    rows = schedule_for(request.user)
    posted = request.POST if request.method == "POST" else None
    form = ScheduleForm(posted, rows=rows)
    if form.is_valid():
        actions.save_schedule(request.user, form.settings())
        messages.success(request, "Your schedule is saved.")
        return redirect("assessments:schedule")
    instruments = {i.key: i for i in battery.offered_instruments()}
    return render(
        request, "assessments/schedule.html", {"form": form, "groups": form.groups(instruments)}
    )


@person_required
@require_GET
def trust_profile(request):
    """The person's own latest results against the roots and impacts of distrust.
    Only ever their own: whatever a partner shared has no place here."""
    known = definitions.all_instruments()
    # Details (for a safety flag) are opened; the answers are not needed.
    latest = Measure.objects.filter(owner=request.user).newest_each().defer("answers")
    readings = {
        m.instrument: profile.Reading(
            instrument=m.instrument,
            score=_score_of(known, m),
            band=m.band,
            completed_at=m.completed_at,
            key=m.submission_key,
            flagged=bool(m.safety_flags),
        )
        for m in latest
    }
    offered = {instrument.key for instrument in battery.offered_instruments()}
    sections = profile.trust_profile(readings, known, offered)
    context = {
        "sections": [s for s in sections if s.findings or s.to_take],
        # Areas with no result and nothing to answer here: one short list, not a card each.
        "not_here": [s for s in sections if not (s.findings or s.to_take)],
        "anything": any(section.findings for section in sections),
        "caution": interpretation.CAUTION,
    }
    return render(request, "assessments/profile.html", context)
