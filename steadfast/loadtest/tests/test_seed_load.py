"""seed_load: the accounts the benchmark logs in with, history that keeps the app's rules,
the same data for the same seed, and pages that answer for a loaded couple."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.accounts.models import User
from steadfast.accounts.timezones import today_for
from steadfast.assessments import scoring
from steadfast.assessments.definitions import get_instrument
from steadfast.assessments.models import Measure
from steadfast.checkins.models import DailyCheckIn
from steadfast.commitments.models import Acknowledgement, Commitment, Mark
from steadfast.conversations.models import Conversation, Turn
from steadfast.core import crypto
from steadfast.core.models import Audience, DataKey
from steadfast.couples.models import current_partner
from steadfast.journal.models import Entry
from steadfast.loadtest import load
from steadfast.practice.categories import CATEGORY_FIELDS, Category
from steadfast.practice.models import Grant

from . import pages

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("seed_load", *args, stdout=out)
    return out.getvalue()


def loaded(couples, days, *, seed=1, therapists=1, now=None):
    crypto.key_cache.clear()
    return load.Loader(
        load.Plan(couples=couples, days=days, seed=seed, therapists=therapists), now=now
    ).run()


# --- The command ---------------------------------------------------------------------------


def test_the_command_makes_the_accounts_the_benchmark_logs_in_with():
    output = run("--couples", "2", "--days", "10", "--therapists", "2")

    for couple in range(2):
        a = User.objects.get(email=f"load.c{couple:05d}.a@steadfast.test")
        b = User.objects.get(email=f"load.c{couple:05d}.b@steadfast.test")
        assert current_partner(a) == b
        for person in (a, b):
            assert person.is_person and person.is_active and person.time_zone
            assert person.display_name
            assert person.check_password(load.DEFAULT_PASSWORD)
    for number in range(2):
        therapist = User.objects.get(email=f"load.t{number:03d}@steadfast.test")
        assert therapist.is_therapist and therapist.check_password(load.DEFAULT_PASSWORD)
        assert TOTPDevice.objects.filter(user=therapist, confirmed=True).count() == 1
    assert "checkins.DailyCheckIn" in output and "rows/s" in output
    assert load.load_users().count() == 6


def test_one_password_hash_for_every_account():
    run("--couples", "3", "--days", "2", "--password", "another-password-1")

    hashes = set(load.load_users().values_list("password", flat=True))
    assert len(hashes) == 1
    assert User.objects.get(email=load.person_email(2, "b")).check_password("another-password-1")


def test_a_second_load_is_refused_until_the_first_is_flushed():
    run("--couples", "1", "--days", "3")
    with pytest.raises(CommandError, match="already here"):
        run("--couples", "1", "--days", "3")
    assert load.load_users().count() == 3

    output = run("--couples", "2", "--days", "3", "--flush-load")

    assert "Deleted 3 load accounts" in output
    assert load.load_users().count() == 5
    assert not User.objects.filter(email=load.person_email(5, "a")).exists()


def test_flush_alone_deletes_the_load_and_leaves_everyone_else(personas):
    run("--couples", "2", "--days", "5")

    run("--flush-load")

    assert not load.load_users().exists()
    assert not DailyCheckIn.objects.exists()
    assert User.objects.filter(email="alice@example.org").exists()
    assert current_partner(personas["alice"]) == personas["bob"]


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "--couples N --days D"),
        (("--couples", "0", "--days", "5"), "at least 1"),
        (("--couples", "2", "--days", "-1"), "at least 1"),
        (("--couples", "two", "--days", "5"), "not a whole number"),
        (("--couples", "2", "--days", "5", "--password", "short"), "at least 10"),
    ],
)
def test_bad_arguments_are_refused_and_nothing_is_saved(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not load.load_users().exists()


def test_not_in_production_unless_asked(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="not in production"):
        run("--couples", "1", "--days", "2")
    assert not load.load_users().exists()

    run("--couples", "1", "--days", "2", "--allow-production")
    assert load.load_users().count() == 3


# --- Caseloads -----------------------------------------------------------------------------


def test_therapist_0_has_fifty_clients_and_the_others_smaller_caseloads():
    loaded(40, 2, therapists=3)
    first, second, third = (pages.therapist(n) for n in range(3))

    grants = Grant.objects.active().filter(therapist=first)
    assert grants.count() == 50
    clients = set(grants.values_list("client__email", flat=True))
    assert clients == {load.person_email(c, s) for c in range(25) for s in "ab"}
    usual = set(CATEGORY_FIELDS) - {Category.SAFETY}
    for grant in grants:
        assert all(getattr(grant, name) for name in usual)
    with_safety = grants.filter(safety=True).count()
    assert 0 < with_safety <= 10
    others = Grant.objects.active().filter(therapist__in=[second, third]).count()
    assert 0 < others < 50


# --- The history keeps the rules the pages rely on ------------------------------------------


def test_marks_and_answers_only_on_days_a_promise_was_due():
    loaded(4, 60)

    marks = Mark.objects.select_related("commitment__owner").prefetch_related("commitment__events")
    assert marks.exists()
    for mark in marks:
        commitment = mark.commitment
        assert mark.owner_id == commitment.owner_id
        assert commitment.is_occurrence(mark.day)
        assert mark.day <= today_for(commitment.owner)
    for answer in Acknowledgement.objects.select_related("commitment__owner"):
        commitment = answer.commitment
        assert commitment.shared_with_partner
        assert answer.partner == current_partner(commitment.owner)
        assert commitment.is_occurrence(answer.day)
    assert Commitment.objects.filter(status="retired").exists() or Commitment.objects.count() < 8


def test_one_check_in_a_day_within_the_history_some_with_notes():
    loaded(3, 30)

    for person in load.load_users().filter(role=User.Role.PERSON):
        entries = list(DailyCheckIn.objects.filter(owner=person))
        days = [entry.day for entry in entries]
        today = today_for(person)
        assert len(days) == len(set(days))
        assert all(0 <= (today - day).days < 30 for day in days)
        assert 10 < len(entries) <= 30
        for entry in entries:
            assert all(0 <= getattr(entry, name) <= 10 for name in ("trust", "closeness", "mood"))
    notes = [entry.note for entry in DailyCheckIn.objects.all()]
    assert 0 < sum(1 for note in notes if note) < len(notes) / 2


def test_measures_carry_the_scores_the_app_computes():
    loaded(2, 120)

    measures = list(Measure.objects.all())
    assert len(measures) >= 12
    for measure in measures:
        instrument = get_instrument(measure.instrument)
        result = scoring.score(instrument, measure.answers)
        assert (measure.total, measure.band) == (result.total, result.band or "")
        assert measure.flags == list(result.flags)
        assert measure.completed_at <= timezone.now()


def test_conversations_follow_the_speaker_listener_steps():
    loaded(2, 90)

    for conversation in Conversation.objects.prefetch_related("turns"):
        turns = list(conversation.turns.all())
        assert [turn.number for turn in turns] == list(range(1, len(turns) + 1))
        assert turns[0].kind == "statement" and turns[0].owner_id == conversation.owner_id
        assert conversation.step in (len(turns), len(turns) + 1)
        assert {turn.owner_id for turn in turns} <= conversation.participant_ids
    confirmations = list(Turn.objects.filter(kind="confirmation"))
    assert confirmations and all(turn.text == "" for turn in confirmations)


def test_what_people_wrote_is_sealed_with_their_own_key():
    loaded(1, 40)

    keys = dict(DataKey.objects.values_list("owner_id", "pk"))
    for model, name in ((DailyCheckIn, "note"), (Mark, "note"), (Entry, "body")):
        rows = list(model.objects.values_list("owner_id", name))
        assert rows
        for owner_id, sealed in rows:
            key_id, _ = crypto.parse_token(sealed.token)
            assert key_id == keys[owner_id]
    assert all(entry.body for entry in Entry.objects.all())  # and they open again
    audiences = set(DailyCheckIn.objects.values_list("audience", flat=True))
    assert audiences <= set(Audience.values) and len(audiences) > 1


# --- Same seed, same data -------------------------------------------------------------------


def snapshot():
    checkins = sorted(
        (e.owner.email, e.day, e.trust, e.closeness, e.mood, e.audience, e.note)
        for e in DailyCheckIn.objects.select_related("owner")
    )
    marks = sorted(
        (m.commitment.owner.email, m.commitment.text, m.day, m.done)
        for m in Mark.objects.select_related("commitment__owner")
    )
    measures = sorted(
        (m.owner.email, m.instrument, m.total, str(m.submission_key))
        for m in Measure.objects.select_related("owner")
    )
    return checkins, marks, measures


def test_the_same_seed_gives_the_same_data():
    now = timezone.now()
    loaded(3, 45, seed=4, now=now)
    first = snapshot()
    load.flush()
    loaded(3, 45, seed=4, now=now)
    again = snapshot()
    load.flush()
    loaded(3, 45, seed=5, now=now)
    other = snapshot()

    assert first == again
    assert first[0] and first[1] and first[2]
    assert other[0] != first[0]


# --- The pages answer ----------------------------------------------------------------------


def test_the_benchmarked_pages_answer_for_a_loaded_couple_and_therapist():
    loaded(2, 30)
    viewer, doctor = pages.person(0, "a"), pages.therapist()
    clients = {"person": pages.logged_in(viewer), "therapist": pages.logged_in(doctor)}

    for request in pages.requests_for(viewer, doctor):
        response = pages.send(clients, request)
        expected = 302 if request[0] == "check-in post" else 200
        assert response.status_code == expected, request[0]
    assert DailyCheckIn.objects.get(owner=viewer, day=today_for(viewer)).note == ("A steadier day.")
