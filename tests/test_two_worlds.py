"""IPV-2: nothing partner B can reach changes with partner A's private or safety data.

See tests/two_worlds.py for how the worlds are built and compared.
"""

import base64
import json
import re
import sys
import types
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.core import mail, signing
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from steadfast.accounts import emails
from steadfast.assessments import fhir
from steadfast.assessments.battery import offered_instruments
from steadfast.assessments.definitions import get_instrument
from steadfast.assessments.models import Measure, MeasureDraft, Schedule
from steadfast.checkins.models import CheckInSharing, DailyCheckIn
from steadfast.commitments.models import Commitment, CommitmentEvent, Mark
from steadfast.conversations.exercises import BY_SLUG
from steadfast.conversations.models import Conversation, ExerciseAnswer, ExerciseFinish
from steadfast.core.access import login_required, partner_of
from steadfast.core.testing import PASSWORD, make_personas, pass_second_step
from steadfast.journal import actions as journal_actions
from steadfast.practice import actions as practice_actions
from steadfast.practice.models import AccessRead, Grant
from steadfast.recovery import models as path_models
from steadfast.reminders.actions import new_feed_link
from steadfast.safety import questions
from steadfast.safety.models import CheckIn, SafetyPlan
from steadfast.selfcare.models import Activity as SelfCareActivity
from steadfast.selfcare.models import LogEntry, Reflection

from .two_worlds import (
    World,
    arguments,
    compare,
    crawl,
    logged_in,
    mail_to,
    normalise_headers,
)

FROZEN = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@arguments("accounts:signup_finish")
def _signup_token(world):
    return {
        "token": signing.dumps(
            {"email": "newcomer@example.org", "next": ""}, salt=emails.SIGNUP_SALT
        )
    }


@arguments("accounts:reset_confirm")
def _reset_token(world):
    bob = world.bob
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(bob.pk)),
        "token": default_token_generator.make_token(bob),
    }


@arguments("accounts:email_confirm")
def _email_token(world):
    payload = {"user": world.bob.pk, "old": world.bob.email, "new": "bob.new@example.org"}
    return {"token": signing.dumps(payload, salt=emails.EMAIL_CHANGE_SALT)}


@arguments("couples:join_code")
def _join_code(world):
    return {"code": "ABCD-EFGH-JKLM-NPQR"}


@arguments("safety:checkin_result")
def _own_checkin(world):
    return {"key": world.bob_objects["checkin"].submission_key}


@arguments("assessments:take")
@arguments("assessments:draft")
def _an_instrument(world):
    return {"key": "phq9"}


@arguments("assessments:history")
@arguments("assessments:history_chart")
@arguments("assessments:together")
@arguments("assessments:together_chart")
@arguments("assessments:questionnaire")
def _the_instrument_both_answered(world):
    return {"key": "phq9"}


@arguments("assessments:result")
@arguments("assessments:share")
@arguments("assessments:result_fhir")
def _own_measure(world):
    return {"key": world.bob_objects["measure"].submission_key}


@arguments("checkins:share")
def _own_daily_checkin(world):
    return {"key": world.bob_objects["daily"].key}


@arguments("commitments:detail")
@arguments("commitments:chart")
@arguments("commitments:mark")
@arguments("commitments:acknowledge")
@arguments("commitments:renegotiate")
@arguments("commitments:retire")
def _own_commitment(world):
    return {"key": world.bob_objects["commitment"].key}


@arguments("conversations:detail")
@arguments("conversations:panel")
@arguments("conversations:turn")
@arguments("conversations:time_out")
@arguments("conversations:resume")
@arguments("conversations:close")
def _own_conversation(world):
    return {"key": world.bob_objects["conversation"].key}


@arguments("conversations:exercise")
def _the_exercise_both_have_started(world):
    """Bob has saved some answers, not finished; in world 1 Alice has finished it."""
    return {"slug": "offer"}


@arguments("selfcare:edit_activity")
@arguments("selfcare:log")
@arguments("selfcare:share_activity")
@arguments("selfcare:retire_activity")
def _own_care_activity(world):
    return {"key": SelfCareActivity.objects.get(owner=world.bob).key}


@arguments("selfcare:edit_reflection")
@arguments("selfcare:share_reflection")
def _own_strength(world):
    return {"key": Reflection.objects.get(owner=world.bob).key}


@arguments("journal:detail")
@arguments("journal:edit")
@arguments("journal:share")
@arguments("journal:delete")
def _own_journal_entry(world):
    """Bob's own entry, made once (before either crawl looks at a page)."""
    if "entry" not in world.bob_objects:
        world.bob_objects["entry"] = journal_actions.write_entry(
            world.bob, title="", body="My own notes", submission_key=uuid.UUID(int=20)
        )
    return {"key": world.bob_objects["entry"].key}


@arguments("journal:thought")
@arguments("journal:thought_edit")
@arguments("journal:thought_share")
@arguments("journal:thought_delete")
def _own_thought_record(world):
    if "thought" not in world.bob_objects:
        world.bob_objects["thought"] = journal_actions.write_thought_record(
            world.bob,
            situation="She was late",
            thought="She forgot me",
            strength_before=60,
            strength_after=30,
            submission_key=uuid.UUID(int=21),
        )
    return {"key": world.bob_objects["thought"].key}


