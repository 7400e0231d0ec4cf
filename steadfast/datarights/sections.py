"""A person's own records, app by app, as plain JSON data for the download (what the two
partners do together is in `sections_together`).

Each function takes the person and returns one section of the file. Every list is read
with one query (related keys come in the same query through `F()` annotations), so
the download costs the same few dozen queries for a week of use or for years. The words
are opened with the person's own data key, like on their pages.

Only what is the person's own is here: rows they own or made. What their partner shares
with them is in `shared`; where a row of theirs points at someone else's record (an
answer to a partner's promise, a reply to a partner's letter), it names that record by
its random key only.
"""

from django.db.models import F

from steadfast.assessments.models import Measure, MeasureDraft, Schedule
from steadfast.audit.models import Event
from steadfast.checkins.models import CheckInSharing, DailyCheckIn
from steadfast.commitments.models import Acknowledgement, Commitment, CommitmentEvent, Mark
from steadfast.couples.models import Invitation, Membership
from steadfast.journal.models import Entry, ThoughtRecord
from steadfast.practice.models import AccessRead, Grant, Proposal
from steadfast.practice.twofactor import has_second_step
from steadfast.program.models import Progress, ProgressSharing
from steadfast.program.modules import BY_SLUG as MODULES
from steadfast.reminders.models import ReminderSent, ReminderSettings
from steadfast.safety.models import PLAN_SECTIONS, CheckIn, SafetyPlan
from steadfast.selfcare.models import Activity, LogEntry, Reflection

from .formats import entry_fields, key, schedule_fields, thought_record_fields, when

# --- Account and couple ------------------------------------------------------------------


def account(user):
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "country": user.country,
        "time_zone": user.time_zone,
        "discreet_mode": user.discreet,
        "joined": when(user.date_joined),
        "last_login": when(user.last_login),
        "two_step_sign_in": has_second_step(user),
    }


def couple(user):
    membership = Membership.objects.filter(person=user).select_related("couple").first()
    partner = (
        Membership.objects.filter(couple_id=membership.couple_id)
        .exclude(person=user)
        .values_list("person__display_name", flat=True)
        .first()
        if membership
        else None
    )
    invitations = Invitation.objects.filter(inviter=user).order_by("created_at", "pk")
    return {
        "link": None
        if membership is None
        else {"linked_at": when(membership.couple.linked_at), "partner_display_name": partner},
        "invitations": [
            {
                "created_at": when(i.created_at),
                "expires_at": when(i.expires_at),
                "used_at": when(i.used_at),
                "withdrawn_at": when(i.withdrawn_at),
            }
            for i in invitations
        ],
    }


# --- Safety (only ever the person's own) -------------------------------------------------


def safety(user):
    plan = SafetyPlan.objects.filter(owner=user).first()
    return {
        "check_ins": [
            {
                "key": key(c.submission_key),
                "completed_at": when(c.completed_at),
                "who_can_see": c.audience,
                "answers": c.answers,
                "screen_positive": c.screen_positive,
            }
            for c in CheckIn.objects.filter(owner=user).order_by("completed_at", "pk")
        ],
        "plan": None
        if plan is None
        else {
            **{name: getattr(plan, name) for name, _, _ in PLAN_SECTIONS},
            "who_can_see": plan.audience,
            "updated_at": when(plan.updated_at),
        },
    }


# --- Measures ----------------------------------------------------------------------------


def measures(user):
    results = Measure.objects.filter(owner=user).order_by("completed_at", "pk")
    return {
        "results": [
            {
                "key": key(m.submission_key),
                "instrument": m.instrument,
                "version": m.version,
                "completed_at": when(m.completed_at),
                "who_can_see": m.audience,
                "answers": m.answers,
                "total": m.total,
                "mean": m.mean,
                "band": m.band,
                "details": m.details,
            }
            for m in results
        ],
        "unfinished": [
            {"instrument": d.instrument, "answers": d.answers, "updated_at": when(d.updated_at)}
            for d in MeasureDraft.objects.filter(owner=user).order_by("instrument")
        ],
        "schedule": [
            {
                "instrument": s.instrument,
                "every_days": s.interval_days,
                "active": s.active,
                "updated_at": when(s.updated_at),
            }
            for s in Schedule.objects.filter(owner=user).order_by("instrument")
        ],
    }


# --- Daily check-ins ---------------------------------------------------------------------


def daily_check_ins(user):
    sharing = CheckInSharing.objects.filter(owner=user).first()
    return {
        "entries": [
            {
                "key": key(d.key),
                "day": when(d.day),
                "trust": d.trust,
                "closeness": d.closeness,
                "mood": d.mood,
                "note": d.note,
                "who_can_see": d.audience,
                "created_at": when(d.created_at),
                "updated_at": when(d.updated_at),
            }
            for d in DailyCheckIn.objects.filter(owner=user).order_by("day", "pk")
        ],
        "new_entries_start_as": None if sharing is None else sharing.default_audience,
    }


# --- Promises ----------------------------------------------------------------------------


