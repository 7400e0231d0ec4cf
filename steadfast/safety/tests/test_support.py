"""People who can help (/support/): public, by country, for anyone (IPV-19)."""

import json

import pytest

from steadfast.safety import resources

from .conftest import check_in, page_text, strip_csrf

BUNDLED = json.loads(resources.DEFAULT_FILE.read_text(encoding="utf-8"))


def test_bundled_countries():
    assert sorted(BUNDLED["countries"]) == ["AU", "CA", "GB", "IE", "NZ", "US"]


def test_anyone_can_open_it_logged_out_or_in(personas, client_for):
    for who in [None, "alice", "sam", "theo"]:
        response = client_for(personas[who] if who else None).get("/support/")

        assert response.status_code == 200, who
        text = page_text(response)
        assert "<h1>People who can help</h1>" in text
        assert "These services are free and confidential." in text
        assert 'href="/device/"' in text


@pytest.mark.parametrize("code", sorted(BUNDLED["countries"]))
def test_every_country_shows_its_emergency_number_and_services(db, client, code):
    entry = BUNDLED["countries"][code]

    text = page_text(client.get(f"/support/?country={code}"))

    assert f"In an emergency, call <strong>{entry['emergency']}</strong>." in text
    assert f'<option value="{code}" selected>{entry["name"]}</option>' in text
    for service in entry["services"]:
        assert f"<h3>{service['name']}</h3>" in text
        assert service["about"] in text
        if "phone" in service:
            tel = service["phone"].replace(" ", "")
            assert f'<a href="tel:{tel}">{service["phone"]}</a>' in text
        assert f'<a href="{service["url"]}" rel="noreferrer noopener">' in text
    for other in BUNDLED["countries"].values():
        if other is not entry:
            only_there = {s["name"] for s in other["services"]} - {
                s["name"] for s in entry["services"]
            }
            assert not any(f"<h3>{name}</h3>" in text for name in only_there)


@pytest.mark.parametrize("query", ["", "?country=", "?country=XX", "?country=usa"])
def test_anywhere_else_shows_the_international_list(db, client, query):
    text = page_text(client.get(f"/support/{query}"))

    assert "Hot Peach Pages" in text
    assert "Find A Helpline" in text
    assert "112 works from mobile phones" in text
    assert '<option value="" selected>Somewhere else</option>' in text


def test_the_list_offers_every_country_and_somewhere_else(db, client):
    text = page_text(client.get("/support/"))
    options = [
        '<option value="" selected>Somewhere else</option>',
        *(
            f'<option value="{code}">{name}</option>'
            for code, name in sorted(
                ((c, e["name"]) for c, e in BUNDLED["countries"].items()), key=lambda c: c[1]
            )
        ),
    ]
    assert "".join(options) in text
    assert '<form method="get" class="country-form">' in text


def test_a_person_sees_their_own_country_unless_they_choose_another(personas, client_for):
    sam = personas["sam"]
    sam.country = "NZ"
    sam.save(update_fields=["country"])
    client = client_for(sam)

    assert "Women's Refuge crisis line" in page_text(client.get("/support/"))
    chosen = page_text(client.get("/support/?country=us"))
    assert "National Domestic Violence Hotline" in chosen
    assert "Women's Refuge crisis line" not in chosen
    assert "Hot Peach Pages" in page_text(client.get("/support/?country="))


def test_the_page_is_the_same_for_everyone_in_a_country(personas, client_for):
    """Nothing about the visitor (a check-in, a plan, a partner) changes the page."""
    alice, sam = client_for(personas["alice"]), client_for(personas["sam"])
    check_in(alice, positive=True)

    def body(client):
        text = strip_csrf(client.get("/support/?country=GB").content)
        return text.split('<main id="main" tabindex="-1">')[1].split("</main>")[0]

    assert body(alice) == body(sam)


def test_other_methods_are_not_allowed(db, client):
    for method in ["post", "put", "delete"]:
        assert getattr(client, method)("/support/").status_code == 405, method
