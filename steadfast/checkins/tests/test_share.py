"""Changing who sees one entry (/daily/<key>/share/): its owner only, by POST."""

from datetime import timedelta

import pytest
from django.utils import timezone

from steadfast.checkins import forms
from steadfast.checkins.models import DailyCheckIn

from .conftest import daily_state, entry, page_text

pytestmark = pytest.mark.django_db


def url(saved):
    return f"/daily/{saved.key}/share/"


@pytest.mark.parametrize("audience", ["partner", "therapist", "partner+therapist", "private"])
def test_the_owner_changes_who_sees_an_entry(personas, client_for, audience):
    saved = entry(personas["alice"], audience="private" if audience != "private" else "partner")
    client = client_for(personas["alice"])

    response = client.post(url(saved), {"audience": audience})

    assert response.status_code == 302 and response["Location"] == "/daily/"
    assert DailyCheckIn.objects.get().audience == audience
    assert "Your check-in for" in page_text(client.get("/daily/"))


@pytest.mark.parametrize("audience", ["everyone", "", "safety"])
def test_a_tampered_audience_is_refused_beside_the_entry(personas, client_for, audience):
    saved = entry(personas["alice"], audience="private")
    before = daily_state()

    response = client_for(personas["alice"]).post(url(saved), {"audience": audience})

    assert response.status_code == 200
    text = page_text(response)
    item = text.split(f'id="entry-{saved.key}"', 1)[1].split("</li>", 1)[0]
    assert forms.AUDIENCE_REFUSED in item or "Choose who can see this." in item
    assert 'aria-invalid="true"' in item
    assert daily_state() == before


def test_an_older_entry_refused_is_still_shown_with_its_message(personas, client_for):
    alice = personas["alice"]
    today = timezone.localdate()
    old = entry(alice, day=today - timedelta(days=40))
    for n in range(8):
        entry(alice, day=today - timedelta(days=n))

    response = client_for(alice).post(url(old), {"audience": "nobody"})

    assert f'id="entry-{old.key}"' in page_text(response)


@pytest.mark.parametrize("who", ["bob", "carol", "sam", "theo", "tina"])
def test_anyone_but_the_owner_gets_404(personas, client_for, who):
    saved = entry(personas["alice"], audience="partner")
    response = client_for(personas[who]).post(url(saved), {"audience": "private"})
    assert response.status_code == 404
    assert DailyCheckIn.objects.get().audience == "partner"


def test_an_unknown_key_is_404(personas, client_for):
    response = client_for(personas["alice"]).post(
        "/daily/00000000-0000-0000-0000-000000000000/share/", {"audience": "private"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_post_is_allowed(personas, client_for, method):
    saved = entry(personas["alice"])
    assert getattr(client_for(personas["alice"]), method)(url(saved)).status_code == 405
