import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from steadfast.core.access import person_required, public

from . import actions, questions, resources
from .access import get_checkin_for
from .forms import CheckInForm, SafetyPlanForm
from .models import PLAN_SECTIONS, SafetyPlan


def _country_of(request):
    chosen = request.GET.get("country")
    if chosen is not None:
        return chosen
    return getattr(request.user, "country", "") if request.user.is_authenticated else ""


@person_required
@require_http_methods(["GET", "POST"])
def checkin(request):
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            record = actions.record_checkin(
                request.user,
                answers=form.answers(),
                audience=form.cleaned_data["audience"],
                submission_key=form.cleaned_data["submission_key"],
            )
            return redirect("safety:checkin_result", key=record.submission_key)
    else:
        form = CheckInForm(initial={"submission_key": uuid.uuid4()})
    sections = [
        ("How things have been", [form[q.key] for q in questions.WELLBEING_BEFORE]),
        ("Your relationship, over the past year", [form[q.key] for q in questions.HARK]),
        ("Looking after yourself", [form[q.key] for q in questions.WELLBEING_AFTER]),
    ]
    return render(request, "safety/checkin.html", {"form": form, "sections": sections})


@person_required
@require_GET
def checkin_result(request, key):
    record = get_checkin_for(request.user, key)
    country = _country_of(request)
    return render(
        request,
        "safety/checkin_result.html",
        {
            "record": record,
            "positive": record.screen_positive,
            "resources": resources.resources_for(country),
            "country": country,
            "country_choices": resources.country_choices(),
        },
    )


@person_required
@require_http_methods(["GET", "POST"])
def plan(request):
    existing = SafetyPlan.objects.filter(owner=request.user).first()
    form = SafetyPlanForm(request.POST or None, instance=existing)
    if form.is_valid():
        actions.save_plan(request.user, form.cleaned_data)
        messages.success(request, "Your plan is saved. Only you can see it.")
        return redirect("safety:plan")
    return render(
        request, "safety/plan.html", {"form": form, "sections": PLAN_SECTIONS, "plan": existing}
    )


@public
@require_GET
def support(request):
    country = _country_of(request)
    return render(
        request,
        "safety/support.html",
        {
            "resources": resources.resources_for(country),
            "country": country,
            "country_choices": resources.country_choices(),
        },
    )


@public
@require_GET
def device(request):
    return render(request, "safety/device.html")
