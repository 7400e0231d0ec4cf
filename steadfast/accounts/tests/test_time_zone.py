"""Each person's days follow their own time zone."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from steadfast.accounts.timezones import today_for, zone_for

URL = reverse("accounts:account")
pytestmark = pytest.mark.django_db

# 23:30 in London on 27 November is already 28 November in Auckland and still 27 in LA.
LATE_IN_LONDON = dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.UTC)


def test_an_empty_zone_is_the_sites(alice, settings):
    settings.TIME_ZONE = "Europe/Lisbon"
    assert alice.time_zone == ""
    assert zone_for(alice) == zoneinfo.ZoneInfo("Europe/Lisbon")


@pytest.mark.parametrize(
    ("zone", "day"),
    [("Pacific/Auckland", 28), ("Europe/London", 27), ("America/Los_Angeles", 27)],
)
def test_today_is_the_persons_own(alice, zone, day):
    alice.time_zone = zone
    assert today_for(alice, LATE_IN_LONDON) == dt.date(2026, 11, day)


def test_an_unknown_stored_zone_falls_back_to_the_sites(alice):
    alice.time_zone = "Mars/Olympus_Mons"
    assert zone_for(alice) == zoneinfo.ZoneInfo("UTC")


def test_choosing_a_zone(client_for, alice):
    response = client_for(alice).post(
        URL, {"display_name": "Alice", "time_zone": "Pacific/Auckland"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.time_zone == "Pacific/Auckland"


def test_an_unknown_zone_is_refused_and_nothing_saved(client_for, alice):
    response = client_for(alice).post(URL, {"display_name": "Ally", "time_zone": "Mars/Base"})
    assert response.status_code == 200
    assert response.context["form"].errors["time_zone"] == ["Choose a time zone from the list."]
    alice.refresh_from_db()
    assert (alice.display_name, alice.time_zone) == ("Alice", "")


def test_pages_run_in_the_persons_zone(client_for, alice):
    alice.time_zone = "Pacific/Auckland"
    alice.save()
    with time_machine.travel(LATE_IN_LONDON, tick=False):
        response = client_for(alice).get(reverse("checkins:daily"))
    assert response.context["form"].initial["day"] == dt.date(2026, 11, 28)


def test_a_request_leaves_no_zone_behind(client_for, alice):
    from django.utils import timezone

    alice.time_zone = "Pacific/Auckland"
    alice.save()
    client_for(alice).get(URL)
    assert timezone.get_current_timezone_name() == "UTC"
