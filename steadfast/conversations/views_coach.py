"""The message coach, live on a draft: a fragment for htmx, a whole page without it.

Nothing posted here is stored or logged: the draft goes to `steadfast.coach.analyse`
and the feedback comes straight back.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from steadfast.core.access import person_required

from .access import get_conversation_for, turns_for
from .models import TURN_MAX_LENGTH, TurnKind

LABELS = {
    "criticism": (
        "This may land as criticism",
        "It may sound like a judgement of who your partner is, rather than about one thing "
        "that happened.",
    ),
    "contempt": (
        "This may land as contempt",
        "Mockery, sarcasm or put-downs make it very hard for anyone to listen.",
    ),
    "defensiveness": (
        "This may land as defensive",
        "Defending yourself before your partner feels heard can leave them feeling unheard. "
        "Is there a part you can own?",
    ),
    "stonewalling": (
        "This may read as shutting the conversation down",
        "If you feel overwhelmed, a time-out with a time to come back works better than "
        "going quiet.",
    ),
    "gentle": (
        "This reads as a gentle start",
        "It says what you feel and what you need without blame, which makes it easier to hear.",
    ),
}
NOTHING_TO_SAY = ("Nothing to point out", "Read it once more as your partner would, then send it.")


def _conversation(request):
    """(the conversation the draft is for, the partner's latest words in it), or Nones."""
    key = request.POST.get("conversation")
    if not key:
        return None, None
    try:
        conversation = get_conversation_for(request.user, key)
    except (Http404, ValidationError):
        return None, None
    theirs = [
        turn
        for turn in turns_for(conversation, request.user)
        if turn.owner_id != request.user.pk and turn.kind != TurnKind.CONFIRMATION
    ]
    return conversation, (theirs[-1].text if theirs else None)


def feedback_for(text, previous=None):
    """The coach's answer, shaped for the template."""
    from steadfast.coach import analyse  # the coach loads its model on first use

    found = analyse(text, previous=previous).as_dict()
    title, explanation = LABELS.get(found.get("primary"), NOTHING_TO_SAY)
    evidence = []
    for span in found.get("evidence") or []:
        start, end = span.get("start"), span.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            evidence.append({"words": text[start:end], "why": span.get("why", "")})
    return {
        "safety": bool(found.get("safety")),
        "primary": found.get("primary"),
        "title": title,
        "explanation": explanation,
        "evidence": evidence,
        "absolutist_words": list(found.get("absolutist_words") or []),
        "suggestion": found.get("suggestion"),
    }


@person_required
@require_POST
def coach(request):
    text = (request.POST.get("text") or "").strip()[:TURN_MAX_LENGTH]
    conversation, previous = _conversation(request)
    context = {
        "text": text,
        "feedback": feedback_for(text, previous) if text else None,
        "conversation": conversation,
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "conversations/_coach.html", context)
    return render(request, "conversations/coach.html", context)
