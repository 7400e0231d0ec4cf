"""The quick log ("I did this today") and the weekly view of done against planned."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from steadfast.selfcare import actions
from steadfast.selfcare.models import LogEntry

from .conftest import make_activity, page_text

pytestmark = pytest.mark.django_db


def tap(client, activity, note="", key=None):
    data = {"submission_key": str(key or uuid.uuid4()), "note": note}
    return client.post(f"/care/activity/{activity.key}/done/", data)


def test_one_tap_logs_today(personas, client_for):
    activity = make_activity(personas["alice"], text="Walk")
    client = client_for(personas["alice"])

    response = tap(client, activity, note="By the canal")

    assert response.status_code == 302 and response["Location"] == "/care/"
    entry = LogEntry.objects.get()
    assert (entry.day, entry.note, entry.owner, entry.audience) == (
        timezone.localdate(),
        "By the canal",
        personas["alice"],
        "private",
    )
    text = page_text(client.get("/care/"))
    assert "Noted for today." in text
    assert "<strong>Done today.</strong> Your note: By the canal" in text
    assert "This week so far: 1 of 3." in text


def test_a_double_tap_saves_once(personas, client_for):
    activity = make_activity(personas["alice"])
    client = client_for(personas["alice"])
    key = uuid.uuid4()

    assert tap(client, activity, key=key).status_code == 302
    assert tap(client, activity, key=key).status_code == 302
    assert tap(client, activity).status_code == 302  # another form, the same day

    assert LogEntry.objects.count() == 1
    assert "already noted for today, so it counts once" in page_text(client.get("/care/"))


def test_a_too_long_note_is_refused_beside_its_activity(personas, client_for):
    activity = make_activity(personas["alice"])
    response = tap(client_for(personas["alice"]), activity, note="n" * 281)

    assert response.status_code == 200
    text = page_text(response)
    assert "Please keep this to 280 characters or fewer. This has 281." in text
    assert f'id="activity-{activity.key}-errors"' in text
    assert not LogEntry.objects.exists()


def test_a_retired_activity_cannot_be_logged(personas, client_for):
    activity = make_activity(personas["alice"])
    actions.retire(activity)

    response = tap(client_for(personas["alice"]), activity)

    assert response.status_code == 200
    assert not LogEntry.objects.exists()


def test_a_lost_key_is_refused(personas, client_for):
    activity = make_activity(personas["alice"])
    response = client_for(personas["alice"]).post(
        f"/care/activity/{activity.key}/done/", {"note": ""}
    )
    assert response.status_code == 200
    assert "not saved yet" in page_text(response)
    assert not LogEntry.objects.exists()


def test_the_week_shows_done_against_planned(personas, client_for):
    alice = personas["alice"]
    client = client_for(alice)
    # Friday 27 November 2026; the week started on Monday the 23rd.
    with time_machine.travel("2026-11-10 09:00Z", tick=False):
        walk = make_activity(alice, text="Walk", times=3)
        make_activity(alice, text="Bath", times=0)
    for day in ("2026-11-23", "2026-11-25", "2026-11-18"):
        LogEntry.objects.create(activity=walk, owner=alice, day=day)
    with time_machine.travel("2026-11-27 09:00Z", tick=False):
        text = page_text(client.get("/care/week/"))
        longer = page_text(client.get("/care/week/?weeks=8"))
        odd = client.get("/care/week/?weeks=9999")

    assert '<th scope="row">Mon 23 Nov (this week)</th><td>2 of 3</td>' in text
    assert '<th scope="row">Mon 16 Nov</th><td>1 of 3</td>' in text
    assert '<th scope="row">Mon 9 Nov</th><td>0 of 3</td>' in text
    # Before it was in the plan, nothing was planned.
    assert '<th scope="row">Mon 2 Nov</th><td>not in your plan yet</td>' in text
    assert "<td>0 (no set number)</td>" in text
    assert longer.count('<th scope="row">Mon') == 16
    assert odd.status_code == 200


def test_the_week_counts_only_the_persons_own_log(personas, client_for):
    bob_walk = make_activity(personas["bob"], text="Bob walks", audience="partner")
    LogEntry.objects.create(activity=bob_walk, owner=personas["bob"], day=timezone.localdate())

    text = page_text(client_for(personas["alice"]).get("/care/week/"))

    assert "Bob walks" not in text
    assert "Nothing in your plan yet." in text


def test_weeks_start_on_monday():
    from datetime import date

    from steadfast.selfcare.weeks import week_starts, weekly

    assert week_starts(date(2026, 11, 29), 2) == [date(2026, 11, 23), date(2026, 11, 16)]
    found = weekly(
        {date(2026, 11, 23), date(2026, 11, 29), date(2026, 11, 22)}, 2, date(2026, 11, 29), 2
    )
    # Sunday the 29th is still the week of the 23rd; the 22nd belongs to the week before.
    assert [(w.done, w.reached) for w in found] == [(2, True), (1, False)]
    assert found[0].start + timedelta(days=6) == date(2026, 11, 29)
