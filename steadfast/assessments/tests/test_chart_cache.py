"""Measure charts are drawn once per change of what they show (steadfast.core.chartcache):
the same request again is served from the cache; a new result, a share taken back, a new
partner name or time zone draws again; and nobody is ever served someone else's image."""

import uuid
from unittest import mock

import pytest

from steadfast.assessments import actions, charts
from steadfast.core import chartcache
from steadfast.couples.actions import unlink

from .conftest import assert_self_contained, make_measure, phq9

pytestmark = pytest.mark.django_db

HISTORY = "/measures/phq9/history.svg"
TOGETHER = "/measures/phq9/together.svg"


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


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content


def fresh(client, url):
    """The image drawn now, bypassing the cache: what a cached answer must equal."""
    nothing = mock.Mock(get=mock.Mock(return_value=None))
    with mock.patch.object(chartcache, "default_cache", nothing):
        return fetch(client, url)


def test_the_same_history_twice_is_drawn_once(personas, client_for, renders):
    make_measure(personas["sam"], answers=phq9([1] * 9), days_ago=10)
    make_measure(personas["sam"], answers=phq9([2] * 9), days_ago=1)
    client = client_for(personas["sam"])

    first = fetch(client, HISTORY)
    second = fetch(client, HISTORY)

    assert renders.call_count == 1
    assert second == first
    assert_self_contained(second)


def test_a_new_result_draws_again(personas, client_for, renders):
    sam = personas["sam"]
    make_measure(sam, answers=phq9([1] * 9), days_ago=10)
    client = client_for(sam)
    before = fetch(client, HISTORY)

    make_measure(sam, answers=phq9([3] * 9), days_ago=1)
    after = fetch(client, HISTORY)

    assert renders.call_count == 2
    assert after != before
    assert after == fresh(client, HISTORY)


def test_a_deleted_result_draws_again(personas, client_for, renders):
    sam = personas["sam"]
    make_measure(sam, answers=phq9([1] * 9), days_ago=10)
    latest = make_measure(sam, answers=phq9([3] * 9), days_ago=1)
    client = client_for(sam)
    before = fetch(client, HISTORY)

    latest.delete()

    assert fetch(client, HISTORY) != before
    assert renders.call_count == 2


def test_another_time_zone_draws_again(personas, client_for, renders):
    """The dates are drawn in the viewer's own time zone, so it is part of the key."""
    sam = personas["sam"]
    make_measure(sam, days_ago=1)
    client = client_for(sam)
    fetch(client, HISTORY)

    sam.time_zone = "Pacific/Kiritimati"
    sam.save(update_fields=["time_zone"])
    fetch(client, HISTORY)

    assert renders.call_count == 2


def test_a_partner_is_never_served_the_owner_s_history(personas, client_for, renders):
    """Alice's own history, shared results and all, is hers alone: Bob's history chart is
    his own results (drawn for him), or nothing."""
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, answers=phq9([3] * 9), audience="partner", days_ago=2)
    alices = fetch(client_for(alice), HISTORY)

    assert client_for(bob).get(HISTORY).status_code == 404

    make_measure(bob, answers=phq9([1] * 9), audience="partner", days_ago=2)
    bobs = fetch(client_for(bob), HISTORY)
    assert renders.call_count == 2
    assert bobs != alices
    assert bobs == fresh(client_for(bob), HISTORY)


def test_each_partner_s_side_by_side_chart_is_drawn_for_them(personas, client_for, renders):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, answers=phq9([3] * 9), audience="partner", days_ago=3)
    make_measure(bob, answers=phq9([1] * 9), audience="partner", days_ago=2)

    alices = fetch(client_for(alice), TOGETHER)
    bobs = fetch(client_for(bob), TOGETHER)
    fetch(client_for(alice), TOGETHER)
    fetch(client_for(bob), TOGETHER)

    assert renders.call_count == 2  # one each, then both from the cache
    assert alices != bobs  # "You" is a different person, and the title names the other
    assert b"you and Bob shared" in alices and b"you and Alice shared" in bobs


