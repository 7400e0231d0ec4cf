"""IPV-2: nothing partner B can reach changes with partner A's private or safety data.

See tests/two_worlds.py for how the worlds are built and compared.
"""

import json
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
from steadfast.core.access import login_required, partner_of
from steadfast.core.testing import PASSWORD, make_personas
from steadfast.reminders.actions import new_feed_link
from steadfast.safety import questions
from steadfast.safety.models import CheckIn, SafetyPlan

from .two_worlds import World, arguments, compare, crawl, logged_in, mail_to

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
    world = World(
        alice=alice,
        bob=bob,
        bob_objects={
            "commitment": commitment,
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
    # Some wrong passwords against her own account, from her own device.
    for _ in range(3):
        logged_out = Client()
        logged_out.post("/login/", {"username": alice.email, "password": "wrong"})
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
    alice.refresh_from_db()
    assert (alice.discreet, alice.country) == (True, "GB")


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
