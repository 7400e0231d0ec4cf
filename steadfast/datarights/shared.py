"""What a person's partner shares with them now, for their download: only what the app
already shows them, and never more (IPV-14, GDPR Art. 20(4)).

Everything here goes through the same rules as the pages, most of it through the apps'
own access functions (`steadfast.core.access.visible_to` underneath). Where a page
shows less than `visible_to` would allow, this module shows the same less:

* a partner's shared questionnaire results: score, band and date, never the answers;
* a partner's shared promises: their words and whether each day was marked done, never
  their notes on the marks or the promise's earlier versions;
* exercise answers: only of exercises both have finished (an answer ticked "show this"
  before its writer finished is not shown yet);
* the repair path: only while it is the current couple's and the person is in it;
  limits as the page shows them (the latest suggestion and the agreed one);
* conversations: only the current couple's.

Nothing is here while the person is not linked: after an unlink the partner's words are
gone from their view, and so from their download.
"""

from django.db.models import F

from steadfast.assessments.models import Measure
from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments import access as promise_access
from steadfast.commitments.models import Acknowledgement, Mark
from steadfast.conversations.access import conversations_for, current_couple_id
from steadfast.conversations.models import ExerciseAnswer, ExerciseFinish, TimeOut, Turn
from steadfast.core import keyring
from steadfast.core.access import partner_of, visible_to
from steadfast.journal import access as journal_access
from steadfast.journal.models import Entry, ThoughtRecord
from steadfast.program.access import partners_done, partners_reflections
from steadfast.program.modules import BY_SLUG as MODULES
from steadfast.recovery import actions as path_actions
from steadfast.recovery import models as path
from steadfast.recovery.access import pathway_for
from steadfast.recovery.prompts import BY_KEY as PATH_PROMPTS
from steadfast.selfcare import access as care_access

from .formats import (
    entry_fields,
    exercise_question,
    key,
    schedule_fields,
    thought_record_fields,
    when,
)


def shared_by_partner(user):
    """The section of the download holding what the current partner shares; None when
    the person is not linked."""
    partner = partner_of(user)
    if partner is None:
        return None
    keyring.warm([partner.pk])  # their shared words open without a query per row
    return {
        "partner_display_name": partner.display_name,
        "measures": _measures(user, partner),
        "daily_check_ins": _daily(user, partner),
        **_promises(user, partner),
        **_conversations(user, partner),
        **_journal(user),
        **_self_care(user),
        "program": _program(user),
        "repair_path": _repair_path(user, partner),
    }


def _measures(user, partner):
    shown = visible_to(Measure.objects.summaries().filter(owner=partner), user)
    return [
        {
            "key": key(m.submission_key),
            "instrument": m.instrument,
            "completed_at": when(m.completed_at),
            "total": m.total,
            "mean": m.mean,
            "band": m.band,
        }
        for m in shown.order_by("completed_at", "pk")
    ]


def _daily(user, partner):
    shown = visible_to(DailyCheckIn.objects.filter(owner=partner), user)
    return [
        {
            "day": when(d.day),
            "trust": d.trust,
            "closeness": d.closeness,
            "mood": d.mood,
            "note": d.note,
        }
        for d in shown.order_by("day", "pk")
    ]


def _promises(user, partner):
    theirs = list(promise_access.shared_with(user).order_by("created_at", "pk"))
    # Their marks on those: done or not, never the note (the promise page shows no more).
    marks = (
        Mark.objects.filter(commitment__in=[c.pk for c in theirs])
        .annotate(promise=F("commitment__key"))
        .values_list("promise", "day", "done")
        .order_by("day", "pk")
    )
    # Their answers about the person's own promises: shown on those promises' pages.
    answers = (
        Acknowledgement.objects.filter(commitment__owner=user, partner=partner)
        .annotate(promise=F("commitment__key"))
        .order_by("day", "pk")
    )
    return {
        "promises": [
            {
                "key": key(c.key),
                "text": c.text,
                "root": c.root or None,
                **schedule_fields(c),
                "status": c.status,
                "created_at": when(c.created_at),
            }
            for c in theirs
        ],
        "promise_marks": [
            {"promise": key(promise), "day": when(day), "done": done}
            for promise, day, done in marks
        ],
        "their_answers_on_your_promises": [
            {"promise": key(a.promise), "day": when(a.day), "seen": a.seen} for a in answers
        ],
    }


def _conversations(user, partner):
    couple_id = current_couple_id(user)
    opened = conversations_for(user).filter(owner=partner).order_by("created_at", "pk")
    turns = visible_to(
        Turn.objects.filter(conversation__couple_id=couple_id, owner=partner), user
    ).annotate(conversation_key=F("conversation__key"))
    time_outs = TimeOut.objects.filter(
        conversation__couple_id=couple_id, taken_by=partner
    ).annotate(conversation_key=F("conversation__key"))
    return {
        "conversations_they_opened": [
            {
                "key": key(c.key),
                "topic": c.topic,
                "status": c.status,
                "created_at": when(c.created_at),
            }
            for c in opened
        ],
        "their_turns": [
            {
                "conversation": key(t.conversation_key),
                "number": t.number,
                "kind": t.kind,
                "text": t.text,
                "created_at": when(t.created_at),
            }
            for t in turns.order_by("created_at", "conversation_id", "number")
        ],
        "their_time_outs": [
            {
                "conversation": key(t.conversation_key),
                "return_at": when(t.return_at),
                "created_at": when(t.created_at),
                "ended_at": when(t.ended_at),
            }
            for t in time_outs.order_by("created_at", "pk")
        ],
        "exercise_answers": _revealed_answers(user, partner, couple_id),
    }


