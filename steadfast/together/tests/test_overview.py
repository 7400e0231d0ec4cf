"""The couple view (/together/): both partners' shared promises and daily check-ins on one
page, and nothing either of them keeps to themselves."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.commitments import reliability
from steadfast.commitments.views import HALF_LIFE_DAYS
from steadfast.core.testing import link
from steadfast.couples.models import Membership

from .conftest import (
    URL,
    acknowledged,
    days_ago,
    entry,
    marked,
    page_text,
    promise,
    section,
    strip_csrf,
    today,
)

pytestmark = pytest.mark.django_db


def words(marks):
    """The plain words of the estimate from (n days ago, kept) pairs, as of today."""
    found = reliability.estimate(
        sorted((days_ago(n), kept) for n, kept in marks),
        today=today(),
        half_life_days=HALF_LIFE_DAYS,
    )
    return reliability.plain_words(found)


def summary_rows(text):
    """{row heading: (your promises, partner's promises)} from the summary table."""
    table = re.search(r'<table class="trajectory together-summary">.*?</table>', text, re.S)
    found = {}
    for heading, cells in re.findall(
        r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table.group(0), re.S
    ):
        found[heading] = tuple(re.findall(r"<td>(.*?)</td>", cells))
    return found


def daily_rows(text, caption):
    """{scale: (14 days, 30 days, lately)} and the days-shared row of one check-in table."""
    start = text.index(f"<caption>{caption}</caption>")
    table = text[start : text.index("</table>", start)]
    found = {}
    for heading, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table, re.S):
        found[heading] = tuple(re.findall(r"<td>(.*?)</td>", cells))
    return found


@pytest.fixture
def couple_life(personas):
    """Alice and Bob each share a promise with the other, marked and answered; each shares
    some daily check-ins."""
    alice, bob = personas["alice"], personas["bob"]
    hers = promise(alice, text="Be home by nine", audience="partner")
    marked(hers, [(3, True), (2, False), (1, True)])
    acknowledged(hers, bob, [(3, "noticed"), (2, "noticed"), (1, "unsure")])
    his = promise(bob, text="Phone if I'm late", audience="partner+therapist")
    marked(his, [(2, True), (1, True)])
    acknowledged(his, alice, [(2, "not_noticed"), (1, "noticed")])
    entry(alice, day=days_ago(1), audience="partner", trust=6, closeness=7, mood=8)
    entry(alice, day=days_ago(20), audience="partner", trust=2, closeness=3, mood=4)
    entry(bob, day=days_ago(2), audience="partner+therapist", trust=5, closeness=5, mood=5)
    return hers, his


def test_both_partners_shared_promises_with_both_estimates_and_the_gap(
    personas, client_for, couple_life
):
    hers, his = couple_life

    text = page_text(client_for(personas["alice"]).get(URL))

    yours = section(text, "your-promises")
    assert "Promises you share with Bob" in yours and "Be home by nine" in yours
    assert f'href="/promises/{hers.key}/"' in yours
    assert words([(3, True), (2, False), (1, True)]) in yours  # her own marks
    assert words([(3, True), (2, True)]) in yours  # as Bob noticed it ("not sure" skipped)
    assert "50% of the days both answered" in yours  # day 2: she missed, he noticed
    assert f'<img src="/promises/{hers.key}/chart.svg"' in yours
    theirs = section(text, "their-promises")
    assert "Promises Bob shares with you" in theirs and "Phone if I'm late" in theirs
    assert "Bob's own marks" in theirs and "As you noticed it" in theirs
    assert words([(2, True), (1, True)]) in theirs
    assert words([(2, False), (1, True)]) in theirs
    assert "50% of the days both answered" in theirs
    assert f'<img src="/promises/{his.key}/chart.svg"' in theirs


def test_the_summary_counts_and_the_overall_gap(personas, client_for, couple_life):
    text = page_text(client_for(personas["alice"]).get(URL))

    assert summary_rows(text) == {
        "Shared": ("1", "1"),
        "Kept, by the promiser's own marks": ("2 of 3 days marked", "2 of 2 days marked"),
        "Noticed, by the other": ("2 of 2 days answered", "1 of 2 days answered"),
        "Where the two differ": ("50% of 2 days", "50% of 2 days"),
    }
    # 4 days both answered, 2 of them differ.
    assert "differed on 50% of the 4 days both answered" in text


def test_bob_sees_the_same_couple_from_his_side(personas, client_for, couple_life):
    text = page_text(client_for(personas["bob"]).get(URL))

    assert "Promises you share with Alice" in text and "Promises Alice shares with you" in text
    assert summary_rows(text)["Kept, by the promiser's own marks"] == (
        "2 of 2 days marked",
        "2 of 3 days marked",
    )


def test_the_daily_check_ins_side_by_side_with_averages_and_lately(
    personas, client_for, couple_life
):
    text = page_text(client_for(personas["alice"]).get(URL))

    daily = section(text, "daily")
    assert daily_rows(daily, "Your shared daily check-ins") == {
        "Trust": ("6.0", "4.0", "higher"),
        "Closeness": ("7.0", "5.0", "higher"),
        "Mood": ("8.0", "6.0", "higher"),
        "Days shared": ("1", "2", ""),
    }
    assert daily_rows(daily, "Bob's shared daily check-ins") == {
        "Trust": ("5.0", "5.0", "steady"),
        "Closeness": ("5.0", "5.0", "steady"),
        "Mood": ("5.0", "5.0", "steady"),
        "Days shared": ("1", "1", ""),
    }
    assert 'href="/daily/together/"' in daily


def test_nothing_unshared_shows_or_changes_a_single_number(personas, client_for, couple_life):
    """Alice's private and therapist-only promises (with marks and Bob's stale answers
    nowhere near them), and her unshared daily check-ins, leave Bob's page byte for byte
    as it was; his own unshared things are left out of his page as well."""
    alice, bob = personas["alice"], personas["bob"]
    bob_client = client_for(bob)
    # With Redis the promises are kept between visits (core/sections.py): the first visit
    # fills the cache, and a private change of Alice's must not empty it (a rebuild would
    # show here as more queries).
    bob_client.get(URL)
    with CaptureQueriesContext(connection) as queries_before:
        before = strip_csrf(bob_client.get(URL).content)

    for audience in ("private", "therapist"):
        secret = promise(alice, text=f"Stop checking his phone ({audience})", audience=audience)
        marked(secret, [(5, False), (4, False), (3, False), (2, False), (1, False)])
        entry(alice, day=days_ago(3 if audience == "private" else 4), audience=audience, trust=0)
    entry(alice, day=today(), audience="private", trust=0, closeness=0, mood=0, note="He lied")
    # Bob's own unshared things are not on the page either, for symmetry.
    own_secret = promise(bob, text="Bob's private promise", audience="private")
    marked(own_secret, [(1, False)])
    entry(bob, day=today(), audience="private", trust=10, closeness=10, mood=10)

    with CaptureQueriesContext(connection) as queries_after:
        response = bob_client.get(URL)

    assert strip_csrf(response.content) == before
    assert len(queries_after) == len(queries_before)  # not even in the work it takes
    text = page_text(response)
    assert "Stop checking" not in text and "private promise" not in text and "He lied" not in text


def test_a_linked_couple_with_nothing_shared_is_told_so(personas, client_for):
    promise(personas["alice"], audience="private")
    entry(personas["alice"], audience="private")

    text = page_text(client_for(personas["alice"]).get(URL))

    assert "Neither of you shares a promise with the other yet." in text
    assert "You aren't sharing a promise with Bob." in text
    assert "Bob isn't sharing a promise with you." in text
    assert "You haven't shared a daily check-in in the last 30 days." in text
    assert "Bob hasn't shared a daily check-in with you in the last 30 days." in text
    assert "<img" not in text and "together-summary" not in text


def test_someone_not_linked_gets_a_calm_explanation(personas, client_for):
    sam = personas["sam"]
    promise(sam, audience="partner")
    entry(sam, audience="partner")

    response = client_for(sam).get(URL)

    assert response.status_code == 200
    text = page_text(response)
    assert "You aren't linked with a partner right now, so there is nothing to show here." in text
    assert 'href="/couple/"' in text
    assert "<table" not in text and "<img" not in text


def test_after_an_unlink_the_ex_partners_data_disappears(personas, client_for, couple_life):
    alice, bob, sam = personas["alice"], personas["bob"], personas["sam"]
    hers, his = couple_life
    Membership.objects.filter(person__in=[alice, bob]).delete()

    for viewer in (alice, bob):
        text = page_text(client_for(viewer).get(URL))
        assert "You aren't linked with a partner right now" in text
        assert "Be home by nine" not in text and "Phone if I'm late" not in text

    # Linked again, with someone else: Bob's promise, answers and check-ins are gone.
    link(alice, sam)
    text = page_text(client_for(alice).get(URL))
    assert "Phone if I'm late" not in text
    assert "Be home by nine" in text  # her own, still shared with whoever is her partner
    assert summary_rows(text)["Noticed, by the other"] == (
        "0 of 0 days answered",
        "0 of 0 days answered",
    )
    assert "Sam hasn't shared a daily check-in with you in the last 30 days." in text
    sam_text = page_text(client_for(sam).get(URL))
    assert "Be home by nine" in sam_text and "As you noticed it" in sam_text
    assert "Noticed" in sam_text and "0 of 0 days answered" in sam_text


@pytest.mark.parametrize("who", ["theo", "tina"])
def test_therapists_get_404(personas, client_for, who):
    assert client_for(personas[who]).get(URL).status_code == 404


def test_anonymous_is_sent_to_log_in(db, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/together/"


def test_only_get(personas, client_for):
    assert client_for(personas["alice"]).post(URL).status_code == 405


def test_it_is_linked_from_home_promises_and_side_by_side(personas, client_for):
    client = client_for(personas["alice"])
    for page in ("/home/", "/promises/", "/daily/together/"):
        assert f'href="{URL}"' in page_text(client.get(page)), page


def test_the_page_is_accessible_in_its_markup(personas, client_for, couple_life):
    """Headings in order, captions and header cells on every table, alt text on every image,
    no inline script or style (the browser test checks 360 px and axe)."""
    text = page_text(client_for(personas["alice"]).get(URL))
    main = text[text.index("<main") : text.index("</main>")]
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", main)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    tables = re.findall(r"<table\b.*?</table>", main, re.S)
    assert len(tables) == 3
    for table in tables:
        assert "<caption>" in table and 'scope="col"' in table and 'scope="row"' in table
    images = re.findall(r"<img\b[^>]*>", main)
    assert len(images) == 2 and all(re.search(r'alt="[^"]{20,}"', image) for image in images)
    assert "<script" not in main and "style=" not in main and "<style" not in main
