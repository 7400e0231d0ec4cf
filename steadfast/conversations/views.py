"""Structured conversations: the list, a conversation page, its live panel and its moves.

Every move is a plain form post answered by a redirect, so the pages work without
JavaScript. With it, htmx asks for the panel every few seconds (`panel`), and the
server answers 204 (nothing to swap, so a half-written turn is untouched) until the
conversation has changed.
"""

import time
import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast.core import idempotency
from steadfast.core.access import partner_of, person_required

from . import actions
from .access import (
    conversations_for,
    current_couple_id,
    earlier_words,
    get_conversation_for,
    turns_for,
)
from .forms import OpenForm, StepForm, TimeOutForm, TurnForm, suggested_return
from .models import Phase, TurnKind

# Live updates stop after this long without a move on the page: a device left open on a
# conversation must still reach the 30-minute idle log-out.
LIVE_FOR_SECONDS = 20 * 60
POLL_STOPPED = 286  # htmx stops polling on this status


def _errors(form):
    return [error for errors in form.errors.values() for error in errors]


@person_required
@require_http_methods(["GET", "POST"])
def index(request):
    partner = partner_of(request.user)
    couple_id = current_couple_id(request.user)
    refused = None
    status = 200
    if request.method == "POST":
        form = OpenForm(request.POST)
        if partner is None:
            refused = actions.NOT_LINKED
        elif form.is_valid():
            try:
                conversation = actions.open_conversation(
                    request.user,
                    partner,
                    couple_id,
                    topic=form.cleaned_data["topic"],
                    submission_key=form.cleaned_data["submission_key"],
                )
            except idempotency.KeyReused as reused:
                idempotency.refuse(form, reused)
                status = idempotency.REFUSED_STATUS
            else:
                messages.success(request, "Started. You speak first; your partner listens.")
                return redirect("conversations:detail", key=conversation.key)
        form.renew_broken_key()
    else:
        form = OpenForm(initial={"submission_key": uuid.uuid4()})
    context = {
        "partner": partner,
        "form": form,
        "refused": refused,
        "conversations": list(conversations_for(request.user)),
        "earlier": earlier_words(request.user),
    }
    return render(request, "conversations/index.html", context, status=status)


def _panel_context(request, conversation, *, refused=None, draft="", time_out_form=None):
    """Everything the live panel shows to `request.user`."""
    me = request.user
    other = conversation.partner if conversation.owner_id == me.pk else conversation.owner
    names = {
        conversation.owner_id: conversation.owner,
        conversation.partner_id: conversation.partner,
    }
    turns = list(turns_for(conversation, me))
    speaker, listener = names[conversation.speaker_id], names[conversation.listener_id]
    my_move = None
    if conversation.is_open:
        if conversation.phase == Phase.SPEAKING and speaker.pk == me.pk:
            my_move = "speak"
        elif conversation.phase == Phase.PARAPHRASING and listener.pk == me.pk:
            my_move = "paraphrase"
        elif conversation.phase == Phase.CONFIRMING and speaker.pk == me.pk:
            my_move = "confirm"
    said = [t for t in turns if t.kind in (TurnKind.STATEMENT, TurnKind.CLARIFICATION)]
    heard = [t for t in turns if t.kind == TurnKind.PARAPHRASE]
    return {
        "conversation": conversation,
        "turns": turns,
        "me": me,
        "other": other,
        "speaker": speaker,
        "listener": listener,
        "i_speak": speaker.pk == me.pk,
        "my_move": my_move,
        "last_said": said[-1] if said else None,
        "last_heard": heard[-1] if heard else None,
        "time_out": actions.current_time_out(conversation) if conversation.is_paused else None,
        "time_out_form": time_out_form
        or TimeOutForm(initial={"return_at": suggested_return(), "step": conversation.step}),
        "refused": refused or [],
        "draft": draft,
        "turn_key": uuid.uuid4(),
        "since": int(time.time()),
        "kinds": TurnKind,
    }


def _detail_page(request, conversation, *, status=200, **kwargs):
    context = _panel_context(request, conversation, **kwargs)
    return render(request, "conversations/detail.html", context, status=status)


