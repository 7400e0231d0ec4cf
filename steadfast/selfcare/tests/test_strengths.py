"""Self-esteem exercises (/care/strengths/): strengths, each with an example, and things
that went well; saved, reviewable, private until shared one by one."""

import pytest
from django.utils import timezone

from steadfast.selfcare.models import Kind, Reflection

from .conftest import make_reflection, page_text, state, strength_data, went_well_data

pytestmark = pytest.mark.django_db


def test_a_strength_is_saved_with_its_example(personas, client_for):
    client = client_for(personas["alice"])

    response = client.post("/care/strengths/", strength_data("Patient", "I waited for Jo"))

    assert response.status_code == 302 and response["Location"] == "/care/strengths/"
    saved = Reflection.objects.get()
    assert (saved.kind, saved.text, saved.detail, saved.audience) == (
        Kind.STRENGTH,
        "Patient",
        "I waited for Jo",
        "private",
    )
    text = page_text(client.get("/care/strengths/"))
    assert "Strength saved. Only you can see it." in text
    assert "<h3>Patient</h3>" in text and "I waited for Jo" in text


def test_a_strength_needs_an_example(personas, client_for):
    response = client_for(personas["alice"]).post("/care/strengths/", strength_data("Kind", ""))

    assert response.status_code == 200
    assert "Add one example of a time you showed this strength." in page_text(response)
    assert state() == ([], [], [])


def test_a_good_thing_is_saved_for_its_day(personas, client_for):
    client = client_for(personas["alice"])
    yesterday = timezone.localdate() - timezone.timedelta(days=1)

    response = client.post(
        "/care/strengths/went-well/", went_well_data("Asked for help", day=yesterday)
    )

    assert response.status_code == 302
    saved = Reflection.objects.get()
    assert (saved.kind, saved.text, saved.detail, saved.day) == (
        Kind.WENT_WELL,
        "Asked for help",
        "",
        yesterday,
    )
    assert "Asked for help" in page_text(client.get("/care/strengths/"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (went_well_data(""), "Write what went well in a few words."),
        (went_well_data("x" * 301), "Please keep this to 300 characters or fewer. This has 301."),
        (
            went_well_data("ok", detail="d" * 1001),
            "Please keep this to 1000 characters or fewer. This has 1001.",
        ),
        (went_well_data("ok", day="2999-01-01"), "That day hasn't come yet."),
        (went_well_data("ok", day="soon"), "Enter a date such as 2026-11-27."),
    ],
)
def test_bad_good_things_are_refused(personas, client_for, data, message):
    response = client_for(personas["alice"]).post("/care/strengths/went-well/", data)

    assert response.status_code == 200
    assert message in page_text(response)
    assert state() == ([], [], [])


def test_a_double_submit_saves_once(personas, client_for):
    client = client_for(personas["alice"])
    data = strength_data()

    client.post("/care/strengths/", data)
    client.post("/care/strengths/", data)

    assert Reflection.objects.count() == 1


def test_went_well_is_a_form_target_only(personas, client_for):
    assert client_for(personas["alice"]).get("/care/strengths/went-well/").status_code == 405


def test_sharing_a_strength_and_taking_it_back(personas, client_for):
    item = make_reflection(personas["alice"], text="Brave", detail="I said it first")
    client, bob = client_for(personas["alice"]), client_for(personas["bob"])

    client.post(f"/care/strengths/{item.key}/share/", {"audience": "partner"})
    assert "<strong>Brave</strong>: I said it first" in page_text(bob.get("/care/shared/"))

    client.post(f"/care/strengths/{item.key}/share/", {"audience": "private"})
    assert "Brave" not in page_text(bob.get("/care/shared/"))


def test_an_unknown_audience_is_refused(personas, client_for):
    item = make_reflection(personas["alice"])

    response = client_for(personas["alice"]).post(
        f"/care/strengths/{item.key}/share/", {"audience": "everyone"}
    )

    assert response.status_code == 200
    assert "Choose one of the options shown." in page_text(response)
    assert Reflection.objects.get().audience == "private"


def test_the_page_lists_only_the_persons_own(personas, client_for):
    make_reflection(personas["bob"], text="Bob is funny", audience="partner")

    assert "Bob is funny" not in page_text(client_for(personas["alice"]).get("/care/strengths/"))
