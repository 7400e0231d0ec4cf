"""A promise's estimate over time (/promises/<key>/chart.svg, and on /promises/<key>/):
an SVG image for the owner and the partner it is shared with, its figures in a table, and
only the current couple's answers counted."""

import re

import pytest

from steadfast.assessments.tests.conftest import assert_self_contained
from steadfast.commitments import reliability, series
from steadfast.commitments.models import Acknowledgement, Mark
from steadfast.core.testing import link
from steadfast.couples.models import Membership

from .conftest import days_ago, page_text, promise, today

pytestmark = pytest.mark.django_db

HALF = reliability.SUGGESTED_HALF_LIFE_DAYS


def chart_url(commitment):
    return f"/promises/{commitment.key}/chart.svg"


def page_url(commitment):
    return f"/promises/{commitment.key}/"


def marked(commitment, marks):
    for n, done in marks:
        Mark.objects.create(
            commitment=commitment, owner=commitment.owner, day=days_ago(n), done=done
        )


def acknowledged(commitment, partner, answers):
    for n, seen in answers:
        Acknowledgement.objects.create(
            commitment=commitment, partner=partner, day=days_ago(n), seen=seen
        )


def figures(text):
    """(day, cells...) for each row of the chart's figures table."""
    table = re.search(r'<details class="chart-figures">.*?</details>', text, re.S).group(0)
    found = []
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table, re.S):
        found.append((row.split("</th>")[0], *re.findall(r"<td>(.*?)</td>", row)))
    return found


def words(point):
    p = reliability.percent
    return f"{p(point.mean)}% (likely {p(point.low)}% to {p(point.high)}%)"


def test_the_owner_gets_an_svg_of_her_own_marks(personas, client_for):
    commitment = promise(personas["alice"])
    marked(commitment, [(3, True), (2, False), (1, True)])

    response = client_for(personas["alice"]).get(chart_url(commitment))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    svg = response.content.decode()
    assert "<title>How reliably your promise has been kept, over time</title>" in svg
    assert 'id="series-1"' in svg and 'id="band-1"' in svg
    assert 'id="series-2"' not in svg  # nobody answered
    assert_self_contained(response.content)


