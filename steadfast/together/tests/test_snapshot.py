"""The couple view's one hand-written query (steadfast/together/snapshot.py) reads what the
access functions let the viewer see, and nothing else.

The snapshot only decides whether a kept copy of the page may be shown, but if it missed
a promise the access functions show, a kept page could show it after it was made
private; if it read one they hide, a private change would rebuild the partner's page (a
timing signal). So for each viewer in a world with every kind of record, its rows are
compared with what the access functions return."""

from datetime import timedelta

import pytest

from steadfast.checkins.access import shared_checkins
from steadfast.checkins.models import SCALES
from steadfast.checkins.views import WINDOWS
from steadfast.commitments.access import own_commitments, shared_with
from steadfast.core.access import forget_partner, partner_of
from steadfast.core.models import Audience
from steadfast.core.testing import link, make_person, make_personas
from steadfast.couples.actions import unlink
from steadfast.together import snapshot

from .conftest import days_ago, entry, promise
from .conftest import today as local_today

AUDIENCES = ["private", "partner", "therapist", "partner+therapist"]


@pytest.fixture
def world(db):
    """Alice and Bob linked, Carol and Dan linked, Sam alone; Alice was linked with Eve
    before (Eve's records stay hers). Every one of them has a promise and check-ins of
    every audience, some inside the windows and some outside."""
    people = make_personas()
    eve = make_person("eve")
    unlink(people["alice"])
    link(people["alice"], eve)
    unlink(people["alice"])
    link(people["alice"], people["bob"])
    people["eve"] = eve
    for name in ("alice", "bob", "carol", "dan", "sam", "eve"):
        person = people[name]
        for i, audience in enumerate(AUDIENCES):
            promise(person, text=f"{name} {audience}", audience=audience)
            for ago in (i, 10 + i, 20 + i, 26 + i, 30 + i, 60 + i):
                entry(
                    person,
                    day=days_ago(ago) if ago else local_today(),
                    audience=audience,
                    trust=(ago + i) % 11,
                    closeness=(2 * ago) % 11,
                    mood=(3 * ago + 1) % 11,
                )
    for person in people.values():
        forget_partner(person)
    return people


def expected(viewer, day):
    """What the rows should say, worked out from the access functions alone."""
    partner = partner_of(viewer)
    if partner is None:
        return None
    persons = {(str(viewer.pk), viewer.display_name), (str(partner.pk), partner.display_name)}
    mine = own_commitments(viewer).filter(audience__in=Audience.partner_audiences())
    promises = {
        (str(c.owner_id), str(c.pk), c.audience, c.status) for c in [*mine, *shared_with(viewer)]
    }
    _, own, theirs = shared_checkins(viewer, WINDOWS[-1])
    sums = {}
    for entries in (own, theirs):
        for item in entries:
            parts = sums.setdefault(str(item.owner_id), {days: [0] * 4 for days in WINDOWS})
            for days in WINDOWS:
                if item.day > day - timedelta(days=days):
                    parts[days][0] += 1
                    for n, name in enumerate(SCALES, start=1):
                        parts[days][n] += getattr(item, name)
    checkins = {
        (owner, ";".join(",".join(str(v) for v in parts[days]) for days in WINDOWS))
        for owner, parts in sums.items()
    }
    return partner.pk, persons, promises, checkins


def seen(found):
    rows = found.rows
    persons = {(row[1], row[2]) for row in rows if row[0] == snapshot.PERSON}
    promises = {
        (row[1], row[2], row[3], row[4].split("|")[0]) for row in rows if row[0] == snapshot.PROMISE
    }
    checkins = {(row[1], row[2]) for row in rows if row[0] == snapshot.CHECKINS}
    return found.partner_id, persons, promises, checkins


@pytest.mark.parametrize("name", ["alice", "bob", "carol", "dan", "sam", "eve"])
def test_the_rows_are_what_the_access_functions_show(world, name):
    viewer = world[name]
    day = local_today()
    found = snapshot.read(viewer, day)
    want = expected(viewer, day)
    if want is None:
        assert found.partner_id is None and found.rows == ()
        return
    assert seen(found) == want
    # Sanity: the world really holds what must be left out, and the rows are not empty.
    assert {row[0] for row in found.rows} == {snapshot.PERSON, snapshot.PROMISE, snapshot.CHECKINS}


def test_nothing_of_anyone_outside_the_couple_and_nothing_private(world):
    alice, bob = world["alice"], world["bob"]
    found = snapshot.read(alice, local_today())
    owners = {row[1] for row in found.rows}
    assert owners == {str(alice.pk), str(bob.pk)}
    audiences = {row[3] for row in found.rows if row[0] == snapshot.PROMISE}
    assert audiences == set(Audience.partner_audiences())


def test_any_change_the_page_could_show_changes_the_digest(world):
    alice, bob = world["alice"], world["bob"]
    day = local_today()
    before = snapshot.read(alice, day).digest
    checkin = None
    for item in shared_checkins(alice, WINDOWS[0])[2]:
        checkin = item
    assert checkin is not None
    checkin.trust = (checkin.trust + 1) % 11
    checkin.save()
    after_score = snapshot.read(alice, day).digest
    assert after_score != before

    bob_shared = shared_with(alice).first()
    bob_shared.audience = "private"
    bob_shared.save()
    after_private = snapshot.read(alice, day).digest
    assert after_private != after_score

    bob.display_name = "Robert"
    bob.save()
    assert snapshot.read(alice, day).digest != after_private
    # ...and a day later the windows move on.
    assert snapshot.read(alice, day + timedelta(days=1)).digest != snapshot.read(alice, day).digest


def test_nothing_private_changes_the_digest(world):
    alice, bob = world["alice"], world["bob"]
    day = local_today()
    before = snapshot.read(alice, day).digest
    secret = own_commitments(bob).filter(audience="private").first()
    secret.text = "changed"
    secret.save()
    entry(bob, day=days_ago(40), audience="private", trust=1)
    own_commitments(bob).filter(audience="therapist").update(status="retired")
    promise(world["carol"], text="Carol's", audience="partner")
    assert snapshot.read(alice, day).digest == before
