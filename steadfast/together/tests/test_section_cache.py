"""The couple view's promises, kept whole in the section cache (steadfast/core/sections.py).

Each test runs with the cache on (a local-memory cache stands in for Redis: one process)
and real commits, since generations are raised once a transaction commits. After every
kind of change the page must read exactly as a page built from scratch."""

import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings

from steadfast.accounts.actions import delete_account
from steadfast.commitments.models import Commitment
from steadfast.core import sections
from steadfast.core.testing import link, make_personas
from steadfast.couples.actions import unlink
from steadfast.together import views

from .conftest import (
    acknowledged,
    count_calls,
    marked,
    promise,
    section,
    shown,
    shown_from_scratch,
)
from .conftest import today as local_today

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}}


@pytest.fixture
def cached(transactional_db):
    with override_settings(STEADFAST_SECTION_CACHE=True, CACHES=CACHES):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture
def couple(cached):
    people = make_personas()
    alice, bob = people["alice"], people["bob"]
    hers = promise(alice, text="Be home by nine", audience="partner")
    marked(hers, [(3, True), (2, False)])
    acknowledged(hers, bob, [(3, "noticed")])
    his = promise(bob, text="Phone if I'm late", audience="partner")
    marked(his, [(2, True)])
    return people, hers, his


page, built_from_scratch = shown, shown_from_scratch


def slots(name=None):
    """The section cache's slots (of one section, if named)."""
    mark = f"{sections.PREFIX}:" if name is None else f":{name}:"
    return [key for key in cache._cache if f"{sections.PREFIX}:" in key and mark in key]  # noqa: SLF001


def built_counter(monkeypatch):
    """Counts how often the promises part is summed and rendered (views._promises)."""
    return count_calls(monkeypatch, views, "_promises")


def test_a_second_view_is_served_from_the_cache(couple, client_for, monkeypatch):
    people, _, _ = couple
    client = client_for(people["alice"])
    builds = built_counter(monkeypatch)
    built = page(client)
    again = page(client)

    assert again == built
    assert len(builds) == 1  # summed once, then shown from the cache
    assert built_from_scratch(client) == built
    assert len(builds) == 2


def test_the_cache_holds_no_plaintext_and_an_entry_opens_only_in_its_own_slot(couple, client_for):
    people, _, _ = couple
    alice, bob = people["alice"], people["bob"]
    page(client_for(alice))
    page(client_for(bob))
    for key in slots():  # the promises part and the whole page, for each of them
        raw = cache._cache[key]  # noqa: SLF001  (the stored bytes, as the server holds them)
        assert b"Be home by nine" not in raw and b"Phone if" not in raw
    assert len(slots()) == 4
    # Bob's entries copied into Alice's slots: they do not open there, and are rebuilt.
    for name in (views.SECTION, views.PAGE):
        (alices,) = [key for key in slots(name) if key.endswith(f":{alice.pk}")]
        (bobs,) = [key for key in slots(name) if key.endswith(f":{bob.pk}")]
        cache.set(_plain(alices), cache.get(_plain(bobs)))
    assert page(client_for(alice)) == built_from_scratch(client_for(alice))


def _plain(stored_key):
    """The key as the cache API takes it (the local-memory cache stores ':1:' + key)."""
    return stored_key.split(":", 2)[2]


def _post_mark(client, commitment, done):
    return client.post(
        f"/promises/{commitment.key}/mark/",
        {
            "day": str(local_today()),
            "done": "yes" if done else "no",
            "note": "",
            "submission_key": str(uuid.uuid4()),
        },
    )


@pytest.mark.parametrize(
    "change",
    [
        "mark through the page",
        "mark made directly",
        "partner's answer",
        "new shared promise",
        "promise retired",
        "promise deleted",
        "partner renamed",
    ],
)
def test_after_each_change_the_page_reads_as_if_built_from_scratch(couple, client_for, change):
    people, hers, his = couple
    alice, bob = people["alice"], people["bob"]
    viewers = {alice: client_for(alice), bob: client_for(bob)}
    before = {person: page(c) for person, c in viewers.items()}

    if change == "mark through the page":
        response = _post_mark(viewers[alice], hers, done=True)
        assert response.status_code == 302
        viewers[alice].get(response["Location"])  # shows (and uses up) the "Marked" message
    elif change == "mark made directly":
        marked(his, [(1, False)])
    elif change == "partner's answer":
        acknowledged(his, alice, [(2, "not_noticed")])
    elif change == "new shared promise":
        promise(bob, text="Tell you about my day", audience="partner")
    elif change == "promise retired":
        his.status = "retired"
        his.save()
    elif change == "promise deleted":
        Commitment.objects.filter(pk=his.pk).delete()
    elif change == "partner renamed":
        bob.display_name = "Robert"
        bob.save()

    for person, c in viewers.items():
        after = page(c)
        assert after == built_from_scratch(c), f"{person} sees a stale page after: {change}"
    assert page(viewers[alice]) != before[alice], f"Alice's page did not change: {change}"


