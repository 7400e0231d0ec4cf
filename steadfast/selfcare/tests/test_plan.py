"""The self-care page (/care/): a plan in the person's own words, each activity private
until shared one by one; refusals for everyone but the owner; bad input refused."""

import pytest

from steadfast.selfcare import forms
from steadfast.selfcare.models import ACTIVITY_MAX_LENGTH, Activity

from .conftest import activity_data, make_activity, page_text, state, submission_key_of

pytestmark = pytest.mark.django_db


def test_an_empty_plan_invites_a_first_step(personas, client_for):
    response = client_for(personas["alice"]).get("/care/")

    assert response.status_code == 200
    text = page_text(response)
    assert "<title>Looking after yourself ·" in text
    assert "Your plan is empty for now." in text
    assert "What helps you, in your own words" in text
    assert "<script" not in text.split("<main", 1)[1]


def test_an_activity_is_added_private_and_shown(personas, client_for):
    alice = personas["alice"]
    client = client_for(alice)

    response = client.post("/care/", activity_data("Call my sister", times="2"))

    assert response.status_code == 302 and response["Location"] == "/care/"
    saved = Activity.objects.get(owner=alice)
    assert (saved.text, saved.times_per_week, saved.audience, saved.version) == (
        "Call my sister",
        2,
        "private",
        1,
    )
    text = page_text(client.get("/care/"))
    assert "Added to your plan. Only you can see it." in text
    assert "Call my sister" in text
    assert "2 times a week. This week so far: 0 of 2." in text


def test_no_set_number_is_a_choice(personas, client_for):
    client = client_for(personas["alice"])
    client.post("/care/", activity_data("Read in the bath", times="0"))

    assert Activity.objects.get().times_per_week == 0
    assert "No set number: whenever it feels right." in page_text(client.get("/care/"))


def test_a_double_submit_saves_once(personas, client_for):
    client = client_for(personas["alice"])
    data = activity_data()

    first = client.post("/care/", data)
    second = client.post("/care/", data)

    assert first.status_code == second.status_code == 302
    assert Activity.objects.count() == 1


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_words_are_refused(personas, client_for, text):
    response = client_for(personas["alice"]).post("/care/", activity_data(text))

    assert response.status_code == 200
    assert "Write the activity in a few words." in page_text(response)
    assert state() == ([], [], [])


def test_too_long_words_are_refused_with_the_limit(personas, client_for):
    text = "x" * (ACTIVITY_MAX_LENGTH + 50)
    response = client_for(personas["alice"]).post("/care/", activity_data(text))

    assert response.status_code == 200
    body = page_text(response)
    assert f"Please keep this to {ACTIVITY_MAX_LENGTH} characters or fewer. This has 250." in body
    assert f"Up to {ACTIVITY_MAX_LENGTH} characters." in body
    assert text in body  # what they wrote is still there to shorten
    assert state() == ([], [], [])


@pytest.mark.parametrize("times", ["", "-1", "22", "many", "8"])
def test_how_often_must_be_one_of_the_choices(personas, client_for, times):
    response = client_for(personas["alice"]).post("/care/", activity_data(times=times))

    assert response.status_code == 200
    assert forms.CHOOSE_ONE in page_text(response) or "Choose how often." in page_text(response)
    assert state() == ([], [], [])


def test_a_lost_form_key_gets_a_fresh_one_and_nothing_is_saved(personas, client_for):
    data = activity_data()
    data["submission_key"] = "not-a-key"

    response = client_for(personas["alice"]).post("/care/", data)

    assert response.status_code == 200
    assert "your answers are not saved yet" in page_text(response)
    assert submission_key_of(response) != "not-a-key"
    assert state() == ([], [], [])


def test_sharing_with_the_partner_and_taking_it_back(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    activity = make_activity(alice, text="Yoga on Tuesdays")
    client, partner = client_for(alice), client_for(bob)
    assert "Yoga" not in page_text(partner.get("/care/shared/"))

    response = client.post(f"/care/activity/{activity.key}/share/", {"audience": "partner"})

    assert response.status_code == 302
    shared = page_text(partner.get("/care/shared/"))
    assert "Yoga on Tuesdays (3 times a week)" in shared

    client.post(f"/care/activity/{activity.key}/share/", {"audience": "private"})

    assert "Yoga" not in page_text(partner.get("/care/shared/"))
    assert "isn't sharing anything" in page_text(partner.get("/care/shared/"))


def test_shared_with_a_therapist_only_never_reaches_the_partner(personas, client_for):
    make_activity(personas["alice"], text="Therapy homework", audience="therapist")

    assert "Therapy homework" not in page_text(client_for(personas["bob"]).get("/care/shared/"))


def test_someone_unlinked_is_told_so(personas, client_for):
    text = page_text(client_for(personas["sam"]).get("/care/shared/"))
    assert "You aren't linked with a partner" in text


def test_an_unknown_audience_is_refused(personas, client_for):
    activity = make_activity(personas["alice"])
    client = client_for(personas["alice"])

    response = client.post(f"/care/activity/{activity.key}/share/", {"audience": "world"})

    assert response.status_code == 200
    assert "Choose one of the options shown." in page_text(response)
    assert Activity.objects.get().audience == "private"


def test_retiring_takes_it_out_of_the_plan(personas, client_for):
    activity = make_activity(personas["alice"], text="Running")
    client = client_for(personas["alice"])

    response = client.post(f"/care/activity/{activity.key}/retire/")

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "retired"
    text = page_text(client.get("/care/"))
    assert "Taken out of your plan" in text
    assert f'action="/care/activity/{activity.key}/done/"' not in text


@pytest.mark.parametrize("who", ["bob", "carol", "sam"])
@pytest.mark.parametrize("audience", ["private", "partner"])
def test_nobody_else_can_change_an_activity(personas, client_for, who, audience):
    """The owner's own actions answer 404 to everyone else, her partner too, shared or not."""
    activity = make_activity(personas["alice"], audience=audience)
    client = client_for(personas[who])
    before = state()

    for url, data in [
        (f"/care/activity/{activity.key}/", None),
        (
            f"/care/activity/{activity.key}/",
            {"text": "Hacked", "times_per_week": "1", "version": "1"},
        ),
        (f"/care/activity/{activity.key}/share/", {"audience": "private"}),
        (f"/care/activity/{activity.key}/retire/", {}),
        (
            f"/care/activity/{activity.key}/done/",
            {"submission_key": "00000000-0000-0000-0000-000000000001"},
        ),
    ]:
        response = client.get(url) if data is None else client.post(url, data)
        assert response.status_code == 404, url
    assert state() == before


@pytest.mark.parametrize("who", ["theo", "tina"])
def test_therapists_get_404_everywhere(personas, client_for, who):
    activity = make_activity(personas["alice"], audience="therapist")
    client = client_for(personas[who])
    for url in [
        "/care/",
        "/care/week/",
        "/care/strengths/",
        "/care/shared/",
        f"/care/activity/{activity.key}/",
    ]:
        assert client.get(url).status_code == 404, url


def test_the_page_shows_only_the_persons_own_plan(personas, client_for):
    make_activity(personas["bob"], text="Bob's football", audience="partner")

    text = page_text(client_for(personas["alice"]).get("/care/"))

    assert "football" not in text
