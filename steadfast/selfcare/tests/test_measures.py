"""The self-care page links to the person's own RSES, PHQ-9 and GAD-7, and only theirs."""

import uuid

import pytest

from steadfast.assessments import actions as measure_actions
from steadfast.assessments.definitions import get_instrument

from .conftest import page_text

pytestmark = pytest.mark.django_db


def record(person, key, answers, shared=False):
    measure = measure_actions.record_measure(
        person, get_instrument(key), dict(enumerate(answers, start=1)), submission_key=uuid.uuid4()
    )
    if shared:
        measure_actions.share_measure(measure, "partner")
    return measure


def test_with_no_results_a_gentle_invitation_to_the_rses(personas, client_for):
    text = page_text(client_for(personas["alice"]).get("/care/"))

    assert 'id="measures-invitation"' in text
    assert 'href="/measures/rses/"' in text


def test_the_persons_own_latest_results_are_shown_with_date_and_links(personas, client_for):
    alice = personas["alice"]
    record(alice, "gad7", [0, 0, 0, 0, 0, 0, 0])
    latest = record(alice, "gad7", [1, 1, 1, 0, 0, 0, 0])
    record(alice, "rses", [2] * 10)

    text = page_text(client_for(alice).get("/care/"))

    assert 'id="measures-invitation"' not in text
    assert "Generalized Anxiety Disorder-7 (GAD-7)" in text
    assert "Rosenberg Self-Esteem Scale (RSES)" in text
    assert text.index('id="measure-rses"') < text.index('id="measure-gad7"')
    assert f'href="/measures/results/{latest.submission_key}/"' in text
    assert f"{latest.completed_at:%-d %B %Y}</a>: 3." in text
    assert 'href="/measures/gad7/">Answer the GAD-7 again' in text
    assert 'id="measure-phq9"' not in text


def test_a_partners_results_never_appear_even_when_shared(personas, client_for):
    record(personas["bob"], "phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0], shared=True)
    record(personas["bob"], "rses", [0] * 10, shared=True)

    text = page_text(client_for(personas["alice"]).get("/care/"))

    assert 'id="measures-invitation"' in text
    assert 'id="measure-phq9"' not in text and 'id="measure-rses"' not in text


def test_a_flagged_phq9_points_to_help(personas, client_for):
    alice = personas["alice"]
    record(alice, "phq9", [1, 1, 0, 0, 0, 0, 0, 0, 2])

    text = page_text(client_for(alice).get("/care/"))

    assert "thoughts of being better off dead" in text
    assert 'href="/care/help/">Finding a counsellor or therapist' in text
    assert 'href="/support/">People who can help now' in text
