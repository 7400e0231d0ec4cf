"""A promise's chart (/promises/<key>/chart.svg) is drawn once per change of what it shows
(steadfast.core.chartcache): a mark or an answer draws again, the owner and the partner
each get their own drawing, and a share taken back is never served from the cache."""

import uuid
from unittest import mock

import pytest

from steadfast.commitments import charts
from steadfast.commitments.models import Acknowledgement, Mark
from steadfast.core import chartcache
from steadfast.couples.actions import unlink

from .conftest import days_ago, promise

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chart_cache(settings):
    """The configured cache (LocMem, or Redis in CI's second run), keys of this test only."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    }


@pytest.fixture
def renders():
    """Spy on the renderer: the drawing still happens, and each call is counted."""
    with mock.patch.object(charts, "render_svg", wraps=charts.render_svg) as spy:
        yield spy


def url(commitment):
    return f"/promises/{commitment.key}/chart.svg"


def fetch(client, commitment):
    response = client.get(url(commitment))
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]
    return response.content


def fresh(client, commitment):
    """The image drawn now, bypassing the cache: what a cached answer must equal."""
    nothing = mock.Mock(get=mock.Mock(return_value=None))
    with mock.patch.object(chartcache, "default_cache", nothing):
        return fetch(client, commitment)


def mark(commitment, n, done=True):
    Mark.objects.create(commitment=commitment, owner=commitment.owner, day=days_ago(n), done=done)


def answer(commitment, partner, n, seen="noticed"):
    Acknowledgement.objects.create(
        commitment=commitment, partner=partner, day=days_ago(n), seen=seen
    )


@pytest.fixture
def shared(personas):
    """Alice's promise shared with Bob: two marks, and Bob's answer for one of the days."""
    commitment = promise(personas["alice"], audience="partner")
    mark(commitment, 3)
    mark(commitment, 2, done=False)
    answer(commitment, personas["bob"], 3)
    return commitment


def test_the_same_chart_twice_is_drawn_once(personas, client_for, shared, renders):
    client = client_for(personas["alice"])
    first = fetch(client, shared)
    assert fetch(client, shared) == first
    assert renders.call_count == 1


def test_a_new_mark_draws_again(personas, client_for, shared, renders):
    client = client_for(personas["alice"])
    before = fetch(client, shared)

    mark(shared, 1)
    after = fetch(client, shared)

    assert renders.call_count == 2
    assert after != before
    assert after == fresh(client, shared)


def test_a_partner_s_answer_draws_again_for_both(personas, client_for, shared, renders):
    alice, bob = personas["alice"], personas["bob"]
    before = {p: fetch(client_for(p), shared) for p in (alice, bob)}

    answer(shared, bob, 2, seen="not_noticed")
    after = {p: fetch(client_for(p), shared) for p in (alice, bob)}

    assert renders.call_count == 4
    for person in (alice, bob):
        assert after[person] != before[person]
        assert after[person] == fresh(client_for(person), shared)


def test_the_partner_never_gets_the_owner_s_drawing(personas, client_for, shared, renders):
    alice, bob = personas["alice"], personas["bob"]
    alices = fetch(client_for(alice), shared)

    bobs = fetch(client_for(bob), shared)

    assert renders.call_count == 2  # drawn for Bob, not looked up under Alice's key
    assert bobs != alices
    assert b"Alice's promise" in bobs and b"your promise" in alices
    fetch(client_for(bob), shared)
    assert renders.call_count == 2


@pytest.mark.parametrize("audience", ["private", "therapist"])
def test_a_share_taken_back_is_never_served_from_the_cache(
    personas, client_for, shared, renders, audience
):
    bob = personas["bob"]
    fetch(client_for(bob), shared)

    shared.audience = audience
    shared.save(update_fields=["audience"])

    assert client_for(bob).get(url(shared)).status_code == 404
    assert renders.call_count == 1


def test_after_unlinking_the_owner_s_chart_loses_the_partner_s_line(
    personas, client_for, shared, renders
):
    alice, bob = personas["alice"], personas["bob"]
    client = client_for(alice)
    before = fetch(client, shared)
    assert b'id="series-2"' in before

    unlink(alice)
    after = fetch(client, shared)

    assert renders.call_count == 2
    assert b'id="series-2"' not in after
    assert client_for(bob).get(url(shared)).status_code == 404


def test_a_renegotiated_promise_is_drawn_from_its_marks(personas, client_for, shared, renders):
    """New words or a new schedule change nothing the chart draws (it is the marks and the
    answers over time), so the image served is the one a fresh drawing gives; the next
    mark, on the new schedule, draws again."""
    client = client_for(personas["alice"])
    before = fetch(client, shared)

    response = client.post(
        f"/promises/{shared.key}/renegotiate/",
        {"text": "Call by eight", "kind": "daily", "start": str(days_ago(20)), "end": ""},
    )
    assert response.status_code == 302
    assert fetch(client, shared) == before == fresh(client, shared)

    mark(shared, 1)
    assert fetch(client, shared) != before
    assert renders.call_count == 3  # the first, the fresh one, the one after the new mark


def test_the_owner_s_new_name_draws_again_for_the_partner(personas, client_for, shared, renders):
    alice, bob = personas["alice"], personas["bob"]
    fetch(client_for(bob), shared)

    alice.display_name = "Ally"
    alice.save(update_fields=["display_name"])

    assert b"Ally's promise" in fetch(client_for(bob), shared)
    assert renders.call_count == 2
