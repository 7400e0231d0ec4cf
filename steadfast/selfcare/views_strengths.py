"""Self-esteem exercises: strengths with an example each, things that went well, and
what a partner chose to share from their self-care."""

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast.core import idempotency
from steadfast.core.access import person_required
from steadfast.core.models import Audience

from . import actions
from .access import get_own_reflection_for, own_reflections, shared_with, today
from .forms import EditStrengthForm, EditWentWellForm, ShareForm, StrengthForm, WentWellForm
from .models import Kind
from .views import STRENGTH_FIELDS, WENT_WELL_FIELDS, WHO_SEES, edit


@person_required
@require_http_methods(["GET", "POST"])
def edit_reflection(request, key):
    reflection = get_own_reflection_for(request.user, key)
    if reflection.is_strength:
        form_class, fields = EditStrengthForm, STRENGTH_FIELDS
    else:
        form_class, fields = EditWentWellForm, WENT_WELL_FIELDS
    return edit(
        request,
        reflection,
        form_class,
        fields,
        "selfcare/edit_reflection.html",
        "selfcare:strengths",
    )


# --- Strengths and things that went well ----------------------------------------------------


def _strengths_page(request, strength_form, went_well_form, *, refused=None, status=200):
    context = {
        "strength_form": strength_form,
        "went_well_form": went_well_form,
        "strengths": list(own_reflections(request.user, Kind.STRENGTH)),
        "went_well": list(own_reflections(request.user, Kind.WENT_WELL)),
        "audiences": Audience.choices,
        "refused": refused,
    }
    return render(request, "selfcare/strengths.html", context, status=status)


def _blank_strength_form():
    return StrengthForm(
        initial={"submission_key": uuid.uuid4(), "audience": "private"}, auto_id="strength_%s"
    )


def _blank_went_well_form():
    return WentWellForm(
        initial={"submission_key": uuid.uuid4(), "audience": "private", "day": today()},
        auto_id="went_well_%s",
    )


def _add_reflection(person, form, kind):
    data = form.cleaned_data
    return actions.add_reflection(
        person,
        kind=kind,
        text=data["text"],
        detail=data["detail"],
        day=data.get("day") or today(),
        audience=data["audience"],
        submission_key=data["submission_key"],
    )


@person_required
@require_http_methods(["GET", "POST"])
def strengths(request):
    if request.method == "POST":
        form = StrengthForm(request.POST, auto_id="strength_%s")
        if form.is_valid():
            try:
                saved = _add_reflection(request.user, form, Kind.STRENGTH)
            except idempotency.KeyReused as reused:
                idempotency.refuse(form, reused)
                status = idempotency.REFUSED_STATUS
                return _strengths_page(request, form, _blank_went_well_form(), status=status)
            messages.success(request, f"Strength saved. {WHO_SEES[saved.audience]}")
            return redirect("selfcare:strengths")
        form.renew_broken_key()
        return _strengths_page(request, form, _blank_went_well_form())
    return _strengths_page(
        request,
        _blank_strength_form(),
        _blank_went_well_form(),
    )


@person_required
@require_POST
def went_well(request):
    form = WentWellForm(request.POST, auto_id="went_well_%s")
    if form.is_valid():
        try:
            saved = _add_reflection(request.user, form, Kind.WENT_WELL)
        except idempotency.KeyReused as reused:
            idempotency.refuse(form, reused)
            status = idempotency.REFUSED_STATUS
            return _strengths_page(request, _blank_strength_form(), form, status=status)
        messages.success(request, f"Saved to your list. {WHO_SEES[saved.audience]}")
        return redirect("selfcare:strengths")
    form.renew_broken_key()
    return _strengths_page(request, _blank_strength_form(), form)


@person_required
@require_POST
def share_reflection(request, key):
    reflection = get_own_reflection_for(request.user, key)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return _strengths_page(
            request,
            _blank_strength_form(),
            _blank_went_well_form(),
            refused=(reflection.key, form.errors["audience"]),
        )
    actions.share(reflection, form.cleaned_data["audience"])
    messages.success(request, f"Who sees this: {WHO_SEES[reflection.audience]}")
    return redirect("selfcare:strengths")


# --- What a partner shares ---------------------------------------------------------------------


@person_required
@require_GET
def shared(request):
    partner, activities, strengths_, went_well_ = shared_with(request.user)
    context = {
        "partner": partner,
        "activities": list(activities),
        "strengths": list(strengths_),
        "went_well": list(went_well_),
    }
    return render(request, "selfcare/shared.html", context)
