"""The help page lists therapists on this server who chose to be listed, and nobody else."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.core.testing import make_grant, make_therapist, strip_csrf
from steadfast.practice.models import TherapistProfile

from .conftest import page_text

pytestmark = pytest.mark.django_db
HELP = "/care/help/"


def publish(therapist, *, listed=True, **fields):
    values = {
        "name": f"{therapist.display_name} Counselling",
        "about": "Couples and individuals.",
        "contact_email": f"enquiries@{therapist.display_name.lower()}.example",
        **fields,
    }
    return TherapistProfile.objects.create(therapist=therapist, listed=listed, **values)


def listed_names(text):
    return re.findall(r'<li class="therapist-listing">\s*<h3>([^<]+)</h3>', text)


def test_only_therapists_who_opted_in_are_listed(personas, client):
    publish(personas["theo"])
    publish(personas["tina"], listed=False)
    make_therapist("uma")  # never wrote a profile

    text = page_text(client.get(HELP))

    assert listed_names(text) == ["Theo Counselling"]
    assert "Tina" not in text and "Uma" not in text
    assert "None of the therapists" not in text


def test_a_listing_shows_what_the_therapist_wrote_and_no_account_detail(personas, client):
    publish(
        personas["theo"],
        about="Trust after an affair.\nEvenings too.",
        phone="+44 113 496 0000",
        website="https://theo.example/",
        languages="English, Welsh",
        region="Leeds",
    )

    text = page_text(client.get(HELP))

    assert "Trust after an affair.<br>Evenings too." in text
    assert '<a href="mailto:enquiries@theo.example">enquiries@theo.example</a>' in text
    assert '<a href="tel:+441134960000">+44 113 496 0000</a>' in text
    assert '<a href="https://theo.example/" rel="noreferrer noopener">' in text
    assert "Leeds" in text and "Languages: English, Welsh" in text
    assert "theo@example.org" not in text, "the log-in address is never shown"


def test_a_listing_reveals_nothing_about_clients(personas, client):
    theo = personas["theo"]
    publish(theo)
    before = strip_csrf(client.get(HELP).content)
    make_grant(personas["alice"], theo)
    make_grant(personas["bob"], theo)

    after = strip_csrf(client.get(HELP).content)

    assert after == before
    for clue in ("Alice", "Bob", "/practice/clients/", "/practice/couples/", "grant"):
        assert clue not in after


def test_a_switched_off_account_is_not_listed(personas, client):
    theo = personas["theo"]
    publish(theo)
    theo.is_active = False
    theo.save()

    assert listed_names(page_text(client.get(HELP))) == []


def test_listings_are_in_name_order_and_the_page_costs_the_same_for_many(personas, client):
    publish(personas["tina"], name="Zoe Park")
    publish(personas["theo"], name="Ann Lee")
    with CaptureQueriesContext(connection) as two:
        client.get(HELP)
    for number in range(8):
        publish(make_therapist(f"extra{number}"))
    with CaptureQueriesContext(connection) as ten:
        text = page_text(client.get(HELP))

    assert listed_names(text)[0] == "Ann Lee" and listed_names(text)[-1] == "Zoe Park"
    assert len(listed_names(text)) == 10
    assert len(ten) == len(two)


def test_a_logged_in_therapist_is_shown_where_to_opt_in(personas, client_for):
    text = page_text(client_for(personas["tina"]).get(HELP))

    assert 'href="/practice/profile/"' in text


def test_people_are_not_shown_the_therapists_page(personas, client_for):
    text = page_text(client_for(personas["alice"]).get(HELP))

    assert 'href="/practice/profile/"' not in text
    assert 'href="/account/access/"' in text
