"""The program: the five steps as modules, each person's own progress and reflections,
and what a partner chose to share."""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast.core.access import partner_of, person_required
from steadfast.core.steps import WAY_THROUGH

from . import actions
from .access import (
    get_own_progress_for,
    get_own_reflection_for,
    own_progress,
    partners_done,
    partners_reflections,
    shares_done,
)
from .forms import MoveForm, ReflectionForm, ShareForm, SharingForm
from .models import State
from .modules import BY_SLUG, MODULES, get_module, modules_of_step
from .next_step import next_module

WHO_READS = {
    "private": "Only you can read it.",
    "partner": "You and your partner can read it.",
    "therapist": "You and a therapist you give access to can read it.",
    "partner+therapist": "You, your partner and a therapist you give access to can read it.",
}
MOVED = {
    State.STARTED: "It's on your list again, as started.",
    State.DONE: "Marked as done. You can come back to it whenever you like.",
    State.SKIPPED: "Skipped for now. It stays here if you want to come back to it.",
}


def _module_or_404(slug):
    module = get_module(slug)
    if module is None:
        raise Http404
    return module


@person_required
@require_GET
def index(request):
    """The five steps, each module with the person's own state; start anywhere."""
    progress = own_progress(request.user)
    linked = partner_of(request.user) is not None
    steps = [
        (step, [(module, progress.get(module.slug)) for module in modules_of_step(step.number)])
        for step in WAY_THROUGH
    ]
    states = {slug: row.state for slug, row in progress.items()}
    context = {
        "steps": steps,
        "linked": linked,
        "suggested": next_module(states, linked=linked),
        "done": sum(1 for row in progress.values() if row.state == State.DONE),
        "total": len(MODULES),
        "sharing": SharingForm(initial={"share_done": shares_done(request.user)}),
    }
    return render(request, "program/index.html", context)


def _module_page(request, module, *, form=None, share_errors=None, status=200):
    progress = get_own_progress_for(request.user, module.slug)
    if form is None:
        initial = {
            "text": progress.reflection if progress else "",
            "version": progress.version if progress else 0,
            "submission_key": uuid.uuid4(),
        }
        form = ReflectionForm(initial=initial)
    position = MODULES.index(module)
    context = {
        "module": module,
        "progress": progress,
        "form": form,
        "share_errors": share_errors,
        "audiences": ShareForm.base_fields["audience"].choices,
        "who_reads": WHO_READS[progress.audience] if progress else WHO_READS["private"],
        "previous": MODULES[position - 1] if position > 0 else None,
        "following": MODULES[position + 1] if position + 1 < len(MODULES) else None,
    }
    return render(request, "program/module.html", context, status=status)


@person_required
@require_http_methods(["GET", "POST"])
def module(request, slug):
    """The lesson, the exercise, and the person's own reflection (GET: read; POST: save)."""
    module = _module_or_404(slug)
    if request.method == "GET":
        return _module_page(request, module)
    removing = request.POST.get("action") == "remove"
    form = ReflectionForm(request.POST, remove=removing)
    if not form.is_valid():
        form.renew_broken_key()
        return _module_page(request, module, form=form)
    try:
        saved = actions.save_reflection(
            request.user,
            module.slug,
            text=form.cleaned_data["text"],
            version=form.cleaned_data["version"],
            submission_key=form.cleaned_data["submission_key"],
        )
    except actions.Conflict as conflict:
        context = {
            "module": module,
            "saved": conflict.current.reflection,
            "yours": form.cleaned_data["text"],
            "form": ReflectionForm(form.data).for_conflict(conflict.current),
        }
        return render(request, "program/conflict.html", context, status=409)
    if saved.has_reflection:
        messages.success(request, f"Your reflection is saved. {WHO_READS[saved.audience]}")
    else:
        messages.success(request, "Your reflection is removed.")
    return redirect("program:module", slug=module.slug)


@person_required
@require_POST
def move(request, slug):
    """Start, mark done, skip, or come back to a module."""
    module = _module_or_404(slug)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nothing changed: choose one of the buttons shown.")
        return _module_page(request, module)
    state = form.cleaned_data["state"]
    actions.move(request.user, module.slug, state)
    messages.success(request, MOVED[state])
    return redirect("program:module", slug=module.slug)


@person_required
@require_POST
def share(request, slug):
    """Who may read the person's reflection on a module; only their own, once written."""
    module = _module_or_404(slug)
    progress = get_own_reflection_for(request.user, module.slug)
    form = ShareForm(request.POST)
    if not form.is_valid():
        return _module_page(request, module, share_errors=form.errors["audience"])
    actions.share_reflection(progress, form.cleaned_data["audience"])
    messages.success(request, f"This reflection: {WHO_READS[progress.audience]}")
    return redirect("program:module", slug=module.slug)


@person_required
@require_POST
def sharing(request):
    """The standing choice to show the partner which modules are done."""
    form = SharingForm(request.POST)
    form.is_valid()  # a checkbox: anything but "on" is off
    share_done = bool(form.cleaned_data.get("share_done"))
    actions.set_sharing(request.user, share_done)
    if share_done:
        messages.success(request, "Your partner can now see which modules you've done.")
    else:
        messages.success(request, "Which modules you've done is now private.")
    return redirect("program:index")


@person_required
@require_GET
def together(request):
    """What the current partner chose to share: the modules done (if they chose), and the
    reflections they shared one by one. Nothing while not linked."""
    partner = partner_of(request.user)
    context = {
        "partner": partner,
        "done": [BY_SLUG[slug] for slug in partners_done(request.user)],
        "reflections": [(BY_SLUG[row.module], row) for row in partners_reflections(request.user)],
        "i_share": shares_done(request.user),
    }
    return render(request, "program/together.html", context)
