"""Key rotation: `rotate_keys` (master keys, then optionally data keys) and `new_master_key` (D3).

Each test starts with data written under one master key ("old") and checks that
after rotation the old key can be removed and every value still reads back exactly.
"""

import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from steadfast.core import crypto, keyring
from steadfast.core.crypto import DecryptionError
from steadfast.core.models import DataKey
from steadfast.core.testing import make_person
from steadfast.safety.models import PLAN_SECTIONS, CheckIn, SafetyPlan

pytestmark = pytest.mark.django_db

K1, K2, K3 = (os.urandom(32) for _ in range(3))
SECTIONS = [name for name, _, _ in PLAN_SECTIONS]


def use_master_keys(settings, **keys):
    """Configure master keys (first = current), as a restart with a new environment would."""
    settings.STEADFAST_MASTER_KEYS = dict(keys)
    crypto.key_cache.clear()


def rotate(*args):
    out = io.StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


def raw_tokens():
    """{(model, pk, field): stored ciphertext} for every encrypted value."""
    tokens = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {', '.join(SECTIONS)} FROM safety_safetyplan")  # noqa: S608
        for pk, *values in cursor.fetchall():
            tokens.update(
                {(SafetyPlan, pk, name): v for name, v in zip(SECTIONS, values, strict=True)}
            )
        cursor.execute("SELECT id, answers FROM safety_checkin")
        tokens.update({(CheckIn, pk, "answers"): value for pk, value in cursor.fetchall()})
    return tokens


def read_all(expected):
    """Read every value with fresh queries, as another process would."""
    return {key: getattr(key[0].objects.get(pk=key[1]), key[2]) for key in expected}


def owner_of(key):
    return key[0].objects.values_list("owner_id", flat=True).get(pk=key[1])


@pytest.fixture
def world(settings):
    """alice and bob wrote things under master key "old"; carol wrote nothing."""
    use_master_keys(settings, old=K1)
    alice, bob = make_person("alice"), make_person("bob")
    carol = make_person("carol")
    expected = {}
    plan = SafetyPlan.objects.create(
        owner=alice, warning_signs="", safe_places="0", people="Mum 🙂", code_word="bluebird"
    )
    expected.update({(SafetyPlan, plan.pk, name): getattr(plan, name) for name in SECTIONS})
    for answers in ({"q1": 0, "q2": False, "note": ""}, [], 0):
        record = CheckIn.objects.create(owner=alice, answers=answers)
        expected[(CheckIn, record.pk, "answers")] = answers
    plan = SafetyPlan.objects.create(owner=bob, other="bob's plan")
    expected.update({(SafetyPlan, plan.pk, name): getattr(plan, name) for name in SECTIONS})
    record = CheckIn.objects.create(owner=bob, answers={"q1": 4, "big": 2**70})
    expected[(CheckIn, record.pk, "answers")] = {"q1": 4, "big": 2**70}
    assert set(DataKey.objects.values_list("master_key_id", flat=True)) == {"old"}
    return {"alice": alice, "bob": bob, "carol": carol, "expected": expected}


# ---------------------------------------------------------------------------
# Master key rotation
# ---------------------------------------------------------------------------


def test_master_key_rotation_lets_the_old_key_go(world, settings):
    expected = world["expected"]
    tokens_before = raw_tokens()
    data_keys_before = {
        pk: keyring.key_by_id(pk) for pk in DataKey.objects.values_list("pk", flat=True)
    }
    wrapped_before = dict(DataKey.objects.values_list("pk", "wrapped"))

    use_master_keys(settings, new=K2, old=K1)
    assert "Re-wrapped 2 data key(s)" in rotate()

    assert set(DataKey.objects.values_list("master_key_id", flat=True)) == {"new"}
    wrapped_after = {pk: bytes(w) for pk, w in DataKey.objects.values_list("pk", "wrapped")}
    assert set(wrapped_after) == set(wrapped_before)
    assert all(wrapped_after[pk] != bytes(wrapped_before[pk]) for pk in wrapped_after)
    assert raw_tokens() == tokens_before  # re-wrapping the keys re-encrypts no value

    use_master_keys(settings, new=K2)  # the old master key is removed
    assert read_all(expected) == expected
    assert {pk: keyring.key_by_id(pk) for pk in data_keys_before} == data_keys_before

    assert "Re-wrapped 0 data key(s)" in rotate()  # idempotent
    assert {pk: bytes(w) for pk, w in DataKey.objects.values_list("pk", "wrapped")} == wrapped_after

    carol = world["carol"]
    SafetyPlan.objects.create(owner=carol, other="new")  # new keys use the new master key
    assert DataKey.objects.get(owner=carol).master_key_id == "new"