def test_the_partner_sees_both_lines_of_a_shared_promise(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    commitment = promise(alice, audience="partner")
    marked(commitment, [(2, True), (1, True)])
    acknowledged(commitment, bob, [(2, "noticed"), (1, "not_noticed")])

    response = client_for(bob).get(chart_url(commitment))

    assert response.status_code == 200
    svg = response.content.decode()
    assert "<title>How reliably Alice's promise has been kept, over time</title>" in svg
    assert 'id="series-1"' in svg and 'id="series-2"' in svg and 'id="band-2"' in svg
    assert_self_contained(response.content)


def test_the_same_marks_draw_the_same_bytes(personas, client_for):
    commitment = promise(personas["alice"])
    marked(commitment, [(5, True), (1, False)])
    client = client_for(personas["alice"])
    assert client.get(chart_url(commitment)).content == client.get(chart_url(commitment)).content


@pytest.mark.parametrize("audience", ["private", "therapist"])
@pytest.mark.parametrize("who", ["bob", "carol", "sam", "theo", "tina"])
def test_a_promise_not_shared_with_you_has_no_chart_for_you(personas, client_for, audience, who):
    commitment = promise(personas["alice"], audience=audience)
    marked(commitment, [(1, True)])
    assert client_for(personas[who]).get(chart_url(commitment)).status_code == 404


@pytest.mark.parametrize("who", ["carol", "sam", "theo", "tina"])
def test_a_shared_promise_has_no_chart_for_anyone_else(personas, client_for, who):
    commitment = promise(personas["alice"], audience="partner+therapist")
    marked(commitment, [(1, True)])
    assert client_for(personas[who]).get(chart_url(commitment)).status_code == 404


def test_an_ex_partner_gets_404(personas, client_for):
    commitment = promise(personas["alice"], audience="partner")
    marked(commitment, [(1, True)])
    Membership.objects.filter(person=personas["bob"]).delete()
    assert client_for(personas["bob"]).get(chart_url(commitment)).status_code == 404


def test_anonymous_is_sent_to_log_in(personas, client):
    commitment = promise(personas["alice"])
    response = client.get(chart_url(commitment))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_only_get(personas, client_for):
    commitment = promise(personas["alice"])
    marked(commitment, [(1, True)])
    assert client_for(personas["alice"]).post(chart_url(commitment)).status_code == 405


def test_nothing_marked_draws_nothing_and_the_page_shows_no_image(personas, client_for):
    commitment = promise(personas["alice"], audience="partner")
    client = client_for(personas["alice"])

    assert client.get(chart_url(commitment)).status_code == 404
    text = page_text(client.get(page_url(commitment)))
    assert "<img" not in text and "chart-figures" not in text


def test_the_detail_page_shows_the_chart_and_the_same_figures_in_a_table(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    commitment = promise(alice, audience="partner")
    marks = [(40, True), (35, False), (3, True), (1, True)]
    marked(commitment, marks)
    acknowledged(commitment, bob, [(35, "noticed"), (3, "unsure"), (1, "noticed")])

    text = page_text(client_for(alice).get(page_url(commitment)))

    assert (
        f'<img src="{chart_url(commitment)}" alt="Chart over time of how likely the promise' in text
    )
    assert "Lines: Your own marks; As your partner noticed it." in text
    own = series.over_time([(days_ago(n), d) for n, d in marks], half_life_days=HALF)
    theirs = series.over_time([(days_ago(35), True), (days_ago(1), True)], half_life_days=HALF)
    assert figures(text) == [
        (f"{days_ago(1):%-d %b %Y}", words(own[3]), words(theirs[1])),
        (f"{days_ago(3):%-d %b %Y}", words(own[2]), "–"),
        (f"{days_ago(35):%-d %b %Y}", words(own[1]), words(theirs[0])),
        (f"{days_ago(40):%-d %b %Y}", words(own[0]), "–"),
    ]
    # The last point is the estimate as of the last mark; with the 30-day trend in words.
    # (Equal up to float rounding: the series keeps running sums.)
    expected = reliability.estimate(
        [(days_ago(n), d) for n, d in marks], today=days_ago(1), half_life_days=HALF
    )
    assert (own[-1].estimate.n, own[-1].estimate.kept) == (expected.n, expected.kept)
    for name in ("mean", "low", "high"):
        assert getattr(own[-1].estimate, name) == pytest.approx(getattr(expected, name), rel=1e-9)
    trend = series.trend_words(series.trend(own, days=30, today=today()))
    assert trend.startswith(("up", "down", "about")) and f"Your own marks: {trend}." in text


def test_the_partner_sees_it_from_his_side(personas, client_for):
    alice, bob = personas["alice"], personas["bob"]
    commitment = promise(alice, audience="partner")
    marked(commitment, [(2, True)])

    text = page_text(client_for(bob).get(page_url(commitment)))

    assert "Lines: Alice's own marks." in text
    assert f'<img src="{chart_url(commitment)}"' in text


def test_an_ex_partners_answers_count_for_nobody(personas, client_for):
    """After an unlink, Bob's answers leave Alice's promise; a new partner never sees them."""
    alice, bob, sam = personas["alice"], personas["bob"], personas["sam"]
    commitment = promise(alice, audience="partner")
    marked(commitment, [(3, True), (2, True), (1, True)])
    acknowledged(commitment, bob, [(3, "not_noticed"), (2, "not_noticed"), (1, "not_noticed")])
    before = page_text(client_for(alice).get(page_url(commitment)))
    assert "kept 0 of the last 3" in before  # Bob's view of it, while they are linked

    Membership.objects.filter(person__in=[alice, bob]).delete()
    link(alice, sam)

    for viewer in (alice, sam):
        text = page_text(client_for(viewer).get(page_url(commitment)))
        assert "kept 0 of the last 3" not in text
        assert 'id="estimate-partner">nothing marked yet' in text  # it starts afresh
        # Bob's answers are not in the days table either: Sam may answer every day.
        assert text.count("I did not notice") == (14 if viewer == sam else 0)
        assert text.count('class="acknowledge-form"') == (14 if viewer == sam else 0)
        assert 'id="perception-gap">Not known yet' in text
        svg = client_for(viewer).get(chart_url(commitment)).content.decode()
        assert 'id="series-2"' not in svg
