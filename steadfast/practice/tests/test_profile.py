"""A therapist's listing on the help page: /practice/profile/ (opt in, write, take down)."""

import pytest

from steadfast.core.testing import page_text, pass_second_step
from steadfast.practice.models import TherapistProfile

URL = "/practice/profile/"


def listing(**changes):
    data = {
        "listed": "on",
        "name": "Theo Grant, couples therapist",
        "about": "I work with couples after an affair.\nSessions online or in Leeds.",
        "contact_email": "hello@theo-practice.example",
        "phone": "+44 113 496 0000",
        "website": "https://theo-practice.example/",
        "languages": "English, Welsh",
        "region": "Leeds and online",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def theo(personas, client_for):
    client = client_for(personas["theo"])
    pass_second_step(client, personas["theo"])
    return client


def test_the_page_starts_unlisted_with_the_account_s_name(theo):
    response = theo.get(URL)

    text = page_text(response)
    assert response.status_code == 200
    assert "You are not listed now." in text
    assert 'value="Theo"' in text
    assert 'name="listed"' in text and "checked" not in text.split('name="listed"')[1][:40]
    assert not TherapistProfile.objects.exists(), "nothing is stored by looking"


def test_a_therapist_lists_themselves(theo, personas):
    response = theo.post(URL, listing())

    assert response.status_code == 302 and response["Location"] == URL
    profile = TherapistProfile.objects.get(therapist=personas["theo"])
    assert profile.listed and profile.name == "Theo Grant, couples therapist"
    text = page_text(theo.get(URL))
    assert "Your listing is on the help page." in text
    assert "You are listed now." in text
    assert "How it looks" in text and "hello@theo-practice.example" in text


def test_taking_it_down(theo, personas):
    theo.post(URL, listing())

    response = theo.post(URL, listing(listed=None))

    assert response.status_code == 302
    assert not TherapistProfile.objects.get(therapist=personas["theo"]).listed
    assert "You are not listed on the help page." in page_text(theo.get(URL))


def test_an_unlisted_draft_may_be_incomplete(theo, personas):
    response = theo.post(URL, listing(listed=None, about="", contact_email="", phone=""))

    assert response.status_code == 302
    assert not TherapistProfile.objects.get(therapist=personas["theo"]).listed


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "A listing needs your name."),
        ({"about": ""}, "A listing needs a few words about your practice."),
        ({"contact_email": "", "phone": "", "website": ""}, "A listing needs one way to get"),
        ({"website": "http://theo-practice.example/"}, "must start with https://"),
        ({"website": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"contact_email": "not an address"}, "Enter a valid email address."),
        ({"phone": "call me maybe"}, "Enter a phone number"),
        ({"about": "x" * 601}, "at most 600 characters (it has 601)"),
        ({"name": "n" * 81}, "at most 80 characters"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(theo, changes, message):
    response = theo.post(URL, listing(**changes))

    assert response.status_code == 400
    assert message in page_text(response)
    assert not TherapistProfile.objects.exists()
    assert "You are not listed now." in page_text(response)


def test_a_refused_edit_keeps_the_saved_listing(theo, personas):
    theo.post(URL, listing())

    response = theo.post(URL, listing(about=""))

    assert response.status_code == 400
    profile = TherapistProfile.objects.get(therapist=personas["theo"])
    assert profile.about.startswith("I work with couples")


def test_each_therapist_edits_only_their_own(theo, personas, client_for):
    theo.post(URL, listing())
    tina = client_for(personas["tina"])
    pass_second_step(tina, personas["tina"])

    page = page_text(tina.get(URL))
    tina.post(URL, listing(name="Tina", contact_email="tina@practice.example"))

    assert "Theo Grant" not in page
    names = dict(TherapistProfile.objects.values_list("therapist__email", "name"))
    assert names == {
        "theo@example.org": "Theo Grant, couples therapist",
        "tina@example.org": "Tina",
    }


def test_people_get_404_and_guests_log_in(personas, client_for):
    for person in ("alice", "sam"):
        client = client_for(personas[person])
        assert client.get(URL).status_code == 404
        assert client.post(URL, listing()).status_code == 404
    assert client_for(None).get(URL)["Location"].startswith("/login/")
    assert not TherapistProfile.objects.exists()


def test_a_therapist_must_pass_the_second_step_first(personas, client_for):
    client = client_for(personas["theo"])  # password only: no second step in this session

    response = client.post(URL, listing())

    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-step/")
    assert not TherapistProfile.objects.exists()


def test_other_methods_are_refused(theo):
    assert theo.put(URL).status_code == 405


def test_an_operator_can_take_a_listing_down_but_never_put_one_up(theo, personas):
    from django.test import Client

    from steadfast.core.testing import make_person

    operator = make_person("operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    admin = Client()
    admin.force_login(operator)
    theo.post(URL, listing())
    profile = TherapistProfile.objects.get()
    page = f"/operator/practice/therapistprofile/{profile.pk}/change/"

    assert admin.get("/operator/practice/therapistprofile/").status_code == 200
    response = admin.post(page, {"name": "Someone else"})  # "listed" left unticked
    assert response.status_code == 302
    profile.refresh_from_db()
    assert not profile.listed and profile.name == "Theo Grant, couples therapist"

    admin.post(page, {"listed": "on"})
    profile.refresh_from_db()
    assert not profile.listed, "only the therapist lists themselves"
    assert admin.get("/operator/practice/therapistprofile/add/").status_code == 403


def test_the_dashboard_links_to_the_listing(theo):
    assert URL in theo.get("/practice/").content.decode()
