"""The standing choice (/daily/sharing/): who new entries start shared with."""

import pytest

from steadfast.checkins import forms
from steadfast.checkins.models import CheckInSharing, DailyCheckIn

from .conftest import check_in, checked, daily_state, entry, fieldset_of, page_text

pytestmark = pytest.mark.django_db


def test_the_choice_starts_private(personas, client_for):
    response = client_for(personas["alice"]).get("/daily/sharing/")
    assert response.status_code == 200
    assert checked(fieldset_of(response, "default_audience")) == ["private"]
    assert daily_state() == ([], [])


def test_the_choice_is_saved_and_applies_to_new_entries_only(personas, client_for):
    alice = personas["alice"]
    older = entry(alice, audience="private")
    client = client_for(alice)

    response = client.post("/daily/sharing/", {"default_audience": "partner"}, follow=True)

    assert response.redirect_chain == [("/daily/sharing/", 302)]
    assert "New daily check-ins: You and your partner can see it." in page_text(response)
    assert checked(fieldset_of(response, "default_audience")) == ["partner"]
    assert CheckInSharing.objects.get(owner=alice).default_audience == "partner"
    older.refresh_from_db()
    assert older.audience == "private"  # entries already made keep their own setting
    client.post("/daily/sharing/", {"default_audience": "therapist"})
    assert CheckInSharing.objects.count() == 1


def test_a_person_without_a_partner_is_told(personas, client_for):
    text = page_text(client_for(personas["sam"]).get("/daily/sharing/"))
    assert "You aren't linked with a partner now." in text


@pytest.mark.parametrize("audience", ["everyone", ""])
def test_a_tampered_choice_is_refused(personas, client_for, audience):
    response = client_for(personas["alice"]).post("/daily/sharing/", {"default_audience": audience})
    assert response.status_code == 200
    fieldset = fieldset_of(response, "default_audience")
    assert forms.AUDIENCE_REFUSED in fieldset or "Choose who can see this." in fieldset
    assert daily_state() == ([], [])


def test_the_choice_is_each_persons_own(personas, client_for):
    CheckInSharing.objects.create(owner=personas["alice"], default_audience="partner")
    response = client_for(personas["bob"]).get("/daily/sharing/")
    assert checked(fieldset_of(response, "default_audience")) == ["private"]
    check_in(client_for(personas["bob"]))
    assert {e.audience for e in DailyCheckIn.objects.all()} == {"private"}


@pytest.mark.parametrize("therapist", ["theo", "tina"])
def test_therapists_get_404(personas, client_for, therapist):
    client = client_for(personas[therapist])
    assert client.get("/daily/sharing/").status_code == 404
    assert client.post("/daily/sharing/", {"default_audience": "partner"}).status_code == 404
    assert daily_state() == ([], [])


def test_other_methods_are_not_allowed(personas, client_for):
    assert client_for(personas["alice"]).put("/daily/sharing/").status_code == 405
