"""Measures, drafts and schedules in the database: constraints, encryption at rest, the
recording action, and when a measure is due."""

import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from steadfast.accounts.actions import delete_account
from steadfast.assessments import actions, battery, definitions, scoring
from steadfast.assessments.models import (
    Measure,
    MeasureDraft,
    MeasureQuerySet,
    Schedule,
    due_measures,
    schedule_for,
)
from steadfast.core import crypto, keyring
from steadfast.core.idempotency import KeyReused

from .conftest import PHQ9_FLAGGED, make_measure, phq9

PHQ9 = definitions.get_instrument("phq9")


def hits_measure(person, audience):
    return Measure(
        owner=person,
        instrument="hits",
        version="1",
        answers={"1": 1},
        details={},
        audience=audience,
    )


# --- The safety audience rule --------------------------------------------------------


def test_the_safety_instruments_are_named_once_and_exist():
    assert battery.SAFETY_INSTRUMENTS == ("hark", "hits", "wast-short", "web")
    assert set(battery.SAFETY_INSTRUMENTS) <= set(definitions.all_instruments())


@pytest.mark.parametrize("instrument", battery.SAFETY_INSTRUMENTS)
@pytest.mark.parametrize("audience", ["partner", "partner+therapist"])
def test_the_database_refuses_a_safety_result_for_a_partner(personas, instrument, audience):
    measure = hits_measure(personas["alice"], audience)
    measure.instrument = instrument

    with pytest.raises(IntegrityError), transaction.atomic():
        measure.save()
    assert Measure.objects.count() == 0


def test_the_database_refuses_sharing_a_safety_result_later_too(personas):
    measure = hits_measure(personas["alice"], "private")
    measure.save()

    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(audience="partner")
    with pytest.raises(IntegrityError), transaction.atomic():
        actions.share_measure(measure, "partner+therapist")
    measure.refresh_from_db()
    assert measure.audience == "private"


@pytest.mark.parametrize("audience", ["private", "therapist"])
def test_a_safety_result_may_stay_private_or_go_to_a_therapist(personas, audience):
    hits_measure(personas["alice"], audience).save()
    assert Measure.objects.get().audience == audience


@pytest.mark.parametrize("audience", ["private", "partner", "therapist", "partner+therapist"])
def test_other_results_may_have_any_audience(personas, audience):
    make_measure(personas["alice"], audience=audience)
    assert Measure.objects.get().audience == audience


