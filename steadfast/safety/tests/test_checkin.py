"""The individual check-in (/checkin/): the same questions for everyone, the HARK screen
among them, saved once per form, for its owner only (IPV-1, IPV-18)."""

import uuid

import pytest
from django.db import IntegrityError, transaction

from steadfast.core.idempotency import KeyReused
from steadfast.couples.actions import unlink
from steadfast.couples.models import current_partner
from steadfast.safety import actions, questions
from steadfast.safety.forms import FORM_KEY_LOST
from steadfast.safety.models import CheckIn, CheckInQuerySet

from .conftest import (
    answers,
    check_in,
    checked,
    checkin_data,
    fieldset_of,
    page_text,
    rows,
    safety_state,
    submission_key_of,
)

REFUSED_AUDIENCE = "Choose 'Only me' or 'Me and a therapist'. This can't be shared with a partner."
SECTIONS = [
    ("How things have been", questions.WELLBEING_BEFORE),
    ("Your relationship, over the past year", questions.HARK),
    ("Looking after yourself", questions.WELLBEING_AFTER),
]


# --- The page --------------------------------------------------------------------------


def test_the_hark_questions_sit_among_the_wellbeing_ones():
    keys = [q.key for q in questions.ALL_QUESTIONS]
    before, hark, after = keys[:3], keys[3:7], keys[7:]
    assert (before, hark, after) == (
        ["sleep", "mood", "support"],
        ["hark_h", "hark_a", "hark_r", "hark_k"],
        ["selfcare", "hope"],
    )
    assert [q.loinc for q in questions.HARK] == ["76500-8", "76501-6", "76502-4", "76503-2"]
    assert all(q.kind == "yesno" for q in questions.HARK)
    assert all(q.kind == "scale" for q in questions.WELLBEING_BEFORE + questions.WELLBEING_AFTER)


def test_the_page_shows_every_question_under_its_heading(personas, client_for):
    response = client_for(personas["alice"]).get("/checkin/")

    assert response.status_code == 200
    text = page_text(response)
    assert "<h1>Your check-in</h1>" in text
    position = 0
    for heading, section in SECTIONS:
        position = text.index(f"<h2>{heading}</h2>", position)
        for question in section:
            position = text.index(question.text, position)  # in order, under its heading
            fieldset = fieldset_of(response, question.key)
            assert question.text in fieldset
            choices = ["0", "1", "2", "3", "4"] if question.kind == "scale" else ["no", "yes"]
            for value in choices:
                assert f'name="{question.key}" value="{value}"' in fieldset
            assert checked(fieldset) == []  # nothing is answered for the person
    assert text.index("<h2>Who can see your answers</h2>") > position
    assert "HARK questionnaire: Sohal, Eldridge & Feder" in text  # attribution (CC BY)
    assert safety_state() == ([], [])


def test_the_audience_offers_only_me_or_a_therapist_and_starts_private(personas, client_for):
    fieldset = fieldset_of(client_for(personas["alice"]).get("/checkin/"), "audience")

    assert checked(fieldset) == ["private"]
    assert 'value="therapist"' in fieldset
    assert 'value="partner' not in fieldset
    assert "Your partner can never see it, whichever you choose." in fieldset


def test_each_visit_carries_a_fresh_one_time_key(personas, client_for):
    client = client_for(personas["alice"])
    first = submission_key_of(client.get("/checkin/"))
    second = submission_key_of(client.get("/checkin/"))

    assert uuid.UUID(first) != uuid.UUID(second)
    assert CheckIn.objects.count() == 0


# --- Saving ----------------------------------------------------------------------------


def test_complete_answers_save_one_checkin_for_the_person(personas, client_for):
    alice = personas["alice"]
    client = client_for(alice)
    key = submission_key_of(client.get("/checkin/"))
    data = {
        "sleep": "0",
        "mood": "4",
        "support": "1",
        "hark_h": "no",
        "hark_a": "yes",
        "hark_r": "no",
        "hark_k": "no",
        "selfcare": "3",
        "hope": "2",
        "audience": "private",
        "submission_key": key,
    }

    response = client.post("/checkin/", data)

    assert response.status_code == 302
    assert response["Location"] == f"/checkin/{key}/"
    record = CheckIn.objects.get()
    assert record.owner == alice
    assert record.audience == "private"
    assert record.submission_key == uuid.UUID(key)
    assert record.answers == {
        "sleep": 0,
        "mood": 4,
        "support": 1,
        "hark_h": False,
        "hark_a": True,
        "hark_r": False,
        "hark_k": False,
        "selfcare": 3,
        "hope": 2,
    }
    for question in questions.ALL_QUESTIONS:  # booleans stay booleans, scales plain ints
        expected = int if question.kind == "scale" else bool
        assert type(record.answers[question.key]) is expected
    assert (record.screen_positive, record.screen_score) == (True, 1)


