"""The pre-session summary of one client on their own (page and PDF), the charts drawn
inline in both summaries' pages, and "since the last session" taken from the session notes
as well as the date set on the grant.

The individual summary needs only that client's accepted grant, shows each section only as
that grant covers it, and reads nothing of the partner's: not their records, not their
acknowledgements of the client's promises (the perception gap is a couple-summary thing).
"""

import io
import re
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from steadfast.assessments import actions as measure_actions
from steadfast.assessments.definitions import get_instrument
from steadfast.checkins.actions import record_checkin
from steadfast.commitments import actions as commitment_actions
from steadfast.conversations.models import Conversation
from steadfast.core.testing import link, make_grant, make_person, page_text
from steadfast.journal.models import Entry
from steadfast.practice import dashboard, notes
from steadfast.practice import summary as summaries
from steadfast.practice.categories import CATEGORY_FIELDS
from steadfast.practice.models import AccessRead, Grant

from .test_dashboard import phq9, scoring

SECTIONS = {
    "measures": "Questionnaires",
    "commitments": "Promises",
    "checkins": "Daily check-ins",
    "conversations": "Conversations held",
    "journal": "Shared with you for the session",
}


def urls(grant):
    return (
        reverse("practice:client_summary", args=[grant.key]),
        reverse("practice:client_summary_pdf", args=[grant.key]),
    )


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages), reader


def promise(person, text, audience="partner+therapist"):
    return commitment_actions.make_commitment(
        person,
        text=text,
        schedule={"kind": "daily", "weekdays": "", "start": timezone.localdate(), "end": None},
        audience=audience,
        submission_key=uuid.uuid4(),
    )


def checkin(person, value, audience="therapist", days_ago=0):
    return record_checkin(
        person,
        day=timezone.localdate() - timedelta(days=days_ago),
        trust=value,
        closeness=value,
        mood=value,
        note="",
        audience=audience,
        submission_key=uuid.uuid4(),
    )


@pytest.fixture
def wren(db):
    """Wren, a client on her own (no couple): granted theo everything but safety."""
    wren = make_person("wren")
    theo = make_person("theo", role="therapist")
    grant = make_grant(wren, theo)
    phq9(wren, scoring(18), days_ago=20)
    phq9(wren, scoring(9))
    return wren, theo, grant


def test_a_client_alone_gets_a_summary_of_what_they_granted(wren, therapist_for):
    person, theo, grant = wren
    Grant.objects.filter(pk=grant.pk).update(
        last_session_on=timezone.localdate() - timedelta(days=7)
    )
    kept = promise(person, "Walk every evening", audience="therapist")
    commitment_actions.mark(
        kept, day=timezone.localdate(), done=True, note="", submission_key=uuid.uuid4()
    )
    checkin(person, 6)
    Entry.objects.create(owner=person, audience="therapist", title="Before Thursday", body="x")
    client = therapist_for(theo)

    response = client.get(urls(grant)[0])

    assert response.status_code == 200
    text = page_text(response)
    assert "Pre-session summary: Wren" in text
    assert "What Wren shared with you, since the last session on" in text
    assert "Since last session: −9 (reliably better)" in text
    assert "Walk every evening" in text and "kept 1 of 1" in text
    assert "trust 6.0" in text
    assert "Journal entry “Before Thursday”" in text
    for heading in SECTIONS.values():
        assert f"<h2>{heading}</h2>" in text
    # One person: no partner's columns, no perception gap.
    assert "As the partner noticed" not in text and "Perception gap" not in text
    assert reverse("practice:client_summary_pdf", args=[grant.key]) in text
    logged = AccessRead.objects.filter(client=person)
    assert {row.category for row in logged} == {"measures", "commitments", "checkins", "journal"}
    assert logged.filter(category="measures").count() == 2

    text, reader = pdf_text(client.get(urls(grant)[1]))
    assert "Wren" in text and "PHQ-9" in text and "Walk every evening" in text
    assert "Perception gap" not in text
    assert any(page.images for page in reader.pages)  # the chart


def test_no_grant_a_pending_or_revoked_one_answers_404(personas, therapist_for):
    carol, theo = personas["carol"], personas["theo"]
    grant = make_grant(carol, theo)
    theo_client = therapist_for(theo)
    assert all(theo_client.get(url).status_code == 200 for url in urls(grant))

    # Another therapist, with no grant from Carol (or with one of their own: not theo's).
    tina = therapist_for(personas["tina"])
    assert all(tina.get(url).status_code == 404 for url in urls(grant))
    make_grant(carol, personas["tina"])
    assert all(tina.get(url).status_code == 404 for url in urls(grant))
    # An invitation not accepted yet.
    pending = make_grant(personas["dan"], theo, accepted=False)
    assert all(theo_client.get(url).status_code == 404 for url in urls(pending))
    # Revoked: at once.
    grant.delete()
    assert all(theo_client.get(url).status_code == 404 for url in urls(grant))
    # A person, even the client herself.
    person = therapist_for(carol)
    assert all(person.get(url).status_code == 404 for url in urls(grant))