@person_required
@require_GET
def detail(request, key):
    return _detail_page(request, get_conversation_for(request.user, key))


@person_required
@require_GET
def panel(request, key):
    """The live part of the page, for htmx: 204 while nothing has changed since `step`."""
    conversation = get_conversation_for(request.user, key)
    if request.GET.get("step") == str(conversation.step):
        return HttpResponse(status=204)
    context = _panel_context(request, conversation)
    context["live"] = request.headers.get("HX-Request") == "true"
    status = 200
    try:
        since = int(request.GET.get("since", ""))
    except ValueError:
        since = None
    if since is not None:
        context["since"] = since  # the page's own age, not this request's
        if time.time() - since > LIVE_FOR_SECONDS:
            context["live_stopped"] = True
            status = POLL_STOPPED
    return render(request, "conversations/_live.html", context, status=status)


@person_required
@require_POST
def turn(request, key):
    conversation = get_conversation_for(request.user, key)
    form = TurnForm(request.POST)
    draft = (request.POST.get("text") or "").strip()
    if not form.is_valid():
        return _detail_page(request, conversation, refused=_errors(form), draft=draft)
    data = form.cleaned_data
    try:
        actions.take_turn(
            conversation,
            request.user,
            kind=data["kind"],
            text=data["text"],
            step=data["step"],
            submission_key=data["submission_key"],
        )
    except actions.Refused as refusal:
        conversation.refresh_from_db()
        return _detail_page(request, conversation, refused=[str(refusal)], draft=draft)
    except idempotency.KeyReused as reused:
        conversation.refresh_from_db()
        return _detail_page(
            request,
            conversation,
            refused=[str(reused)],
            draft=draft,
            status=idempotency.REFUSED_STATUS,
        )
    return redirect("conversations:detail", key=conversation.key)


@person_required
@require_POST
def time_out(request, key):
    conversation = get_conversation_for(request.user, key)
    form = TimeOutForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, conversation, refused=_errors(form), time_out_form=form)
    try:
        actions.take_time_out(
            conversation,
            request.user,
            return_at=form.cleaned_data["return_at"],
            step=form.cleaned_data["step"],
        )
    except actions.Refused as refusal:
        conversation.refresh_from_db()
        return _detail_page(request, conversation, refused=[str(refusal)])
    return redirect("conversations:detail", key=conversation.key)


def _step_move(request, key, move, done_message):
    conversation = get_conversation_for(request.user, key)
    form = StepForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, conversation, refused=_errors(form))
    try:
        move(conversation, request.user, step=form.cleaned_data["step"])
    except actions.Refused as refusal:
        conversation.refresh_from_db()
        return _detail_page(request, conversation, refused=[str(refusal)])
    messages.success(request, done_message)
    return redirect("conversations:detail", key=conversation.key)


@person_required
@require_POST
def resume(request, key):
    return _step_move(request, key, actions.resume, "Welcome back. The conversation goes on.")


@person_required
@require_POST
def close(request, key):
    return _step_move(request, key, actions.close, "Closed. What you both wrote stays here.")


# --- Same-room mode ------------------------------------------------------------------

STAGES = ("start", "speak", "paraphrase", "confirm", "pass", "pause")


@person_required
@require_GET
def same_room(request):
    """A guide for a spoken conversation on one device. Nothing is stored: the page only
    keeps the order (who speaks, who listens, what comes next) in its own address."""
    partner = partner_of(request.user)
    stage = request.GET.get("stage")
    if stage not in STAGES:
        stage = "start"
    first_is_me = request.GET.get("speaker") != "partner"
    me_name = request.user.display_name
    partner_name = partner.display_name if partner else "Your partner"
    speaker, listener = (me_name, partner_name) if first_is_me else (partner_name, me_name)
    context = {
        "stage": stage,
        "speaker_name": speaker,
        "listener_name": listener,
        "speaker_param": "me" if first_is_me else "partner",
        "swapped_param": "partner" if first_is_me else "me",
        "partner_name": partner_name,
    }
    return render(request, "conversations/same_room.html", context)