def test_a_share_taken_back_is_never_served_from_the_cache(personas, client_for, renders):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, answers=phq9([1] * 9), audience="partner", days_ago=3)
    bobs = make_measure(bob, answers=phq9([3] * 9), audience="partner", days_ago=2)
    client = client_for(alice)
    with_bob = fetch(client, TOGETHER)
    assert b'id="series-2"' in with_bob

    actions.share_measure(bobs, "private")
    without_bob = fetch(client, TOGETHER)

    assert renders.call_count == 2
    assert b'id="series-2"' not in without_bob
    assert without_bob == fresh(client, TOGETHER)

    actions.share_measure(bobs, "partner")  # shared again: the same picture as before
    assert fetch(client, TOGETHER) == with_bob


def test_a_new_shared_result_draws_again_for_both(personas, client_for, renders):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, answers=phq9([1] * 9), audience="partner", days_ago=3)
    make_measure(bob, answers=phq9([3] * 9), audience="partner", days_ago=2)
    before = {p: fetch(client_for(p), TOGETHER) for p in (alice, bob)}

    make_measure(bob, answers=phq9([2] * 9), audience="partner+therapist", days_ago=1)

    after = {p: fetch(client_for(p), TOGETHER) for p in (alice, bob)}

    assert renders.call_count == 4
    for person in (alice, bob):
        assert after[person] != before[person]
        assert after[person] == fresh(client_for(person), TOGETHER)


def test_a_private_result_changes_nothing_the_partner_is_served(personas, client_for, renders):
    """The key is a fingerprint of what Bob may see; a result Alice keeps to herself is not
    in it, so it cannot even change which cached image he gets."""
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, answers=phq9([1] * 9), audience="partner", days_ago=3)
    make_measure(bob, answers=phq9([3] * 9), audience="partner", days_ago=2)
    before = fetch(client_for(bob), TOGETHER)

    make_measure(alice, answers=phq9([3] * 9), audience="private", days_ago=1)

    assert fetch(client_for(bob), TOGETHER) == before
    assert renders.call_count == 1


def test_a_partner_s_new_name_draws_again(personas, client_for, renders):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, audience="partner", days_ago=3)
    make_measure(bob, audience="partner", days_ago=2)
    fetch(client_for(alice), TOGETHER)

    bob.display_name = "Robert"
    bob.save(update_fields=["display_name"])

    assert b"you and Robert shared" in fetch(client_for(alice), TOGETHER)
    assert renders.call_count == 2


def test_after_unlinking_the_cached_side_by_side_chart_is_gone(personas, client_for, renders):
    alice, bob = personas["alice"], personas["bob"]
    make_measure(alice, audience="partner", days_ago=3)
    make_measure(bob, audience="partner", days_ago=2)
    for person in (alice, bob):
        fetch(client_for(person), TOGETHER)

    unlink(alice)

    for person in (alice, bob):
        assert client_for(person).get(TOGETHER).status_code == 404
    assert renders.call_count == 2


def test_the_worker_draws_a_new_result_s_chart_so_the_page_finds_it_drawn(
    personas, client_for, renders, settings
):
    """assessments.tasks: with a worker, saving a result queues the drawing of the owner's
    chart under the key the chart's URL uses; the URL then draws nothing."""
    from django.utils import timezone

    from steadfast.assessments import tasks

    sam = personas["sam"]
    sam.time_zone = "Pacific/Auckland"  # the worker draws in the owner's zone, as they see it
    sam.save()
    make_measure(sam, "phq9", phq9([1] * 9), days_ago=30)
    measure = make_measure(sam, "phq9", phq9([2] * 9), days_ago=1)
    with timezone.override("UTC"):  # the worker's own zone is not the owner's
        assert tasks.draw_own_chart.call_local(sam.pk, "phq9") is True
    assert renders.call_count == 1

    fetch(client_for(sam), HISTORY)
    assert renders.call_count == 1  # served as the worker drew it

    # Queued only when a worker runs the queue; on commit, so it sees the new result.
    settings.HUEY = {**settings.HUEY, "immediate": False}
    with (
        mock.patch.object(tasks, "draw_own_chart") as queued,
        mock.patch.object(tasks.transaction, "on_commit", lambda run: run()),
    ):
        tasks.draw_when_saved(measure)
    queued.assert_called_once_with(sam.pk, "phq9")
    settings.HUEY = {**settings.HUEY, "immediate": True}
    with mock.patch.object(tasks, "draw_own_chart") as queued:
        tasks.draw_when_saved(measure)
    queued.assert_not_called()
