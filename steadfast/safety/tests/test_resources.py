"""Support services by country (steadfast.safety.resources), replaceable by the operator."""

import json
import re

import pytest

from steadfast.safety import resources

from .conftest import page_text

SERVICE = {"name": "Somebody", "phone": "0800 000", "about": "Listens.", "url": "https://x.test"}
WORLD = {"name": "Anywhere", "emergency": "112", "services": [SERVICE]}


def custom_file(tmp_path, data):
    path = tmp_path / "resources.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def use_file(settings, tmp_path, fresh_resources):
    """Point STEADFAST_RESOURCES_FILE at a file holding `data`."""

    def use(data):
        settings.STEADFAST_RESOURCES_FILE = str(custom_file(tmp_path, data))

    return use


@pytest.mark.parametrize("code", ["GB", "gb", "Gb", "gB"])
def test_codes_are_matched_whatever_the_case(code):
    assert resources.resources_for(code)["name"] == "United Kingdom"


@pytest.mark.parametrize("code", [None, "", "XX", "usa", "U", "zz"])
def test_an_unknown_or_missing_code_gets_the_international_list(code):
    assert resources.resources_for(code) is resources.resource_data()["international"]


def test_country_choices_start_with_somewhere_else_then_go_by_name():
    assert resources.country_choices() == [
        ("", "Somewhere else"),
        ("AU", "Australia"),
        ("CA", "Canada"),
        ("IE", "Ireland"),
        ("NZ", "New Zealand"),
        ("GB", "United Kingdom"),
        ("US", "United States"),
    ]


def test_every_bundled_service_can_be_reached():
    data = resources.resource_data()
    for entry in [*data["countries"].values(), data["international"]]:
        assert entry["emergency"]
        for service in entry["services"]:
            assert service["name"] and service["about"]
            assert service.get("phone") or service.get("url")
            assert service["url"].startswith("https://")


def test_an_operators_own_file_is_used(use_file, client, db):
    use_file(
        {
            "countries": {"DE": {"name": "Deutschland", "emergency": "110", "services": [SERVICE]}},
            "international": WORLD,
        }
    )

    assert resources.resources_for("de")["emergency"] == "110"
    assert resources.resources_for("GB") == WORLD  # the bundled list is not mixed in
    assert resources.country_choices() == [("", "Somewhere else"), ("DE", "Deutschland")]
    text = page_text(client.get("/support/?country=DE"))
    assert "In an emergency, call <strong>110</strong>." in text
    assert "<h3>Somebody</h3>" in text
    assert "National Domestic Abuse Helpline" not in text


def test_without_a_setting_the_bundled_file_is_used(settings, fresh_resources):
    settings.STEADFAST_RESOURCES_FILE = None
    assert resources.resource_data()["countries"]["GB"]["name"] == "United Kingdom"


GOOD_COUNTRY = {"name": "Deutschland", "emergency": "110", "services": [SERVICE]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"countries": {"usa": GOOD_COUNTRY}, "international": WORLD}, "got 'usa'"),
        ({"countries": {"de": GOOD_COUNTRY}, "international": WORLD}, "got 'de'"),
        ({"countries": {"D1": GOOD_COUNTRY}, "international": WORLD}, "got 'D1'"),
        ({"countries": {"DE": GOOD_COUNTRY}}, "'international' fallback"),
        (
            {"countries": {"DE": GOOD_COUNTRY}, "international": {**WORLD, "services": []}},
            "'international' fallback",
        ),
        (
            {"countries": {"DE": GOOD_COUNTRY}, "international": {"services": [SERVICE]}},
            "'international' fallback",
        ),
        (
            {"countries": {"DE": {**GOOD_COUNTRY, "services": []}}, "international": WORLD},
            "Resources for DE need an emergency number and services.",
        ),
        (
            {"countries": {"DE": {**GOOD_COUNTRY, "emergency": ""}}, "international": WORLD},
            "Resources for DE need an emergency number and services.",
        ),
        (
            {
                "countries": {"DE": {"emergency": "110", "services": [SERVICE]}},
                "international": WORLD,
            },
            "Resources for DE need a name.",
        ),
        ({"international": WORLD}, "'countries' object"),
        ([WORLD], "'countries' object"),
    ],
    ids=[
        "three-letter-code",
        "lower-case-code",
        "digit-in-code",
        "no-international",
        "international-without-services",
        "international-without-emergency",
        "country-without-services",
        "country-without-emergency",
        "country-without-name",
        "no-countries",
        "not-an-object",
    ],
)
def test_a_malformed_file_fails_clearly(use_file, data, message):
    use_file(data)
    with pytest.raises(ValueError, match=re.escape(message)):
        resources.resource_data()


def test_a_file_that_is_not_json_fails_clearly(settings, tmp_path, fresh_resources):
    path = tmp_path / "resources.json"
    path.write_text("{not json", encoding="utf-8")
    settings.STEADFAST_RESOURCES_FILE = str(path)
    with pytest.raises(ValueError):
        resources.resource_data()