def test_a_person_may_share_their_checkin_with_a_therapist(personas, client_for):
    check_in(client_for(personas["sam"]), audience="therapist")
    assert CheckIn.objects.get().audience == "therapist"


def test_each_checkin_is_kept(personas, client_for):
    client = client_for(personas["sam"])
    first, second = check_in(client), check_in(client, positive=True)

    records = CheckIn.objects.filter(owner=personas["sam"]).order_by("completed_at", "pk")
    assert [r.submission_key for r in records] == [first, second]


def test_the_same_form_submitted_twice_saves_once(personas, client_for):
    client = client_for(personas["alice"])
    data = checkin_data(key=submission_key_of(client.get("/checkin/")))

    first = client.post("/checkin/", data)
    again = client.post("/checkin/", data)
    changed = client.post("/checkin/", {**data, "mood": "4"})  # e.g. Back, change, save

    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/checkin/{data['submission_key']}/"
    assert changed.status_code == 422
    assert "already saved once" in page_text(changed)
    assert submission_key_of(changed) != data["submission_key"]  # saving again is new
    record = CheckIn.objects.get()
    assert record.answers["mood"] == 2  # the first submission stands
    assert client.get(again["Location"]).status_code == 200


def test_two_requests_racing_with_the_same_key_save_once(personas, monkeypatch):
    """The second request misses the first's row, then hits the unique constraint."""
    alice = personas["alice"]
    key = uuid.uuid4()
    first = actions.record_checkin(
        alice, answers={"sleep": 1}, audience="private", submission_key=key
    )
    monkeypatch.setattr(CheckInQuerySet, "first", lambda self: None)

    second = actions.record_checkin(
        alice, answers={"sleep": 1}, audience="private", submission_key=key
    )
    with pytest.raises(KeyReused):
        actions.record_checkin(alice, answers={"sleep": 3}, audience="private", submission_key=key)

    assert second.pk == first.pk
    assert CheckIn.objects.count() == 1


def test_unlinking_between_opening_and_saving_loses_nothing(personas, client_for):
    alice = personas["alice"]
    client = client_for(alice)
    key = submission_key_of(client.get("/checkin/"))

    unlink(alice)
    assert current_partner(alice) is None
    response = client.post("/checkin/", checkin_data(positive=True, key=key))

    assert response.status_code == 302
    assert CheckIn.objects.get(owner=alice).screen_positive
    assert client.get(response["Location"]).status_code == 200


def test_checking_in_sends_no_email(personas, client_for, mailoutbox):
    check_in(client_for(personas["alice"]), positive=True)
    assert mailoutbox == []


# --- Who may --------------------------------------------------------------------------


