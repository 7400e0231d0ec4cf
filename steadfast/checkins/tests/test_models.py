"""The daily check-in model: one entry per person per day, scales 0-10 and a known
audience enforced by the database, the note stored as ciphertext only."""

import uuid
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from steadfast.checkins import actions
from steadfast.checkins.models import CheckInSharing, DailyCheckIn, default_audience_for
from steadfast.core import crypto
from steadfast.core.idempotency import KeyReused

from .conftest import entry

pytestmark = pytest.mark.django_db


def test_an_entry_is_private_by_default(personas):
    saved = entry(personas["alice"])
    assert saved.audience == "private"
    assert saved.shared_with_partner is False


@pytest.mark.parametrize("scale", ["trust", "closeness", "mood"])
@pytest.mark.parametrize("value", [11, 200, -1])
def test_the_database_refuses_a_scale_outside_0_to_10(personas, scale, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        scores = {"trust": 5, "closeness": 5, "mood": 5} | {scale: value}
        DailyCheckIn.objects.create(owner=personas["alice"], day=date(2026, 1, 1), **scores)
    assert not DailyCheckIn.objects.exists()


@pytest.mark.parametrize("value", [0, 10])
def test_the_ends_of_the_scale_are_allowed(personas, value):
    DailyCheckIn.objects.create(
        owner=personas["alice"], day=date(2026, 1, 1), trust=value, closeness=value, mood=value
    )


def test_the_database_refuses_a_second_entry_for_the_same_day(personas):
    entry(personas["alice"], day=date(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        entry(personas["alice"], day=date(2026, 1, 1))
    entry(personas["bob"], day=date(2026, 1, 1))  # another person's day is their own
    assert DailyCheckIn.objects.count() == 2


def test_the_database_refuses_an_unknown_audience(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        entry(personas["alice"], audience="everyone")


def test_the_database_refuses_an_unknown_standing_choice(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckInSharing.objects.create(owner=personas["alice"], default_audience="world")


def test_one_standing_choice_per_person(personas):
    CheckInSharing.objects.create(owner=personas["alice"])
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckInSharing.objects.create(owner=personas["alice"])


def test_the_note_column_holds_ciphertext_only(personas):
    saved = entry(personas["alice"], note="He lied again")
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM checkins_dailycheckin WHERE id = %s", [saved.pk])
        (stored,) = cursor.fetchone()
    assert "lied" not in stored
    assert crypto.is_token(stored)
    assert DailyCheckIn.objects.get(pk=saved.pk).note == "He lied again"


def test_an_empty_note_is_sealed_too(personas):
    saved = entry(personas["alice"], note="")
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM checkins_dailycheckin WHERE id = %s", [saved.pk])
        (stored,) = cursor.fetchone()
    assert crypto.is_token(stored)
    assert DailyCheckIn.objects.get(pk=saved.pk).note == ""


def test_the_note_cannot_be_searched(personas):
    entry(personas["alice"], note="secret")
    with pytest.raises(ValueError, match="encrypted"):
        list(DailyCheckIn.objects.filter(note="secret"))


def _record(person, key, day=date(2026, 1, 1), **scores):
    values = {"trust": 5, "closeness": 5, "mood": 5} | scores
    return actions.record_checkin(
        person, day=day, note="n", audience="private", submission_key=key, **values
    )


def test_a_second_check_in_the_same_day_updates_that_days_entry(personas):
    first = _record(personas["alice"], uuid.uuid4(), trust=2)
    second = _record(personas["alice"], uuid.uuid4(), trust=8)
    assert second.pk == first.pk and second.key == first.key
    assert DailyCheckIn.objects.get().trust == 8


def test_the_same_form_saves_once(personas):
    key = uuid.uuid4()
    first = _record(personas["alice"], key, trust=2)
    again = _record(personas["alice"], key, trust=2)
    assert again.pk == first.pk
    with pytest.raises(KeyReused):  # the same key with other answers: refused
        _record(personas["alice"], key, trust=9)
    assert DailyCheckIn.objects.get().trust == 2


def test_the_standing_choice_is_private_until_chosen(personas):
    alice = personas["alice"]
    assert default_audience_for(alice) == "private"
    actions.set_default_audience(alice, "partner")
    actions.set_default_audience(alice, "partner+therapist")
    assert default_audience_for(alice) == "partner+therapist"
    assert CheckInSharing.objects.count() == 1
