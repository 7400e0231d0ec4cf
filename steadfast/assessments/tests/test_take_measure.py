"""Taking a measure (/measures/<key>/): one page per instrument, every option a labelled
radio, answers checked by the scoring itself, saved once per form."""

import re
import uuid

import pytest

from steadfast.assessments import definitions
from steadfast.assessments.forms import FORM_KEY_LOST
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
    score_shown,
    submission_key_of,
    take,
)

PHQ9 = definitions.get_instrument("phq9")
NOTHING = ([], [], [])


# --- The page ---------------------------------------------------------------------------


def test_every_item_is_a_group_of_labelled_radios(personas, client_for):
    response = client_for(personas["alice"]).get("/measures/phq9/")

    assert response.status_code == 200
    text = page_text(response)
    assert "<title>PHQ-9 · Steadfast</title>" in text
    assert f'<p class="lead instructions">{PHQ9.instructions}</p>' in text
    for item in PHQ9.items:
        fieldset = fieldset_of(response, f"item_{item.number}")
        assert f"<legend>{item.number}. {item.text}</legend>" in fieldset
        for option in PHQ9.options(item):
            radio = re.search(
                rf'<label class="choice" for="([^"]+)"><input type="radio" '
                rf'name="item_{item.number}" value="{option.value}" id="([^"]+)"[^>]*> '
                rf"{re.escape(option.label)}</label>",
                fieldset,
            )
            assert radio and radio.group(1) == radio.group(2), (item.number, option)
        assert checked(fieldset) == []
    assert text.index(PHQ9.instructions) < text.index("1. Little interest")
    assert PHQ9.citation in text and PHQ9.licence["note"] in text
    assert measures_state() == NOTHING


def test_the_page_saves_as_you_go_without_inline_script(personas, client_for):
    content = client_for(personas["alice"]).get("/measures/phq9/").content.decode()

    assert 'data-draft-url="/measures/phq9/draft/"' in content
    assert '<script src="/static/assessments/measure.js" defer></script>' in content
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content)  # CSP: no inline scripts
    assert re.search(
        r'<button type="submit" class="secondary" name="later" value="1" '
        r'formaction="/measures/phq9/draft/">Save and finish later</button>',
        content,
    )


def test_each_visit_carries_a_fresh_one_time_key(personas, client_for):
    client = client_for(personas["alice"])
    first = submission_key_of(client.get("/measures/phq9/"))
    second = submission_key_of(client.get("/measures/phq9/"))
    assert uuid.UUID(first) != uuid.UUID(second)


@pytest.mark.parametrize("key", ["no-such-thing", "csi4", "hark", "hits", "wast-short", "web"])
def test_instruments_not_offered_here_are_404(personas, client_for, key):
    """Unknown; without texts here (CSI-4); safety instruments, asked only in the check-in."""
    client = client_for(personas["alice"])
    assert client.get(f"/measures/{key}/").status_code == 404
    assert client.post(f"/measures/{key}/", form_data({1: 1})).status_code == 404
    assert measures_state() == NOTHING


def test_texts_from_a_practice_make_an_instrument_available(personas, client_for, practice_texts):
    client = client_for(personas["alice"])

    response = client.get("/measures/csi4/")

    assert response.status_code == 200
    assert "<legend>1. CSI-4 test item 1</legend>" in page_text(response)
    assert "Test instructions for the CSI-4." in page_text(response)
    assert client.get("/measures/hits/").status_code == 404  # texts or not


# --- Saving -------------------------------------------------------------------------------


def test_complete_answers_save_one_measure(personas, client_for):
    alice = personas["alice"]
    client = client_for(alice)
    key = submission_key_of(client.get("/measures/phq9/"))

    response = client.post("/measures/phq9/", form_data(phq9(PHQ9_MILD, difficulty=1), key=key))

    assert response.status_code == 302
    assert response["Location"] == f"/measures/results/{key}/"
    measure = Measure.objects.get()
    assert (measure.owner, measure.audience, measure.instrument) == (alice, "private", "phq9")
    assert measure.answers == {str(n): v for n, v in phq9(PHQ9_MILD, difficulty=1).items()}
    assert (measure.total, measure.band) == (7, "mild")  # 1+1+1+1+1+1+1+0+0
    assert client.get(response["Location"]).status_code == 200


def test_the_unscored_item_may_be_left_out(personas, client_for):
    take(client_for(personas["alice"]), "phq9", phq9(PHQ9_MILD))
    assert "10" not in Measure.objects.get().answers


def test_the_same_form_submitted_twice_saves_once(personas, client_for):
    client = client_for(personas["alice"])
    data = form_data(phq9(PHQ9_MILD), key=submission_key_of(client.get("/measures/phq9/")))

    first = client.post("/measures/phq9/", data)
    again = client.post("/measures/phq9/", data)
    changed = client.post("/measures/phq9/", {**data, "item_1": "3"})  # Back, change, save

    assert first["Location"] == again["Location"] == f"/measures/results/{data['submission_key']}/"
    assert changed.status_code == 422
    assert "already saved once" in page_text(changed)
    assert Measure.objects.get().total == 7  # the first submission stands


