"""Editing with a version number: an edit made from an older copy (another device) is
detected, both versions are shown, nothing is lost, and the person chooses."""

import pytest

from steadfast.selfcare import actions
from steadfast.selfcare.models import Activity, Kind, Reflection

from .conftest import make_activity, make_reflection, page_text

pytestmark = pytest.mark.django_db


def edit(text, times="3", version=1):
    return {"text": text, "times_per_week": times, "version": str(version)}


def test_the_edit_page_carries_the_version(personas, client_for):
    activity = make_activity(personas["alice"], text="Walk")
    text = page_text(client_for(personas["alice"]).get(f"/care/activity/{activity.key}/"))

    assert 'name="version" value="1"' in text
    assert "Walk</textarea>" in text


def test_an_edit_saves_and_counts_the_version(personas, client_for):
    activity = make_activity(personas["alice"], text="Walk")
    client = client_for(personas["alice"])

    response = client.post(f"/care/activity/{activity.key}/", edit("Walk by the river", "5"))

    assert response.status_code == 302 and response["Location"] == "/care/"
    activity.refresh_from_db()
    assert (activity.text, activity.times_per_week, activity.version) == (
        "Walk by the river",
        5,
        2,
    )


def test_a_stale_edit_is_not_saved_and_both_versions_are_shown(personas, client_for):
    activity = make_activity(personas["alice"], text="Walk")
    phone, laptop = client_for(personas["alice"]), client_for(personas["alice"])
    # Both devices opened version 1; the phone saves first.
    assert phone.post(f"/care/activity/{activity.key}/", edit("Walk with Jo")).status_code == 302

    response = laptop.post(f"/care/activity/{activity.key}/", edit("Walk alone", "2"))

    assert response.status_code == 409
    text = page_text(response)
    assert "changed on another device after you opened it" in text
    assert '<td class="conflict-saved">Walk with Jo</td>' in text
    assert '<td class="conflict-mine">Walk alone</td>' in text
    assert '<td class="conflict-saved">3 times a week</td>' in text
    assert '<td class="conflict-mine">2 times a week</td>' in text
    # Nothing lost: the phone's words are saved, the laptop's wait in the form, now
    # against the saved version.
    activity.refresh_from_db()
    assert (activity.text, activity.version) == ("Walk with Jo", 2)
    assert "Walk alone</textarea>" in text
    assert 'name="version" value="2"' in text

    # Choosing "save mine" replaces the saved version, knowingly.
    response = laptop.post(f"/care/activity/{activity.key}/", edit("Walk alone", "2", version=2))

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.text, activity.times_per_week, activity.version) == ("Walk alone", 2, 3)


def test_a_version_from_the_future_is_a_conflict_too(personas):
    activity = make_activity(personas["alice"])
    with pytest.raises(actions.Conflict):
        actions.update(activity, version=7, text="x", times_per_week=1)
    assert Activity.objects.get().version == 1


def test_a_missing_version_is_refused_and_nothing_saved(personas, client_for):
    activity = make_activity(personas["alice"], text="Walk")
    data = edit("Run")
    del data["version"]

    response = client_for(personas["alice"]).post(f"/care/activity/{activity.key}/", data)

    assert response.status_code == 200
    assert "your changes are not saved yet" in page_text(response)
    assert Activity.objects.get().text == "Walk"


def test_a_retired_activity_cannot_be_edited(personas, client_for):
    activity = make_activity(personas["alice"], text="Walk")
    client = client_for(personas["alice"])
    # Retired on one device while the other had the edit page open.
    actions.retire(activity)

    response = client.post(f"/care/activity/{activity.key}/", edit("Run", version=2))

    assert response.status_code == 200
    assert actions.RETIRED in page_text(response)
    assert "Run</textarea>" in page_text(response)  # their words are still on the page
    assert Activity.objects.get().text == "Walk"


def test_empty_and_too_long_edits_are_refused(personas, client_for):
    activity = make_activity(personas["alice"], text="Walk")
    client = client_for(personas["alice"])

    empty = client.post(f"/care/activity/{activity.key}/", edit("  "))
    long = client.post(f"/care/activity/{activity.key}/", edit("y" * 201))

    assert "Write the activity in a few words." in page_text(empty)
    assert "Please keep this to 200 characters or fewer. This has 201." in page_text(long)
    assert (Activity.objects.get().text, Activity.objects.get().version) == ("Walk", 1)


def test_a_stale_strength_edit_is_a_conflict_too(personas, client_for):
    strength = make_reflection(personas["alice"], text="Patient", detail="I waited")
    phone, laptop = client_for(personas["alice"]), client_for(personas["alice"])
    url = f"/care/strengths/{strength.key}/"
    data = {"text": "Kind", "detail": "I made soup", "version": "1"}
    assert phone.post(url, data).status_code == 302

    response = laptop.post(url, {"text": "Calm", "detail": "I didn't shout", "version": "1"})

    assert response.status_code == 409
    text = page_text(response)
    assert '<td class="conflict-saved">Kind</td>' in text
    assert '<td class="conflict-mine">I didn&#x27;t shout</td>' in response.content.decode()
    assert Reflection.objects.get().text == "Kind"


def test_a_good_thing_can_be_edited(personas, client_for):
    item = make_reflection(personas["alice"], kind=Kind.WENT_WELL, text="Slept well", detail="")
    client = client_for(personas["alice"])
    url = f"/care/strengths/{item.key}/"
    data = {"text": "Slept well at last", "detail": "", "day": str(item.day), "version": "1"}

    response = client.post(url, data)

    assert response.status_code == 302 and response["Location"] == "/care/strengths/"
    assert Reflection.objects.get().text == "Slept well at last"


@pytest.mark.parametrize("who", ["bob", "carol"])
def test_nobody_else_can_open_or_change_a_reflection(personas, client_for, who):
    item = make_reflection(personas["alice"], audience="partner")
    client = client_for(personas[who])
    url = f"/care/strengths/{item.key}/"

    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "x", "detail": "y", "version": "1"}).status_code == 404
    assert client.post(url + "share/", {"audience": "private"}).status_code == 404
    item.refresh_from_db()
    assert (item.text, item.audience) == ("Patient", "partner")
