import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from steadfast.core import idempotency
from steadfast.core.access import person_required, public
from steadfast.core.models import Audience

from . import actions, questions, resources
from .access import get_checkin_for
from .forms import CheckInForm, SafetyPlanForm
from .models import PLAN_SECTIONS, SafetyPlan

PLAN_SAVED = {
    Audience.PRIVATE: "Your plan is saved. Only you can see it.",
    Audience.THERAPIST: "Your plan is saved. Only you and a therapist you give access to can "
    "see it.",
}


@person_required
@require_http_methods(["GET", "POST"])
def checkin(request):
    status = 200
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                record = actions.record_checkin(
                    request.user,
                    answers=form.answers(),
                    audience=form.cleaned_data["audience"],
                    submission_key=form.cleaned_data["submission_key"],
                )
            except idempotency.KeyReused as reused:
                idempotency.refuse(form, reused)
                status = idempotency.REFUSED_STATUS
            else:
                return redirect("safety:checkin_result", key=record.submission_key)
        form.renew_broken_key()
    else:
        form = CheckInForm(initial={"submission_key": uuid.uuid4()})
    sections = [
        ("How things have been", [form[q.key] for q in questions.WELLBEING_BEFORE]),
        ("Your relationship, over the past year", [form[q.key] for q in questions.HARK]),
        ("Looking after yourself", [form[q.key] for q in questions.WELLBEING_AFTER]),
    ]
    context = {"form": form, "sections": sections}
    return render(request, "safety/checkin.html", context, status=status)


@person_required
@require_GET
def checkin_result(request, key):
    record = get_checkin_for(request.user, key)
    return render(
        request,
        "safety/checkin_result.html",
        {"record": record, "positive": record.screen_positive, **resources.page_context(request)},
    )


@person_required
@require_http_methods(["GET", "POST"])
def plan(request):
    existing = SafetyPlan.objects.filter(owner=request.user).first()
    # Read before validating: a refused form writes its values onto the instance, and the
    # page must say who can see the plan as saved, not as just (unsuccessfully) asked.
    saved_audience = existing.audience if existing else None
    # An empty POST is still a POST: refused with messages, not shown again as if unsent.
    posted = request.POST if request.method == "POST" else None
    form = SafetyPlanForm(posted, instance=existing)
    if form.is_valid():
        saved = actions.save_plan(request.user, form.cleaned_data)
        messages.success(request, PLAN_SAVED[saved.audience])
        return redirect("safety:plan")
    return render(
        request,
        "safety/plan.html",
        {"form": form, "sections": PLAN_SECTIONS, "saved_audience": saved_audience},
    )


@public
@require_GET
def support(request):
    return render(request, "safety/support.html", resources.page_context(request))


@public
@require_GET
def device(request):
    return render(request, "safety/device.html")
