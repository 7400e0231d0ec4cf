"""The caseload dashboard: granted data only, reliable change, due measures, safety flags,
the access log, and a constant number of queries however many clients."""

import uuid
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from steadfast.assessments import actions as measure_actions
from steadfast.assessments.definitions import get_instrument
from steadfast.assessments.models import Measure
from steadfast.core import crypto
from steadfast.core.testing import (
    link,
    make_grant,
    make_person,
    page_text,
    strip_csrf,
)
from steadfast.practice import dashboard
from steadfast.practice.models import AccessRead, Grant

HOME = "/practice/"


def phq9(person, values, audience="therapist", days_ago=0):
    measure = measure_actions.record_measure(
        person, get_instrument("phq9"), dict(enumerate(values, 1)), submission_key=uuid.uuid4()
    )
    measure = measure_actions.share_measure(measure, audience)
    if days_ago:
        Measure.objects.filter(pk=measure.pk).update(
            completed_at=timezone.now() - timedelta(days=days_ago)
        )
    return measure


def scoring(total):
    """Nine PHQ-9 answers adding up to `total`, item 9 left at 0."""
    values = [0] * 9
    for index in range(total):
        values[index % 8] += 1
    return values


def test_reliable_change_for_a_known_pair_of_scores():
    instrument = get_instrument("phq9")
    first = Measure(pk=1, version="1", total=20, completed_at=timezone.now())
    latest = Measure(pk=2, version="1", total=8, completed_at=timezone.now())
    report = dashboard.change_between(instrument, first, latest)
    # The PHQ-9's fixed criterion is 6 points: 12 down is a reliable improvement.
    assert report.reliable and report.direction == "better"
    assert dashboard.change_words(report) == "−12 (reliably better)"
    small = Measure(pk=3, version="1", total=16, completed_at=timezone.now())
    assert dashboard.change_words(dashboard.change_between(instrument, first, small)) == (
        "−4 (within ordinary ups and downs)"
    )
    assert dashboard.crossing_words(instrument, first, latest) == "Crossed out of " + (
        instrument.cutoff.get("label") or "the cut-off"
    )


def test_the_row_shows_latest_scores_and_change_since_intake_and_last_session(
    personas, therapist_for
):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo, "measures")
    phq9(alice, scoring(20), days_ago=30)
    phq9(alice, scoring(16), days_ago=10)
    phq9(alice, scoring(8))
    Grant.objects.filter(pk=grant.pk).update(last_session_on=timezone.localdate() - timedelta(5))

    text = page_text(therapist_for(theo).get(HOME))

    assert "Since intake: −12 (reliably better)" in text
    assert "Since last session: −8 (reliably better)" in text
    # Every measure behind those figures is in Alice's access log.
    assert AccessRead.objects.filter(client=alice, category="measures").count() == 3


def test_private_partner_only_and_ungranted_data_change_nothing(personas, therapist_for):
    alice, bob, theo = personas["alice"], personas["bob"], personas["theo"]
    make_grant(alice, theo, "measures", "checkins")
    make_grant(bob, theo, "measures")
    phq9(alice, scoring(12), days_ago=20)
    phq9(bob, scoring(5))
    client = therapist_for(theo)
    before = strip_csrf(client.get(HOME).content)

    # Private and partner-only results, newer than anything shared; a check-in for a
    # therapist, which Bob did not grant.
    phq9(alice, scoring(24), audience="private")
    phq9(alice, [3] * 9, audience="partner")
    phq9(bob, [3] * 9, audience="partner")
    from steadfast.checkins.actions import record_checkin

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

    assert strip_csrf(client.get(HOME).content) == before


def test_safety_flags_only_with_the_safety_grant(personas, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    grant = make_grant(alice, theo, "measures")
    phq9(alice, [1, 1, 1, 1, 1, 1, 1, 1, 2])
    client = therapist_for(theo)

    assert "Not shared" in page_text(client.get(HOME))
    Grant.objects.filter(pk=grant.pk).update(safety=True)
    text = page_text(client.get(HOME))
    assert "PHQ-9: " in text and "No flags" not in text


def test_due_and_overdue_measures_count_only_granted_results(personas, therapist_for):
    alice, theo = personas["alice"], personas["theo"]
    make_grant(alice, theo, "measures")
    phq9(alice, scoring(5), days_ago=60)
    phq9(alice, scoring(5), audience="private")  # a private result does not make it "done"
    client = therapist_for(theo)

    text = page_text(client.get(HOME))
    assert "PHQ-9: overdue since" in text


def test_the_last_session_date_is_set_for_both_partners(personas, therapist_for):
    alice, bob, theo = personas["alice"], personas["bob"], personas["theo"]
    first, second = make_grant(alice, theo), make_grant(bob, theo)
    client = therapist_for(theo)

    response = client.post(
        reverse("practice:session_date", args=[first.key]), {"day": "2026-11-20"}
    )

    assert response.status_code == 302
    assert {g.last_session_on for g in Grant.objects.filter(pk__in=[first.pk, second.pk])} == {
        date(2026, 11, 20)
    }
    assert (
        therapist_for(personas["tina"])
        .post(reverse("practice:session_date", args=[first.key]), {"day": "2026-11-21"})
        .status_code
        == 404
    )


def _couples(theo, count):
    for n in range(count):
        her, him = make_person(f"her{n}"), make_person(f"him{n}")
        link(her, him)
        make_grant(her, theo, "measures", "safety")
        make_grant(him, theo, "measures")
        phq9(her, scoring(15), days_ago=20)
        phq9(her, scoring(7))
        phq9(him, scoring(3))


def _queries(client):
    crypto.key_cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response.status_code == 200
    return len(queries), response


def test_the_dashboard_is_query_bounded(personas, therapist_for):
    theo = personas["theo"]
    client = therapist_for(theo)
    _couples(theo, 1)
    one, _ = _queries(client)
    for n in range(1, 10):
        her, him = make_person(f"more{n}"), make_person(f"other{n}")
        link(her, him)
        make_grant(her, theo, "measures", "safety")
        make_grant(him, theo, "measures")
        phq9(her, scoring(15), days_ago=20)
        phq9(her, scoring(7))
        phq9(him, scoring(3))
    ten, response = _queries(client)

    assert "More9" in page_text(response)
    assert ten == one
