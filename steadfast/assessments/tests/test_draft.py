"""Answers kept as the person goes (/measures/<key>/draft/): posted by measure.js on every
change, or by "Save and finish later" without JavaScript; restored on reopening."""

import re

from django.contrib.staticfiles import finders

from steadfast.assessments.models import Measure, MeasureDraft

from .conftest import (
    PHQ9_MILD,
    checked,
    fieldset_of,
    form_data,
    measures_state,
    page_text,
    phq9,
    rows,
    submission_key_of,
)

URL = "/measures/phq9/draft/"
NOTHING = ([], [], [])


def test_each_change_keeps_the_answers_so_far(personas, client_for):
    alice = personas["alice"]
    client = client_for(alice)
    key = submission_key_of(client.get("/measures/phq9/"))

    first = client.post(URL, {"item_1": "2", "submission_key": key})
    second = client.post(URL, {"item_1": "3", "item_4": "0", "submission_key": key})

    assert first.status_code == second.status_code == 204
    draft = MeasureDraft.objects.get()
    assert (draft.owner, draft.instrument, draft.answers) == (alice, "phq9", {"1": 3, "4": 0})
    assert not Measure.objects.exists()


def test_reopening_the_page_restores_the_answers(personas, client_for):
    client = client_for(personas["alice"])
    client.post(URL, {"item_2": "1", "item_9": "0"})

    response = client.get("/measures/phq9/")

    assert "We kept the answers you gave last time." in page_text(response)
    assert checked(fieldset_of(response, "item_2")) == ["1"]
    assert checked(fieldset_of(response, "item_9")) == ["0"]
    assert checked(fieldset_of(response, "item_1")) == []


def test_save_and_finish_later_works_without_javascript(personas, client_for):
    client = client_for(personas["alice"])

    response = client.post(URL, {"item_1": "1", "later": "1"}, follow=True)

    assert response.redirect_chain == [("/measures/", 302)]
    assert "Your answers so far are saved." in page_text(response)
    assert "Carry on" in page_text(response)
    assert MeasureDraft.objects.get().answers == {"1": 1}


def test_finishing_deletes_the_draft(personas, client_for):
    client = client_for(personas["alice"])
    client.post(URL, {"item_1": "3"})

    client.post("/measures/phq9/", form_data(phq9(PHQ9_MILD)))

    assert not MeasureDraft.objects.exists()
    assert "We kept the answers" not in page_text(client.get("/measures/phq9/"))


def test_a_late_save_from_a_submitted_form_keeps_no_draft(personas, client_for):
    """The script's last save can arrive after the form it belongs to was submitted."""
    client = client_for(personas["alice"])
    data = form_data(phq9(PHQ9_MILD))
    client.post("/measures/phq9/", data)

    late = client.post(URL, {"item_1": "3", "submission_key": data["submission_key"]})
    button = client.post(URL, {**data, "later": "1"})

    assert late.status_code == 409
    assert button.status_code == 302
    assert button["Location"] == f"/measures/results/{data['submission_key']}/"
    assert not MeasureDraft.objects.exists()


def test_nothing_answered_is_no_draft(personas, client_for):
    client = client_for(personas["alice"])
    client.post(URL, {"item_1": "1"})

    assert client.post(URL, {}).status_code == 204
    assert not MeasureDraft.objects.exists()


def test_an_answer_not_offered_is_refused_and_nothing_changes(personas, client_for):
    client = client_for(personas["alice"])
    client.post(URL, {"item_1": "1"})
    before = rows(MeasureDraft)

    response = client.post(URL, {"item_1": "2", "item_5": "8"})

    assert response.status_code == 400
    assert response.content.decode() == "Item 5: 8 is not one of the answers [0, 1, 2, 3]."
    assert rows(MeasureDraft) == before


def test_without_javascript_a_refused_draft_is_marked_on_the_page(personas, client_for):
    response = client_for(personas["alice"]).post(URL, {"item_5": "8", "later": "1"})

    assert response.status_code == 200
    assert "Item 5: 8 is not one of the answers" in fieldset_of(response, "item_5")
    assert measures_state() == NOTHING


def test_drafts_are_each_persons_own(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    client_for(alice).post(URL, {"item_1": "3"})

    response = client_for(bob).get("/measures/phq9/")
    client_for(bob).post(URL, {"item_1": "0"})

    assert checked(fieldset_of(response, "item_1")) == []
    assert "We kept the answers" not in page_text(response)
    assert MeasureDraft.objects.get(owner=alice).answers == {"1": 3}
    assert MeasureDraft.objects.get(owner=bob).answers == {"1": 0}


def test_the_script_is_served_by_the_app():
    path = finders.find("assessments/measure.js")
    assert path
    with open(path, encoding="utf-8") as handle:
        script = handle.read()
    assert "X-CSRFToken" in script and "new FormData(form)" in script
    assert not re.search(r"https?://", script)  # it talks to this app only


def test_visitors_therapists_and_gets_are_refused(db, personas, client, client_for):
    response = client.post(URL, {"item_1": "1"})
    assert (response.status_code, response["Location"]) == (302, f"/login/?next={URL}")
    for therapist in ["theo", "tina"]:
        assert client_for(personas[therapist]).post(URL, {"item_1": "1"}).status_code == 404
    alice = client_for(personas["alice"])
    assert alice.get(URL).status_code == 405
    assert alice.post("/measures/hark/draft/", {"item_1": "1"}).status_code == 404
    assert measures_state() == NOTHING