def test_a_partner_posting_the_others_form_key_only_makes_their_own(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    key = check_in(client_for(alice), positive=True)
    alices = rows(CheckIn, owner=alice)

    response = client_for(bob).post("/checkin/", checkin_data(key=key))

    assert response.status_code == 302
    assert rows(CheckIn, owner=alice) == alices
    bobs = CheckIn.objects.get(owner=bob)
    assert bobs.submission_key == key and not bobs.screen_positive


def test_visitors_are_sent_to_log_in(db, client):
    for response in (client.get("/checkin/"), client.post("/checkin/", checkin_data())):
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=/checkin/"
    assert CheckIn.objects.count() == 0


def test_therapists_get_404(personas, client_for):
    for therapist in ["theo", "tina"]:
        client = client_for(personas[therapist])
        assert client.get("/checkin/").status_code == 404, therapist
        assert client.post("/checkin/", checkin_data()).status_code == 404, therapist
    assert CheckIn.objects.count() == 0


def test_other_methods_are_not_allowed(personas, client_for):
    client = client_for(personas["alice"])
    for method in ["put", "patch", "delete"]:
        assert getattr(client, method)("/checkin/").status_code == 405, method
    assert CheckIn.objects.count() == 0


# --- Refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["support", "hark_r"])  # all nine: the empty POST test
def test_a_missing_answer_is_marked_beside_its_question(personas, client_for, missing):
    data = checkin_data()
    del data[missing]

    response = client_for(personas["alice"]).post("/checkin/", data)

    assert response.status_code == 200
    assert "Some answers are missing or need another look." in page_text(response)
    for question in questions.ALL_QUESTIONS:
        fieldset = fieldset_of(response, question.key)
        assert ("Please choose an answer." in fieldset) == (question.key == missing)
    assert safety_state() == ([], [])


def test_a_refused_form_keeps_the_answers_given_and_its_key(personas, client_for):
    data = checkin_data(positive=True, mood="4")
    del data["hope"]

    response = client_for(personas["alice"]).post("/checkin/", data)

    assert submission_key_of(response) == data["submission_key"]
    assert checked(fieldset_of(response, "mood")) == ["4"]
    assert checked(fieldset_of(response, "hark_k")) == ["yes"]
    assert checked(fieldset_of(response, "hope")) == []


@pytest.mark.parametrize(("key", "value"), [("sleep", "7"), ("hark_a", "maybe")])
def test_an_answer_that_is_not_offered_is_refused(personas, client_for, key, value):
    response = client_for(personas["alice"]).post("/checkin/", checkin_data(**{key: value}))

    assert response.status_code == 200
    assert "Please choose one of the answers shown." in fieldset_of(response, key)
    assert safety_state() == ([], [])


def test_every_kind_of_answer_not_offered_is_refused_beside_its_question(personas, client_for):
    odd = {
        "sleep": "5",
        "mood": "-1",
        "support": "2.5",
        "selfcare": "two",
        "hope": "04",
        "hark_h": "true",
        "hark_a": "1",
        "hark_r": "YES",
        "hark_k": "on",
    }
    response = client_for(personas["alice"]).post("/checkin/", checkin_data(**odd))

    assert response.status_code == 200
    for key in odd:
        assert "Please choose one of the answers shown." in fieldset_of(response, key), key
    assert safety_state() == ([], [])


@pytest.mark.parametrize("audience", ["partner", "partner+therapist", "everyone"])
def test_a_tampered_audience_is_refused(personas, client_for, audience):
    response = client_for(personas["alice"]).post(
        "/checkin/", checkin_data(positive=True, audience=audience)
    )

    assert response.status_code == 200
    assert REFUSED_AUDIENCE in fieldset_of(response, "audience")
    assert safety_state() == ([], [])


def test_no_audience_is_refused(personas, client_for):
    data = checkin_data()
    del data["audience"]

    response = client_for(personas["alice"]).post("/checkin/", data)

    assert "Choose who can see this." in fieldset_of(response, "audience")
    assert safety_state() == ([], [])


@pytest.mark.parametrize("broken", [None, "not-a-key"])
def test_a_lost_form_key_is_explained_and_replaced(personas, client_for, broken):
    client = client_for(personas["alice"])
    data = checkin_data(positive=True)
    if broken is None:
        del data["submission_key"]
    else:
        data["submission_key"] = broken

    response = client.post("/checkin/", data)

    assert response.status_code == 200
    text = page_text(response)
    assert FORM_KEY_LOST in text
    assert "Some answers are missing" not in text  # they are not
    assert safety_state() == ([], [])
    # The page carries a fresh, valid key: saving again works.
    fresh = submission_key_of(response)
    again = client.post("/checkin/", {**data, "submission_key": fresh})
    assert again.status_code == 302
    assert CheckIn.objects.get().submission_key == uuid.UUID(fresh)


def test_an_empty_post_is_refused_with_messages(personas, client_for):
    response = client_for(personas["alice"]).post("/checkin/", {})

    assert response.status_code == 200
    text = page_text(response)
    assert text.count("Please choose an answer.") == len(questions.ALL_QUESTIONS)
    assert safety_state() == ([], [])


# --- The database refuses a partner audience itself (IPV-1) --------------------------------


@pytest.mark.parametrize("audience", ["partner", "partner+therapist", "everyone"])
def test_the_database_refuses_a_checkin_for_a_partner(personas, audience):
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(owner=personas["alice"], audience=audience, answers=answers())
    assert CheckIn.objects.count() == 0


def test_the_database_refuses_changing_a_checkin_to_a_partner_audience(personas):
    record = CheckIn.objects.create(owner=personas["alice"], answers=answers())
    record.audience = "partner"
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.filter(pk=record.pk).update(audience="partner+therapist")
    assert CheckIn.objects.get().audience == "private"