def test_an_unknown_audience_is_refused(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_measure(personas["alice"], audience="everyone")


def test_a_schedule_never_holds_a_safety_instrument_or_a_zero_interval(personas):
    alice = personas["alice"]
    for values in [{"instrument": "hark"}, {"instrument": "phq9", "interval_days": 0}]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Schedule.objects.create(owner=alice, **{"interval_days": 7, **values})
    assert Schedule.objects.count() == 0


def test_one_draft_per_person_and_instrument(personas):
    alice = personas["alice"]
    MeasureDraft.objects.create(owner=alice, instrument="phq9", answers={"1": 1})
    MeasureDraft.objects.create(owner=personas["bob"], instrument="phq9", answers={"1": 2})
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureDraft.objects.create(owner=alice, instrument="phq9", answers={"1": 3})


def test_a_submission_key_is_unique_per_owner_only(personas):
    key = uuid.uuid4()
    for person in (personas["alice"], personas["bob"]):
        actions.record_measure(person, PHQ9, phq9([0] * 9), submission_key=key)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.create(
            owner=personas["alice"], instrument="phq9", version="1", submission_key=key
        )
    assert Measure.objects.filter(submission_key=key).count() == 2


# --- Encryption at rest -------------------------------------------------------------


def raw_columns(table, pk, columns):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def test_answers_and_details_are_ciphertext_in_the_database(personas):
    measure = make_measure(personas["alice"], answers=phq9(PHQ9_FLAGGED, difficulty=2))
    draft = actions.save_draft(personas["alice"], PHQ9, {3: 2, 9: 1})

    answers, details, total, band = raw_columns(
        "assessments_measure", measure.pk, ["answers", "details", "total", "band"]
    )
    (draft_answers,) = raw_columns("assessments_measuredraft", draft.pk, ["answers"])

    for sealed in (answers, details, draft_answers):
        assert crypto.is_token(sealed)
        for plain in ("self_harm", "subscales", "flags", '"9"', '"3"'):
            assert plain not in sealed
    assert (total, band) == (7.0, "mild")  # the plain columns, by design
    stored = Measure.objects.get(pk=measure.pk)
    assert stored.answers == {str(n): v for n, v in phq9(PHQ9_FLAGGED, 2).items()}
    assert stored.safety_flags == stored.flags == ["self_harm_thoughts"]
    assert MeasureDraft.objects.get().answers == {"3": 2, "9": 1}


# --- record_measure ------------------------------------------------------------------


def test_recording_scores_and_keeps_everything_the_result_needs(personas):
    alice = personas["alice"]
    actions.save_draft(alice, PHQ9, {1: 3})
    key = uuid.uuid4()

    # 3+3+2+2+1+1+1+0+2 = 15: moderately severe, a positive screen, item 9 flagged
    measure = actions.record_measure(
        alice, PHQ9, phq9([3, 3, 2, 2, 1, 1, 1, 0, 2]), submission_key=key
    )

    measure.refresh_from_db()
    assert (measure.instrument, measure.version, measure.audience) == ("phq9", "1", "private")
    assert (measure.total, measure.mean, measure.band) == (
        15,
        pytest.approx(15 / 9, abs=1e-4),
        "moderately severe",
    )
    assert measure.details == {
        "subscales": {},
        "positive_screen": True,
        "flags": ["self_harm_thoughts"],
        "safety_flags": ["self_harm_thoughts"],
    }
    assert measure.submission_key == key
    assert not MeasureDraft.objects.exists()  # the draft goes with the submission


def test_recording_the_same_form_twice_saves_once(personas):
    alice, key = personas["alice"], uuid.uuid4()
    first = actions.record_measure(alice, PHQ9, phq9([1] * 9), submission_key=key)
    again = actions.record_measure(alice, PHQ9, phq9([1] * 9), submission_key=key)
    with pytest.raises(KeyReused):  # the same key with other answers
        actions.record_measure(alice, PHQ9, phq9([3] * 9), submission_key=key)

    assert again.pk == first.pk
    assert Measure.objects.get().total == 9


def test_two_requests_racing_with_the_same_key_save_once(personas, monkeypatch):
    alice, key = personas["alice"], uuid.uuid4()
    first = actions.record_measure(alice, PHQ9, phq9([1] * 9), submission_key=key)
    monkeypatch.setattr(MeasureQuerySet, "first", lambda self: None)

    second = actions.record_measure(alice, PHQ9, phq9([1] * 9), submission_key=key)
    with pytest.raises(KeyReused):
        actions.record_measure(alice, PHQ9, phq9([2] * 9), submission_key=key)

    assert second.pk == first.pk
    assert Measure.objects.count() == 1


def test_answers_that_cant_be_scored_save_nothing(personas):
    alice = personas["alice"]
    actions.save_draft(alice, PHQ9, {1: 3})
    with pytest.raises(scoring.InvalidAnswers, match="item\\(s\\) 9 unanswered"):
        actions.record_measure(alice, PHQ9, phq9([1] * 8), submission_key=uuid.uuid4())
    assert not Measure.objects.exists()
    assert MeasureDraft.objects.get().answers == {"1": 3}


# --- When a measure is due -------------------------------------------------------------

NOW = timezone.now()


@pytest.mark.parametrize(
    ("interval", "active", "days_since", "due"),
    [
        (28, True, None, True),  # never taken
        (28, True, 27, False),
        (28, True, 28, True),
        (7, True, 6, False),
        (7, True, 7, True),
        (None, True, None, True),  # once, at the start
        (None, True, 400, False),  # once, and done
        (28, False, None, False),  # paused
        (28, False, 90, False),
    ],
)
def test_is_due(interval, active, days_since, due):
    schedule = Schedule(instrument="phq9", interval_days=interval, active=active)
    last = None if days_since is None else NOW - timedelta(days=days_since)

    assert schedule.is_due(last, NOW) is due


def test_next_due_is_the_last_time_plus_the_interval():
    last = NOW - timedelta(days=3)
    assert Schedule(interval_days=7).next_due(last) == last + timedelta(days=7)
    assert Schedule(interval_days=None).next_due(last) is None
    assert Schedule(interval_days=7, active=False).next_due(last) is None
    assert Schedule(interval_days=7).next_due(None) is None


def test_the_default_battery_until_the_person_changes_it(personas):
    rows = {row.instrument: row for row in schedule_for(personas["sam"])}

    assert {"phq9", "gad7", "rses"} <= set(rows)
    assert not set(rows) & set(battery.SAFETY_INSTRUMENTS)
    for key in ("phq9", "gad7", "rses"):
        assert (rows[key].interval_days, rows[key].active, rows[key].pk) == (28, True, None)
    assert not Schedule.objects.exists()  # nothing written by reading


def test_texts_supplied_by_a_practice_bring_their_instruments_in(personas, practice_texts):
    rows = {row.instrument: row for row in schedule_for(personas["sam"])}

    assert (rows["csi4"].interval_days, rows["csi4"].active) == (7, True)
    assert (rows["ecrrs"].interval_days, rows["ecrrs"].active) == (None, True)  # at the start
    assert "hits" not in rows  # a safety instrument, texts or not
    assert "csi16" not in rows  # no texts here


def test_only_the_persons_own_measures_and_schedule_decide_what_is_due(personas):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(bob, "phq9")
    Schedule.objects.create(owner=bob, instrument="gad7", interval_days=7, active=False)
    make_measure(alice, "gad7", dict.fromkeys(range(1, 8), 0))

    due = [instrument.key for instrument in due_measures(alice)]

    assert "phq9" in due and "gad7" not in due


def test_a_rotated_data_key_reseals_measures_and_drafts(personas):
    alice = personas["alice"]
    measure = make_measure(alice, answers=phq9(PHQ9_FLAGGED))
    actions.save_draft(alice, PHQ9, {1: 2})
    (sealed_before,) = raw_columns("assessments_measure", measure.pk, ["answers"])

    keyring.rotate_data_key(alice.pk)

    (sealed_after,) = raw_columns("assessments_measure", measure.pk, ["answers"])
    assert sealed_after != sealed_before
    stored = Measure.objects.get(pk=measure.pk)
    assert stored.answers["9"] == 1 and stored.safety_flags == ["self_harm_thoughts"]
    assert MeasureDraft.objects.get().answers == {"1": 2}


def test_deleting_an_account_deletes_its_measures_drafts_and_schedule(personas):
    alice = personas["alice"]
    make_measure(alice, audience="partner")
    actions.save_draft(alice, PHQ9, {1: 2})
    actions.save_schedule(alice, {"phq9": (7, True)})
    make_measure(personas["bob"])

    delete_account(alice)

    assert not Measure.objects.filter(owner_id=alice.pk).exists()
    assert not MeasureDraft.objects.exists() and not Schedule.objects.exists()
    assert Measure.objects.count() == 1  # Bob's own stays
