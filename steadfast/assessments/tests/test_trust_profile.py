"""The trust profile (/measures/profile/): the person's own latest results set against the
roots and impacts of distrust, in plain words, each with a next step. Only the owner's,
only the owner sees it, and it says so when there is nothing yet."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.assessments import profile

from .conftest import PHQ9_FLAGGED, make_measure, page_text, phq9, result_url

URL = "/measures/profile/"
REVERSED = {2, 5, 6, 8, 9}  # RSES items scored 3 - value


def rses(positive, negative):
    return {n: negative if n in REVERSED else positive for n in range(1, 11)}


RSES_LOW = rses(1, 2)  # 5 x 1 + 5 x (3 - 2) = 10: low
RSES_NORMAL = rses(2, 1)  # 5 x 2 + 5 x (3 - 1) = 20: normal


def area(text, key):
    match = re.search(
        rf'<section class="card profile-area" id="area-{key}">(.*?)</section>', text, re.S
    )
    assert match, f"no area {key}"
    return match.group(1)


def test_nothing_yet_is_said_plainly(personas, client_for):
    response = client_for(personas["sam"]).get(URL)

    assert response.status_code == 200
    text = page_text(response)
    assert "<title>Your profile · Steadfast</title>" in text
    assert "There is nothing here yet: you haven't answered any questionnaires." in text
    assert "Nothing is guessed in the meantime." in text
    wellbeing = area(text, "wellbeing")
    assert profile.NOTHING_YET in wellbeing
    assert 'href="/measures/phq9/">Answer the PHQ-9</a> or <a href="/measures/gad7/">' in wellbeing
    not_here = re.search(r'<section class="card" id="not-here">(.*?)</section>', text, re.S)
    assert "<strong>Trust in your partner</strong>" in not_here.group(1)
    assert 'id="area-trust"' not in text


def test_latest_results_in_plain_words_with_a_next_step(personas, client_for):
    sam = personas["sam"]
    make_measure(sam, "rses", RSES_NORMAL, days_ago=40)
    latest = make_measure(sam, "rses", RSES_LOW, days_ago=2)
    mood = make_measure(sam, answers=phq9([2, 2, 2, 2, 1, 1, 1, 1, 0]), days_ago=1)  # 12

    text = page_text(client_for(sam).get(URL))

    assert "There is nothing here yet" not in text
    self_worth = area(text, "self_worth")
    assert "(RSES)</h3>" in self_worth
    assert "Right now you seem to be hard on yourself." in self_worth
    assert "fairly steady, balanced way" not in self_worth  # only the latest counts
    assert f'<a href="{result_url(latest)}">{latest.completed_at:%-d %B %Y}</a>: 10.' in self_worth
    assert (
        'Next step (step 5, look after yourself): <a href="/checkin/">Your check-in</a>'
        in self_worth
    )
    wellbeing = area(text, "wellbeing")
    assert f'href="{result_url(mood)}"' in wellbeing
    assert "talking with a doctor or counsellor can help" in wellbeing
    assert (
        'Next step (step 3, get help when you need it): <a href="/support/">People who can '
        "help</a>" in wellbeing
    )
    # The GAD-7 is still unanswered, but the area has a result: no "nothing yet" there.
    assert profile.NOTHING_YET not in wellbeing
    # Never a clinical label from the questionnaire: our own words only.
    assert "moderate" not in wellbeing.lower()


def test_a_safety_flag_leads_to_people_who_can_help(personas, client_for):
    sam = personas["sam"]
    make_measure(sam, answers=phq9(PHQ9_FLAGGED))

    wellbeing = area(page_text(client_for(sam).get(URL)), "wellbeing")

    assert profile.FLAGGED in wellbeing
    assert '<a href="/support/">People who can help</a>' in wellbeing


def test_only_the_owners_results_never_what_a_partner_shared(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, "rses", RSES_LOW, audience="partner")
    make_measure(alice, answers=phq9([3] * 9), audience="partner+therapist")

    text = page_text(client_for(bob).get(URL))

    assert "There is nothing here yet" in text
    assert "hard on yourself" not in text and "/measures/results/" not in text


def test_the_page_costs_the_same_queries_for_more_results(personas, client_for):
    sam = personas["sam"]
    client = client_for(sam)
    make_measure(sam)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    make_measure(sam, "rses", RSES_LOW)
    make_measure(sam, "gad7", dict.fromkeys(range(1, 8), 1))
    for days in range(1, 6):
        make_measure(sam, days_ago=days)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_it_is_linked_from_the_first_step_on_the_home_page(personas, client_for):
    text = page_text(client_for(personas["sam"]).get("/home/"))
    assert '<a href="/measures/profile/">Your trust profile</a>' in text


@pytest.mark.parametrize("name", ["theo", "tina"])
def test_therapists_get_404(personas, client_for, name):
    assert client_for(personas[name]).get(URL).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(db, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/measures/profile/"


def test_only_get(personas, client_for):
    assert client_for(personas["sam"]).post(URL).status_code == 405