@arguments("recovery:write")
@arguments("recovery:share")
def _own_prompt(world):
    """A prompt of Bob's own role on the path (he broke trust)."""
    return {"prompt": "what-i-did"}


@arguments("recovery:answer")
@arguments("recovery:withdraw")
def _a_path_record(world):
    """POST-only: a GET is refused before any lookup, so any key will do."""
    return {"key": uuid.UUID(int=7)}


@arguments("program:module")
@arguments("program:progress")
@arguments("program:share")
def _a_module_alice_reflected_on(world):
    """Module 1a, where in world 1 Alice has done it and written a private reflection."""
    return {"slug": "1a"}


@arguments("practice:accept")
@arguments("practice:client")
@arguments("practice:client_measures")
@arguments("practice:session_date")
@arguments("practice:couple_summary")
@arguments("practice:couple_summary_pdf")
@arguments("practice:client_summary")
@arguments("practice:client_summary_pdf")
def _a_grant_key(world):
    """Therapist pages: a person gets 404 before any lookup, so any key will do."""
    return {"key": uuid.UUID(int=8)}


@arguments("practice:notes")
@arguments("practice:assign")
@arguments("practice:export")
@arguments("practice:client_checkins")
@arguments("practice:client_commitments")
@arguments("practice:client_conversations")
@arguments("practice:client_journal")
@arguments("practice:client_safety")
def _a_grant_key_for_new_pages(world):
    """Notes, proposals, export, data views: a person gets 404 before any lookup."""
    return {"key": uuid.UUID(int=8)}


@arguments("practice:note_edit")
@arguments("practice:note_delete")
def _a_note_key(world):
    """A person gets 404 before any lookup, so any keys will do."""
    return {"key": uuid.UUID(int=8), "note": uuid.UUID(int=9)}


@arguments("access:proposal_accept")
@arguments("access:proposal_decline")
def _a_proposal_key(world):
    """Alice's proposals (world 1) are addressed by random keys Bob never sees: his own
    lookups find nothing in either world."""
    return {"key": uuid.UUID(int=10)}


@arguments("practice:welcome")
def _a_set_password_link(world):
    return {"token": "not-a-link-anyone-was-given"}


@arguments("access:change")
@arguments("access:revoke")
def _own_grant(world):
    """Bob's own invitation to a therapist, made once (before either crawl)."""
    if "grant" not in world.bob_objects:
        world.bob_objects["grant"] = practice_actions.invite(
            world.bob, "counsellor@example.org", {"measures"}
        )
    return {"key": world.bob_objects["grant"].key}


@arguments("reminders:feed")
def _own_calendar_link(world):
    """Bob's own calendar link, made once: both worlds crawl the same URL."""
    if "feed_token" not in world.bob_objects:
        world.bob_objects["feed_token"] = new_feed_link(world.bob)
    return {"token": world.bob_objects["feed_token"]}


def promise_answers(text, *, kind="daily", start="2026-11-20", audience="private", **more):
    """The promises page's form."""
    return {
        "text": text,
        "kind": kind,
        "start": start,
        "end": "",
        "audience": audience,
        "submission_key": str(uuid.uuid4()),
        **more,
    }


def care_answers(text, *, times="3", audience="private"):
    """The self-care page's add-activity form."""
    return {
        "text": text,
        "times_per_week": times,
        "audience": audience,
        "submission_key": str(uuid.uuid4()),
    }


def strength_answers(text, detail, audience="private"):
    return {
        "text": text,
        "detail": detail,
        "audience": audience,
        "submission_key": str(uuid.uuid4()),
    }


def went_well_answers(text, audience="private"):
    return {
        "text": text,
        "detail": "",
        "day": "2026-11-26",
        "audience": audience,
        "submission_key": str(uuid.uuid4()),
    }


def mark_answers(day, *, done, note=""):
    return {
        "day": day,
        "done": "yes" if done else "no",
        "note": note,
        "submission_key": str(uuid.uuid4()),
    }


def daily_answers(day, *, trust, closeness, mood, note="", audience="private"):
    """The daily page's form: three 0-10 scales, a note, the day, who sees it, the key."""
    return {
        "day": day,
        "trust": str(trust),
        "closeness": str(closeness),
        "mood": str(mood),
        "note": note,
        "audience": audience,
        "submission_key": str(uuid.uuid4()),
    }


def measure_answers(values, key):
    """The take page's form: item_<n> radios and the one-time key."""
    data = {f"item_{number}": str(value) for number, value in enumerate(values, start=1)}
    return {**data, "submission_key": str(key)}


def checkin_answers(*, positive):
    data = {}
    for question in questions.ALL_QUESTIONS:
        if question.kind == "scale":
            data[question.key] = "2"
        else:
            data[question.key] = "yes" if positive else "no"
    return data


