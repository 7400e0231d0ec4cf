"""The practice pages and the client's access pages: grants, caseload, measures, log."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from steadfast.assessments import actions as measure_actions
from steadfast.assessments.definitions import get_instrument
from steadfast.core.testing import link, make_grant, make_person, page_text
from steadfast.practice.categories import CATEGORY_FIELDS, Category
from steadfast.practice.models import AccessRead, Grant

PRACTICE_URLS = ("practice:home", "practice:client", "practice:client_measures")


def _url(name, grant):
    return reverse(name) if name == "practice:home" else reverse(name, args=[grant.key])


def phq9(person, values, audience="therapist"):
    answers = dict(enumerate(values, start=1))
    measure = measure_actions.record_measure(
        person, get_instrument("phq9"), answers, submission_key=uuid.uuid4()
    )
    return measure_actions.share_measure(measure, audience)


# --- Before two-step sign-in, nothing ----------------------------------------------------


@pytest.mark.parametrize("name", PRACTICE_URLS)
def test_a_therapist_without_two_step_sign_in_is_sent_to_set_it_up(name, personas, client_for):
    grant = make_grant(personas["alice"], personas["theo"])
    url = _url(name, grant)

    response = client_for(personas["theo"]).get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-step/setup/?next=")
    assert not AccessRead.objects.exists()


@pytest.mark.parametrize("name", PRACTICE_URLS)
def test_people_get_404_on_therapist_pages(name, personas, client_for):
    grant = make_grant(personas["alice"], personas["theo"])

    assert client_for(personas["alice"]).get(_url(name, grant)).status_code == 404


@pytest.mark.parametrize("name", ("practice:client", "practice:client_measures"))
def test_a_therapist_without_a_grant_gets_404(name, personas, therapist_for):
    grant = make_grant(personas["alice"], personas["theo"])

    assert therapist_for(personas["tina"]).get(_url(name, grant)).status_code == 404


# --- Grants: invite, accept, change, revoke ----------------------------------------------


def test_invite_looks_the_same_whether_or_not_the_address_is_a_therapist(personas, client_for):
    alice = personas["alice"]
    client = client_for(alice)
    seen = []
    for email in ("theo@example.org", "nobody@example.org"):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                "/account/access/", {"therapist_email": email, "measures": "on"}, follow=True
            )
        text = page_text(response).replace(email, "EMAIL")
        seen.append((response.redirect_chain, len(queries), text.count("Invited;")))
        assert "If EMAIL belongs to a therapist on this site" in text
    assert seen[0][:2] == seen[1][:2]
    assert seen[1][2] == 2  # both listed as waiting, alike
    assert not Grant.objects.filter(therapist__isnull=False).exists()


def test_invite_needs_a_category_and_a_real_address(personas, client_for):
    client = client_for(personas["alice"])

    response = client.post("/account/access/", {"therapist_email": "theo@example.org"})
    assert "Choose at least one" in page_text(response)
    response = client.post("/account/access/", {"therapist_email": "nope", "measures": "on"})
    assert response.status_code == 200
    assert not Grant.objects.exists()


def test_safety_is_off_unless_chosen(personas, client_for):
    client = client_for(personas["alice"])

    client.post("/account/access/", {"therapist_email": "theo@example.org", "measures": "on"})

    grant = Grant.objects.get()
    assert grant.categories() == [Category.MEASURES]
    assert not grant.safety


def test_the_therapist_accepts_and_the_client_appears(personas, client_for, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    client_for(alice).post(
        "/account/access/", {"therapist_email": "theo@example.org", "measures": "on"}
    )
    grant = Grant.objects.get()
    therapist = therapist_for(theo)
    assert "invites you" in page_text(therapist.get("/practice/"))
    accept = f"/practice/invitations/{grant.key}/accept/"
    assert therapist_for(personas["tina"]).post(accept).status_code == 404

    response = therapist.post(accept, follow=True)

    assert response.redirect_chain == [("/practice/", 302)]
    assert therapist.get(f"/practice/clients/{grant.key}/").status_code == 200


def test_revoking_answers_404_at_once_and_tells_the_therapist_nothing(
    personas, client_for, therapist_for
):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo, Category.MEASURES)
    therapist = therapist_for(theo)
    for name in ("practice:client", "practice:client_measures"):
        assert therapist.get(_url(name, grant)).status_code == 200

    response = client_for(alice).post(f"/account/access/{grant.key}/revoke/")

    assert response["Location"] == "/account/access/"
    for name in ("practice:client", "practice:client_measures"):
        assert therapist.get(_url(name, grant)).status_code == 404
    home = page_text(therapist.get("/practice/"))
    assert "Alice" not in home and "No clients yet" in home


def test_only_the_client_changes_or_revokes_their_grant(personas, client_for):
    grant = make_grant(personas["alice"], personas["theo"])
    bob = client_for(personas["bob"])

    assert bob.post(f"/account/access/{grant.key}/revoke/").status_code == 404
    assert bob.post(f"/account/access/{grant.key}/", {"safety": "on"}).status_code == 404
    assert Grant.objects.filter(pk=grant.pk, safety=False).exists()


def test_changing_categories_applies_at_once(personas, client_for, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo, Category.MEASURES)
    therapist = therapist_for(theo)

    client_for(alice).post(f"/account/access/{grant.key}/", {"checkins": "on"})

    assert therapist.get(_url("practice:client_measures", grant)).status_code == 404
    assert "Daily check-ins" in page_text(therapist.get(_url("practice:client", grant)))


# --- The caseload --------------------------------------------------------------------------


def test_couples_are_paired_only_where_both_partners_granted(personas, therapist_for):
    alice, bob, carol, theo = (personas[n] for n in ("alice", "bob", "carol", "theo"))
    for person in (alice, bob, carol):
        make_grant(person, theo)

    text = page_text(therapist_for(theo).get("/practice/"))

    assert "Alice</a> & <a" in text.replace("&amp;", "&")  # one row for the couple
    assert "Carol" in text and "Dan" not in text  # dan did not grant: not even named


def test_the_caseload_costs_the_same_queries_however_many_clients(personas, therapist_for):
    theo = personas["theo"]
    client = therapist_for(theo)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/practice/").status_code == 200
        return len(queries)

    make_grant(personas["alice"], theo)
    make_grant(personas["bob"], theo)
    few = count()
    for n in range(10):
        first, second = make_person(f"a{n}"), make_person(f"b{n}")
        link(first, second)
        make_grant(first, theo)
        make_grant(second, theo)
        make_grant(first, personas["tina"])
        make_grant(make_person(f"solo{n}"), theo, accepted=False)

    assert count() == few


# --- Measures and the access log -------------------------------------------------------------


def test_measures_show_only_what_was_granted_and_each_read_is_logged(personas, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    shared = phq9(alice, [1, 1, 1, 0, 0, 0, 0, 0, 2])  # item 9 raises a safety flag
    phq9(alice, [2, 2, 2, 2, 2, 2, 2, 2, 0], audience="private")
    phq9(alice, [0, 0, 0, 0, 0, 0, 0, 0, 0], audience="partner")
    grant = make_grant(alice, theo, Category.MEASURES)
    therapist = therapist_for(theo)

    response = therapist.get(_url("practice:client_measures", grant))

    text = page_text(response)
    assert text.count("PHQ-9") == 1
    assert "self_harm" not in text and "Flag" not in text  # safety needs the safety grant
    log = list(AccessRead.objects.filter(client=alice))
    assert [(r.category, r.model_label, r.record_key) for r in log] == [
        ("measures", "assessments.measure", str(shared.submission_key))
    ]
    assert log[0].therapist == theo and log[0].therapist_name == "Theo"


def test_safety_flags_only_with_the_safety_grant(personas, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    phq9(alice, [1, 1, 1, 0, 0, 0, 0, 0, 2])
    grant = make_grant(alice, theo, Category.MEASURES, Category.SAFETY)

    text = page_text(therapist_for(theo).get(_url("practice:client_measures", grant)))

    assert "Flag: self_harm_thoughts" in text


def test_the_access_log_is_the_client_s_own_newest_first_and_paged(
    personas, client_for, therapist_for
):
    alice, bob, theo = personas["alice"], personas["bob"], personas["theo"]
    for n in range(3):
        phq9(alice, [n, 0, 0, 0, 0, 0, 0, 0, 0])
    grant = make_grant(alice, theo, Category.MEASURES)
    start = timezone.now()
    for n in range(20):  # a read every 20 minutes: none is a repeat within 15 (below)
        with time_machine.travel(start + timedelta(minutes=20 * n), tick=False):
            therapist_for(theo).get(_url("practice:client_measures", grant))
    assert AccessRead.objects.filter(client=alice).count() == 60

    first = client_for(alice).get("/account/access/log/")
    second = client_for(alice).get("/account/access/log/?page=2")

    assert "Page 1 of 2" in page_text(first) and "Page 2 of 2" in page_text(second)
    assert page_text(first).count("Theo") >= 50
    assert "Theo" not in page_text(client_for(bob).get("/account/access/log/"))
    assert client_for(theo).get("/account/access/log/").status_code == 404
    newest = AccessRead.objects.order_by("-at", "-pk").first()
    assert newest.at >= AccessRead.objects.order_by("at", "pk").first().at


def test_a_repeat_read_within_15_minutes_is_logged_once(personas, client_for, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    phq9(alice, [1, 0, 0, 0, 0, 0, 0, 0, 0])
    grant = make_grant(alice, theo, Category.MEASURES)
    start = timezone.now()
    for minutes in (0, 5, 14):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            therapist_for(theo).get(_url("practice:client_measures", grant))
    assert AccessRead.objects.filter(client=alice).count() == 1
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        therapist_for(theo).get(_url("practice:client_measures", grant))
    assert AccessRead.objects.filter(client=alice).count() == 2
    assert "within 15 minutes" in page_text(client_for(alice).get("/account/access/log/"))


def test_the_client_page_lists_granted_categories_and_the_partner(personas, therapist_for):
    alice, bob, theo = personas["alice"], personas["bob"], personas["theo"]
    grant = make_grant(alice, theo, Category.CHECKINS, Category.SAFETY)
    therapist = therapist_for(theo)

    text = page_text(therapist.get(_url("practice:client", grant)))
    assert "Daily check-ins" in text and "Safety" in text and "Promises" not in text
    assert "Bob" not in text  # bob has not granted: not even named

    make_grant(bob, theo)
    assert ">Bob</a>, who gave you access separately" in page_text(
        therapist.get(_url("practice:client", grant))
    )
    assert not AccessRead.objects.exists()  # the grant page shows no client data


def test_every_category_has_a_grant_column():
    assert {f.name for f in Grant._meta.fields} >= set(CATEGORY_FIELDS)
