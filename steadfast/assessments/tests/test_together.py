"""Side by side (/measures/<key>/together/ and its chart, /measures/<key>/together.svg):
the results of one instrument that each partner shared with the other, as tables and one
chart, and the gap between their latest scores. Nothing that wasn't shared, ever."""

import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.assessments.models import Measure
from steadfast.couples.actions import unlink

from .conftest import assert_self_contained, make_measure, page_text, phq9

PAGE = "/measures/phq9/together/"
CHART = "/measures/phq9/together.svg"
AUDIENCES = ["private", "therapist", "partner", "partner+therapist"]
SHARED = {"partner", "partner+therapist"}
GAP_HEADING = "Where you each are now"


def total(n):
    """PHQ-9 answers adding up to `n` (at most 27)."""
    values = [3] * (n // 3) + ([n % 3] if n % 3 else [])
    return phq9(values + [0] * (9 - len(values)))


def captions(text):
    return re.findall(r"<caption>(.*?)</caption>", text)


def scores_in(text, caption):
    """The scores in the table with this caption, in order."""
    table = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", text, re.S)
    assert table, f"no table {caption!r}"
    return [re.findall(r"<td>(.*?)</td>", row, re.S)[0] for row in table.group(1).split("<tr")[2:]]


@pytest.mark.parametrize(
    ("alices", "bobs"),
    list(itertools.product(AUDIENCES, AUDIENCES)),
    ids=[f"alice:{a}-bob:{b}" for a, b in itertools.product(AUDIENCES, AUDIENCES)],
)
def test_every_sharing_combination(personas, client_for, alices, bobs):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, answers=total(14), audience=alices, days_ago=3)
    make_measure(bob, answers=total(6), audience=bobs, days_ago=2)
    alice_shared, bob_shared = alices in SHARED, bobs in SHARED

    for viewer, partner, mine_shared, theirs_shared in (
        (bob, "Alice", bob_shared, alice_shared),
        (alice, "Bob", alice_shared, bob_shared),
    ):
        client = client_for(viewer)
        response = client.get(PAGE)
        assert response.status_code == 200
        text = page_text(response)
        expected = []
        if mine_shared:
            expected.append("The PHQ-9 results you shared")
        if theirs_shared:
            expected.append(f"The PHQ-9 results {partner} shared")
        assert captions(text) == expected, (viewer, text)
        assert (GAP_HEADING in text) == (mine_shared and theirs_shared)
        if mine_shared and not theirs_shared:
            assert f"{partner} hasn't shared a PHQ-9 result with you." in text
        if theirs_shared and not mine_shared:
            assert f"You haven't shared a PHQ-9 result with {partner}." in text
        if not (mine_shared or theirs_shared):
            assert "Neither of you has shared a PHQ-9 result with the other yet." in text
        # An unshared score appears nowhere on the page, whoever's it is.
        if not alice_shared:
            assert "<td>14</td>" not in text
        if not bob_shared:
            assert "<td>6</td>" not in text

        chart = client.get(CHART)
        if not (mine_shared or theirs_shared):
            assert chart.status_code == 404
            assert "<img" not in text
            continue
        assert chart.status_code == 200
        assert chart["Content-Type"] == "image/svg+xml"
        svg = chart.content.decode()
        assert ('id="series-1"' in svg) == mine_shared
        assert ('id="series-2"' in svg) == theirs_shared
        assert_self_contained(chart.content)
        assert '<img src="/measures/phq9/together.svg"' in text


def test_the_gap_between_the_latest_shared_scores(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, answers=total(20), audience="partner", days_ago=40)
    latest_alice = make_measure(alice, answers=total(12), audience="partner", days_ago=3)
    make_measure(bob, answers=total(9), audience="partner", days_ago=30)
    latest_bob = make_measure(bob, answers=total(7), audience="partner+therapist", days_ago=1)

    text = page_text(client_for(bob).get(PAGE))

    assert (
        f"Your latest shared score is 7 ({latest_bob.completed_at:%-d %B %Y}); Alice's is 12 "
        f"({latest_alice.completed_at:%-d %B %Y})."
    ) in text
    assert "That is 5 points apart." in text
    assert "not a verdict on either of you" in text
    assert scores_in(text, "The PHQ-9 results you shared") == ["9", "7"]
    assert scores_in(text, "The PHQ-9 results Alice shared") == ["20", "12"]
    # Alice sees the same gap from her side.
    assert "That is 5 points apart." in page_text(client_for(alice).get(PAGE))


