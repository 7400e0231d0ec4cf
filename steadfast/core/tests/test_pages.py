"""The core pages: landing, home (person and therapist), titles and the quick-exit control."""

import html
import re

import pytest

from steadfast.core.steps import WAY_THROUGH

from .pages import PAGES_BY_WHO, WHO_IDS, quick_exit_link, title_of, walk

SENSITIVE_TITLE_WORDS = [
    "abuse",
    "abusive",
    "violence",
    "violent",
    "safety",
    "unsafe",
    "danger",
    "affair",
    "cheat",
    "infidelity",
    "screening",
    "crisis",
    "therapy",
]


def text_of(response):
    return html.unescape(response.content.decode())


def test_landing_says_what_steadfast_is_and_is_not(db, client):
    response = client.get("/")
    assert response.status_code == 200
    text = text_of(response)
    assert "helps couples" in text
    assert "It is not therapy" in text
    assert "It is not for emergencies" in text
    assert "call your local emergency number" in text
    assert 'href="/about/"' in response.content.decode()
    assert "Where to find help" in text
    for step in WAY_THROUGH:
        assert step.title in text


def test_landing_sends_a_logged_in_person_home(personas, client_for):
    response = client_for(personas["alice"]).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_about_page_lists_where_to_find_help(db, client):
    text = text_of(client.get("/about/"))
    assert "Where to find help" in text
    assert "emergency number" in text


def assert_five_steps(response):
    content = response.content.decode()
    for step in WAY_THROUGH:
        assert f"Step {step.number}</span> {step.title}" in content
    assert content.count('class="step-number"') == 5
    assert 'href="/couple/"' in content


def test_home_for_someone_on_their_own(personas, client_for):
    response = client_for(personas["sam"]).get("/home/")
    assert response.status_code == 200
    assert response.templates[0].name == "core/home.html"
    assert_five_steps(response)
    text = text_of(response)
    assert "Hello, Sam" in text
    assert "on your own" in text
    assert "linked with" not in text


def test_home_for_someone_linked(personas, client_for):
    response = client_for(personas["alice"]).get("/home/")
    assert response.status_code == 200
    assert_five_steps(response)
    text = text_of(response)
    assert "You are linked with Bob" in text
    assert "on your own" not in text


@pytest.mark.parametrize("therapist", ["theo", "tina"])
def test_home_for_a_therapist(personas, client_for, therapist):
    response = client_for(personas[therapist]).get("/home/")
    assert response.status_code == 200
    assert response.templates[0].name == "core/home_therapist.html"
    text = text_of(response)
    assert "This is a therapist account" in text
    assert "Step 1" not in text
    assert 'href="/couple/"' not in response.content.decode()  # no partner pages for them


def test_home_needs_a_login(db, client):
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/home/"


# ---------------------------------------------------------------------------
# Every page
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", PAGES_BY_WHO, ids=WHO_IDS)
def test_every_page_has_the_quick_exit_and_a_neutral_title(personas, client_for, settings, who):
    settings.QUICK_EXIT_URL = "https://weather.example.com/today"
    for path, response in walk(personas, client_for, who):
        link = quick_exit_link(response.content)
        assert link is not None, f"no quick-exit control on {path}"
        assert link["href"] == "https://weather.example.com/today", path
        assert link["data-exit-endpoint"] == "/exit/", path
        assert "noreferrer" in link["rel"], path
        assert '<script src="/static/steadfast/site.js" defer>' in response.content.decode()

        title = title_of(response.content).lower()
        for word in SENSITIVE_TITLE_WORDS:
            assert not re.search(rf"\b{word}", title), f"{word!r} in title {title!r} of {path}"


@pytest.mark.parametrize("path", ["/no-such-page/", "/couple/"])
def test_error_pages_have_the_quick_exit_and_a_neutral_title(personas, client_for, path):
    response = client_for(personas["theo"]).get(path)
    assert response.status_code == 404
    assert quick_exit_link(response.content) is not None
    assert title_of(response.content).startswith("Not found")
