"""The check-in result (/checkin/<key>/): calm words and help after a positive screen, a
thank-you otherwise; only ever for the person who answered (IPV-1, IPV-19)."""

import uuid

import pytest

from steadfast.safety import questions

from .conftest import check_in, page_text, strip_csrf

CALM = "That should not happen to anyone, and it is not your fault."
THANKS = "Your answers are saved. Only you can see them."


def hark(h=False, a=False, r=False, k=False):
    return {"hark_h": h, "hark_a": a, "hark_r": r, "hark_k": k}


@pytest.mark.parametrize(
    ("answers", "score", "positive"),
    [
        (hark(), 0, False),
        (hark(h=True), 1, True),  # any one yes is positive (Sohal et al. 2007)
        (hark(k=True), 1, True),
        (hark(a=True, r=True), 2, True),
        (hark(True, True, True, True), 4, True),
        ({}, 0, False),  # nothing answered is not a positive screen
        ({"hark_h": "yes", "hark_a": 1}, 0, False),  # only a real True counts
        ({**hark(), "sleep": 0, "mood": 4}, 0, False),  # well-being answers don't count
    ],
)
def test_hark_scoring(answers, score, positive):
    assert questions.hark_score(answers) == score
    assert questions.hark_positive(answers) is positive


def test_a_positive_screen_explains_calmly_and_offers_help_near_the_person(personas, client_for):
    alice = personas["alice"]
    alice.country = "GB"
    alice.save(update_fields=["country"])
    client = client_for(alice)
    key = check_in(client, positive=True)

    response = client.get(f"/checkin/{key}/")

    assert response.status_code == 200
    text = page_text(response)
    assert "a partner or ex-partner has frightened you, hurt you" in text
    assert CALM in text
    assert "You don't have to decide anything today." in text
    assert "National Domestic Abuse Helpline (Refuge)" in text
    assert '<a href="tel:08082000247">0808 2000 247</a>' in text
    assert "In an emergency, call <strong>999" in text
    assert '<option value="GB" selected>United Kingdom</option>' in text
    assert '<a href="/plan/">Write or update your plan</a>' in text
    assert 'href="/device/"' in text
    assert "nothing on the couple side changes" in text
    assert THANKS not in text


def test_a_positive_screen_without_a_country_shows_international_help(personas, client_for):
    client = client_for(personas["sam"])
    key = check_in(client, positive=True, hark_h="no", hark_a="no", hark_r="no")

    text = page_text(client.get(f"/checkin/{key}/"))

    assert CALM in text
    assert "Hot Peach Pages" in text
    assert "National Domestic Abuse Helpline" not in text


@pytest.mark.parametrize("audience", ["private", "therapist"])
def test_a_negative_screen_just_says_thank_you(personas, client_for, audience):
    client = client_for(personas["alice"])
    key = check_in(client, audience=audience)

    response = client.get(f"/checkin/{key}/")

    assert response.status_code == 200
    text = page_text(response)
    assert THANKS[:-1] in text
    assert ("and a therapist you give access to" in text) == (audience == "therapist")
    assert CALM not in text
    assert 'class="resources"' not in text
    assert "In an emergency" not in text
    assert '<a href="/support/">find people to talk to</a>' in text


@pytest.mark.parametrize(
    ("query", "shown", "not_shown"),
    [
        ("?country=XX", "Hot Peach Pages", "National Domestic Abuse Helpline"),
        ("?country=", "Hot Peach Pages", "National Domestic Abuse Helpline"),
        ("?country=au", "1800RESPECT", "Hot Peach Pages"),
        ("?country=%20nz%20", "Women's Refuge crisis line", "Hot Peach Pages"),
    ],
)
def test_the_country_can_be_chosen_on_the_page(personas, client_for, query, shown, not_shown):
    alice = personas["alice"]
    alice.country = "GB"
    alice.save(update_fields=["country"])
    client = client_for(alice)
    key = check_in(client, positive=True)

    text = page_text(client.get(f"/checkin/{key}/{query}"))

    assert shown in text
    assert not_shown not in text


def test_the_chosen_country_is_selected_in_the_list(personas, client_for):
    client = client_for(personas["alice"])
    key = check_in(client, positive=True)

    for query, selected in [("?country=au", "AU"), ("?country=XX", ""), ("", "")]:
        text = page_text(client.get(f"/checkin/{key}/{query}"))
        assert text.count(" selected>") == 1, query
        assert f'<option value="{selected}" selected>' in text, query


def test_nobody_but_the_owner_can_open_it(personas, client_for):
    key = check_in(client_for(personas["alice"]), positive=True)
    for who in ["bob", "carol", "dan", "sam", "theo", "tina"]:
        response = client_for(personas[who]).get(f"/checkin/{key}/")
        assert response.status_code == 404, who
        assert CALM not in page_text(response)


def test_for_the_partner_someone_elses_key_looks_exactly_like_an_unknown_one(personas, client_for):
    key = check_in(client_for(personas["alice"]), positive=True)
    bob = client_for(personas["bob"])

    hers = bob.get(f"/checkin/{key}/")
    unknown = bob.get(f"/checkin/{uuid.uuid4()}/")

    assert hers.status_code == unknown.status_code == 404
    assert strip_csrf(hers.content) == strip_csrf(unknown.content)


def test_an_unknown_key_is_404(personas, client_for):
    client = client_for(personas["alice"])
    check_in(client)
    assert client.get(f"/checkin/{uuid.uuid4()}/").status_code == 404
    assert client.get("/checkin/not-a-key/").status_code == 404


def test_visitors_are_sent_to_log_in(personas, client_for, client):
    key = check_in(client_for(personas["alice"]))
    response = client.get(f"/checkin/{key}/")
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next=/checkin/{key}/"


def test_other_methods_are_not_allowed(personas, client_for):
    client = client_for(personas["alice"])
    key = check_in(client)
    for method in ["post", "put", "delete"]:
        assert getattr(client, method)(f"/checkin/{key}/").status_code == 405, method
