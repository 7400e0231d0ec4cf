"""Answer, then reveal. Until a person has finished an exercise their pages are built from
their own answers alone (see access.py), so they cannot tell whether their partner has
started or finished; after that they see "waiting" until both have, then what each chose
to show."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from steadfast.core.access import partner_of, person_required

from . import actions
from .access import (
    current_couple_id,
    exercise_statuses,
    has_finished,
    own_answers,
    revealed_answers,
)
from .exercises import EXERCISES, get_exercise_or_404
from .forms import ExerciseForm

STATUS_WORDS = {
    "not started": "Not started",
    "started": "Started: your answers are saved, only you can see them",
    "waiting": "You've finished: waiting until you have both finished",
    "revealed": "You've both finished: see what you each chose to show",
}


@person_required
@require_GET
def exercises(request):
    couple_id = current_couple_id(request.user)
    statuses = exercise_statuses(request.user, EXERCISES, couple_id) if couple_id else {}
    rows = [(exercise, STATUS_WORDS.get(statuses.get(exercise.slug))) for exercise in EXERCISES]
    context = {"partner": partner_of(request.user), "rows": rows}
    return render(request, "conversations/exercises.html", context)


@person_required
@require_http_methods(["GET", "POST"])
def exercise(request, slug):
    exercise = get_exercise_or_404(slug)
    partner = partner_of(request.user)
    couple_id = current_couple_id(request.user)
    context = {"exercise": exercise, "partner": partner, "refused": None}
    if couple_id is None:
        if request.method == "POST":
            context["refused"] = actions.NOT_LINKED
        return render(request, "conversations/exercise.html", context)
    finished = has_finished(request.user, exercise, couple_id)
    answers = own_answers(request.user, exercise, couple_id)
    partner_name = partner.display_name
    form = None
    if request.method == "POST" and finished:
        context["refused"] = actions.ALREADY_FINISHED
    elif request.method == "POST":
        form = ExerciseForm(request.POST, exercise=exercise, partner_name=partner_name)
        if form.is_valid():
            finishing = form.cleaned_data["action"] == "finish"
            move = actions.finish_exercise if finishing else actions.save_answers
            try:
                move(request.user, couple_id, exercise, form.texts(), form.reveal())
            except actions.Refused as refusal:
                context["refused"] = str(refusal)
            else:
                if finishing:
                    messages.success(request, "Finished. Your answers are fixed now.")
                else:
                    messages.success(request, "Saved. Only you can see your answers.")
                return redirect("conversations:exercise", slug=exercise.slug)
    if form is None and not finished:
        initial = {}
        for key, answer in answers.items():
            initial[f"answer_{key}"] = answer.text
            initial[f"reveal_{key}"] = answer.revealed
        form = ExerciseForm(initial=initial, exercise=exercise, partner_name=partner_name)
    revealed = revealed_answers(request.user, exercise, couple_id) if finished else None
    context |= {
        "form": form,
        "finished": finished,
        "both_finished": revealed is not None,
        "rows": [
            (prompt, answers.get(prompt.key), (revealed or {}).get(prompt.key))
            for prompt in exercise.prompts
        ],
    }
    return render(request, "conversations/exercise.html", context)
