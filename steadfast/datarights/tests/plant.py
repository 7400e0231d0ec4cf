"""A person with at least one row of every kind the download covers, each with its own
canary words, and a partner with a few of their own (some shared, most private).

Made directly with the models, so every kind is there however the pages change; the
pages' own ways in are exercised by tests/test_two_worlds.py.
"""

import uuid
from datetime import date, timedelta

from django.utils import timezone

from steadfast import audit
from steadfast.assessments import actions as measure_actions
from steadfast.assessments.definitions import get_instrument
from steadfast.assessments.models import MeasureDraft, Schedule
from steadfast.checkins.models import CheckInSharing, DailyCheckIn
from steadfast.commitments.models import Acknowledgement, Commitment, CommitmentEvent, Mark
from steadfast.conversations.models import (
    Conversation,
    ExerciseAnswer,
    ExerciseFinish,
    TimeOut,
    Turn,
)
from steadfast.core.models import Audience
from steadfast.core.testing import link
from steadfast.couples.models import Invitation
from steadfast.journal.models import Entry, ThoughtRecord
from steadfast.practice.models import AccessRead, Grant, Proposal
from steadfast.program.models import Progress, ProgressSharing
from steadfast.recovery import models as path
from steadfast.reminders.models import ReminderSent, ReminderSettings
from steadfast.safety.models import CheckIn, SafetyPlan
from steadfast.selfcare.models import Activity, LogEntry, Reflection

DAY = date(2026, 11, 20)
PARTNER = Audience.PARTNER


def canary(who, what):
    return f"{who}-canary-{what}-7c1e"


def plant_everything(person, partner, therapist):
    """Rows of every kind for `person` (linked with `partner` now), words made with
    `canary(person.display_name, ...)`. Returns the couple."""
    me = person.display_name
    couple = link(person, partner)
    now = timezone.now()
    Invitation.objects.create(
        inviter=person, code_digest=uuid.uuid4().hex * 2, expires_at=now + timedelta(hours=1)
    )
    CheckIn.objects.create(owner=person, answers={"hark_h": True, "said": canary(me, "hark")})
    SafetyPlan.objects.create(owner=person, warning_signs=canary(me, "plan"), code_word="x")
    measure_actions.record_measure(
        person, get_instrument("phq9"), dict.fromkeys(range(1, 10), 1), submission_key=uuid.uuid4()
    )
    MeasureDraft.objects.create(owner=person, instrument="gad7", answers={"1": 2})
    Schedule.objects.create(owner=person, instrument="phq9", interval_days=14)
    DailyCheckIn.objects.create(
        owner=person, day=DAY, trust=3, closeness=4, mood=5, note=canary(me, "daily")
    )
    CheckInSharing.objects.create(owner=person, default_audience=PARTNER)
    promise = Commitment.objects.create(
        owner=person, text=canary(me, "promise"), kind="daily", start=DAY, audience=PARTNER
    )
    CommitmentEvent.objects.create(
        commitment=promise,
        owner=person,
        event="created",
        text=canary(me, "event"),
        kind="daily",
        start=DAY,
    )
    Mark.objects.create(
        commitment=promise, owner=person, day=DAY, done=True, note=canary(me, "mark")
    )
    theirs = Commitment.objects.create(
        owner=partner, text="partner's shared promise", kind="daily", start=DAY, audience=PARTNER
    )
    Acknowledgement.objects.create(commitment=theirs, partner=person, day=DAY, seen="noticed")
    talk = Conversation.objects.create(
        owner=person,
        partner=partner,
        couple=couple,
        topic=canary(me, "topic"),
        speaker=person,
        audience=PARTNER,
    )
    Turn.objects.create(
        owner=person,
        conversation=talk,
        number=1,
        kind="statement",
        text=canary(me, "turn"),
        audience=PARTNER,
    )
    TimeOut.objects.create(conversation=talk, taken_by=person, return_at=now + timedelta(hours=1))
    ExerciseAnswer.objects.create(
        owner=person, couple=couple, exercise="offer", prompt="do", text=canary(me, "answer")
    )
    ExerciseFinish.objects.create(person=person, couple=couple, exercise="offer")
    Entry.objects.create(owner=person, title=canary(me, "title"), body=canary(me, "body"))
    ThoughtRecord.objects.create(
        owner=person,
        situation=canary(me, "situation"),
        thought=canary(me, "thought"),
        strength_before=70,
        balanced=canary(me, "balanced"),
    )
    activity = Activity.objects.create(owner=person, text=canary(me, "activity"))
    LogEntry.objects.create(owner=person, activity=activity, day=DAY, note=canary(me, "log"))
    Reflection.objects.create(
        owner=person, kind="strength", text=canary(me, "strength"), detail="d", day=DAY
    )
    Progress.objects.create(owner=person, module="1a", reflection=canary(me, "module"))
    ProgressSharing.objects.create(owner=person, share_done=True)
    _plant_repair_path(person, partner, couple, me)
    ReminderSettings.objects.create(person=person, email_enabled=True)
    ReminderSent.objects.create(person=person, item_kind="checkin", day=DAY)
    Grant.objects.create(
        client=person,
        therapist_email=therapist.email,
        therapist=therapist,
        accepted_at=now,
        measures=True,
    )
    AccessRead.objects.create(
        client=person,
        therapist=therapist,
        therapist_name=therapist.display_name,
        category="measures",
        model_label="assessments.measure",
        record_key=str(uuid.uuid4()),
    )
    Proposal.objects.create(therapist=therapist, client=person, instrument="gad7")
    audit.record(person, "login")
    return couple


def _plant_repair_path(person, partner, couple, me):
    # The current couple's path: the person was hurt, wrote, proposed limits, asked.
    current = path.Pathway.objects.create(
        couple=couple,
        starter=person,
        invitee=partner,
        starter_role="hurt",
        joined_at=timezone.now(),
    )
    path.Reflection.objects.create(
        pathway=current, owner=person, prompt="what-happened", text=canary(me, "reflection")
    )
    path.Letter.objects.create(pathway=current, owner=person, text=canary(me, "letter"))
    path.LimitsProposal.objects.create(
        pathway=current,
        owner=person,
        per_week=2,
        topics="graphic",
        other_limits=canary(me, "limits"),
    )
    path.Question.objects.create(pathway=current, owner=person, text=canary(me, "question"))
    path.Offer.objects.create(pathway=current, owner=person, text=canary(me, "offer"))
    path.Decision.objects.create(
        pathway=current, owner=person, choice="together", note=canary(me, "decision")
    )
    # An earlier path, with a couple that no longer exists, where the person broke trust:
    # their reply to the other's letter and their answer to the other's question.
    earlier = path.Pathway.objects.create(
        couple=None, starter=partner, invitee=person, starter_role="hurt"
    )
    letter = path.Letter.objects.create(pathway=earlier, owner=partner, text="their letter")
    path.Reply.objects.create(letter=letter, owner=person, text=canary(me, "reply"))
    asked = path.Question.objects.create(pathway=earlier, owner=partner, text="their question")
    path.Answer.objects.create(
        question=asked, owner=person, kind="answer", text=canary(me, "path-answer")
    )
