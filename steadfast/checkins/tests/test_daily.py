"""The daily page (/daily/): three 0-10 scales, a note, who sees it; recent entries and a
trend table. Bad input is refused beside its field, with nothing saved."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from steadfast.checkins import forms
from steadfast.checkins.models import CheckInSharing, DailyCheckIn

from .conftest import (
    check_in,
    checked,
    daily_data,
    daily_state,
    entry,
    fieldset_of,
    page_text,
    submission_key_of,
)

pytestmark = pytest.mark.django_db


def field_block(response, name):
    """The <div class="field"> holding the control named `name`."""
    for block in re.findall(
        r'<div class="field.*?</div>\s*</div>|<div class="field.*?</p>\s*</div>',
        page_text(response),
        re.S,
    ):
        if f'name="{name}"' in block:
            return block
    raise AssertionError(f"no field block for {name!r}")


def test_the_page_asks_three_labelled_scales_a_note_and_who_sees_it(personas, client_for):
    response = client_for(personas["alice"]).get("/daily/")

    assert response.status_code == 200
    text = page_text(response)
    assert "<title>Daily ·" in text
    for name, label, low, high in forms.SCALE_QUESTIONS:
        fieldset = fieldset_of(response, name)
        assert f"<legend>{label}</legend>" in fieldset
        assert f"0 = {low}, 10 = {high}" in fieldset
        for value in range(11):
            assert f'name="{name}" value="{value}"' in fieldset
            assert f"> {value}</label>" in fieldset  # every value visible beside its radio
        assert checked(fieldset) == []
    assert 'name="note"' in text and "Anything to add? (optional)" in text
    assert f'value="{timezone.localdate().isoformat()}"' in text
    assert checked(fieldset_of(response, "audience")) == ["private"]
    assert "<script" not in text.split("<main", 1)[1]  # works without scripts
    assert daily_state() == ([], [])


def test_a_check_in_is_saved_private_and_shown(personas, client_for):
    alice = personas["alice"]
    client = client_for(alice)

    check_in(client, trust=3, closeness=4, mood=6, note="A calm evening")

    saved = DailyCheckIn.objects.get(owner=alice)
    assert (saved.day, saved.trust, saved.closeness, saved.mood) == (
        timezone.localdate(),
        3,
        4,
        6,
    )
    assert (saved.note, saved.audience) == ("A calm evening", "private")
    page = client.get("/daily/")
    text = page_text(page)
    assert "Saved for today. Only you can see it." in text
    assert "trust 3, closeness 4, mood 6" in text
    assert "A calm evening" in text
    # Today's entry is offered again, ready to change.
    assert checked(fieldset_of(page, "trust")) == ["3"]
    assert checked(fieldset_of(page, "mood")) == ["6"]


def test_a_second_check_in_the_same_day_updates_it(personas, client_for):
    client = client_for(personas["alice"])
    check_in(client, trust=3, note="first")
    first_key = DailyCheckIn.objects.get().key

    check_in(client, trust=8, note="second", audience="partner")

    saved = DailyCheckIn.objects.get()
    assert (saved.key, saved.trust, saved.note, saved.audience) == (
        first_key,
        8,
        "second",
        "partner",
    )


def test_an_earlier_day_can_be_filled_in(personas, client_for):
    yesterday = timezone.localdate() - timedelta(days=1)
    check_in(client_for(personas["alice"]), day=yesterday)
    assert DailyCheckIn.objects.get().day == yesterday


def test_a_double_submit_saves_once(personas, client_for):
    client = client_for(personas["alice"])
    data = daily_data(trust=2, note="once")
    assert client.post("/daily/", data).status_code == 302
    saved = DailyCheckIn.objects.get()
    assert client.post("/daily/", data).status_code == 302  # the same form again

    again = DailyCheckIn.objects.get()
    assert (again.pk, again.updated_at, again.note) == (saved.pk, saved.updated_at, "once")


def test_the_standing_choice_applies_to_new_entries(personas, client_for):
    alice = personas["alice"]
    CheckInSharing.objects.create(owner=alice, default_audience="partner")

    page = client_for(alice).get("/daily/")

    assert checked(fieldset_of(page, "audience")) == ["partner"]


def test_each_page_carries_a_fresh_one_time_key(personas, client_for):
    client = client_for(personas["alice"])
    assert submission_key_of(client.get("/daily/")) != submission_key_of(client.get("/daily/"))


BAD_SCALES = ["11", "-1", "100", "five", "", "5.5"]


@pytest.mark.parametrize("scale", ["trust", "closeness", "mood"])
@pytest.mark.parametrize("value", BAD_SCALES)
def test_a_value_outside_0_to_10_is_refused_beside_its_field(personas, client_for, scale, value):
    response = client_for(personas["alice"]).post("/daily/", daily_data(**{scale: value}))

    assert response.status_code == 200
    assert forms.OUT_OF_RANGE in fieldset_of(response, scale)
    assert "Nothing is saved yet" in page_text(response)
    assert daily_state() == ([], [])


def test_a_day_in_the_future_is_refused(personas, client_for):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(personas["alice"]).post("/daily/", daily_data(day=tomorrow))

    assert response.status_code == 200
    assert forms.FUTURE_DAY in field_block(response, "day")
    assert daily_state() == ([], [])


@pytest.mark.parametrize("day", ["", "yesterday", "2026-02-30"])
def test_a_missing_or_malformed_day_is_refused(personas, client_for, day):
    data = daily_data() | {"day": day}
    response = client_for(personas["alice"]).post("/daily/", data)

    assert response.status_code == 200
    assert 'class="error" id="id_day_error"' in page_text(response)
    assert daily_state() == ([], [])


@pytest.mark.parametrize("audience", ["everyone", "public", "", "PARTNER"])
def test_a_tampered_audience_is_refused(personas, client_for, audience):
    response = client_for(personas["alice"]).post("/daily/", daily_data(audience=audience))

    assert response.status_code == 200
    fieldset = fieldset_of(response, "audience")
    assert forms.AUDIENCE_REFUSED in fieldset or "Choose who can see this." in fieldset
    assert daily_state() == ([], [])


def test_a_note_over_2000_characters_is_refused(personas, client_for):
    response = client_for(personas["alice"]).post("/daily/", daily_data(note="x" * 2001))

    assert response.status_code == 200
    assert forms.NOTE_TOO_LONG in field_block(response, "note")
    assert daily_state() == ([], [])


def test_a_note_of_2000_characters_is_kept(personas, client_for):
    check_in(client_for(personas["alice"]), note="x" * 2000)
    assert DailyCheckIn.objects.get().note == "x" * 2000


@pytest.mark.parametrize("key", ["", "not-a-key"])
def test_a_lost_form_key_is_refused_with_a_fresh_one(personas, client_for, key):
    data = daily_data() | {"submission_key": key}
    response = client_for(personas["alice"]).post("/daily/", data)

    assert response.status_code == 200
    assert forms.FORM_KEY_LOST in page_text(response)
    assert submission_key_of(response) not in ("", "not-a-key")
    assert checked(fieldset_of(response, "trust")) == ["5"]  # the answers are kept
    assert daily_state() == ([], [])


def test_the_trend_table_shows_14_days_or_30(personas, client_for):
    alice = personas["alice"]
    today = timezone.localdate()
    entry(alice, day=today, trust=7, closeness=6, mood=5)
    entry(alice, day=today - timedelta(days=20), trust=1, closeness=1, mood=1)
    entry(personas["bob"], day=today, trust=0, closeness=0, mood=0)
    client = client_for(alice)

    fortnight = page_text(client.get("/daily/"))
    table = fortnight.split('<table class="daily-trend">', 1)[1]
    assert table.count('<tr><th scope="row">') == 14 + 1  # the days and the average
    assert "<td>7</td><td>6</td><td>5</td>" in table
    assert "<td>1</td><td>1</td><td>1</td>" not in table
    assert "<td>0</td>" not in table  # nobody else's entries

    month = page_text(client.get("/daily/?days=30"))
    table = month.split('<table class="daily-trend">', 1)[1]
    assert table.count('<tr><th scope="row">') == 30 + 1
    assert "<td>1</td><td>1</td><td>1</td>" in table
    assert "Average</th><td>4.0</td><td>3.5</td><td>3.0</td>" in table


def test_only_the_persons_own_entries_are_listed(personas, client_for):
    entry(personas["bob"], note="Bob's own words", audience="partner")
    text = page_text(client_for(personas["alice"]).get("/daily/"))
    assert "Bob's own words" not in text
    assert "No entries yet." in text


@pytest.mark.parametrize("therapist", ["theo", "tina"])
def test_therapists_get_404(personas, client_for, therapist):
    client = client_for(personas[therapist])
    assert client.get("/daily/").status_code == 404
    assert client.post("/daily/", daily_data()).status_code == 404
    assert daily_state() == ([], [])


def test_anonymous_visitors_are_sent_to_log_in(client_for):
    response = client_for(None).get("/daily/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_not_allowed(personas, client_for, method):
    assert getattr(client_for(personas["alice"]), method)("/daily/").status_code == 405