@pytest.mark.parametrize("category", list(SECTIONS))
def test_a_category_not_granted_leaves_its_section_out(category, wren, therapist_for):
    person, theo, grant = wren
    Grant.objects.filter(pk=grant.pk).update(**{category: False})
    promise(person, "A promise for theo", audience="therapist")
    checkin(person, 4)
    Entry.objects.create(owner=person, audience="therapist", title="Shared", body="x")
    client = therapist_for(theo)

    text = page_text(client.get(urls(grant)[0]))
    pdf, _ = pdf_text(client.get(urls(grant)[1]))

    assert f"<h2>{SECTIONS[category]}</h2>" not in text
    assert SECTIONS[category] not in pdf
    for other, heading in SECTIONS.items():
        if other != category:
            assert f"<h2>{heading}</h2>" in text and heading in pdf
    assert not AccessRead.objects.filter(client=person, category=category).exists()


@pytest.fixture
def partners(db):
    """Wren and Quillon, a couple; both granted theo everything (safety too). Quillon has
    data of every kind for theo, and has acknowledged Wren's promise."""
    wren, quillon = make_person("wren"), make_person("quillon")
    link(wren, quillon)
    theo = make_person("theo", role="therapist")
    grants = make_grant(wren, theo, *CATEGORY_FIELDS), make_grant(quillon, theo, *CATEGORY_FIELDS)
    phq9(wren, scoring(12))
    hers = promise(wren, "Wren-answers-calls")
    commitment_actions.mark(
        hers, day=timezone.localdate(), done=True, note="", submission_key=uuid.uuid4()
    )
    commitment_actions.acknowledge(
        hers, quillon, day=timezone.localdate(), seen="not_noticed", submission_key=uuid.uuid4()
    )
    checkin(wren, 5)
    # Quillon's own: measures, a promise, check-ins and a journal entry, all for theo.
    phq9(quillon, scoring(20), days_ago=10)
    phq9(quillon, scoring(4))
    promise(quillon, "Quillon-promise-text")
    checkin(quillon, 1)
    Entry.objects.create(owner=quillon, audience="therapist", title="Quillon-entry", body="y")
    Conversation.objects.create(owner=quillon, partner=wren, speaker=quillon)
    return wren, quillon, theo, grants


def test_nothing_of_the_partners_is_in_the_individual_summary(partners, therapist_for):
    wren, quillon, theo, (wren_grant, _) = partners
    client = therapist_for(theo)

    page = client.get(urls(wren_grant)[0])
    pdf, _ = pdf_text(client.get(urls(wren_grant)[1]))
    html = page.content.decode()

    assert page.status_code == 200
    for text in (html, pdf):
        assert "Wren-answers-calls" in text and "PHQ-9" in text
        assert "Quillon" not in text
        assert "Perception gap" not in text and "As the partner noticed" not in text
    # Wren's own marks only: Quillon's "did not notice" is not counted anywhere.
    found = summaries.build(theo, (wren_grant,))
    ((_, estimates),) = found.parts[0].promises
    assert estimates["partner"].n == 0 and estimates["gap"] is None
    assert all(record.owner_id == wren.pk for record in found.shown)
    # The conversation Quillon opened with Wren: a date under Wren's grant, logged in her
    # log only. Nothing at all lands in Quillon's log.
    assert len(found.conversations) == 1
    # The page and the PDF read it within 15 minutes: one read (actions.REPEAT_READ_MINUTES).
    assert AccessRead.objects.filter(client=wren, category="conversations").count() == 1
    assert not AccessRead.objects.filter(client=quillon).exists()


def test_the_couple_summary_still_shows_the_perception_gap(partners, therapist_for):
    wren, quillon, theo, (wren_grant, _) = partners
    client = therapist_for(theo)

    text = page_text(client.get(reverse("practice:couple_summary", args=[wren_grant.key])))

    assert "Perception gap" in text and "Quillon-promise-text" in text
    assert text.count("<svg") == 1  # one PHQ-9 chart, both lines
    # Without Quillon's grant for promises, his answers are not loaded: no gap to show.
    Grant.objects.filter(client=quillon).update(commitments=False)
    found = summaries.build(theo, summaries.couple_grants(theo, wren_grant.key))
    ((_, estimates),) = found.parts[1].promises  # Wren's (parts in name order)
    assert estimates["partner"].n == 0 and estimates["gap"] is None


