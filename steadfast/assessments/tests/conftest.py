"""Helpers shared by the measures tests: answers, saved measures, page text and rows."""

import json
import re
import uuid
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from steadfast.assessments import actions, definitions
from steadfast.assessments.models import Measure, MeasureDraft, Schedule
from steadfast.core.testing import (  # noqa: F401  (re-exported to the tests)
    CSRF_PATTERNS,
    SUBMISSION_KEY,
    checked,
    fieldset_of,
    page_text,
    rows,
    strip_csrf,
    submission_key_of,
)

# PHQ-9 answers: item 9 ("thoughts of death or self-harm") is the safety flag.
PHQ9_MILD = [1, 1, 1, 1, 1, 1, 1, 0, 0]  # total 7, mild
PHQ9_FLAGGED = [1, 1, 1, 1, 1, 1, 0, 0, 1]  # total 7, mild, item 9 > 0
CRISIS = "you don't have to carry them alone"
SVG_NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def phq9(values, difficulty=None):
    """{item number: value} for PHQ-9 items 1-9 (and the unscored item 10 if given)."""
    answers = dict(enumerate(values, start=1))
    if difficulty is not None:
        answers[10] = difficulty
    return answers


def form_data(answers, *, key=None):
    """The take page's form, as posted: item_<n> radios and the one-time key."""
    data = {f"item_{number}": str(value) for number, value in answers.items()}
    data["submission_key"] = str(key or uuid.uuid4())
    return data


def take(client, instrument, answers, *, key=None):
    """Post a complete measure through the page; return the result URL (redirect asserted)."""
    data = form_data(answers, key=key)
    response = client.post(f"/measures/{instrument}/", data)
    assert response.status_code == 302, page_text(response)[:2000]
    assert response["Location"] == f"/measures/results/{data['submission_key']}/"
    return response["Location"]


def make_measure(person, instrument="phq9", answers=None, *, audience="private", days_ago=0):
    """A saved measure, through the action, `days_ago` days back."""
    answers = answers if answers is not None else phq9(PHQ9_MILD)
    measure = actions.record_measure(
        person,
        definitions.get_instrument(instrument),
        answers,
        submission_key=uuid.uuid4(),
        completed_at=timezone.now() - timedelta(days=days_ago),
    )
    if audience != "private":
        actions.share_measure(measure, audience)
    return measure


def assert_self_contained(svg):
    """Well-formed, with no outside reference of any kind (only namespace names, and
    links to its own ids), and nothing the site's CSP refuses if it is opened on its own:
    no style sheet or style attribute (`style-src 'self'`), no script."""
    ElementTree.fromstring(svg)  # noqa: S314 (the app's own output)
    text = svg.decode()
    assert "<style" not in text and " style=" not in text
    assert text.lstrip().startswith("<?xml")
    assert "<!DOCTYPE" not in text
    assert set(re.findall(r"https?://[^\"'\s<>)]+", text)) <= SVG_NAMESPACES
    for reference in re.findall(r'(?:xlink:)?href="([^"]*)"', text):
        assert reference.startswith("#"), reference
    for reference in re.findall(r"url\(([^)]*)\)", text):
        assert reference.startswith("#"), reference
    for forbidden in ("<script", "<image", "<foreignObject", "<metadata", "@import"):
        assert forbidden not in text


def result_url(measure):
    return f"/measures/results/{measure.submission_key}/"


def score_shown(response):
    """The score as the result page shows it, or None."""
    match = re.search(r'<span class="score-number">([^<]*)</span>', response.content.decode())
    return match.group(1) if match else None


def measures_state():
    """Everything the measures pages can write, in a comparable form."""
    return rows(Measure), rows(MeasureDraft), rows(Schedule)


@pytest.fixture
def practice_texts(settings, tmp_path):
    """A practice's local texts file giving their texts to the CSI-4 (no trustworthy SD),
    the ECR-RS (no total score) and HITS (a safety instrument), as documented for
    STEADFAST_INSTRUMENT_TEXTS."""
    texts = {
        "csi4": {
            "instructions": "Test instructions for the CSI-4.",
            "items": {str(n): f"CSI-4 test item {n}" for n in range(1, 5)},
        },
        "ecrrs": {"items": {str(n): f"ECR-RS test item {n}" for n in range(1, 10)}},
        "hits": {"items": {str(n): f"HITS test item {n}" for n in range(1, 5)}},
    }
    path = tmp_path / "texts.json"
    path.write_text(json.dumps(texts), encoding="utf-8")
    settings.STEADFAST_INSTRUMENT_TEXTS = str(path)
    yield path
    definitions.reload()