def test_a_partner_posting_the_others_key_only_makes_their_own(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    url = take(client_for(alice), "phq9", phq9(PHQ9_MILD))
    key = url.split("/")[-2]
    alices = rows(Measure, owner=alice)

    response = client_for(bob).post("/measures/phq9/", form_data(phq9([3] * 9), key=key))

    assert response.status_code == 302
    assert rows(Measure, owner=alice) == alices
    assert Measure.objects.get(owner=bob).total == 27
    # Each opens their own result at the shared address.
    assert score_shown(client_for(bob).get(url)) == "27"
    assert score_shown(client_for(alice).get(url)) == "7"


# --- Refusals --------------------------------------------------------------------------------


def test_a_missing_answer_is_refused_beside_its_item_with_the_scorings_message(
    personas, client_for
):
    answers = phq9(PHQ9_MILD)
    del answers[4], answers[9]

    response = client_for(personas["alice"]).post("/measures/phq9/", form_data(answers))

    assert response.status_code == 200
    message = "PHQ-9: item(s) 4, 9 unanswered; none may be left out."
    assert "Some answers are missing or need another look." in page_text(response)
    for item in PHQ9.items:
        assert (message in fieldset_of(response, f"item_{item.number}")) == (item.number in (4, 9))
    assert checked(fieldset_of(response, "item_1")) == ["1"]  # what was given is kept
    assert measures_state() == NOTHING


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("7", "Item 3: 7 is not one of the answers [0, 1, 2, 3]."),
        ("-1", "Item 3: -1 is not one of the answers [0, 1, 2, 3]."),
        ("1.5", "Item 3: '1.5' is not one of the answers [0, 1, 2, 3]."),
        ("two", "Item 3: 'two' is not one of the answers [0, 1, 2, 3]."),
    ],
)
def test_an_answer_not_offered_is_refused_beside_its_item(personas, client_for, value, message):
    data = form_data(phq9(PHQ9_MILD))
    data["item_3"] = value

    response = client_for(personas["alice"]).post("/measures/phq9/", data)

    assert response.status_code == 200
    assert message in fieldset_of(response, "item_3")
    assert message not in fieldset_of(response, "item_2")
    assert measures_state() == NOTHING


def test_every_wrong_answer_is_marked_not_only_the_first(personas, client_for):
    data = form_data(phq9(PHQ9_MILD))
    data.update(item_2="9", item_8="x")

    response = client_for(personas["alice"]).post("/measures/phq9/", data)

    assert "Item 2: 9 is not one" in fieldset_of(response, "item_2")
    assert "Item 8: 'x' is not one" in fieldset_of(response, "item_8")
    assert measures_state() == NOTHING


@pytest.mark.parametrize("key", [None, "", "not-a-key"])
def test_a_lost_form_key_is_renewed_and_nothing_saved(personas, client_for, key):
    data = form_data(phq9(PHQ9_MILD))
    if key is None:
        del data["submission_key"]
    else:
        data["submission_key"] = key

    response = client_for(personas["alice"]).post("/measures/phq9/", data)

    assert response.status_code == 200
    assert FORM_KEY_LOST in page_text(response)
    uuid.UUID(submission_key_of(response))  # a fresh, valid key to save with
    assert checked(fieldset_of(response, "item_1")) == ["1"]
    assert measures_state() == NOTHING


def test_an_empty_post_marks_every_scored_item(personas, client_for):
    response = client_for(personas["alice"]).post("/measures/phq9/", {})

    assert response.status_code == 200
    for item in PHQ9.scored_items:
        assert "unanswered" in fieldset_of(response, f"item_{item.number}")
    assert "unanswered" not in fieldset_of(response, "item_10")
    assert measures_state() == NOTHING


# --- Who may ---------------------------------------------------------------------------------


def test_visitors_are_sent_to_log_in(db, client):
    for response in (client.get("/measures/phq9/"), client.post("/measures/phq9/", {})):
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=/measures/phq9/"
    assert measures_state() == NOTHING


def test_therapists_get_404(personas, client_for):
    for therapist in ["theo", "tina"]:
        client = client_for(personas[therapist])
        assert client.get("/measures/phq9/").status_code == 404
        assert client.post("/measures/phq9/", form_data(phq9(PHQ9_MILD))).status_code == 404
    assert measures_state() == NOTHING


def test_other_methods_are_not_allowed(personas, client_for):
    client = client_for(personas["alice"])
    for method in ["put", "patch", "delete"]:
        assert getattr(client, method)("/measures/phq9/").status_code == 405, method
    assert not MeasureDraft.objects.exists()
