"""Erasure destroys the person's data keys (crypto-shredding).

A raw copy of the person's ciphertexts, taken before the account is deleted, stands
for a copy of the database (a replica, a stolen dump): once the key rows are gone
from the live database, nothing left in it can open those copies.
"""

import pytest
from django.db import connection

from steadfast.accounts.actions import delete_account
from steadfast.core import crypto, keyring
from steadfast.core.crypto import DecryptionError
from steadfast.core.models import DataKey
from steadfast.core.testing import make_person
from steadfast.safety.models import PLAN_SECTIONS, CheckIn, SafetyPlan

pytestmark = pytest.mark.django_db

SECTIONS = [name for name, _, _ in PLAN_SECTIONS]


def raw_ciphertexts(owner):
    """[(purpose, token)] of every encrypted value the person owns, straight from the tables."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(SECTIONS)} FROM safety_safetyplan WHERE owner_id = %s",  # noqa: S608
            [owner.pk],
        )
        for row in cursor.fetchall():
            found += [(f"safety.safetyplan.{n}", t) for n, t in zip(SECTIONS, row, strict=True)]
        cursor.execute("SELECT answers FROM safety_checkin WHERE owner_id = %s", [owner.pk])
        found += [("safety.checkin.answers", token) for (token,) in cursor.fetchall()]
    assert found and all(crypto.is_token(token) for _, token in found)
    return found


def data_key_table():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, owner_id, master_key_id, wrapped FROM core_datakey")
        return [(pk, owner, master, bytes(wrapped)) for pk, owner, master, wrapped in cursor]


def every_key_left():
    """Every data key the live database still holds, unwrapped."""
    return [
        (record.pk, crypto.unwrap_data_key(record.master_key_id, record.wrapped, record.owner_id))
        for record in DataKey.objects.all()
    ]


def assert_unopenable(copies):
    keys_left = every_key_left()
    master_keys = list(crypto.master_keys().values())
    for purpose, token in copies:
        key_id, sealed = crypto.parse_token(token)
        assert keyring.key_by_id(key_id) is None
        assert crypto.key_cache.get(key_id) is None
        for candidate_id, key in keys_left:
            for claimed_id in {key_id, candidate_id}:
                with pytest.raises(DecryptionError):
                    crypto.decrypt(claimed_id, key, sealed, purpose)
        for master in master_keys:  # not even with a master key used directly
            with pytest.raises(DecryptionError):
                crypto.decrypt(key_id, master, sealed, purpose)


@pytest.fixture
def people():
    alice, bob = make_person("alice"), make_person("bob")
    SafetyPlan.objects.create(owner=alice, warning_signs="alice's signs", code_word="")
    CheckIn.objects.create(owner=alice, answers={"q1": 0, "note": "alice's note"})
    CheckIn.objects.create(owner=alice, answers=False)
    SafetyPlan.objects.create(owner=bob, warning_signs="bob's signs", safe_places="0")
    CheckIn.objects.create(owner=bob, answers={"q1": 3})
    return alice, bob


def bobs_values(bob):
    plan = SafetyPlan.objects.get(owner=bob)
    return (
        [getattr(plan, name) for name in SECTIONS],
        [record.answers for record in CheckIn.objects.filter(owner=bob).order_by("pk")],
    )


def test_deleting_an_account_destroys_its_keys_and_its_copied_ciphertexts_stay_closed(people):
    alice, bob = people
    copies = raw_ciphertexts(alice)
    bobs_copies = raw_ciphertexts(bob)
    key_table = data_key_table()
    alices_key_ids = {pk for pk, owner, _, _ in key_table if owner == alice.pk}
    assert alices_key_ids == {crypto.parse_token(token)[0] for _, token in copies}
    # alice's key is in use (and cached) right up to the deletion.
    assert SafetyPlan.objects.get(owner=alice).warning_signs == "alice's signs"
    assert all(crypto.key_cache.get(pk) is not None for pk in alices_key_ids)
    bob_before = bobs_values(bob)

    delete_account(alice)

    assert not DataKey.objects.filter(owner_id=alice.pk).exists()
    assert not DataKey.objects.filter(pk__in=alices_key_ids).exists()
    assert not SafetyPlan.objects.filter(owner_id=alice.pk).exists()
    assert not CheckIn.objects.filter(owner_id=alice.pk).exists()
    assert_unopenable(copies)

    # bob is untouched: same key row, same ciphertexts, same values.
    assert [row for row in data_key_table() if row[1] == bob.pk] == [
        row for row in key_table if row[1] == bob.pk
    ]
    assert raw_ciphertexts(bob) == bobs_copies
    crypto.key_cache.clear()
    assert bobs_values(bob) == bob_before


def test_the_copied_ciphertexts_stay_closed_in_a_fresh_process(people):
    alice, _ = people
    copies = raw_ciphertexts(alice)
    delete_account(alice)
    crypto.key_cache.clear()  # nothing cached: only the database is left
    assert_unopenable(copies)


def test_every_data_key_of_a_person_is_destroyed(people, settings):
    alice, _ = people
    # A rotation interrupted half-way leaves an inactive key beside the active one.
    DataKey.objects.filter(owner=alice).update(is_active=False)
    CheckIn.objects.create(owner=alice, answers="written under a second key")
    assert DataKey.objects.filter(owner=alice).count() == 2
    copies = raw_ciphertexts(alice)
    assert len({crypto.parse_token(token)[0] for _, token in copies}) == 2
    delete_account(alice)
    assert not DataKey.objects.filter(owner_id=alice.pk).exists()
    assert_unopenable(copies)


def test_shredding_alone_makes_the_values_read_as_none(people):
    alice, bob = people
    plan_pk = SafetyPlan.objects.get(owner=alice).pk
    loaded_before = list(
        CheckIn.objects.filter(owner=alice).order_by("pk")
    )  # opened before the shredding
    assert keyring.shred(alice.pk) == 1
    assert not DataKey.objects.filter(owner=alice).exists()

    plan = SafetyPlan.objects.get(pk=plan_pk)
    assert [getattr(plan, name) for name in SECTIONS] == [None] * len(SECTIONS)
    assert [record.answers for record in CheckIn.objects.filter(owner=alice)] == [None, None]
    plan.refresh_from_db()
    assert plan.warning_signs is None
    crypto.key_cache.clear()
    assert SafetyPlan.objects.get(pk=plan_pk).code_word is None
    # What was already in memory stays; the point is the stored copies.
    assert [record.answers for record in loaded_before][0]["note"] == "alice's note"

    assert bobs_values(bob)[0][0] == "bob's signs"
    assert keyring.shred(alice.pk) == 0  # nothing left to destroy


def test_after_shredding_new_writes_get_a_new_key(people):
    alice, _ = people
    old_ids = set(DataKey.objects.filter(owner=alice).values_list("pk", flat=True))
    keyring.shred(alice.pk)
    record = CheckIn.objects.create(owner=alice, answers={"fresh": True})
    new_key = DataKey.objects.get(owner=alice)
    assert new_key.pk not in old_ids
    crypto.key_cache.clear()
    assert CheckIn.objects.get(pk=record.pk).answers == {"fresh": True}


def test_deleting_a_user_any_other_way_also_forgets_the_cached_key(people):
    """The admin's delete (a plain cascade) bypasses delete_account: the key rows go with
    the user by cascade, and the in-process cache must not outlive them."""
    alice, _ = people
    copies = raw_ciphertexts(alice)
    key_ids = set(DataKey.objects.filter(owner=alice).values_list("pk", flat=True))
    assert SafetyPlan.objects.get(owner=alice).warning_signs  # alice's key is cached
    assert all(crypto.key_cache.get(pk) is not None for pk in key_ids)
    alice.delete()
    assert not DataKey.objects.filter(pk__in=key_ids).exists()
    assert_unopenable(copies)


def test_known_limit_a_copy_of_the_key_table_still_opens_the_copies(people):
    """SECURITY-MODEL.md: a backup taken before an erasure still holds the wrapped key, and
    whoever has that backup *and* the master key can read it. This documents that limit."""
    alice, _ = people
    copies = raw_ciphertexts(alice)
    key_table = {pk: (owner, master, wrapped) for pk, owner, master, wrapped in data_key_table()}
    delete_account(alice)
    purpose, token = copies[0]
    key_id, sealed = crypto.parse_token(token)
    owner, master, wrapped = key_table[key_id]
    key = crypto.unwrap_data_key(master, wrapped, owner)
    assert crypto.decrypt(key_id, key, sealed, purpose) == b"alice's signs"
