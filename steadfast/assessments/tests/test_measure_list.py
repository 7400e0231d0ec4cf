"""The list of measures (/measures/): what can be taken, what is due, the person's latest
result of each, and the results a partner chose to share: only those."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.assessments import battery
from steadfast.assessments.models import MeasureDraft

from .conftest import PHQ9_MILD, make_measure, page_text, phq9, result_url

URL = "/measures/"


def card(text, short_name):
    """The list item of one instrument."""
    for item in re.findall(r'<li class="card[^"]*">.*?</li>', text, re.S):
        if f"({short_name})</span></h2>" in item:
            return item
    raise AssertionError(f"no card for {short_name}")


def test_every_offered_measure_is_listed_and_due_at_first(personas, client_for):
    response = client_for(personas["sam"]).get(URL)

    assert response.status_code == 200
    text = page_text(response)
    assert "<title>Measures · Steadfast</title>" in text
    for instrument in battery.offered_instruments():
        item = card(text, instrument.short_name)
        assert "Due now." in item
        assert f'href="/measures/{instrument.key}/">Answer now' in item
    assert [i.key for i in battery.offered_instruments()][:3] == ["rses", "phq9", "gad7"]
    for hidden in ("HARK", "HITS", "CSI-4"):  # safety instruments; no texts here
        assert f"({hidden})" not in text
    assert "Shared with you" not in text  # Sam has no partner


def test_the_latest_result_of_each_and_when_it_is_next_due(personas, client_for):
    sam = personas["sam"]
    make_measure(sam, answers=phq9([3] * 9), days_ago=30)
    latest = make_measure(sam, answers=phq9(PHQ9_MILD), days_ago=2)

    item = card(page_text(client_for(sam).get(URL)), "PHQ-9")

    next_due = latest.completed_at + timedelta(days=28)
    assert f"Next due on {next_due:%-d %B %Y}." in item
    assert f"Last result, {latest.completed_at:%-d %B %Y}: 7, mild." in item
    assert f'href="{result_url(latest)}"' in item
    assert "Due now." not in item


def test_answers_kept_for_later_say_carry_on(personas, client_for):
    sam = personas["sam"]
    MeasureDraft.objects.create(owner=sam, instrument="gad7", answers={"1": 2})
    text = page_text(client_for(sam).get(URL))
    assert 'href="/measures/gad7/">Carry on' in card(text, "GAD-7")
    assert 'href="/measures/phq9/">Answer now' in card(text, "PHQ-9")


def test_only_what_the_partner_shared_is_listed(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    shared = make_measure(alice, answers=phq9(PHQ9_MILD), audience="partner", days_ago=1)
    both = make_measure(alice, "gad7", dict.fromkeys(range(1, 8), 0), audience="partner+therapist")
    hidden = [
        make_measure(alice, audience="private"),
        make_measure(alice, audience="therapist"),
        make_measure(personas["carol"], audience="partner"),
    ]

    text = page_text(client_for(bob).get(URL))

    assert "Results Alice chose to share with you." in text
    assert (
        f'<a href="{result_url(both)}">GAD-7, {both.completed_at:%-d %B %Y}</a>: 0, minimal' in text
    )
    assert (
        f'<a href="{result_url(shared)}">PHQ-9, {shared.completed_at:%-d %B %Y}</a>: 7, mild'
        in text
    )
    assert text.index(str(both.submission_key)) < text.index(str(shared.submission_key))
    for measure in hidden:
        assert str(measure.submission_key) not in text
    assert "Last result" not in text  # nothing of Alice's counts as Bob's own


def test_a_partner_who_shared_nothing(personas, client_for):
    make_measure(personas["alice"], audience="therapist")
    text = page_text(client_for(personas["bob"]).get(URL))
    assert "Alice hasn't shared any results with you." in text


def test_the_number_of_queries_does_not_grow_with_results(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    client = client_for(alice)

    def queries_after(more):
        for days in range(more):
            make_measure(alice, days_ago=days)
            make_measure(alice, "gad7", dict.fromkeys(range(1, 8), 1), days_ago=days)
            make_measure(bob, audience="partner", days_ago=days)
        MeasureDraft.objects.create(owner=alice, instrument=f"draft{more}", answers={"1": 1})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return [q["sql"] for q in queries.captured_queries]

    few, many = queries_after(1), queries_after(5)

    assert len(few) == len(many)
    # newest of each, drafts, schedule, partner, shared results: one query each
    ours = [sql for sql in many if re.search(r'FROM "(assessments|couples)_', sql)]
    assert len(ours) == 5, ours


def test_visitors_therapists_and_posts_are_refused(db, personas, client, client_for):
    assert client.get(URL)["Location"] == "/login/?next=/measures/"
    for therapist in ["theo", "tina"]:
        assert client_for(personas[therapist]).get(URL).status_code == 404
    assert client_for(personas["alice"]).post(URL).status_code == 405
