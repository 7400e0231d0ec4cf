"""The person's own records of what the two partners do together: conversations and
exercises, and the repair path. Only their own rows and words; the partner's side of the
same conversations and path, as far as it is shown to them, is in `shared`."""

from django.db.models import F, Q

from steadfast.conversations.models import (
    Conversation,
    ExerciseAnswer,
    ExerciseFinish,
    TimeOut,
    Turn,
)
from steadfast.recovery import models as path
from steadfast.recovery.prompts import BY_KEY as PATH_PROMPTS

from .formats import exercise_question, key, shared_with_partner, when

# --- Talk and listen ---------------------------------------------------------------------


def conversations(user):
    opened = Conversation.objects.filter(owner=user).order_by("created_at", "pk")
    turns = Turn.objects.filter(owner=user).annotate(conversation_key=F("conversation__key"))
    time_outs = TimeOut.objects.filter(taken_by=user).annotate(
        conversation_key=F("conversation__key")
    )
    return {
        "conversations_you_opened": [
            {
                "key": key(c.key),
                "topic": c.topic,
                "status": c.status,
                "created_at": when(c.created_at),
                "updated_at": when(c.updated_at),
            }
            for c in opened
        ],
        "your_turns": [
            {
                "conversation": key(t.conversation_key),
                "number": t.number,
                "kind": t.kind,
                "text": t.text,
                "created_at": when(t.created_at),
            }
            for t in turns.order_by("created_at", "conversation_id", "number")
        ],
        "your_time_outs": [
            {
                "key": key(t.key),
                "conversation": key(t.conversation_key),
                "return_at": when(t.return_at),
                "created_at": when(t.created_at),
                "ended_at": when(t.ended_at),
            }
            for t in time_outs.order_by("created_at", "pk")
        ],
        "exercise_answers": [
            {
                "exercise": a.exercise,
                "prompt": a.prompt,
                "question": exercise_question(a.exercise, a.prompt),
                "text": a.text,
                "shown_to_partner": shared_with_partner(a.audience),
                "created_at": when(a.created_at),
                "updated_at": when(a.updated_at),
            }
            for a in ExerciseAnswer.objects.filter(owner=user).order_by("created_at", "pk")
        ],
        "exercises_finished": [
            {"exercise": f.exercise, "finished_at": when(f.finished_at)}
            for f in ExerciseFinish.objects.filter(person=user).order_by("finished_at", "pk")
        ],
    }


# --- The repair path ---------------------------------------------------------------------


def _own(model, user, *related):
    """The person's own rows of a repair-path model, with the keys they point at."""
    annotations = {f"{name}_key": F(f"{name}__key") for name in related}
    return model.objects.filter(owner=user).annotate(**annotations).order_by("created_at", "pk")


def repair_path(user):
    paths = path.Pathway.objects.filter(Q(starter=user) | Q(invitee=user)).order_by("created_at")
    return {
        "paths": [
            {
                "key": key(p.key),
                "your_role": p.role_of(user),
                "you_started_it": p.is_starter(user),
                "created_at": when(p.created_at),
                "joined_at": when(p.joined_at),
                # Whether the invitee declined is theirs alone to know.
                **({} if p.is_starter(user) else {"declined_at": when(p.declined_at)}),
                "paused": p.paused,
                "paused_by_you": p.paused_by(user),
                "still_linked": p.couple_id is not None,
            }
            for p in paths
        ],
        "reflections": [
            {
                "path": key(r.pathway_key),
                "key": key(r.key),
                "prompt": r.prompt,
                "title": PATH_PROMPTS[r.prompt].title if r.prompt in PATH_PROMPTS else None,
                "text": r.text,
                "who_can_see": r.audience,
                "created_at": when(r.created_at),
                "updated_at": when(r.updated_at),
            }
            for r in _own(path.Reflection, user, "pathway")
        ],
        "letters": [
            {
                "path": key(letter.pathway_key),
                "key": key(letter.key),
                "text": letter.text,
                "sent_at": when(letter.sent_at),
                "created_at": when(letter.created_at),
                "updated_at": when(letter.updated_at),
            }
            for letter in _own(path.Letter, user, "pathway")
        ],
        "replies": [
            {
                "letter": key(reply.letter_key),
                "key": key(reply.key),
                "text": reply.text,
                "sent_at": when(reply.sent_at),
                "created_at": when(reply.created_at),
                "updated_at": when(reply.updated_at),
            }
            for reply in _own(path.Reply, user, "letter")
        ],
        "limits_you_proposed": [
            {
                "path": key(p.pathway_key),
                "key": key(p.key),
                "questions_per_week": p.per_week,
                "topics_off_limits": [t for t in p.topics.split(",") if t],
                "other_limits": p.other_limits,
                "accepted_at": when(p.accepted_at),
                "created_at": when(p.created_at),
            }
            for p in _own(path.LimitsProposal, user, "pathway")
        ],
        "questions_you_asked": [
            {
                "path": key(q.pathway_key),
                "key": key(q.key),
                "text": q.text,
                "created_at": when(q.created_at),
            }
            for q in _own(path.Question, user, "pathway")
        ],
        "your_answers": [
            {
                "question": key(a.question_key),
                "key": key(a.key),
                "kind": a.kind,
                "text": a.text,
                "created_at": when(a.created_at),
            }
            for a in _own(path.Answer, user, "question")
        ],
        "your_offers": [
            {
                "path": key(o.pathway_key),
                "key": key(o.key),
                "text": o.text,
                "promise": key(o.commitment_key),
                "withdrawn_at": when(o.withdrawn_at),
                "created_at": when(o.created_at),
            }
            for o in _own(path.Offer, user, "pathway", "commitment")
        ],
        "your_decisions": [
            {
                "path": key(d.pathway_key),
                "key": key(d.key),
                "choice": d.choice,
                "note": d.note,
                "who_can_see": d.audience,
                "created_at": when(d.created_at),
                "updated_at": when(d.updated_at),
            }
            for d in _own(path.Decision, user, "pathway")
        ],
    }