def test_equal_latest_scores_are_the_same(personas, client_for):
    make_measure(personas["alice"], answers=total(8), audience="partner")
    make_measure(personas["bob"], answers=total(8), audience="partner")
    assert "They are the same." in page_text(client_for(personas["bob"]).get(PAGE))


def test_one_point_apart_is_singular(personas, client_for):
    make_measure(personas["alice"], answers=total(8), audience="partner")
    make_measure(personas["bob"], answers=total(9), audience="partner")
    assert "That is 1 point apart." in page_text(client_for(personas["bob"]).get(PAGE))


def test_different_versions_are_not_compared(personas, client_for):
    make_measure(personas["alice"], answers=total(8), audience="partner")
    bobs = make_measure(personas["bob"], answers=total(9), audience="partner")
    Measure.objects.filter(pk=bobs.pk).update(version="0")

    text = page_text(client_for(personas["bob"]).get(PAGE))

    assert "answered on different versions of the PHQ-9" in text
    assert "apart." not in text


def test_changes_are_worked_out_between_shared_results_only(personas, client_for):
    """Alice's private result between two shared ones is not a step in Bob's table: the
    change he sees is from 20 to 18, not from 5 to 18."""
    alice = personas["alice"]
    make_measure(alice, answers=total(20), audience="partner", days_ago=60)
    make_measure(alice, answers=total(5), audience="private", days_ago=30)
    make_measure(alice, answers=total(18), audience="partner", days_ago=1)

    text = page_text(client_for(personas["bob"]).get(PAGE))

    assert scores_in(text, "The PHQ-9 results Alice shared") == ["20", "18"]
    assert "Down 2: within the ordinary ups and downs" in text
    assert "Up 13" not in text and "<td>5</td>" not in text


def test_unlinking_ends_the_view_at_once(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, audience="partner")
    make_measure(bob, audience="partner")
    unlink(alice)

    text = page_text(client_for(bob).get(PAGE))

    assert "You aren't linked with a partner" in text
    assert "<table" not in text
    assert client_for(bob).get(CHART).status_code == 404


def test_someone_outside_the_couple_sees_nothing_of_it(personas, client_for):
    make_measure(personas["alice"], answers=total(14), audience="partner+therapist")
    make_measure(personas["bob"], answers=total(6), audience="partner")

    for name in ("carol", "sam"):
        text = page_text(client_for(personas[name]).get(PAGE))
        assert "<table" not in text and "<td>14</td>" not in text
        assert client_for(personas[name]).get(CHART).status_code == 404


def test_the_shared_results_list_leads_here(personas, client_for):
    make_measure(personas["alice"], audience="partner")
    text = page_text(client_for(personas["bob"]).get("/measures/"))
    assert 'Side by side with your own shared results: <a href="/measures/phq9/together/">' in text


def test_the_page_costs_the_same_queries_for_many_results(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, audience="partner")
    make_measure(bob, audience="partner")
    client = client_for(bob)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE)
    for days in range(5, 50, 5):
        make_measure(alice, audience="partner", days_ago=days)
        make_measure(bob, audience="partner", days_ago=days)
    with CaptureQueriesContext(connection) as many:
        client.get(PAGE)
    assert len(many) == len(few)


@pytest.mark.parametrize("key", ["hark", "hits", "nonsense"])
def test_safety_and_unknown_instruments_are_404(personas, client_for, key):
    client = client_for(personas["bob"])
    assert client.get(f"/measures/{key}/together/").status_code == 404
    assert client.get(f"/measures/{key}/together.svg").status_code == 404


@pytest.mark.parametrize("url", [PAGE, CHART])
def test_therapists_get_404(personas, client_for, url):
    make_measure(personas["alice"], audience="partner+therapist")
    make_measure(personas["bob"], audience="partner+therapist")
    for name in ("theo", "tina"):
        assert client_for(personas[name]).get(url).status_code == 404


@pytest.mark.parametrize("url", [PAGE, CHART])
def test_only_get(personas, client_for, url):
    assert client_for(personas["bob"]).post(url).status_code == 405


@pytest.mark.parametrize("url", [PAGE, CHART])
def test_anonymous_visitors_are_sent_to_log_in(db, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