def build_world():
    people = make_personas()
    alice, bob = people["alice"], people["bob"]
    bob_client = logged_in(bob)
    # Bob has his own check-in in both worlds, so his result page can be visited.
    response = bob_client.post(
        "/checkin/",
        {
            **checkin_answers(positive=False),
            "audience": "private",
            "submission_key": str(uuid.UUID(int=1)),
        },
    )
    assert response.status_code == 302
    # And his own PHQ-9, so his result page (and its sharing form) can be visited.
    response = bob_client.post(
        "/measures/phq9/", measure_answers([1, 0, 1, 0, 1, 0, 1, 0, 0], uuid.UUID(int=2))
    )
    assert response.status_code == 302
    # Two more, shared with Alice: his charts and the side-by-side page have a trajectory
    # (with a reliable change) that alice's private PHQ-9s must not change.
    for answers, key in (
        ([3, 3, 2, 2, 2, 1, 1, 1, 0], uuid.UUID(int=3)),
        ([1, 1, 0, 1, 0, 0, 1, 0, 0], uuid.UUID(int=4)),
    ):
        assert bob_client.post("/measures/phq9/", measure_answers(answers, key)).status_code == 302
        # Followed, so the "shared" message is shown now and not on the first page crawled.
        url = f"/measures/results/{key}/share/"
        response = bob_client.post(url, {"audience": "partner"}, follow=True)
        assert response.redirect_chain == [(f"/measures/results/{key}/", 302)]
    # Two daily check-ins of his own: one shared with Alice (his side of the side-by-side
    # page), one private. Followed, so the "saved" messages are shown now.
    for data in (
        daily_answers("2026-11-26", trust=6, closeness=5, mood=7, note="Good talk"),
        daily_answers("2026-11-27", trust=5, closeness=6, mood=6, audience="partner"),
    ):
        response = bob_client.post("/daily/", data, follow=True)
        assert response.redirect_chain == [("/daily/", 302)]
    # A daily promise of his own, shared with Alice, marked for two days (followed, so the
    # "marked" message is shown now).
    response = bob_client.post(
        "/promises/", promise_answers("Phone if I'm late", audience="partner"), follow=True
    )
    commitment = Commitment.objects.get(owner=bob)
    for day, done in (("2026-11-25", True), ("2026-11-26", False)):
        url = f"/promises/{commitment.key}/mark/"
        response = bob_client.post(url, mark_answers(day, done=done), follow=True)
        assert response.redirect_chain == [(f"/promises/{commitment.key}/", 302)]
    # A conversation he opened with Alice, where he has said something; some answers of
    # his own to one exercise, and another exercise finished (he is waiting for her).
    # Followed, so the messages are shown now.
    response = bob_client.post(
        "/talk/", {"topic": "Our evenings", "submission_key": str(uuid.UUID(int=5))}, follow=True
    )
    conversation = Conversation.objects.get(owner=bob)
    response = bob_client.post(
        f"/talk/{conversation.key}/turn/",
        {
            "kind": "statement",
            "text": "I miss our walks",
            "step": "0",
            "submission_key": uuid.uuid4(),
        },
        follow=True,
    )
    assert response.redirect_chain == [(f"/talk/{conversation.key}/", 302)]
    for slug, data in (
        ("offer", exercise_answers(BY_SLUG["offer"], "Bob", count=2)),
        ("needs", exercise_answers(BY_SLUG["needs"], "Bob", action="finish", reveal=True)),
    ):
        response = bob_client.post(f"/talk/exercises/{slug}/", data, follow=True)
        assert response.redirect_chain == [(f"/talk/exercises/{slug}/", 302)]
    # Self-care: an activity of his, shared with Alice and done today, and a private
    # strength. Followed, so the messages are shown now.
    care = [
        ("/care/", care_answers("Football on Thursdays", audience="partner")),
        ("/care/strengths/", strength_answers("Steady", "I fixed the boiler")),
    ]
    for url, data in care:
        response = bob_client.post(url, data, follow=True)
        assert response.redirect_chain == [(url, 302)]
    football = SelfCareActivity.objects.get(owner=bob)
    url = f"/care/activity/{football.key}/done/"
    response = bob_client.post(url, {"submission_key": uuid.uuid4(), "note": ""}, follow=True)
    assert response.redirect_chain == [("/care/", 302)]
    # The repair path: Bob started it (he broke trust), Alice joined; he wrote privately.
    response = bob_client.post(
        "/path/start/", {"role": "broke_trust", "submission_key": uuid.uuid4()}, follow=True
    )
    assert response.redirect_chain == [("/path/", 302)]
    assert logged_in(alice).post("/path/join/").status_code == 302
    response = bob_client.post(
        "/path/write/what-i-did/", {"text": "I lied", "version": "0"}, follow=True
    )
    assert response.redirect_chain == [("/path/write/what-i-did/", 302)]
    world = World(
        alice=alice,
        bob=bob,
        bob_objects={
            "commitment": commitment,
            "conversation": conversation,
            "checkin": CheckIn.objects.get(owner=bob),
            "daily": DailyCheckIn.objects.get(owner=bob, day=FROZEN.date()),
            "measure": Measure.objects.get(owner=bob, submission_key=uuid.UUID(int=2)),
        },
    )
    return world, bob_client