def test_a_promise_made_private_disappears_even_if_no_generation_is_raised(
    couple, client_for, monkeypatch
):
    """The ids and audiences of the visible promises are read fresh on every request: a
    lost invalidation cannot keep a promise on the partner's screen."""
    people, _, his = couple
    alice = client_for(people["alice"])
    assert "Phone if" in section(page(alice), "their-promises")
    monkeypatch.setattr(sections, "_bump_now", lambda scope, ids: None)

    his.audience = "private"
    his.save()

    shown = page(alice)
    assert "Phone if" not in shown
    assert shown == built_from_scratch(alice)


def test_unlinking_and_erasure_delete_the_slots_that_held_the_others_words(couple, client_for):
    people, _, _ = couple
    alice, bob, carol, dan = (people[n] for n in ("alice", "bob", "carol", "dan"))
    page(client_for(alice))
    page(client_for(bob))
    assert len(slots()) == 4  # the promises part and the page, each

    unlink(alice)
    assert slots() == []

    link(alice, bob)
    promise(carol, text="Carol's own", audience="partner")
    page(client_for(alice))
    page(client_for(bob))
    page(client_for(carol))  # Carol and Dan are linked too (make_personas)
    assert len(slots()) == 6

    delete_account(bob)
    remaining = slots()
    assert len(remaining) == 2 and all(key.endswith(f":{carol.pk}") for key in remaining)
    assert dan.pk != carol.pk


def test_a_lost_cache_server_only_costs_speed(couple, client_for, monkeypatch):
    people, _, _ = couple
    client = client_for(people["alice"])
    expected = built_from_scratch(client)

    def down(*args, **kwargs):
        raise ConnectionError("cache server gone")

    from django.core.cache.backends.locmem import LocMemCache

    monkeypatch.setattr(LocMemCache, "get_many", down)
    monkeypatch.setattr(LocMemCache, "set", down)
    assert page(client) == expected


def test_the_day_is_part_of_the_key(couple, client_for, monkeypatch):
    """Estimates are as of today: tomorrow's page is built again, not yesterday's shown."""
    from datetime import timedelta

    from steadfast.together import views

    people, _, _ = couple
    client = client_for(people["alice"])
    page(client)
    builds = built_counter(monkeypatch)
    page(client)
    assert builds == []
    tomorrow = local_today() + timedelta(days=1)
    monkeypatch.setattr(views, "today", lambda: tomorrow)
    shown = page(client)
    assert len(builds) == 1
    assert shown == built_from_scratch(client)


def test_nothing_private_of_the_partner_rebuilds_the_section(couple, client_for, monkeypatch):
    """A rebuilt section answers more slowly: if the partner's private activity rebuilt
    it, the time of a reload would tell. Private promises and their marks, a private
    check-in, a journal entry, a questionnaire, a log-in: none of them may."""
    from django.utils import timezone

    from steadfast.checkins.tests.conftest import entry
    from steadfast.journal.models import Entry

    people, _, _ = couple
    alice, bob = people["alice"], people["bob"]
    client = client_for(alice)
    page(client)
    builds = built_counter(monkeypatch)

    secret = promise(bob, text="Private to Bob", audience="private")
    marked(secret, [(1, True), (2, False)])
    entry(bob, audience="private", trust=1)
    Entry.objects.create(owner=bob, title="Mine", body="Mine alone")
    bob.last_login = timezone.now()
    bob.save(update_fields=["last_login"])

    page(client)
    assert builds == []
    secret.audience = "partner"  # once shared, it shows at once
    secret.save()
    assert "Private to Bob" in page(client) and len(builds) == 1