def _revealed_answers(user, partner, couple_id):
    """The answers the partner chose to show, of exercises both have finished. Until the
    person has finished one, nothing of the partner's is even looked up for it."""
    finished = sorted(
        ExerciseFinish.objects.filter(person=user, couple_id=couple_id).values_list(
            "exercise", flat=True
        )
    )
    if not finished:
        return []
    both = list(
        ExerciseFinish.objects.filter(
            person=partner, couple_id=couple_id, exercise__in=finished
        ).values_list("exercise", flat=True)
    )
    shown = visible_to(
        ExerciseAnswer.objects.filter(owner=partner, couple_id=couple_id, exercise__in=both),
        user,
    )
    return [
        {
            "exercise": a.exercise,
            "prompt": a.prompt,
            "question": exercise_question(a.exercise, a.prompt),
            "text": a.text,
        }
        for a in shown.order_by("exercise", "pk")
    ]


def _journal(user):
    entries = journal_access.shared_with(user, Entry).order_by("created_at", "pk")
    thoughts = journal_access.shared_with(user, ThoughtRecord).order_by("created_at", "pk")
    return {
        "journal_entries": [
            {
                **entry_fields(e),
                "created_at": when(e.created_at),
            }
            for e in entries
        ],
        "thought_records": [
            {
                **thought_record_fields(t),
                "created_at": when(t.created_at),
            }
            for t in thoughts
        ],
    }


def _self_care(user):
    _, activities, strengths, went_well = care_access.shared_with(user)
    return {
        "self_care_activities": [
            {"key": key(a.key), "text": a.text, "times_per_week": a.times_per_week}
            for a in activities
        ],
        "strengths_and_good_things": [
            {
                "key": key(r.key),
                "kind": r.kind,
                "text": r.text,
                "detail": r.detail,
                "day": when(r.day),
            }
            for r in [*strengths, *went_well]
        ],
    }


def _program(user):
    return {
        "modules_done": partners_done(user),
        "reflections": [
            {
                "module": row.module,
                "title": MODULES[row.module].title,
                "reflection": row.reflection,
            }
            for row in partners_reflections(user)
        ],
    }


def _repair_path(user, partner):
    pathway = pathway_for(user)
    if pathway is None or not (pathway.is_starter(user) or pathway.joined):
        return None

    def theirs(model, **lookup):
        return visible_to(model.objects.filter(owner=partner, **lookup), user).order_by(
            "created_at", "pk"
        )

    # The limits page shows the latest suggestion and the agreed limits, whoever made them.
    limits = {path_actions.latest_proposal(pathway), path_actions.agreed_limits(pathway)}
    limits = sorted(
        (p for p in limits if p is not None and p.owner_id == partner.pk),
        key=lambda p: (p.created_at, p.pk),
    )
    return {
        "path": key(pathway.key),
        "reflections": [
            {
                "prompt": r.prompt,
                "title": PATH_PROMPTS[r.prompt].title,
                "text": r.text,
            }
            for r in theirs(path.Reflection, pathway=pathway)
            if r.prompt in PATH_PROMPTS
        ],
        "letters": [
            {"key": key(x.key), "text": x.text, "sent_at": when(x.sent_at)}
            for x in theirs(path.Letter, pathway=pathway)
        ],
        "replies": [
            {"key": key(x.key), "text": x.text, "sent_at": when(x.sent_at)}
            for x in theirs(path.Reply, letter__pathway=pathway)
        ],
        "limits_they_proposed": [
            {
                "key": key(p.key),
                "questions_per_week": p.per_week,
                "topics_off_limits": [t for t in p.topics.split(",") if t],
                "other_limits": p.other_limits,
                "accepted_at": when(p.accepted_at),
                "created_at": when(p.created_at),
            }
            for p in limits
        ],
        "questions_they_asked": [
            {"key": key(q.key), "text": q.text, "created_at": when(q.created_at)}
            for q in theirs(path.Question, pathway=pathway)
        ],
        "their_answers": [
            {
                "question": key(a.question_key),
                "kind": a.kind,
                "text": a.text,
                "created_at": when(a.created_at),
            }
            for a in theirs(path.Answer, question__pathway=pathway).annotate(
                question_key=F("question__key")
            )
        ],
        "their_offers": [
            {
                "key": key(o.key),
                "text": o.text,
                "withdrawn_at": when(o.withdrawn_at),
                "created_at": when(o.created_at),
            }
            for o in theirs(path.Offer, pathway=pathway)
        ],
        "their_decision": [
            {"choice": d.choice, "note": d.note, "updated_at": when(d.updated_at)}
            for d in theirs(path.Decision, pathway=pathway)
        ],
    }
