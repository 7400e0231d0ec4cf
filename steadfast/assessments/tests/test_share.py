"""Sharing a result (/measures/results/<key>/share/): the owner chooses, at once and
revocably; a partner then sees the score, its band and the date, never the answers or
a flag; nobody else sees anything."""

import re
import uuid

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.assessments import actions, definitions
from steadfast.assessments.models import Measure
from steadfast.couples.actions import unlink

from .conftest import (
    CRISIS,
    PHQ9_FLAGGED,
    PHQ9_MILD,
    checked,
    fieldset_of,
    make_measure,
    page_text,
    phq9,
    result_url,
    rows,
    score_shown,
    strip_csrf,
)

PHQ9 = definitions.get_instrument("phq9")


def share(client, measure, audience):
    return client.post(result_url(measure) + "share/", {"audience": audience})


def audience_of(measure):
    return Measure.objects.get(pk=measure.pk).audience


def test_the_owner_shares_and_the_partner_sees_score_band_and_date(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, answers=phq9([3] * 9), days_ago=28)
    measure = make_measure(alice, answers=phq9(PHQ9_MILD, difficulty=1))

    response = share(client_for(alice), measure, "partner")

    assert response.status_code == 302
    assert response["Location"] == result_url(measure)
    assert audience_of(measure) == "partner"
    shown = client_for(bob).get(result_url(measure))
    assert shown.status_code == 200
    text = page_text(shown)
    assert "Alice shared this result with you." in text
    assert score_shown(shown) == "7"
    assert "<strong>Mild.</strong> Some signs of low mood." in text
    assert f"Answered on {measure.completed_at:%-d %B %Y}." in text
    for private in [
        PHQ9.item(1).text,
        "Your answers",
        "Several days",
        "Since last time",
        "your score was",
        "Who can see this result",
    ]:
        assert private not in text


def test_the_owner_is_told_who_can_see_it_now(personas, client_for):
    client = client_for(personas["alice"])
    measure = make_measure(personas["alice"])

    response = share(client, measure, "partner")
    text = page_text(client.get(response["Location"]))

    assert "Your partner can see this result now" in text
    assert checked(fieldset_of(client.get(result_url(measure)), "audience")) == ["partner"]


@time_machine.travel("2026-11-27 09:00Z", tick=False)
def test_a_flag_never_reaches_the_partner_even_when_shared(personas, client_for):
    """Same score, band and date: the partner's page is the same with or without item 9."""
    alice, bob = personas["alice"], personas["bob"]
    flagged = make_measure(alice, answers=phq9(PHQ9_FLAGGED), audience="partner")
    plain = make_measure(alice, answers=phq9(PHQ9_MILD), audience="partner")
    assert (flagged.total, flagged.band) == (plain.total, plain.band) == (7, "mild")
    assert flagged.safety_flags and not plain.safety_flags
    client = client_for(bob)

    pages = []
    for measure in (flagged, plain):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(result_url(measure))
        assert response.status_code == 200
        body = strip_csrf(response.content).replace(str(measure.submission_key), "KEY")
        pages.append((body, len(queries)))
        # The partner's copy never even loads the sealed columns, before or after rendering.
        assert {"answers", "details"} <= response.context["measure"].get_deferred_fields()

    assert pages[0] == pages[1]
    assert CRISIS not in pages[0][0] and "self_harm" not in pages[0][0]


def test_revoking_is_immediate(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    measure = make_measure(alice, audience="partner")
    bobs = client_for(bob)
    assert bobs.get(result_url(measure)).status_code == 200

    share(client_for(alice), measure, "private")

    assert bobs.get(result_url(measure)).status_code == 404
    assert str(measure.submission_key) not in bobs.get("/measures/").content.decode()


@pytest.mark.parametrize(
    ("audience", "partner_sees"),
    [("private", False), ("therapist", False), ("partner", True), ("partner+therapist", True)],
)
def test_the_partner_sees_only_what_was_shared_with_a_partner(
    personas, client_for, audience, partner_sees
):
    measure = make_measure(personas["alice"], audience=audience)

    response = client_for(personas["bob"]).get(result_url(measure))

    assert response.status_code == (200 if partner_sees else 404)


@pytest.mark.parametrize("who", ["carol", "dan", "sam", "theo", "tina"])
def test_a_shared_result_is_still_404_to_everyone_else(personas, client_for, who):
    measure = make_measure(personas["alice"], audience="partner+therapist")
    assert client_for(personas[who]).get(result_url(measure)).status_code == 404


def test_unlinking_ends_the_partners_view_at_once(personas, client_for):
    measure = make_measure(personas["alice"], audience="partner")
    unlink(personas["alice"])
    assert client_for(personas["bob"]).get(result_url(measure)).status_code == 404


def test_an_unlinked_person_is_told_who_a_partner_share_would_reach(personas, client_for):
    measure = make_measure(personas["sam"])
    fieldset = fieldset_of(client_for(personas["sam"]).get(result_url(measure)), "audience")
    assert "whoever you link with later will see it" in fieldset


# --- Safety instruments ---------------------------------------------------------------------


def hark_measure(person):
    """A HARK result, as an import would bring one (the pages never offer HARK)."""
    return actions.record_measure(
        person,
        definitions.get_instrument("hark"),
        {1: 1, 2: 0, 3: 0, 4: 0},
        submission_key=uuid.uuid4(),
    )


def test_a_safety_result_never_offers_a_partner(personas, client_for):
    alice = personas["alice"]
    measure = hark_measure(alice)
    client = client_for(alice)

    fieldset = fieldset_of(client.get(result_url(measure)), "audience")
    refused = share(client, measure, "partner")

    assert 'value="private"' in fieldset and 'value="therapist"' in fieldset
    assert "partner" not in re.findall(r'value="([^"]*)"', fieldset)
    assert "Your partner can never see this result" in fieldset
    assert refused.status_code == 200
    assert "This can't be shared with a partner." in fieldset_of(refused, "audience")
    assert share(client, measure, "partner+therapist").status_code == 200
    assert audience_of(measure) == "private"
    assert client_for(personas["bob"]).get(result_url(measure)).status_code == 404
    assert share(client, measure, "therapist").status_code == 302
    assert audience_of(measure) == "therapist"


# --- Refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose who can see this result."),
        ({"audience": "everyone"}, "Choose one of the options shown."),
    ],
)
def test_bad_input_is_refused_with_a_message(personas, client_for, data, message):
    measure = make_measure(personas["alice"])
    before = rows(Measure)

    response = client_for(personas["alice"]).post(result_url(measure) + "share/", data)

    assert response.status_code == 200
    assert message in fieldset_of(response, "audience")
    assert rows(Measure) == before


@pytest.mark.parametrize("who", ["bob", "carol", "theo", "tina"])
def test_only_the_owner_may_change_who_sees_it(personas, client_for, who):
    measure = make_measure(personas["alice"], audience="partner")

    response = share(client_for(personas[who]), measure, "private")

    assert response.status_code == 404
    assert audience_of(measure) == "partner"


def test_visitors_log_in_and_get_is_not_allowed(personas, client, client_for):
    measure = make_measure(personas["alice"])
    url = result_url(measure) + "share/"
    response = client.post(url, {"audience": "partner"})
    assert (response.status_code, response["Location"]) == (302, f"/login/?next={url}")
    assert client_for(personas["alice"]).get(url).status_code == 405
    assert audience_of(measure) == "private"