def promises(user):
    own = Commitment.objects.filter(owner=user).annotate(from_conversation=F("conversation__key"))
    events = CommitmentEvent.objects.filter(owner=user).annotate(promise=F("commitment__key"))
    marks = Mark.objects.filter(owner=user).annotate(promise=F("commitment__key"))
    answers = Acknowledgement.objects.filter(partner=user).annotate(promise=F("commitment__key"))
    return {
        "promises": [
            {
                "key": key(c.key),
                "text": c.text,
                "root": c.root or None,
                **schedule_fields(c),
                "status": c.status,
                "who_can_see": c.audience,
                "from_conversation": key(c.from_conversation),
                "created_at": when(c.created_at),
                "updated_at": when(c.updated_at),
            }
            for c in own.order_by("created_at", "pk")
        ],
        "history": [
            {
                "promise": key(e.promise),
                "event": e.event,
                "text": e.text,
                "root": e.root or None,
                **schedule_fields(e),
                "at": when(e.at),
            }
            for e in events.order_by("at", "pk")
        ],
        "marks": [
            {
                "promise": key(m.promise),
                "day": when(m.day),
                "done": m.done,
                "note": m.note,
                "created_at": when(m.created_at),
            }
            for m in marks.order_by("day", "pk")
        ],
        # Your answers about your partner's promises (theirs are named by key only).
        "your_answers_on_partner_promises": [
            {
                "promise": key(a.promise),
                "day": when(a.day),
                "seen": a.seen,
                "created_at": when(a.created_at),
            }
            for a in answers.order_by("day", "pk")
        ],
    }


# --- Journal -----------------------------------------------------------------------------


def journal(user):
    return {
        "entries": [
            {
                **entry_fields(e),
                "who_can_see": e.audience,
                "created_at": when(e.created_at),
                "updated_at": when(e.updated_at),
            }
            for e in Entry.objects.filter(owner=user).order_by("created_at", "pk")
        ],
        "thought_records": [
            {
                **thought_record_fields(t),
                "who_can_see": t.audience,
                "created_at": when(t.created_at),
                "updated_at": when(t.updated_at),
            }
            for t in ThoughtRecord.objects.filter(owner=user).order_by("created_at", "pk")
        ],
    }


# --- Self-care ---------------------------------------------------------------------------


def self_care(user):
    log = LogEntry.objects.filter(owner=user).annotate(activity_key=F("activity__key"))
    return {
        "activities": [
            {
                "key": key(a.key),
                "text": a.text,
                "times_per_week": a.times_per_week,
                "status": a.status,
                "who_can_see": a.audience,
                "created_at": when(a.created_at),
                "updated_at": when(a.updated_at),
            }
            for a in Activity.objects.filter(owner=user).order_by("created_at", "pk")
        ],
        "log": [
            {
                "activity": key(entry.activity_key),
                "day": when(entry.day),
                "note": entry.note,
                "created_at": when(entry.created_at),
            }
            for entry in log.order_by("day", "pk")
        ],
        "strengths_and_good_things": [
            {
                "key": key(r.key),
                "kind": r.kind,
                "text": r.text,
                "detail": r.detail,
                "day": when(r.day),
                "who_can_see": r.audience,
                "created_at": when(r.created_at),
                "updated_at": when(r.updated_at),
            }
            for r in Reflection.objects.filter(owner=user).order_by("day", "created_at", "pk")
        ],
    }


# --- The way through ---------------------------------------------------------------------


def program(user):
    sharing = ProgressSharing.objects.filter(owner=user).first()
    return {
        "modules": [
            {
                "module": p.module,
                "title": MODULES[p.module].title if p.module in MODULES else None,
                "state": p.state,
                "reflection": p.reflection,
                "reflection_who_can_see": p.audience,
                "started_at": when(p.created_at),
                "done_at": when(p.done_at),
                "skipped_at": when(p.skipped_at),
                "updated_at": when(p.updated_at),
            }
            for p in Progress.objects.filter(owner=user).order_by("created_at", "pk")
        ],
        "partner_sees_modules_done": None if sharing is None else sharing.share_done,
    }


# --- Reminders ---------------------------------------------------------------------------


def reminders(user):
    chosen = ReminderSettings.objects.filter(person=user).first()
    return {
        "settings": None
        if chosen is None
        else {
            "calendar_id": key(chosen.key),
            "email_reminders": chosen.email_enabled,
            "remind_at": when(chosen.remind_at),
            "include_daily_check_in": chosen.include_checkin,
            "calendar_shows_your_words": chosen.feed_show_words,
            # The link itself is never stored (only a digest), so it can't be given back.
            "calendar_link_made_at": when(chosen.feed_created_at),
        },
        "sent": [
            {"kind": s.item_kind, "item": s.item_key or None, "day": when(s.day)}
            for s in ReminderSent.objects.filter(person=user).order_by("day", "pk")
        ],
    }


# --- Security events ---------------------------------------------------------------------


def security_events(user):
    """The person's own security events, as on their security page (steadfast.audit)."""
    return [
        {
            "what": e.kind,
            "at": when(e.at),
            "device": e.device,
            "network": e.network,
            "details": e.details,
        }
        for e in Event.objects.filter(user=user).order_by("at", "pk")
    ]


# --- Therapists ----------------------------------------------------------------------------


def therapist_access(user):
    grants = Grant.objects.filter(client=user).order_by("created_at", "pk")
    reads = AccessRead.objects.filter(client=user).order_by("at", "pk")
    proposals = Proposal.objects.filter(client=user).annotate(
        therapist_name=F("therapist__display_name")
    )
    return {
        "grants": [
            {
                "key": key(g.key),
                "therapist_email": g.therapist_email,
                "categories": [c.value for c in g.categories()],
                "created_at": when(g.created_at),
                "accepted_at": when(g.accepted_at),
            }
            for g in grants
        ],
        "access_log": [
            {
                "therapist": r.therapist_name,
                "category": r.category,
                "record_kind": r.model_label,
                "record_key": r.record_key,
                "at": when(r.at),
            }
            for r in reads
        ],
        "suggested_questionnaires": [
            {
                "key": key(p.key),
                "therapist": p.therapist_name,
                "instrument": p.instrument,
                "every_days": p.interval_days,
                "status": p.status,
                "created_at": when(p.created_at),
                "decided_at": when(p.decided_at),
            }
            for p in proposals.order_by("created_at", "pk")
        ],
    }