def plant_alices_private_life(alice):
    """World 1: Alice uses every private and safety feature, as she would, through the app."""
    client = logged_in(alice)
    flagged_key, gad7_key, therapist_key = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    steps = [
        (
            "/checkin/",
            {
                **checkin_answers(positive=True),
                "audience": "private",
                "submission_key": str(uuid.uuid4()),
            },
        ),
        (
            "/checkin/",
            {
                **checkin_answers(positive=True),
                "audience": "therapist",
                "submission_key": str(uuid.uuid4()),
            },
        ),
        (
            "/plan/",
            {
                "warning_signs": "He checks my phone",
                "safe_places": "My sister's",
                "people": "Jo",
                "code_word": "blue",
                "things_ready": "passport",
                "other": "",
                "audience": "private",
            },
        ),
        # Measures: a PHQ-9 with a safety flag (item 9), a GAD-7 shared with a therapist
        # only, a half-answered PHQ-9 kept as a draft, and a schedule of her own.
        ("/measures/phq9/", measure_answers([3, 3, 2, 2, 1, 1, 1, 0, 2], flagged_key)),
        ("/measures/gad7/", measure_answers([2, 2, 2, 1, 1, 1, 1], gad7_key)),
        (f"/measures/results/{gad7_key}/share/", {"audience": "therapist"}),
        # More PHQ-9s, the instrument Bob shares with her, none shared with him: one for a
        # therapist only, one imported from elsewhere (FHIR), and an RSES. Her charts,
        # profile and downloads hold them; nothing of Bob's may change.
        ("/measures/phq9/", measure_answers([0, 1, 0, 1, 0, 1, 0, 1, 0], therapist_key)),
        (f"/measures/results/{therapist_key}/share/", {"audience": "therapist"}),
        ("/measures/import/", {"text": alices_fhir_response(), "submission_key": uuid.uuid4()}),
        ("/measures/rses/", measure_answers([2, 1, 2, 1, 2, 1, 2, 1, 2, 1], uuid.uuid4())),
        ("/measures/phq9/draft/", {"item_1": "2", "item_2": "1", "later": "1"}),
        ("/measures/schedule/", alices_schedule()),
        ("/account/", {"display_name": alice.display_name, "country": "GB", "discreet": "on"}),
        ("/reset/", {"email": alice.email}),
        ("/signup/", {"email": alice.email}),
    ]
    for url, data in steps:
        response = client.post(url, data)
        assert response.status_code in (200, 302), (url, response.status_code)
    # Daily check-ins, none shared with Bob: a standing choice of "therapist", today's
    # entry with a note (saved twice: the second updates it), yesterday's kept private.
    daily = [
        ("/daily/sharing/", {"default_audience": "therapist"}),
        (
            "/daily/",
            daily_answers(
                "2026-11-27",
                trust=1,
                closeness=2,
                mood=1,
                note="He lied again",
                audience="therapist",
            ),
        ),
        (
            "/daily/",
            daily_answers("2026-11-27", trust=0, closeness=1, mood=2, note="Worse tonight"),
        ),
        ("/daily/", daily_answers("2026-11-26", trust=2, closeness=2, mood=3, note="Quiet day")),
    ]
    for url, data in daily:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.status_code)
    yesterday = DailyCheckIn.objects.get(owner=alice, day=FROZEN.date() - timedelta(days=1))
    response = client.post(f"/daily/{yesterday.key}/share/", {"audience": "therapist"})
    assert response.status_code == 302
    # Promises, none shared with Bob: a private daily one, marked with notes, renegotiated;
    # a weekly one for a therapist only; a one-off she retired.
    promises = [
        promise_answers("Stop checking his phone"),
        promise_answers("Go to my group", kind="weekly", weekdays=["0", "3"], audience="therapist"),
        promise_answers("Tell my sister", kind="once", start="2026-11-24"),
    ]
    for data in promises:
        assert client.post("/promises/", data).status_code == 302
    private, group, once = (
        Commitment.objects.get(owner=alice, submission_key=data["submission_key"])
        for data in promises
    )
    steps = [
        (
            f"/promises/{private.key}/mark/",
            mark_answers("2026-11-26", done=False, note="I slipped"),
        ),
        (f"/promises/{private.key}/mark/", mark_answers("2026-11-27", done=True)),
        (f"/promises/{group.key}/mark/", mark_answers("2026-11-26", done=True, note="Hard")),
        (
            f"/promises/{private.key}/renegotiate/",
            {"text": "Not check his phone", "kind": "daily", "start": "2026-11-20", "end": ""},
        ),
        (f"/promises/{once.key}/retire/", {}),
    ]
    for url, data in steps:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.status_code)
    # Exercises: one finished (answers shown and kept), one started and not finished, and a
    # harsh draft put to the coach (which keeps nothing).
    talk = [
        (
            "/talk/exercises/offer/",
            exercise_answers(BY_SLUG["offer"], "Alice", action="finish", reveal=True),
        ),
        (
            "/talk/exercises/needs/",
            exercise_answers(BY_SLUG["needs"], "Alice", count=2, reveal=True),
        ),
        ("/talk/exercises/worries/", exercise_answers(BY_SLUG["worries"], "Alice", count=1)),
        ("/talk/coach/", {"text": "You never listen, you always lie to me."}),
    ]
    for url, data in talk:
        response = client.post(url, data)
        assert response.status_code in (200, 302), (url, response.status_code)
    # Self-care, none of it shared with Bob: a private plan (one activity for a therapist
    # only, one retired), done today with a note, edited twice (the second from a stale
    # page: a conflict, nothing saved), strengths and good things, one for a therapist.
    care = [
        ("/care/", care_answers("Run before work")),
        ("/care/", care_answers("Sleep before midnight", times="0", audience="therapist")),
        ("/care/", care_answers("Stop drinking alone")),
        ("/care/strengths/", strength_answers("Honest", "I told him the truth")),
        ("/care/strengths/", strength_answers("Brave", "I left that job", "therapist")),
        ("/care/strengths/went-well/", went_well_answers("Didn't check his phone")),
    ]
    for url, data in care:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.status_code)
    run, _, drinking = SelfCareActivity.objects.filter(owner=alice).order_by("pk")
    edit = {"text": "Run before work, slowly", "times_per_week": "4", "version": "1"}
    steps = [
        (f"/care/activity/{run.key}/done/", {"submission_key": uuid.uuid4(), "note": "Hard"}),
        (f"/care/activity/{run.key}/", edit),
        (f"/care/activity/{run.key}/", {**edit, "text": "Run"}),  # stale: a conflict
        (f"/care/activity/{drinking.key}/retire/", {}),
    ]
    for url, data in steps:
        response = client.post(url, data)
        assert response.status_code in (302, 409), (url, response.status_code)
    plant_alices_notes(client, alice)
    # The repair path: private writing in every stage, a letter draft, her private answer.
    path = [
        ("/path/write/what-happened/", {"text": "I found the messages", "version": "0"}),
        ("/path/write/what-i-need/", {"text": "Time alone", "version": "0"}),
        ("/path/write/still-asking/", {"text": "Why her", "version": "0"}),
        ("/path/write/learned/", {"text": "I deserve honesty", "version": "0"}),
        ("/path/letter/", {"text": "You broke us", "version": "0", "action": "save"}),
        ("/path/decide/", {"choice": "apart", "note": "I'm leaving", "version": "0"}),
    ]
    for url, data in path:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.status_code)
    # The program: a private reflection on 1a, done; 1b skipped; a reflection on 2a shared
    # with Bob and taken back; one for a therapist only; a stale edit (a conflict); her
    # progress shown to Bob and hidden again.
    program = [
        ("/way/1a/", {"text": "My father left", "version": "0", "submission_key": uuid.uuid4()}),
        ("/way/1a/progress/", {"state": "done"}),
        ("/way/1b/progress/", {"state": "skipped"}),
        ("/way/2a/", {"text": "I can't tell him", "version": "0", "submission_key": uuid.uuid4()}),
        ("/way/2a/share/", {"audience": "partner"}),
        ("/way/2a/share/", {"audience": "private"}),
        ("/way/3a/", {"text": "For Jo only", "version": "0", "submission_key": uuid.uuid4()}),
        ("/way/3a/share/", {"audience": "therapist"}),
        ("/way/1a/", {"text": "Stale", "version": "0", "submission_key": uuid.uuid4()}),
        ("/way/sharing/", {"share_done": "on"}),
        ("/way/sharing/", {}),
    ]
    for url, data in program:
        response = client.post(url, data)
        assert response.status_code in (302, 409), (url, response.status_code)
    plant_alices_therapy(client, alice)
    # Some wrong passwords against her own account, from her own device.
    for _ in range(3):
        logged_out = Client()
        logged_out.post("/login/", {"username": alice.email, "password": "wrong"})
    plant_alices_security_events(alice)
    # The planting really happened: otherwise the comparison would prove nothing.
    assert CheckIn.objects.filter(owner=alice).count() == 2
    assert SafetyPlan.objects.get(owner=alice).warning_signs == "He checks my phone"
    flagged = Measure.objects.get(owner=alice, submission_key=flagged_key)
    assert flagged.safety_flags == ["self_harm_thoughts"] and flagged.audience == "private"
    assert Measure.objects.get(owner=alice, submission_key=gad7_key).audience == "therapist"
    assert Measure.objects.get(owner=alice, submission_key=therapist_key).audience == "therapist"
    phq9s = Measure.objects.filter(owner=alice, instrument="phq9")
    assert phq9s.count() == 3 and not phq9s.filter(audience__contains="partner").exists()
    assert Measure.objects.filter(owner=alice, instrument="rses").exists()
    assert MeasureDraft.objects.get(owner=alice).answers == {"1": 2, "2": 1}
    assert Schedule.objects.filter(owner=alice, active=False).exists()
    dailies = DailyCheckIn.objects.filter(owner=alice).order_by("day")
    assert [(d.audience, d.note) for d in dailies] == [
        ("therapist", "Quiet day"),
        ("private", "Worse tonight"),
    ]
    assert CheckInSharing.objects.get(owner=alice).default_audience == "therapist"
    assert Mark.objects.filter(owner=alice).count() == 3
    assert CommitmentEvent.objects.filter(owner=alice).count() == 5
    assert not Commitment.objects.filter(owner=alice, audience__contains="partner").exists()
    assert ExerciseFinish.objects.filter(person=alice).count() == 1
    assert ExerciseAnswer.objects.filter(owner=alice).count() == 4 + 2 + 1
    run.refresh_from_db()
    assert (run.text, run.version, run.audience) == ("Run before work, slowly", 2, "private")
    assert LogEntry.objects.get(owner=alice).note == "Hard"
    assert SelfCareActivity.objects.filter(owner=alice, status="retired").count() == 1
    assert Reflection.objects.filter(owner=alice).count() == 3
    assert not SelfCareActivity.objects.filter(owner=alice, audience__contains="partner").exists()
    assert not Reflection.objects.filter(owner=alice, audience__contains="partner").exists()
    assert path_models.Reflection.objects.filter(owner=alice, audience="private").count() == 4
    assert not path_models.Letter.objects.get(owner=alice).is_sent
    assert path_models.Decision.objects.get(owner=alice).audience == "private"
    from steadfast.program.models import Progress, ProgressSharing

    reflections = {p.module: p for p in Progress.objects.filter(owner=alice)}
    assert reflections["1a"].reflection == "My father left" and reflections["1a"].state == "done"
    assert [reflections[m].audience for m in ("1a", "2a", "3a")] == [
        "private",
        "private",
        "therapist",
    ]
    assert not ProgressSharing.objects.get(owner=alice).share_done
    alice.refresh_from_db()
    assert (alice.discreet, alice.country) == (True, "GB")


