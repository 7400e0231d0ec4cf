"""The professional-help page (/care/help/) and its directories file."""

import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from steadfast.selfcare import directories

from .conftest import page_text

GOOD = {
    "countries": {
        "DE": {
            "name": "Deutschland",
            "directories": [{"name": "Beratung", "url": "https://x.test/", "about": "Hilft."}],
        }
    },
    "international": {
        "directories": [{"name": "Anywhere", "url": "https://y.test/", "about": "Lists."}]
    },
}


@pytest.fixture
def use_file(settings, tmp_path):
    """Point STEADFAST_THERAPY_DIRECTORIES at a file holding `data` (or raw text)."""
    directories._load.cache_clear()

    def use(data):
        path = tmp_path / "directories.json"
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        settings.STEADFAST_THERAPY_DIRECTORIES = str(path)
        return path

    yield use
    directories._load.cache_clear()


def headings(text):
    return re.findall(r"<h3>([^<]+)</h3>", text)


@pytest.mark.django_db
def test_anyone_can_read_it(client):
    response = client.get("/care/help/")

    assert response.status_code == 200
    text = page_text(response)
    for heading in (
        "When couples therapy can help",
        "When counselling on your own can help",
        "What to expect in a first session",
        "Bringing what you've done here",
        "Therapists using this server",
    ):
        assert f"<h2>{heading}</h2>" in text
    assert "has chosen to be listed here yet" in text
    assert 'href="/account/access/"' in text
    assert 'href="/support/"' in text


@pytest.mark.django_db
def test_the_persons_country_comes_first(personas, client_for):
    alice = personas["alice"]
    alice.country = "AU"
    alice.save()

    text = page_text(client_for(alice).get("/care/help/"))

    assert headings(text)[:3] == ["Australia", "In many countries", "Other countries"]
    assert '<option value="AU" selected>Australia</option>' in text
    assert text.index("Relationships Australia") < text.index("Relate")


@pytest.mark.django_db
def test_a_country_can_be_chosen_on_the_page(client):
    text = page_text(client.get("/care/help/?country=gb"))

    assert headings(text)[0] == "United Kingdom"
    assert '<a href="https://www.relate.org.uk/" rel="noreferrer noopener">Relate</a>' in text


@pytest.mark.django_db
def test_an_unknown_country_shows_the_international_list_first(client):
    text = page_text(client.get("/care/help/?country=ZZ"))

    assert headings(text)[:2] == ["In many countries", "Other countries"]
    assert '<option value="" selected>Somewhere else</option>' in text


@pytest.mark.django_db
def test_no_registered_therapist_is_listed(personas, client):
    """Therapists on this server are listed only if they choose to (test_therapist_listing)."""
    text = page_text(client.get("/care/help/"))

    for name in ("Theo", "Tina", "theo@example.org"):
        assert name not in text


@pytest.mark.django_db
def test_the_page_loads_nothing_from_elsewhere(client):
    text = page_text(client.get("/care/help/"))

    assert not re.search(r'<(script|img|link|iframe)\b[^>]*(src|href)="https?://', text)


def test_every_bundled_directory_is_an_https_link():
    data = directories.directory_data()
    entries = [*data["countries"].values(), data["international"]]
    assert {"AU", "CA", "GB", "IE", "NZ", "US"} <= set(data["countries"])
    for entry in entries:
        for directory in entry["directories"]:
            assert directory["url"].startswith("https://")
            assert directory["name"] and directory["about"]


@pytest.mark.django_db
def test_an_operators_own_file_is_used(use_file, client):
    use_file(GOOD)

    text = page_text(client.get("/care/help/?country=DE"))

    assert headings(text)[:2] == ["Deutschland", "In many countries"]
    assert "Beratung" in text and "Relate" not in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "not valid JSON"),
        ({"international": GOOD["international"]}, "needs a 'countries' object"),
        ({**GOOD, "countries": {"Germany": GOOD["countries"]["DE"]}}, "ISO 3166 alpha-2"),
        ({**GOOD, "countries": {"DE": {"name": "D", "directories": []}}}, "non-empty"),
        (
            {
                **GOOD,
                "countries": {
                    "DE": {
                        "name": "D",
                        "directories": [{"name": "A", "url": "http://x.test/", "about": "B"}],
                    }
                },
            },
            "must start with https://",
        ),
        ({"countries": GOOD["countries"]}, "'international'"),
    ],
)
def test_a_broken_file_is_reported_by_the_check(use_file, data, message):
    path = use_file(data)

    (error,) = directories.check_directories_file()

    assert error.id == "steadfast.selfcare.E001"
    assert message in error.msg
    assert str(path) in error.msg


def test_manage_py_check_fails_on_a_broken_file(use_file):
    use_file("{not json")

    with pytest.raises(SystemCheckError, match="steadfast.selfcare.E001"):
        call_command("check")


def test_a_missing_file_is_reported_by_check(settings, tmp_path):
    directories._load.cache_clear()
    settings.STEADFAST_THERAPY_DIRECTORIES = str(tmp_path / "nowhere.json")

    (error,) = directories.check_directories_file()
    assert "can't be read" in error.msg


@pytest.mark.django_db
def test_a_broken_file_does_not_break_the_page(use_file, client, caplog):
    use_file("{not json")

    response = client.get("/care/help/")

    assert response.status_code == 200
    assert "The list of directories can't be shown at the moment." in page_text(response)
    assert "therapy directories file could not be loaded" in caplog.text


def test_the_shipped_file_passes_the_check(settings):
    directories._load.cache_clear()
    settings.STEADFAST_THERAPY_DIRECTORIES = None
    assert directories.check_directories_file() == []
