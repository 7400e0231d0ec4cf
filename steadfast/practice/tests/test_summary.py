"""The pre-session summary of a couple and its PDF: both grants needed, granted data only,
revocation answers 404 at once, the PDF's text names the partners and the measures."""

import io
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from steadfast.checkins.actions import record_checkin
from steadfast.commitments import actions as commitment_actions
from steadfast.core.testing import (
    link,
    make_grant,
    make_person,
    page_text,
    strip_csrf,
)
from steadfast.practice.models import AccessRead, Grant

from .test_dashboard import phq9, scoring


def urls(grant):
    return (
        reverse("practice:couple_summary", args=[grant.key]),
        reverse("practice:couple_summary_pdf", args=[grant.key]),
    )


@pytest.fixture
def couple(personas):
    alice, bob, theo = personas["alice"], personas["bob"], personas["theo"]
    grants = make_grant(alice, theo), make_grant(bob, theo)
    phq9(alice, scoring(18), days_ago=20)
    phq9(alice, scoring(9))
    phq9(bob, scoring(6))
    return grants


def test_the_summary_shows_both_partners_side_by_side(personas, couple, therapist_for):
    alice, bob = personas["alice"], personas["bob"]
    Grant.objects.filter(pk__in=[g.pk for g in couple]).update(
        last_session_on=timezone.localdate() - timedelta(days=7)
    )
    promise = commitment_actions.make_commitment(
        alice,
        text="Call when I'm late",
        schedule={"kind": "daily", "weekdays": "", "start": timezone.localdate(), "end": None},
        audience="partner+therapist",
        submission_key=uuid.uuid4(),
    )
    commitment_actions.mark(
        promise, day=timezone.localdate(), done=True, note="", submission_key=uuid.uuid4()
    )
    record_checkin(
        bob,
        day=timezone.localdate(),
        trust=6,
        closeness=5,
        mood=7,
        note="",
        audience="therapist",
        submission_key=uuid.uuid4(),
    )

    response = therapist_for(personas["theo"]).get(urls(couple[0])[0])

    assert response.status_code == 200
    text = page_text(response)
    assert "Pre-session summary: Alice & Bob" in text
    assert "PHQ-9" in text and "Since last session: −9 (reliably better)" in text
    assert "Call when I'm late" in text and "kept 1 of 1" in text
    assert "trust 6.0" in text
    logged = AccessRead.objects.filter(client__in=[alice, bob])
    assert {row.category for row in logged} >= {"measures", "commitments", "checkins"}


def test_one_grant_is_not_enough_and_revoking_answers_404_at_once(personas, couple, therapist_for):
    theo = therapist_for(personas["theo"])
    assert all(theo.get(url).status_code == 200 for url in urls(couple[1]))
    couple[1].delete()  # Bob revokes
    for grant in couple:
        for url in urls(grant):
            assert theo.get(url).status_code == 404
    # A partner alone, or another therapist: 404 too.
    assert therapist_for(personas["tina"]).get(urls(couple[0])[0]).status_code == 404
    carol = personas["carol"]
    alone = make_grant(carol, personas["theo"])
    assert theo.get(urls(alone)[0]).status_code == 404


def test_private_partner_only_and_ungranted_data_change_nothing(personas, couple, therapist_for):
    alice, bob = personas["alice"], personas["bob"]
    Grant.objects.filter(pk=couple[1].pk).update(checkins=False)
    theo = therapist_for(personas["theo"])
    before = strip_csrf(theo.get(urls(couple[0])[0]).content)

    phq9(alice, scoring(24), audience="private")
    phq9(bob, [3] * 9, audience="partner")
    commitment_actions.make_commitment(
        bob,
        text="A promise for Alice only",
        schedule={"kind": "daily", "weekdays": "", "start": timezone.localdate(), "end": None},
        audience="partner",
        submission_key=uuid.uuid4(),
    )
    record_checkin(
        bob,
        day=timezone.localdate(),
        trust=1,
        closeness=1,
        mood=1,
        note="",
        audience="therapist",
        submission_key=uuid.uuid4(),
    )
    record_checkin(
        alice,
        day=timezone.localdate(),
        trust=2,
        closeness=2,
        mood=2,
        note="",
        audience="private",
        submission_key=uuid.uuid4(),
    )

    assert strip_csrf(theo.get(urls(couple[0])[0]).content) == before


def test_the_pdf_text_names_the_measures_and_both_partners(db, therapist_for):
    zoe, bob = make_person("zoë"), make_person("bob")
    theo = make_person("theo", role="therapist")
    link(zoe, bob)
    grant, _ = make_grant(zoe, theo), make_grant(bob, theo)
    phq9(zoe, scoring(18), days_ago=20)
    phq9(zoe, scoring(9))
    phq9(bob, scoring(6))

    response = therapist_for(theo).get(urls(grant)[1])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Zoë" in text and "Bob" in text and "PHQ-9" in text
    assert any(page.images for page in reader.pages)  # the chart