def test_values_read_back_exactly_with_types_intact(world, settings):
    use_master_keys(settings, new=K2, old=K1)
    rotate()
    use_master_keys(settings, new=K2)
    expected = world["expected"]
    for key, value in read_all(expected).items():
        assert type(value) is type(expected[key]) and value == expected[key]


def test_without_rotation_removing_the_old_key_makes_everything_unreadable(world, settings):
    use_master_keys(settings, new=K2)
    key = next(iter(world["expected"]))
    with pytest.raises(DecryptionError, match="not configured"):
        getattr(key[0].objects.get(pk=key[1]), key[2])


def test_rotation_refuses_when_a_master_key_is_missing_and_changes_nothing(world, settings):
    use_master_keys(settings, mid=K3, old=K1)
    dan = make_person("dan")
    CheckIn.objects.create(owner=dan, answers={"q": 1})  # dan's key: master "mid"
    before = list(DataKey.objects.order_by("pk").values_list("pk", "master_key_id", "wrapped"))

    use_master_keys(settings, new=K2, old=K1)  # "mid" removed too early
    with pytest.raises(CommandError, match="mid"):
        rotate()
    after = list(DataKey.objects.order_by("pk").values_list("pk", "master_key_id", "wrapped"))
    assert after == before  # all or nothing: alice's and bob's keys were not re-wrapped either

    use_master_keys(settings, new=K2, mid=K3, old=K1)
    assert "Re-wrapped 3 data key(s)" in rotate()
    use_master_keys(settings, new=K2)
    assert read_all(world["expected"]) == world["expected"]
    assert CheckIn.objects.get(owner=dan).answers == {"q": 1}


# ---------------------------------------------------------------------------
# Data key rotation
# ---------------------------------------------------------------------------


def test_data_key_rotation_reencrypts_everything_under_new_keys(world, settings):
    expected = world["expected"]
    alice, bob = world["alice"], world["bob"]
    old_keys = dict(DataKey.objects.values_list("owner_id", "pk"))
    assert set(old_keys) == {alice.pk, bob.pk}
    tokens_before = raw_tokens()
    for pk in old_keys.values():
        keyring.key_by_id(pk)  # in this process's cache

    use_master_keys(settings, new=K2, old=K1)
    output = rotate("--data-keys")
    assert "New data keys for 2 person(s); re-encrypted 6 record(s)." in output

    new_keys = {}
    for owner_id in old_keys:
        (record,) = DataKey.objects.filter(owner_id=owner_id)
        assert record.is_active and record.master_key_id == "new"
        assert record.pk not in old_keys.values()
        new_keys[owner_id] = record.pk
    assert not DataKey.objects.filter(pk__in=old_keys.values()).exists()
    for pk in old_keys.values():
        assert crypto.key_cache.get(pk) is None
        assert keyring.key_by_id(pk) is None

    tokens_after = raw_tokens()
    for key, token in tokens_after.items():
        assert token != tokens_before[key]
        assert crypto.parse_token(token)[0] == new_keys[owner_of(key)]

    use_master_keys(settings, new=K2)
    assert read_all(expected) == expected
    # The old ciphertexts cannot be opened any more: their key is gone.
    for token in tokens_before.values():
        key_id, _ = crypto.parse_token(token)
        assert keyring.key_by_id(key_id) is None


