"""Every write to a conversation or an exercise goes through here.

Conversation moves are checked against the conversation's `step`: the form says which
step it was shown at, and the change is written with a conditional UPDATE on that step,
so of two posts made at the same moment exactly one is saved; the other gets
`Refused(MOVED_ON)` and nothing of it is kept.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from steadfast.core import idempotency, sections
from steadfast.core.models import Audience

from .models import (
    Conversation,
    ExerciseAnswer,
    ExerciseFinish,
    Phase,
    Status,
    TimeOut,
    Turn,
    TurnKind,
)


class Refused(Exception):
    """A move the conversation cannot take now; the message is for the person."""


NOT_LINKED = (
    "Conversations here are for two linked partners. Link with your partner first, or use "
    "same-room mode to hold a spoken conversation together."
)
MOVED_ON = (
    "Your partner did something first, so the conversation has moved on. Nothing of yours "
    "was saved: here is where it stands now."
)
PAUSED = "The conversation is on a time-out. Resume it first, when you are both ready."
CLOSED = "This conversation is closed. Start a new one to talk again."
ONLY_SPEAKER_SPEAKS = (
    "It's your partner's turn to speak. You are the listener for now: the floor passes to "
    "you once they agree you have heard them."
)
ONLY_LISTENER_PARAPHRASES = (
    "Only the listener says back what they heard. You are the speaker this time: wait for "
    "your partner's paraphrase."
)
ONLY_SPEAKER_CONFIRMS = (
    "Only the speaker can say whether the paraphrase got it right. Wait for your partner to "
    "confirm or clarify."
)
EXPECTED_NOW = {
    Phase.SPEAKING: "It isn't time for that: the speaker is saying something first.",
    Phase.PARAPHRASING: "It isn't time for that: the listener says back what they heard first.",
    Phase.CONFIRMING: (
        "It isn't time for that: the speaker first says whether the paraphrase got it right."
    ),
}
NOT_PAUSED = "The conversation isn't on a time-out."

# (phase, kind) -> (who may make it, the phase after it, does the floor pass?)
MOVES = {
    (Phase.SPEAKING, TurnKind.STATEMENT): ("speaker", Phase.PARAPHRASING, False),
    (Phase.PARAPHRASING, TurnKind.PARAPHRASE): ("listener", Phase.CONFIRMING, False),
    (Phase.CONFIRMING, TurnKind.CLARIFICATION): ("speaker", Phase.PARAPHRASING, False),
    (Phase.CONFIRMING, TurnKind.CONFIRMATION): ("speaker", Phase.SPEAKING, True),
}
WRONG_PERSON = {
    TurnKind.STATEMENT: ONLY_SPEAKER_SPEAKS,
    TurnKind.PARAPHRASE: ONLY_LISTENER_PARAPHRASES,
    TurnKind.CLARIFICATION: ONLY_SPEAKER_CONFIRMS,
    TurnKind.CONFIRMATION: ONLY_SPEAKER_CONFIRMS,
}


@transaction.atomic
def open_conversation(person, partner, couple_id, *, topic, submission_key):
    """A new conversation of the couple; the opener speaks first. A double submit saves
    once; the same key with another topic raises `idempotency.KeyReused`."""
    lookup = {"owner": person, "submission_key": submission_key}
    values = {
        "audience": Audience.PARTNER,
        "couple_id": couple_id,
        "partner": partner,
        "topic": topic,
        "speaker": person,
    }
    same_form = {"partner": partner, "topic": topic}
    return idempotency.create_once(Conversation, lookup, values, compare=same_form)


def _check_open(conversation):
    if conversation.is_paused:
        raise Refused(PAUSED)
    if conversation.is_closed:
        raise Refused(CLOSED)


def _advance(conversation, step, **changes):
    """Write `changes` and the next step if the conversation is still at `step`, or refuse."""
    now = timezone.now()
    updated = Conversation.objects.filter(pk=conversation.pk, step=step).update(
        step=F("step") + 1, updated_at=now, **changes
    )
    if not updated:
        raise Refused(MOVED_ON)
    # An update() sends no signal: the summary's section cache is told here.
    sections.bump(sections.THERAPIST, conversation.owner_id, conversation.partner_id)
    conversation.refresh_from_db(fields=["step", "phase", "speaker", "status", "updated_at"])
    return conversation.step


def take_turn(conversation, person, *, kind, text, step, submission_key):
    """Say, paraphrase, clarify or confirm. Returns the saved turn, or raises Refused. The
    same form sent twice saves once (with other words: `idempotency.KeyReused`)."""
    lookup = {"owner": person, "submission_key": submission_key}
    text = text if kind != TurnKind.CONFIRMATION else ""
    same_form = {"conversation": conversation, "kind": kind, "text": text}
    existing = idempotency.saved_with_key(Turn, lookup)
    if existing is not None:
        return idempotency.same_or_refuse(existing, same_form)
    if step != conversation.step:
        raise Refused(MOVED_ON)
    _check_open(conversation)
    move = MOVES.get((conversation.phase, kind))
    if move is None:
        raise Refused(EXPECTED_NOW[conversation.phase])
    who, next_phase, floor_passes = move
    allowed = conversation.speaker_id if who == "speaker" else conversation.listener_id
    if person.pk != allowed:
        raise Refused(WRONG_PERSON[kind])
    changes = {"phase": next_phase}
    if floor_passes:
        changes["speaker_id"] = conversation.listener_id
    try:
        with transaction.atomic():
            number = _advance(conversation, step, **changes)
            return Turn.objects.create(
                **lookup,
                conversation=conversation,
                audience=Audience.PARTNER,
                number=number,
                kind=kind,
                text=text,
            )
    except (IntegrityError, Refused):
        # Someone moved first. If it was this very form, sent twice at once, its turn
        # stands and is the answer.
        found = list(Turn.objects.filter(**lookup)[:1])
        if found:
            return idempotency.same_or_refuse(found[0], same_form)
        conversation.refresh_from_db()
        raise Refused(MOVED_ON) from None


def take_time_out(conversation, person, *, return_at, step):
    """Pause the conversation until `return_at`; both partners are reminded then."""
    if step != conversation.step:
        raise Refused(MOVED_ON)
    _check_open(conversation)
    with transaction.atomic():
        _advance(conversation, step, status=Status.PAUSED)
        return TimeOut.objects.create(
            conversation=conversation, taken_by=person, return_at=return_at
        )


def current_time_out(conversation):
    return conversation.time_outs.filter(ended_at=None).first()


def resume(conversation, person, *, step):
    if conversation.is_closed:
        raise Refused(CLOSED)
    if not conversation.is_paused:
        raise Refused(NOT_PAUSED)
    with transaction.atomic():
        _advance(conversation, step, status=Status.OPEN)
        conversation.time_outs.filter(ended_at=None).update(ended_at=timezone.now())


def close(conversation, person, *, step):
    """Close for good (from open or paused). Closing twice is not an error."""
    if conversation.is_closed:
        return
    with transaction.atomic():
        _advance(conversation, step, status=Status.CLOSED)
        conversation.time_outs.filter(ended_at=None).update(ended_at=timezone.now())


# --- Exercises -----------------------------------------------------------------------

ALREADY_FINISHED = "You've finished this exercise, so your answers stay as they are."
ANSWER_EVERYTHING = (
    "Answer every question before you finish. You can keep any answer to yourself: leave "
    "its \u201cshow\u201d box unticked."
)


def _finished(person, couple_id, exercise):
    return ExerciseFinish.objects.filter(
        person=person, couple_id=couple_id, exercise=exercise.slug
    ).exists()


@transaction.atomic
def save_answers(person, couple_id, exercise, texts, reveal=()):
    """Keep the person's answers ({prompt key: text}; empty text removes an answer) and
    their choice of which to show once both have finished (`reveal`: prompt keys).
    Nothing is shown to anyone until both have finished."""
    if _finished(person, couple_id, exercise):
        raise Refused(ALREADY_FINISHED)
    existing = {
        answer.prompt: answer
        for answer in ExerciseAnswer.objects.select_for_update().filter(
            owner=person, couple_id=couple_id, exercise=exercise.slug
        )
    }
    for key in exercise.prompt_keys():
        text = texts.get(key, "")
        answer = existing.get(key)
        audience = Audience.PARTNER if key in reveal else Audience.PRIVATE
        if not text:
            if answer is not None:
                answer.delete()
            continue
        if answer is None:
            ExerciseAnswer.objects.create(
                owner=person,
                couple_id=couple_id,
                exercise=exercise.slug,
                prompt=key,
                text=text,
                audience=audience,
            )
        elif answer.text != text or answer.audience != audience:
            answer.text, answer.audience = text, audience
            answer.save(update_fields=["text", "audience", "updated_at"])


def finish_exercise(person, couple_id, exercise, texts, reveal=()):
    """Save the final answers and mark the exercise finished. Every prompt needs an answer."""
    if any(not texts.get(key) for key in exercise.prompt_keys()):
        raise Refused(ANSWER_EVERYTHING)
    with transaction.atomic():
        save_answers(person, couple_id, exercise, texts, reveal)
        try:
            with transaction.atomic():
                ExerciseFinish.objects.create(
                    person=person, couple_id=couple_id, exercise=exercise.slug
                )
        except IntegrityError:
            raise Refused(ALREADY_FINISHED) from None
