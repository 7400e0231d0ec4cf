"""FHIR R4 in and out: an instrument as a Questionnaire, one's own result as a
QuestionnaireResponse, and a QuestionnaireResponse imported as a new private result.

The Questionnaire needs a login but no more. It holds no one's data, yet it is not
public: its answer labels can come from a practice's licensed texts file
(STEADFAST_INSTRUMENT_TEXTS), which is licensed to the practice's users, not to anyone
on the internet; and deny-by-default gains nothing from an exception here. Therapists
may download it too, for their own records systems.

A QuestionnaireResponse holds the answers, so only its owner may download it: a partner
the result was shared with gets 404 like anyone else.
"""

import json
import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from steadfast.core import idempotency
from steadfast.core.access import login_required, person_required

from . import actions, battery, definitions, fhir, interpretation
from .access import get_instrument_or_404, get_own_measure_for
from .forms import ImportForm

FHIR_JSON = "application/fhir+json; charset=utf-8"
IMPORTED = "Imported. This result is private: only you can see it, until you choose to share it."


def _base_url(request):
    return request.build_absolute_uri("/")


def _download(resource, filename):
    response = HttpResponse(
        json.dumps(resource, indent=2, ensure_ascii=False) + "\n", content_type=FHIR_JSON
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def questionnaire(request, key):
    instrument = get_instrument_or_404(key)
    resource = fhir.questionnaire(instrument, base_url=_base_url(request))
    return _download(resource, f"questionnaire-{instrument.key}.json")


@person_required
@require_GET
def response(request, key):
    measure = get_own_measure_for(request.user, key)
    instrument = definitions.all_instruments().get(measure.instrument)
    if instrument is None or instrument.version != measure.version:
        # Answers to another version can't be written as a response to this one.
        raise Http404
    resource = fhir.questionnaire_response(
        instrument,
        measure.answers,
        authored=measure.completed_at,
        score=interpretation.score_of(instrument, measure.total, measure.mean),
        base_url=_base_url(request),
    )
    day = timezone.localdate(measure.completed_at).isoformat()
    return _download(resource, f"response-{instrument.key}-{day}.json")


@person_required
@require_http_methods(["GET", "POST"])
def import_response(request):
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                measure = actions.record_measure(
                    request.user,
                    form.instrument,
                    form.answers,
                    submission_key=form.cleaned_data["submission_key"],
                    completed_at=form.completed_at,
                )
            except idempotency.KeyReused as reused:
                idempotency.refuse(form, reused)
                status = idempotency.REFUSED_STATUS
            else:
                messages.success(request, IMPORTED)
                return redirect("assessments:result", key=measure.submission_key)
        form.renew_broken_key()
    else:
        form = ImportForm(initial={"submission_key": uuid.uuid4()})
    # Safety instruments are never named on the measures pages (see battery.py); their
    # Questionnaires can still be downloaded by key, and their responses imported.
    instruments = sorted(
        (
            i
            for i in definitions.all_instruments().values()
            if not battery.is_safety_instrument(i.key)
        ),
        key=lambda i: i.short_name.lower(),
    )
    context = {"form": form, "instruments": instruments}
    return render(request, "assessments/import.html", context, status=status)
