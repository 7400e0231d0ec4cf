"""The self-care records: sealed at rest, 0 and empty values kept, rules in the database."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from steadfast.core import crypto
from steadfast.selfcare.models import Activity, LogEntry, Reflection

from .conftest import make_activity, make_reflection

pytestmark = pytest.mark.django_db


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        (stored,) = cursor.fetchone()
    return stored


def test_what_a_person_writes_is_ciphertext_in_the_database(personas):
    alice = personas["alice"]
    activity = make_activity(alice, text="Swimming on Sundays")
    entry = LogEntry.objects.create(
        activity=activity, owner=alice, day=timezone.localdate(), note="Felt calmer after"
    )
    strength = make_reflection(alice, text="Loyal to friends", detail="Drove Jo to hospital")

    stored = [
        raw("selfcare_activity", "text", activity.pk),
        raw("selfcare_logentry", "note", entry.pk),
        raw("selfcare_reflection", "text", strength.pk),
        raw("selfcare_reflection", "detail", strength.pk),
    ]

    for value, plain in zip(
        stored,
        ["Swimming", "calmer", "Loyal", "hospital"],
        strict=True,
    ):
        assert plain not in value
        assert crypto.is_token(value)


@pytest.mark.parametrize("words", ["0", "", " ", "00"])
def test_falsy_looking_words_round_trip(personas, words):
    alice = personas["alice"]
    activity = make_activity(alice, text=words)
    entry = LogEntry.objects.create(
        activity=activity, owner=alice, day=timezone.localdate(), note=words
    )
    strength = make_reflection(alice, text=words, detail=words)

    assert Activity.objects.get(pk=activity.pk).text == words
    assert LogEntry.objects.get(pk=entry.pk).note == words
    again = Reflection.objects.get(pk=strength.pk)
    assert (again.text, again.detail) == (words, words)
    assert crypto.is_token(raw("selfcare_logentry", "note", entry.pk))


def test_zero_times_a_week_round_trips(personas):
    activity = make_activity(personas["alice"], times=0)

    again = Activity.objects.get(pk=activity.pk)
    assert again.times_per_week == 0
    assert raw("selfcare_activity", "times_per_week", activity.pk) == 0
    assert again.how_often == "no set number: whenever it feels right"


def test_how_often_is_kept_within_its_range(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_activity(personas["alice"], times=22)


def test_a_log_entry_can_only_be_private(personas):
    alice = personas["alice"]
    activity = make_activity(alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        LogEntry.objects.create(
            activity=activity, owner=alice, day=timezone.localdate(), audience="partner"
        )


def test_an_activity_is_logged_once_a_day(personas):
    alice = personas["alice"]
    activity = make_activity(alice)
    LogEntry.objects.create(activity=activity, owner=alice, day=timezone.localdate())
    with pytest.raises(IntegrityError), transaction.atomic():
        LogEntry.objects.create(activity=activity, owner=alice, day=timezone.localdate())


def test_words_cannot_be_searched(personas):
    make_activity(personas["alice"], text="secret")
    with pytest.raises(ValueError, match="encrypted"):
        list(Activity.objects.filter(text="secret"))


def test_records_are_private_by_default(personas):
    assert make_activity(personas["alice"]).audience == "private"
    assert make_reflection(personas["alice"]).audience == "private"
