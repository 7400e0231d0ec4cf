"""The couple view kept whole (sections.cached_page), checked on every request against
one fresh read (together/snapshot.py).

As in test_section_cache.py, a local-memory cache stands in for Redis and transactions
really commit. What must hold: a kept page reads exactly as one built now, whatever
changed; it carries this request's CSRF token; messages are never lost or kept;
nothing private of the partner rebuilds it."""

import re
from dataclasses import replace

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from steadfast.checkins.models import DailyCheckIn
from steadfast.core import sections
from steadfast.core.testing import make_personas
from steadfast.journal.models import Entry
from steadfast.journal.tests.conftest import entry_data
from steadfast.together import snapshot, views

from .conftest import (
    URL,
    count_calls,
    days_ago,
    entry,
    marked,
    page_text,
    promise,
    section,
    shown,
    shown_from_scratch,
    strip_csrf,
)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"}}
TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]*)"')


@pytest.fixture
def couple(transactional_db):
    with override_settings(STEADFAST_SECTION_CACHE=True, CACHES=CACHES):
        cache.clear()
        people = make_personas()
        alice, bob = people["alice"], people["bob"]
        marked(promise(alice, text="Be home by nine", audience="partner"), [(1, True)])
        promise(bob, text="Phone if I'm late", audience="partner")
        entry(alice, day=days_ago(1), audience="partner", trust=7)
        entry(bob, day=days_ago(2), audience="partner", trust=4)
        yield people
        cache.clear()


@pytest.fixture
def builds(monkeypatch):
    """Counts how often the page's content is put together (views._context)."""
    return count_calls(monkeypatch, views, "_context")


page, from_scratch = shown, shown_from_scratch


def test_the_page_is_kept_and_each_response_carries_its_own_working_csrf_token(couple, builds):
    client = Client(enforce_csrf_checks=True)
    client.force_login(couple["alice"])
    first = client.get(URL)
    second = client.get(URL)
    assert len(builds) == 1  # the second came from the cache
    assert strip_csrf(page_text(second)) == strip_csrf(page_text(first)) == from_scratch(client)

    for response in (first, second):
        body = response.content.decode()
        assert sections.csrf_placeholder() not in body
        (token,) = TOKEN.findall(body)
        assert f'name="csrfmiddlewaretoken" value="{token}"' in body  # the log-out form
    # The kept page's token works: logging out with it is accepted.
    (token,) = TOKEN.findall(second.content.decode())
    assert (
        client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    )
    assert client.get(URL).status_code == 302  # logged out: sent to log in


def test_a_waiting_message_is_shown_once_and_never_kept(couple, builds):
    """A private journal entry leaves "Saved" waiting and changes nothing on the page."""
    client = Client()
    client.force_login(couple["alice"])
    kept = page(client)
    assert client.post(reverse("journal:new"), entry_data(body="Only mine")).status_code == 302

    shown = page(client)
    assert "Saved." in shown and len(builds) == 2  # built now, with the message
    again = page(client)
    assert "Saved." not in again and len(builds) == 2  # the copy kept before, as it was
    assert again == kept == from_scratch(client)


def test_shared_check_ins_show_at_once_without_any_invalidation(couple, monkeypatch):
    """Check-ins raise no generation at all: the fresh read alone keeps the page true."""
    alice, bob = couple["alice"], couple["bob"]
    client = Client()
    client.force_login(alice)
    monkeypatch.setattr(sections, "_bump_now", lambda scope, ids: None)
    before = page(client)

    shared = DailyCheckIn.objects.get(owner=bob, audience="partner")
    shared.trust = 9
    shared.save()
    after_edit = page(client)
    assert after_edit != before and after_edit == from_scratch(client)

    entry(bob, day=days_ago(3), audience="partner+therapist", trust=1)
    after_new = page(client)
    assert after_new != after_edit and after_new == from_scratch(client)

    DailyCheckIn.objects.filter(owner=bob).update(audience="private")  # no signal at all
    withdrawn = page(client)
    assert "hasn't shared a daily check-in with you" in section(withdrawn, "daily")
    assert withdrawn == from_scratch(client)


def test_nothing_private_of_the_partner_rebuilds_the_page(couple, builds):
    from django.utils import timezone

    alice, bob = couple["alice"], couple["bob"]
    client = Client()
    client.force_login(alice)
    page(client)
    assert len(builds) == 1

    secret = promise(bob, text="Private to Bob", audience="private")
    marked(secret, [(1, True)])
    promise(bob, text="For the therapist", audience="therapist")
    entry(bob, day=days_ago(5), audience="private", trust=0)
    entry(bob, day=days_ago(6), audience="therapist", trust=0)
    Entry.objects.create(owner=bob, title="Mine", body="Mine alone")
    bob.last_login = timezone.now()
    bob.save(update_fields=["last_login"])

    page(client)
    assert len(builds) == 1
    DailyCheckIn.objects.filter(owner=bob, trust=0, audience="private").update(audience="partner")
    page(client)
    assert len(builds) == 2  # shared: it shows


def test_a_page_whose_couple_changed_while_it_was_built_is_shown_but_not_kept(
    couple, builds, monkeypatch
):
    """The fresh read said one partner; by the time the page was put together the
    couple was another (an unlink in between). What the access functions say is shown,
    and nothing is kept under the old key."""
    alice = couple["alice"]
    client = Client()
    client.force_login(alice)
    real = snapshot.read

    def stale(viewer, day):
        return replace(real(viewer, day), partner_id=couple["dan"].pk)

    monkeypatch.setattr(snapshot, "read", stale)
    shown = page(client)
    monkeypatch.setattr(snapshot, "read", real)
    assert shown == from_scratch(client)
    assert not [key for key in cache._cache if f":{views.PAGE}:" in key]  # noqa: SLF001
    page(client)
    page(client)
    assert len(builds) == 3  # the stale one, then one kept and shown again


def test_a_couple_changed_while_a_message_waits_still_shows_the_page(couple, monkeypatch):
    """The page built fresh for a waiting message may find the couple changed too."""
    client = Client()
    client.force_login(couple["alice"])
    assert client.post(reverse("journal:new"), entry_data(body="Only mine")).status_code == 302
    real = snapshot.read
    monkeypatch.setattr(
        snapshot, "read", lambda viewer, day: replace(real(viewer, day), partner_id=-1)
    )
    shown = page(client)
    assert "Saved." in shown
    monkeypatch.setattr(snapshot, "read", real)
    assert page(client) == from_scratch(client)
