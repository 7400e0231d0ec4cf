"""One's own measure over time (/measures/<key>/history/ and its chart,
/measures/<key>/history.svg): every result of one's own, as an SVG chart with bands, the
cut-off and reliable changes marked, and as a table; nobody else's, shared or not."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import assert_self_contained, make_measure, page_text, phq9, result_url

PAGE = "/measures/phq9/history/"
CHART = "/measures/phq9/history.svg"


def history(person, totals_by_days_ago, instrument="phq9"):
    """PHQ-9s whose first items add up to each total, oldest first."""
    made = []
    for days_ago, total in totals_by_days_ago:
        values = [3] * (total // 3) + ([total % 3] if total % 3 else [])
        values += [0] * (9 - len(values))
        made.append(make_measure(person, instrument, phq9(values), days_ago=days_ago))
    return made


def table_rows(text):
    """(date, score, band, change) for each row of the trajectory table(s)."""
    rows = []
    for row in re.findall(r"<tr(?: class=\"[^\"]*\")?>\s*<th scope=\"row\">(.*?)</tr>", text, re.S):
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        date = re.sub(r"<[^>]+>", "", row.split("</th>")[0]).strip()
        rows.append((date, *cells))
    return rows


def test_the_page_shows_every_own_result_in_a_table_beside_the_chart(personas, client_for):
    sam = personas["sam"]
    first, second, third = history(sam, [(60, 18), (30, 11), (2, 13)])

    response = client_for(sam).get(PAGE)

    assert response.status_code == 200
    text = page_text(response)
    assert "<title>PHQ-9 over time · Steadfast</title>" in text
    assert (
        '<img src="/measures/phq9/history.svg" alt="Chart of your PHQ-9 scores over time. '
        'The table below gives the same results." class="chart-image">'
    ) in text
    assert table_rows(text) == [
        (f"{first.completed_at:%-d %b %Y}", "18", "moderately severe", "First result"),
        (
            f"{second.completed_at:%-d %b %Y}",
            "11",
            "moderate",
            "Down 7: a reliable change for the better",
        ),
        (
            f"{third.completed_at:%-d %b %Y}",
            "13",
            "moderate",
            "Up 2: within the ordinary ups and downs",
        ),
    ]
    assert f'href="{result_url(second)}"' in text
    assert "The dotted line is its cut-off: 10 or more" in text
    assert "A diamond marks a reliable change for the better" in text
    assert "On the PHQ-9, lower scores are better." in text


def test_private_and_shared_results_alike_are_on_the_owners_page(personas, client_for):
    alice = personas["alice"]
    make_measure(alice, audience="private", days_ago=9)
    make_measure(alice, audience="partner", days_ago=5)
    make_measure(alice, audience="therapist", days_ago=1)

    assert len(table_rows(page_text(client_for(alice).get(PAGE)))) == 3


def test_the_chart_is_an_svg_image_with_bands_cut_off_and_reliable_changes(personas, client_for):
    sam = personas["sam"]
    history(sam, [(60, 18), (30, 11), (2, 18)])

    response = client_for(sam).get(CHART)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "<title>Your PHQ-9 results over time</title>" in svg
    assert [int(n) for n in re.findall(r'id="band-(\d+)"', svg)] == [1, 2, 3, 4, 5]
    assert 'id="cutoff"' in svg
    assert 'id="series-1"' in svg and 'id="series-2"' not in svg
    assert 'id="reliable-better"' in svg and 'id="reliable-worse"' in svg
    assert_self_contained(response.content)


def test_the_chart_keeps_to_the_content_security_policy(personas, client_for):
    sam = personas["sam"]
    history(sam, [(1, 5)])

    response = client_for(sam).get(CHART)
    page = page_text(client_for(sam).get(PAGE))

    policy = response["Content-Security-Policy"]
    assert "img-src 'self'" in policy and "script-src 'self'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    images = re.findall(r'<img src="([^"]*)"', page)
    assert images == [CHART], "every image comes from this site"


def test_the_same_results_draw_the_same_bytes(personas, client_for):
    """Stable ids: the chart can be compared (and cached by a browser) like any page."""
    sam = personas["sam"]
    history(sam, [(30, 9), (2, 3)])
    client = client_for(sam)
    assert client.get(CHART).content == client.get(CHART).content


def test_an_instrument_without_a_cut_off_or_reliable_change_draws_neither(personas, client_for):
    sam = personas["sam"]
    make_measure(sam, "rses", dict.fromkeys(range(1, 11), 2), days_ago=7)
    make_measure(sam, "rses", dict.fromkeys(range(1, 11), 2), days_ago=1)

    svg = client_for(sam).get("/measures/rses/history.svg").content.decode()

    assert 'id="cutoff"' not in svg and 'id="reliable-' not in svg
    assert len(re.findall(r'id="band-\d+"', svg)) == 3  # low, normal, high


def test_nothing_yet_says_so_and_draws_nothing(personas, client_for):
    client = client_for(personas["sam"])

    response = client.get(PAGE)

    assert response.status_code == 200
    text = page_text(response)
    assert "You haven't answered the PHQ-9 yet, so there is nothing to show here." in text
    assert "<img" not in text and "<table" not in text
    assert 'href="/measures/phq9/">Answer the PHQ-9 now' in text
    assert client.get(CHART).status_code == 404


def test_an_instrument_without_a_single_score_says_so(personas, client_for, practice_texts):
    sam = personas["sam"]
    make_measure(sam, "ecrrs", dict.fromkeys(range(1, 10), 4))

    response = client_for(sam).get("/measures/ecrrs/history/")

    assert "The ECR-RS has no single score to follow over time." in page_text(response)
    assert client_for(sam).get("/measures/ecrrs/history.svg").status_code == 404


def test_a_partner_sees_only_their_own_results_even_when_shared(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, answers=phq9([3] * 9), audience="partner", days_ago=20)
    make_measure(alice, audience="partner+therapist", days_ago=10)
    make_measure(alice, audience="private")
    client = client_for(bob)

    page = client.get(PAGE)

    assert page.status_code == 200
    assert "You haven't answered the PHQ-9 yet" in page_text(page)
    assert client.get(CHART).status_code == 404
    # With a result of his own, the page and the chart are his alone.
    mine = make_measure(bob, answers=phq9([0] * 9))
    assert table_rows(page_text(client.get(PAGE))) == [
        (f"{mine.completed_at:%-d %b %Y}", "0", "minimal", "First result")
    ]
    svg = client.get(CHART).content.decode()
    assert 'id="series-1"' in svg and 'id="series-2"' not in svg


def test_a_linked_person_is_offered_the_side_by_side_view(personas, client_for):
    make_measure(personas["alice"])
    text = page_text(client_for(personas["alice"]).get(PAGE))
    assert 'href="/measures/phq9/together/">See the PHQ-9 side by side with Bob</a>' in text
    solo = page_text(client_for(personas["sam"]).get(PAGE))
    assert "side by side" not in solo


def test_the_measures_list_and_the_result_link_to_the_history(personas, client_for):
    sam = personas["sam"]
    measure = make_measure(sam)
    client = client_for(sam)
    assert 'href="/measures/phq9/history/">All results over time' in page_text(
        client.get("/measures/")
    )
    assert 'href="/measures/phq9/history/">All your PHQ-9 results over time' in page_text(
        client.get(result_url(measure))
    )


def test_the_page_costs_the_same_queries_for_many_results(personas, client_for):
    sam = personas["sam"]
    client = client_for(sam)
    history(sam, [(3, 6)])
    client.get(PAGE)
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE)
    history(sam, [(day, day % 27) for day in range(10, 100, 10)])
    with CaptureQueriesContext(connection) as many:
        client.get(PAGE)
    assert len(many) == len(few)


@pytest.mark.parametrize("url", [PAGE, CHART, "/measures/nonsense/history/"])
def test_therapists_get_404(personas, client_for, url):
    make_measure(personas["alice"], audience="partner+therapist")
    assert client_for(personas["theo"]).get(url).status_code == 404


@pytest.mark.parametrize("url", [PAGE, CHART])
def test_anonymous_visitors_are_sent_to_log_in(db, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("url", [PAGE, CHART])
def test_only_get(personas, client_for, url):
    assert client_for(personas["sam"]).post(url).status_code == 405


@pytest.mark.parametrize("key", ["nonsense", "PHQ9"])
def test_an_unknown_instrument_is_404(personas, client_for, key):
    client = client_for(personas["sam"])
    assert client.get(f"/measures/{key}/history/").status_code == 404
    assert client.get(f"/measures/{key}/history.svg").status_code == 404