def test_data_key_rotation_for_one_person(world, settings):
    expected = world["expected"]
    alice, bob = world["alice"], world["bob"]
    bobs_key = DataKey.objects.get(owner=bob)
    alices_key_pk = DataKey.objects.get(owner=alice).pk
    tokens_before = raw_tokens()

    output = rotate("--data-keys", "--person", "  ALICE@Example.org ")
    assert "New data keys for 1 person(s); re-encrypted 4 record(s)." in output

    assert DataKey.objects.get(owner=bob) == bobs_key
    assert bytes(DataKey.objects.get(owner=bob).wrapped) == bytes(bobs_key.wrapped)
    assert DataKey.objects.get(owner=alice).pk != alices_key_pk
    for key, token in raw_tokens().items():
        if owner_of(key) == bob.pk:
            assert token == tokens_before[key]
        else:
            assert token != tokens_before[key]
            assert crypto.parse_token(token)[0] != alices_key_pk
    crypto.key_cache.clear()
    assert read_all(expected) == expected


def test_data_key_rotation_for_someone_without_data(world):
    carol = world["carol"]
    assert "New data keys for 1 person(s); re-encrypted 0 record(s)." in rotate(
        "--data-keys", "--person", carol.email
    )
    assert read_all(world["expected"]) == world["expected"]


def test_data_key_rotation_is_repeatable(world):
    rotate("--data-keys")
    rotate("--data-keys")
    assert DataKey.objects.count() == 2
    crypto.key_cache.clear()
    assert read_all(world["expected"]) == world["expected"]


def test_an_unknown_person_is_an_error_and_nothing_changes(world, settings):
    use_master_keys(settings, new=K2, old=K1)
    before = list(DataKey.objects.order_by("pk").values_list("pk", "master_key_id", "wrapped"))
    tokens_before = raw_tokens()
    with pytest.raises(CommandError, match="No account"):
        rotate("--data-keys", "--person", "nobody@example.org")
    assert (
        list(DataKey.objects.order_by("pk").values_list("pk", "master_key_id", "wrapped")) == before
    )
    assert raw_tokens() == tokens_before


def test_person_without_data_keys_is_an_error_and_nothing_changes(world, settings):
    use_master_keys(settings, new=K2, old=K1)
    with pytest.raises(CommandError, match="--data-keys"):
        rotate("--person", "alice@example.org")
    assert set(DataKey.objects.values_list("master_key_id", flat=True)) == {"old"}


# ---------------------------------------------------------------------------
# new_master_key
# ---------------------------------------------------------------------------


def new_master_key(*args):
    out = io.StringIO()
    call_command("new_master_key", *args, stdout=out)
    return out.getvalue().strip()


def test_new_master_key_prints_a_valid_entry():
    first, second = new_master_key(), new_master_key()
    keys = crypto.parse_master_keys(first)
    assert list(keys) == ["k1"] and len(keys["k1"]) == 32
    assert first != second
    named = crypto.parse_master_keys(new_master_key("k2027"))
    assert list(named) == ["k2027"]
    # Entries combine into a rotation list, the new one first.
    both = crypto.parse_master_keys(f"{new_master_key('k2')},{first}")
    assert list(both) == ["k2", "k1"]


@pytest.mark.parametrize("key_id", ["bad-id", "with space", "ключ", "k" * 33, ""])
def test_new_master_key_refuses_an_id_the_settings_would_refuse(key_id):
    with pytest.raises(CommandError):
        new_master_key(key_id)


def test_a_printed_key_works_end_to_end(settings):
    use_master_keys(settings, **crypto.parse_master_keys(new_master_key("fresh")))
    alice = make_person("alice")
    CheckIn.objects.create(owner=alice, answers={"q": 0})
    crypto.key_cache.clear()
    assert CheckIn.objects.get(owner=alice).answers == {"q": 0}
    assert DataKey.objects.get(owner=alice).master_key_id == "fresh"