def plant_alices_therapy(client, alice):
    """Her therapist: theo, granted everything (safety too), who accepts and reads her
    results; tina invited and then revoked; two-step sign-in turned on and off again."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    everything = dict.fromkeys(("measures", "checkins", "journal", "safety"), "on")
    for email in ("theo@example.org", "tina@example.org"):
        response = client.post("/account/access/", {"therapist_email": email, **everything})
        assert response.status_code == 302, response.status_code
    theo_user = type(alice).objects.get(email="theo@example.org")
    theo = logged_in(theo_user)
    pass_second_step(theo, theo_user)
    grant = Grant.objects.get(client=alice, therapist_email="theo@example.org")
    assert theo.post(f"/practice/invitations/{grant.key}/accept/").status_code == 302
    assert theo.get(f"/practice/clients/{grant.key}/measures/").status_code == 200
    assert (
        theo.post(
            f"/practice/clients/{grant.key}/notes/",
            {"body": "Theo's note", "submission_key": "9b1c7c0e-4d0a-4a52-9f39-6a8f2b1d0c11"},
        ).status_code
        == 302
    )
    response = theo.post(
        f"/practice/clients/{grant.key}/propose/", {"gad7-propose": "on", "gad7-interval": "14"}
    )
    assert response.status_code == 302
    assert theo.get(f"/practice/clients/{grant.key}/journal/").status_code == 200
    assert theo.get(f"/practice/clients/{grant.key}/export/").status_code == 200
    for summary in ("summary/", "summary.pdf"):  # her own pre-session summary
        assert theo.get(f"/practice/clients/{grant.key}/{summary}").status_code == 200
    tina = Grant.objects.get(client=alice, therapist_email="tina@example.org")
    assert client.post(f"/account/access/{tina.key}/revoke/").status_code == 302
    assert client.get("/account/access/log/").status_code == 200
    page = client.get("/account/two-step/setup/").content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    code = f"{totp(base64.b32decode(secret + '=' * (-len(secret) % 8))):06d}"
    assert client.post("/account/two-step/setup/", {"code": code}).status_code == 200
    response = client.post("/account/two-step/off/", {"off-current_password": PASSWORD})
    assert response.status_code == 302
    assert AccessRead.objects.filter(client=alice).exists()
    assert not TOTPDevice.objects.filter(user=alice).exists()


def plant_alices_security_events(alice):
    """Her security events (steadfast/audit): she logs in on a phone and out, changes her
    password (then back), downloads her data; Bob's own list must not change."""
    from steadfast import audit
    from steadfast.audit.models import Event

    phone = Client(HTTP_USER_AGENT="Mozilla/5.0 (Android 14; Mobile) Firefox/128.0")
    response = phone.post("/login/", {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    for old, new in (
        (PASSWORD, "a new and private passphrase"),
        ("a new and private passphrase", PASSWORD),
    ):
        data = {"old_password": old, "new_password1": new, "new_password2": new}
        assert phone.post("/account/password/", data).status_code == 302
    assert phone.post("/logout/").status_code == 302
    audit.record(alice, "data_exported", format="json")  # stands for the export page
    planted = set(Event.objects.filter(user=alice).values_list("kind", flat=True))
    assert {"login", "login_failed", "password_changed", "logout", "two_step_on"} <= planted


def plant_alices_notes(client, alice):
    """Her journal and thought records, none left shared with Bob: entries written from a
    question, one for a therapist, one shared with Bob and taken back, one deleted, an
    edit and a stale edit; thought records, one for a therapist, one edited twice."""
    from steadfast.journal.models import Entry, ThoughtRecord

    notes = [
        {"title": "", "body": "He was on his phone all night", "root": "old_hurt"},
        {"title": "For Jo", "body": "What I can't tell him", "root": "secrets"},
        {"title": "For Bob", "body": "I'm scared of losing you", "root": ""},
        {"title": "Gone", "body": "Deleted later", "root": ""},
    ]
    for note, prompt in zip(notes, ["old_hurt-1", "secrets-2", "", ""], strict=True):
        data = {**note, "prompt": prompt, "submission_key": str(uuid.uuid4())}
        assert client.post("/notes/new/", data).status_code == 302
    written = {e.body: e for e in Entry.objects.filter(owner=alice)}
    phone, jo, for_bob, gone = (written[n["body"]] for n in notes)
    thought = {
        "situation": "He smiled at his screen",
        "thought": "He's talking to her again",
        "feeling": "afraid",
        "strength_before": "90",
        "evidence_for": "He turned it over",
        "evidence_against": "It was his brother",
        "balanced": "A smile isn't a secret",
        "strength_after": "40",
    }
    for _ in range(2):
        data = {**thought, "submission_key": str(uuid.uuid4())}
        assert client.post("/notes/thoughts/new/", data).status_code == 302
    mine, for_therapist = ThoughtRecord.objects.filter(owner=alice).order_by("pk")
    edit = {"title": "", "body": "All night, again", "root": "old_hurt", "version": "1"}
    thought_edit = {**thought, "strength_after": "20", "version": "1"}
    steps = [
        (f"/notes/{jo.key}/share/", {"audience": "therapist"}),
        (f"/notes/{for_bob.key}/share/", {"audience": "partner"}),
        (f"/notes/{for_bob.key}/share/", {"audience": "private"}),
        (f"/notes/{gone.key}/delete/", {}),
        (f"/notes/{phone.key}/edit/", {**edit, "submission_key": str(uuid.uuid4())}),
        (  # stale: a conflict, nothing saved
            f"/notes/{phone.key}/edit/",
            {**edit, "body": "Stale", "submission_key": str(uuid.uuid4())},
        ),
        (f"/notes/thoughts/{for_therapist.key}/share/", {"audience": "therapist"}),
        (f"/notes/thoughts/{mine.key}/edit/", {**thought_edit, "submission_key": uuid.uuid4()}),
        (
            f"/notes/thoughts/{mine.key}/edit/",  # stale: a conflict
            {**thought_edit, "strength_after": "25", "submission_key": uuid.uuid4()},
        ),
    ]
    for url, data in steps:
        response = client.post(url, data)
        assert response.status_code in (200, 302, 409), (url, response.status_code)
    assert client.get("/notes/", {"q": "phone", "root": "old_hurt"}).status_code == 200
    entries = {e.title or e.body: e for e in Entry.objects.filter(owner=alice)}
    assert sorted(entries) == ["All night, again", "For Bob", "For Jo"]
    assert [entries[t].audience for t in ("All night, again", "For Bob", "For Jo")] == [
        "private",
        "private",
        "therapist",
    ]
    mine.refresh_from_db()
    assert (mine.strength_after, mine.version) == (20, 2)
    assert not ThoughtRecord.objects.filter(owner=alice, audience__contains="partner").exists()


def exercise_answers(exercise, who, *, count=None, action="save", reveal=False):
    """The exercise form: the first `count` prompts answered (all if None)."""
    data = {"action": action}
    for prompt in exercise.prompts[:count]:
        data[f"answer_{prompt.key}"] = f"{who}'s answer to {prompt.key}"
        if reveal:
            data[f"reveal_{prompt.key}"] = "on"
    return data


def alices_fhir_response():
    """A PHQ-9 answered elsewhere a month ago, as a FHIR QuestionnaireResponse."""
    answers = dict(enumerate([2, 2, 1, 1, 1, 1, 1, 1, 0], start=1))
    resource = fhir.questionnaire_response(
        get_instrument("phq9"), answers, authored=FROZEN - timedelta(days=30)
    )
    return json.dumps(resource)


def alices_schedule():
    """Everything weekly, and the PHQ-9 off her list."""
    data = {}
    for instrument in offered_instruments():
        data[f"{instrument.key}-interval"] = "7"
        if instrument.key != "phq9":
            data[f"{instrument.key}-active"] = "on"
    return data


def bobs_own_emails(bob_client, bob):
    """Every email B can cause himself; compared across worlds."""
    mail.outbox.clear()
    anonymous = Client()
    anonymous.post("/reset/", {"email": bob.email})
    anonymous.post("/signup/", {"email": bob.email})
    bob_client.post(
        "/account/email/", {"new_email": "bob.new@example.org", "current_password": PASSWORD}
    )
    return mail_to(bob.email) + mail_to("bob.new@example.org")


def run_both_worlds():
    with time_machine.travel(FROZEN, tick=False):
        world, bob_client = build_world()
        # Bob's first visit to the two-step page sets up a pending authenticator for him
        # (his own state, stored in his session); the worlds are compared after it.
        bob_client.get("/account/two-step/setup/")
        # With Redis, pages keep sections between visits (steadfast/core/sections.py): a
        # first crawl fills them, so that both compared crawls start from a warm cache.
        # A private change of Alice's that rebuilt one of Bob's would then show as more
        # queries (and more time) in the second: that is what is compared.
        crawl(bob_client, world)
        mails0 = bobs_own_emails(bob_client, world.bob)
        seen0 = crawl(bob_client, world)

        mail.outbox.clear()
        plant_alices_private_life(world.alice)
        told_bob = mail_to(world.bob.email)
        mails1 = bobs_own_emails(bob_client, world.bob)
        seen1 = crawl(bob_client, world)
    return seen0, seen1, mails0, mails1, told_bob


@pytest.mark.django_db
def test_partner_learns_nothing_from_the_others_private_and_safety_data():
    seen0, seen1, mails0, mails1, told_bob = run_both_worlds()
    assert len(seen0) >= 10, "the crawl should reach every page bob can ask for"
    assert compare(seen0, seen1) == []
    assert mails0 == mails1
    assert told_bob == [], "nothing alice does privately may email bob"


# --- Bob's own download (IPV-14): the same in both worlds, none of Alice's words. ---------


def bobs_downloads(bob_client):
    """Bob's two downloads (everything, and his results as FHIR): status, headers, file.

    Each download is itself one of Bob's security events, so the events section (his
    own, and only his) and the length it changes are set aside."""
    found = []
    for what in ("json", "fhir"):
        response = bob_client.post("/account/data/", {"what": what, "current_password": PASSWORD})
        assert response.status_code == 200, (what, response.status_code)
        document = json.loads(response.content)
        document.pop("security_events", None)
        headers = [h for h in normalise_headers(response)[0] if h[0] != "content-length"]
        found.append((response.status_code, headers, document))
    return found


def alices_own_words_and_keys(alice):
    """Every text of Alice's the database holds sealed for her, opened, and the random
    keys of her records: none of it may reach Bob's download unless she shares it."""
    from steadfast.core import keyring

    found = set()
    for model, fields in keyring.encrypted_fields_by_model().items():
        for field in fields:
            for row in model._base_manager.filter(**{field.owner_attname: alice.pk}):
                value = getattr(row, field.attname)
                if isinstance(value, str) and len(value) >= 4:
                    found.add(value)
                for name in ("key", "submission_key"):
                    if getattr(row, name, None) is not None and field.owner_field == "owner":
                        found.add(str(getattr(row, name)))
    return found


@pytest.mark.django_db
def test_bobs_download_holds_nothing_of_alices_private_life():
    with time_machine.travel(FROZEN, tick=False):
        world, bob_client = build_world()
        before = bobs_downloads(bob_client)
        plant_alices_private_life(world.alice)
        after = bobs_downloads(bob_client)
        assert after == before
        text = json.dumps(after[0][2], ensure_ascii=False)
        assert "I miss our walks" in text and "Football on Thursdays" in text  # his own
        private = alices_own_words_and_keys(world.alice)
        assert len(private) > 50
        assert sorted(w for w in private if w in text) == []

        # What she shares with him is there, marked as hers, and nothing else of hers.
        from steadfast.journal.models import Entry

        [for_bob] = [e for e in Entry.objects.filter(owner=world.alice) if e.title == "For Bob"]
        url = f"/notes/{for_bob.key}/share/"
        assert logged_in(world.alice).post(url, {"audience": "partner"}).status_code == 302
        shared = bobs_downloads(bob_client)[0][2]
    assert [e["body"] for e in shared["shared_by_partner"]["journal_entries"]] == [
        "I'm scared of losing you"
    ]
    text = json.dumps(shared, ensure_ascii=False)
    allowed = {"For Bob", "I'm scared of losing you", str(for_bob.key)}
    assert sorted(w for w in private - allowed if w in text) == []


# --- The harness must catch a leak: plant one and watch it fail. -----------------------


@login_required
def leaky_view(request):
    partner = partner_of(request.user)
    count = CheckIn.objects.filter(owner=partner).count() if partner else 0
    return HttpResponse(f"Your partner has {count} check-ins")


@login_required
def quiet_leak_view(request):
    """Same body either way; the leak is only in the number of queries."""
    partner = partner_of(request.user)
    if partner is not None and CheckIn.objects.filter(owner=partner).exists():
        list(CheckIn.objects.filter(owner=partner))
    return HttpResponse("Nothing to see")


leaky_urlpatterns = [
    path("", include("config.urls")),
    path("planted-leak/", leaky_view, name="planted_leak"),
    path("planted-quiet-leak/", quiet_leak_view, name="planted_quiet_leak"),
]


@pytest.mark.django_db
def test_the_harness_catches_a_planted_leak(settings, monkeypatch):
    leaky = types.ModuleType("leaky_urls")
    leaky.urlpatterns = leaky_urlpatterns
    monkeypatch.setitem(sys.modules, "leaky_urls", leaky)
    settings.ROOT_URLCONF = "leaky_urls"
    seen0, seen1, *_ = run_both_worlds()
    problems = compare(seen0, seen1)
    assert any(p.startswith("/planted-leak/") and "body differs" in p for p in problems)
    assert any(
        p.startswith("/planted-quiet-leak/") and p.split(": ", 1)[1].startswith("queries")
        for p in problems
    )
    assert all(p.startswith("/planted-") for p in problems), problems