def _ids_and_references(html):
    ids = re.findall(r'\sid="([^"]+)"', html)
    references = re.findall(r'href="#([^"]+)"', html) + re.findall(r"url\(#([^)]+)\)", html)
    return ids, references


@pytest.mark.parametrize("kind", ["client", "couple"])
def test_the_page_draws_the_charts_inline_and_self_contained(kind, partners, therapist_for):
    wren, quillon, theo, (wren_grant, _) = partners
    url = reverse(f"practice:{kind}_summary", args=[wren_grant.key])

    html = therapist_for(theo).get(url).content.decode()

    svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(svgs) == 1
    svg = svgs[0]
    assert "<?xml" not in html and "<!DOCTYPE svg" not in svg
    assert 'class="chart-image"' in svg and 'role="img"' in svg
    assert "<title>PHQ-9 over time:" in svg
    assert "<style" not in svg and 'style="' not in svg  # the CSP allows no inline styles
    assert "<script" not in svg.lower()
    outside = set(re.findall(r'(?:href|src)="(?!#)([^"]+)"', svg))
    assert not outside  # nothing to fetch
    ids, references = _ids_and_references(html)
    assert len(ids) == len(set(ids))
    assert references and set(references) <= set(ids)


def test_two_charts_on_one_page_never_share_an_id(wren, therapist_for):
    person, theo, grant = wren
    for answers in (dict.fromkeys(range(1, 8), 2), dict.fromkeys(range(1, 8), 0)):
        measure = measure_actions.record_measure(
            person, get_instrument("gad7"), answers, submission_key=uuid.uuid4()
        )
        measure_actions.share_measure(measure, "therapist")

    html = therapist_for(theo).get(urls(grant)[0]).content.decode()

    assert html.count("<svg") == 2
    ids, references = _ids_and_references(html)
    assert len(ids) == len(set(ids))
    assert set(references) <= set(ids)


def test_since_the_last_session_comes_from_the_later_of_the_grant_and_the_notes(
    wren, therapist_for
):
    person, theo, grant = wren
    today = timezone.localdate()
    Grant.objects.filter(pk=grant.pk).update(last_session_on=today - timedelta(days=30))
    phq9(person, scoring(15), days_ago=5)  # after the grant's date, before the note's
    notes.add(theo, person, body="Saw her", session_date=today - timedelta(days=3))
    notes.add(theo, person, body="Next time", session_date=today + timedelta(days=4))
    client = therapist_for(theo)

    text = page_text(client.get(urls(grant)[0]))
    home = page_text(client.get(reverse("practice:home")))

    noted = today - timedelta(days=3)
    assert f"since the last session on {noted:%-d %B %Y}" in text
    # 15 (five days ago, before the noted session) to 9 now; from 18 it would read −9.
    assert "Since last session: −6 (reliably better)" in text
    assert "Since last session: −6 (reliably better)" in home
    assert f"Latest session note: {noted:%-d %b %Y}" in home
    # The date set on the grant wins when it is the later one.
    yesterday = today - timedelta(days=1)
    Grant.objects.filter(pk=grant.pk).update(last_session_on=yesterday)
    text = page_text(client.get(urls(grant)[0]))
    assert f"since the last session on {yesterday:%-d %B %Y}" in text


def test_the_couple_summary_counts_either_partners_notes(partners, therapist_for):
    wren, quillon, theo, (wren_grant, _) = partners
    noted = timezone.localdate() - timedelta(days=2)
    notes.add(theo, quillon, body="Both came", session_date=noted, partner=wren)

    text = page_text(
        therapist_for(theo).get(reverse("practice:couple_summary", args=[wren_grant.key]))
    )

    assert f"since the last session on {noted:%-d %B %Y}" in text


def test_notes_add_one_query_to_the_dashboard_however_many_clients(db):
    theo = make_person("theo", role="therapist")
    people = [make_person(f"client{n}") for n in range(6)]
    grants = [make_grant(person, theo, "measures") for person in people]
    for person in people:
        phq9(person, scoring(10))
    grants = list(Grant.objects.filter(pk__in=[g.pk for g in grants]).select_related("client"))
    dashboard.summaries(theo, grants[:1])  # warm caches (instrument definitions)

    def count(chosen):
        with CaptureQueriesContext(connection) as queries:
            dashboard.summaries(theo, chosen)
        return len(queries)

    without_notes = count(grants)
    for person in people:
        notes.add(theo, person, body="Seen", session_date=timezone.localdate())
    assert count(grants) == without_notes == count(grants[:1])
    found, _ = dashboard.summaries(theo, grants)
    assert all(s.last_session == timezone.localdate() for s in found.values())
