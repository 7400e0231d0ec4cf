"""Encrypted fields: exact round trips, ciphertext-only columns, no plaintext queries (D1, D4).

The property tests use the real models: `SafetyPlan` (six `EncryptedTextField`
sections) and `CheckIn` (`answers`, an `EncryptedJSONField`). Both columns are NOT
NULL, so "None stays None (NULL)" is tested on a small test-only model with
nullable encrypted fields, built in an isolated app registry like the privacy-spine
models (its table exists only while this module runs).
"""

import math
import os
import secrets

import pytest
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import FieldError
from django.db import IntegrityError, connection, models, transaction
from django.test.utils import isolate_apps
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from steadfast.core import crypto, keyring
from steadfast.core.crypto import DecryptionError
from steadfast.core.fields import EncryptedJSONField, EncryptedTextField
from steadfast.core.testing import make_person
from steadfast.safety.models import PLAN_SECTIONS, CheckIn, SafetyPlan

pytestmark = pytest.mark.django_db

CANARY = "CANARY-" + secrets.token_hex(8)
SECTIONS = [name for name, _, _ in PLAN_SECTIONS]
# ≥ 1 000 cases per field (security.md D4) on request; a quicker default for every run.
EXAMPLES = int(os.environ.get("STEADFAST_CRYPTO_EXAMPLES", "100"))

property_settings = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the repository
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

with isolate_apps("steadfast.core") as _test_apps:
    User = get_user_model()
    _test_apps.register_model(User._meta.app_label, User)

    class NullableSecret(models.Model):
        """Nullable encrypted fields whose owner field is not called `owner`."""

        person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
        note = EncryptedTextField(null=True, owner_field="person")
        data = EncryptedJSONField(null=True, owner_field="person")

        class Meta:
            app_label = "core"
            db_table = "core_test_nullable_secret"

        def __str__(self):
            return f"Secret {self.pk}"

    class Ownerless(models.Model):
        note = EncryptedTextField()

        class Meta:
            app_label = "core"
            db_table = "core_test_ownerless"

        def __str__(self):
            return f"Ownerless {self.pk}"


@pytest.fixture(scope="module")
def secret_table(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            if NullableSecret._meta.db_table in connection.introspection.table_names():
                editor.delete_model(NullableSecret)  # left over from an interrupted run
            editor.create_model(NullableSecret)
        yield
        with connection.schema_editor() as editor:
            editor.delete_model(NullableSecret)


@pytest.fixture(autouse=True)
def _fresh_key_cache():
    crypto.key_cache.clear()
    yield
    crypto.key_cache.clear()


@pytest.fixture
def alice():
    return make_person("alice")


@pytest.fixture
def bob():
    return make_person("bob")


@pytest.fixture
def plan(alice):
    return SafetyPlan.objects.create(owner=alice)


@pytest.fixture
def checkin(alice):
    return CheckIn.objects.create(owner=alice, answers={"start": 0})


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def raw_value(model, pk, field_name):
    field = model._meta.get_field(field_name)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(field.column)} FROM {quote(model._meta.db_table)} WHERE id = %s",  # noqa: S608
            [pk],
        )
        (value,) = cursor.fetchone()
    return value


def raw_row(model, pk, field_names):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in field_names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()


def raw_set(model, pk, field_name, value):
    field = model._meta.get_field(field_name)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(model._meta.db_table)} SET {quote(field.column)} = %s WHERE id = %s",  # noqa: S608
            [value, pk],
        )


def assert_sealed(model, pk, field_name, *, not_containing=CANARY):
    value = raw_value(model, pk, field_name)
    assert isinstance(value, str) and value.startswith("sf1:"), value
    assert crypto.is_token(value)
    assert not_containing not in value
    return value


def same(a, b):
    """Equal, and of the same types all the way down: 0 ≠ False ≠ 0.0, -0.0 ≠ 0.0."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return a == b


def every_raw_value():
    """Every value of every column of every table, as stored."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    yield table, value


def assert_canary_nowhere_in_database(canary=CANARY):
    needle = canary.encode()
    for table, value in every_raw_value():
        if isinstance(value, str):
            assert canary not in value, table
        elif isinstance(value, bytes | bytearray | memoryview):
            assert needle not in bytes(value), table


# ---------------------------------------------------------------------------
# Round trips: EncryptedTextField (SafetyPlan)
# ---------------------------------------------------------------------------

EDGE_TEXTS = [
    "",
    "0",
    " ",
    "\n",
    "\x00",
    "None",
    "null",
    "false",
    '""',
    "[encrypted]",
    "sf1:1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  # shaped like a ciphertext
    "ünïcødé 🙂 עברית 中文 \u200b\ufeff",
    "x" * 100_000,
    CANARY,
]


def check_plan_round_trip(plan, values):
    for name, value in values.items():
        setattr(plan, name, value)
    plan.save()
    plan.refresh_from_db()
    assert {name: getattr(plan, name) for name in values} == values
    fresh = SafetyPlan.objects.get(pk=plan.pk)
    for name, value in values.items():
        read = getattr(fresh, name)
        assert type(read) is str and read == value
    for stored in raw_row(SafetyPlan, plan.pk, values):
        assert stored.startswith("sf1:") and crypto.is_token(stored) and CANARY not in stored


@pytest.mark.parametrize("text", EDGE_TEXTS, ids=range(len(EDGE_TEXTS)))
def test_text_edge_values_round_trip(plan, text):
    check_plan_round_trip(plan, dict.fromkeys(SECTIONS, text))


@given(values=st.fixed_dictionaries({name: st.text() for name in SECTIONS}))
@example(values=dict.fromkeys(SECTIONS, ""))
@example(values=dict.fromkeys(SECTIONS, "0"))
@property_settings
def test_every_text_round_trips(plan, values):
    check_plan_round_trip(plan, values)


def test_a_new_plan_stores_its_empty_defaults_as_ciphertext_not_null(alice):
    plan = SafetyPlan.objects.create(owner=alice)
    for name in SECTIONS:
        token = assert_sealed(SafetyPlan, plan.pk, name)
        assert crypto.parse_token(token)[0] == keyring.active_key(alice.pk)[0]
    fresh = SafetyPlan.objects.get(pk=plan.pk)
    assert [getattr(fresh, name) for name in SECTIONS] == [""] * len(SECTIONS)


def test_non_text_values_are_stored_as_their_text(plan):
    plan.warning_signs = 0
    plan.save()
    assert SafetyPlan.objects.get(pk=plan.pk).warning_signs == "0"


# ---------------------------------------------------------------------------
# Round trips: EncryptedJSONField (CheckIn.answers)
# ---------------------------------------------------------------------------

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**256), max_value=2**256)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    json_leaves,
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(st.text(), children, max_size=6)
    ),
    max_leaves=25,
)

EDGE_JSON = [
    0,
    False,
    True,
    1,
    "",
    "0",
    [],
    {},
    0.0,
    -0.0,
    1.5,
    1e308,
    5e-324,
    2**64,
    -(2**200),
    [0, False, "", None, [], {}],
    {"": "", "0": 0, "false": False, "null": None},
    {"b": 1, "a": 2, "c": {"z": 0, "y": []}},  # key order is kept
    "ünïcødé 🙂 \x00 \u2028",
    {"note": CANARY, "scores": [0, 4, 2]},
    "x" * 100_000,
]


def check_answers_round_trip(checkin, value):
    checkin.answers = value
    checkin.save()
    checkin.refresh_from_db()
    assert same(checkin.answers, value)
    fresh = CheckIn.objects.get(pk=checkin.pk)
    assert same(fresh.answers, value)
    assert_sealed(CheckIn, checkin.pk, "answers")


@pytest.mark.parametrize("value", EDGE_JSON, ids=range(len(EDGE_JSON)))
def test_json_edge_values_round_trip(checkin, value):
    check_answers_round_trip(checkin, value)


@given(value=json_values.filter(lambda value: value is not None))
@example(value=0)
@example(value=False)
@example(value="")
@example(value=[])
@example(value={})
@property_settings
def test_every_json_value_round_trips(checkin, value):
    check_answers_round_trip(checkin, value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, [1, math.nan], {"a": math.inf}])
def test_json_refuses_values_that_are_not_json(checkin, value):
    before = raw_value(CheckIn, checkin.pk, "answers")
    checkin.answers = value
    with pytest.raises(ValueError), transaction.atomic():
        checkin.save()
    assert raw_value(CheckIn, checkin.pk, "answers") == before


def test_a_real_check_in_cannot_store_none(alice):
    """`answers` is NOT NULL: None is refused, never turned into "null" or ""."""
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(owner=alice, answers=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyPlan.objects.create(owner=alice, warning_signs=None)


# ---------------------------------------------------------------------------
# None stays None (NULL); any owner field name
# ---------------------------------------------------------------------------


def test_none_stays_none_and_is_stored_as_null(secret_table, alice):
    secret = NullableSecret.objects.create(person=alice, note=None, data=None)
    assert raw_value(NullableSecret, secret.pk, "note") is None
    assert raw_value(NullableSecret, secret.pk, "data") is None
    secret.refresh_from_db()
    assert secret.note is None and secret.data is None
    fresh = NullableSecret.objects.get(pk=secret.pk)
    assert fresh.note is None and fresh.data is None
    assert NullableSecret.objects.filter(note__isnull=True, data=None).get() == secret


@given(note=st.none() | st.text(), data=json_values)
@example(note="", data=0)
@example(note="0", data=False)
@example(note=None, data=None)
@property_settings
def test_nullable_fields_round_trip_with_a_custom_owner_field(secret_table, alice, note, data):
    secret = NullableSecret.objects.create(person=alice, note=note, data=data)
    secret.refresh_from_db()
    assert same(secret.note, note) and same(secret.data, data)
    fresh = NullableSecret.objects.get(pk=secret.pk)
    assert same(fresh.note, note) and same(fresh.data, data)
    for name, value in (("note", note), ("data", data)):
        stored = raw_value(NullableSecret, secret.pk, name)
        assert (stored is None) == (value is None)
        if stored is not None:
            assert crypto.is_token(stored)
            assert crypto.parse_token(stored)[0] == keyring.active_key(alice.pk)[0]


def test_owner_field_is_kept_by_migrations_and_checked():
    _, _, _, kwargs = NullableSecret._meta.get_field("note").deconstruct()
    assert kwargs["owner_field"] == "person"
    _, _, _, kwargs = SafetyPlan._meta.get_field("other").deconstruct()
    assert "owner_field" not in kwargs
    assert [error.id for error in Ownerless._meta.get_field("note").check()] == ["steadfast.E001"]
    assert SafetyPlan._meta.get_field("other").check() == []


# ---------------------------------------------------------------------------
# Loading: deferred fields, values(), key lookups
# ---------------------------------------------------------------------------


def test_deferred_and_partial_loads_read_back(plan, checkin):
    plan.code_word = CANARY
    plan.save()
    assert SafetyPlan.objects.defer("code_word").get(pk=plan.pk).code_word == CANARY
    assert SafetyPlan.objects.only("code_word").get(pk=plan.pk).code_word == CANARY
    assert SafetyPlan.objects.only("pk").get(pk=plan.pk).code_word == CANARY
    plan.code_word = "changed in memory"
    plan.refresh_from_db(fields=["code_word"])
    assert plan.code_word == CANARY
    assert CheckIn.objects.select_related("owner").get(pk=checkin.pk).answers == {"start": 0}


def test_values_queries_give_sealed_values_never_plaintext(plan):
    plan.code_word = CANARY
    plan.save()
    (value,) = SafetyPlan.objects.values_list("code_word", flat=True)
    assert CANARY not in repr(value) and CANARY not in str(value)
    row = SafetyPlan.objects.values("code_word", "owner").get()
    assert CANARY not in repr(row)


def test_a_page_of_records_costs_one_key_lookup(alice, django_assert_num_queries):
    for number in range(10):
        CheckIn.objects.create(owner=alice, answers={"n": number})
    crypto.key_cache.clear()
    with django_assert_num_queries(2):  # the check-ins, then alice's data key once
        answers = [record.answers["n"] for record in CheckIn.objects.order_by("pk")]
    assert answers == list(range(10))


def test_a_stale_cached_key_under_a_reused_id_is_never_used(alice):
    """On SQLite a rolled-back key's id is handed out again; a process that cached the
    rolled-back key must neither seal with it (the value would be lost) nor fail to read."""
    record = CheckIn.objects.create(owner=alice, answers={"first": 0})
    key_id = crypto.parse_token(raw_value(CheckIn, record.pk, "answers"))[0]
    phantom = crypto.new_data_key()
    crypto.key_cache.put(key_id, alice.pk, phantom, b"the rolled-back row")
    assert CheckIn.objects.get(pk=record.pk).answers == {"first": 0}  # read: falls back

    crypto.key_cache.put(key_id, alice.pk, phantom, b"the rolled-back row")
    record.answers = {"second": 1}
    record.save()  # seal: must use the stored key, not the phantom
    crypto.key_cache.clear()
    assert CheckIn.objects.get(pk=record.pk).answers == {"second": 1}


def test_serialisers_get_nothing_readable(plan, checkin):
    plan.other = CANARY
    plan.save()
    checkin.answers = {"note": CANARY}
    checkin.save()
    for format_ in ("json", "xml", "python"):
        dumped = serializers.serialize(format_, [plan, checkin])
        assert CANARY not in str(dumped)


# ---------------------------------------------------------------------------
# The columns hold only ciphertext
# ---------------------------------------------------------------------------


def test_the_canary_is_nowhere_in_the_database(alice, bob):
    SafetyPlan.objects.create(owner=alice, **dict.fromkeys(SECTIONS, CANARY))
    SafetyPlan.objects.create(owner=bob, people=f"call {CANARY}", other="")
    CheckIn.objects.create(owner=alice, answers={"note": CANARY, CANARY: [CANARY]})
    CheckIn.objects.create(owner=bob, answers=CANARY)
    assert_canary_nowhere_in_database()
    for plan in SafetyPlan.objects.all():
        for name in SECTIONS:
            assert_sealed(SafetyPlan, plan.pk, name)
    for record in CheckIn.objects.all():
        assert_sealed(CheckIn, record.pk, "answers")
    # ...and everything still reads back.
    assert SafetyPlan.objects.get(owner=alice).warning_signs == CANARY
    assert CheckIn.objects.get(owner=bob).answers == CANARY


@pytest.mark.parametrize(
    ("model", "name", "value"),
    [
        (SafetyPlan, "warning_signs", "plain"),
        (SafetyPlan, "warning_signs", ""),
        (SafetyPlan, "warning_signs", "0"),
        (SafetyPlan, "warning_signs", "sf1:1:my secret words"),
        (CheckIn, "answers", {"a": 1}),
        (CheckIn, "answers", [0]),
        (CheckIn, "answers", 0),
        (CheckIn, "answers", False),
        (CheckIn, "answers", "plain"),
    ],
)
def test_bulk_update_with_plaintext_is_refused(plan, checkin, model, name, value):
    pk = plan.pk if model is SafetyPlan else checkin.pk
    before = raw_value(model, pk, name)
    with pytest.raises(ValueError, match="encrypted"), transaction.atomic():
        model.objects.filter(pk=pk).update(**{name: value})
    with pytest.raises(ValueError, match="encrypted"), transaction.atomic():
        model.objects.bulk_update([model(pk=pk, owner_id=plan.owner_id, **{name: value})], [name])
    assert raw_value(model, pk, name) == before


@pytest.mark.parametrize(
    ("model", "lookup", "value"),
    [
        (SafetyPlan, "warning_signs", "plain"),
        (SafetyPlan, "warning_signs", ""),
        (SafetyPlan, "warning_signs__exact", "plain"),
        (SafetyPlan, "warning_signs__in", ["plain", "other"]),
        (CheckIn, "answers", {"a": 1}),
        (CheckIn, "answers", 0),
        (CheckIn, "answers", False),
        (CheckIn, "answers__in", [0, 1]),
    ],
)
def test_filtering_on_plaintext_is_refused(plan, checkin, model, lookup, value):
    with pytest.raises(ValueError, match="encrypted"):
        list(model.objects.filter(**{lookup: value}))
    with pytest.raises(ValueError, match="encrypted"):
        list(model.objects.exclude(**{lookup: value}))


@pytest.mark.parametrize(
    "lookup",
    [
        "contains",
        "icontains",
        "startswith",
        "istartswith",
        "endswith",
        "iendswith",
        "iexact",
        "regex",
        "iregex",
        "gt",
        "lte",
        "range",
    ],
)
def test_other_lookups_are_refused(plan, lookup):
    """Pattern lookups skip `get_prep_value`: without a guard they would quietly send the
    plaintext to the database (and its query log) and find nothing. Ordering lookups on
    ciphertext mean nothing either."""
    plan.warning_signs = CANARY
    plan.save()
    value = [CANARY, CANARY] if lookup == "range" else CANARY
    with pytest.raises(FieldError):
        list(SafetyPlan.objects.filter(**{f"warning_signs__{lookup}": value}))
    with pytest.raises(FieldError):
        list(CheckIn.objects.filter(**{f"answers__{lookup}": value}))


def test_null_checks_and_ciphertext_lookups_still_work(plan):
    token = raw_value(SafetyPlan, plan.pk, "people")
    assert SafetyPlan.objects.filter(people=token).get() == plan
    assert SafetyPlan.objects.filter(people__isnull=False).count() == 1


# ---------------------------------------------------------------------------
# A ciphertext is bound to its person and to its field
# ---------------------------------------------------------------------------


def test_a_ciphertext_copied_into_another_persons_row_does_not_open(alice, bob):
    alices = SafetyPlan.objects.create(owner=alice, warning_signs=CANARY)
    bobs = SafetyPlan.objects.create(owner=bob, warning_signs="bob's own", people="bob's people")
    raw_set(SafetyPlan, bobs.pk, "warning_signs", raw_value(SafetyPlan, alices.pk, "warning_signs"))

    moved = SafetyPlan.objects.get(pk=bobs.pk)
    with pytest.raises(DecryptionError):
        moved.warning_signs  # noqa: B018
    assert moved.people == "bob's people"  # the rest of bob's row is unaffected
    assert SafetyPlan.objects.get(pk=alices.pk).warning_signs == CANARY
    # Also with alice's key already in the cache.
    with pytest.raises(DecryptionError):
        SafetyPlan.objects.get(pk=bobs.pk).warning_signs  # noqa: B018
    # And bob cannot launder it by saving his row.
    with pytest.raises(DecryptionError):
        SafetyPlan.objects.get(pk=bobs.pk).save()


def test_check_in_answers_copied_into_another_persons_check_in_do_not_open(alice, bob):
    alices = CheckIn.objects.create(owner=alice, answers={"note": CANARY})
    bobs = CheckIn.objects.create(owner=bob, answers={"note": "bob"})
    raw_set(CheckIn, bobs.pk, "answers", raw_value(CheckIn, alices.pk, "answers"))
    crypto.key_cache.clear()
    with pytest.raises(DecryptionError):
        CheckIn.objects.get(pk=bobs.pk).answers  # noqa: B018
    assert CheckIn.objects.get(pk=alices.pk).answers == {"note": CANARY}


def test_a_row_moved_to_another_owner_does_not_open(alice, bob):
    record = CheckIn.objects.create(owner=alice, answers={"note": CANARY})
    with connection.cursor() as cursor:
        cursor.execute("UPDATE safety_checkin SET owner_id = %s WHERE id = %s", [bob.pk, record.pk])
    with pytest.raises(DecryptionError):
        CheckIn.objects.get(pk=record.pk).answers  # noqa: B018


@pytest.mark.parametrize(
    ("source", "target"), [("warning_signs", "code_word"), ("people", "other")]
)
def test_a_ciphertext_copied_into_another_field_does_not_open(plan, source, target):
    setattr(plan, source, CANARY)
    setattr(plan, target, "target")
    plan.save()
    raw_set(SafetyPlan, plan.pk, target, raw_value(SafetyPlan, plan.pk, source))
    fresh = SafetyPlan.objects.get(pk=plan.pk)
    with pytest.raises(DecryptionError):
        getattr(fresh, target)
    assert getattr(fresh, source) == CANARY


def test_a_ciphertext_copied_into_another_model_does_not_open(plan, checkin):
    checkin.answers = CANARY  # a JSON string: the same bytes a text field would seal, but quoted
    checkin.save()
    plan.other = '"' + CANARY + '"'
    plan.save()
    raw_set(SafetyPlan, plan.pk, "other", raw_value(CheckIn, checkin.pk, "answers"))
    with pytest.raises(DecryptionError):
        SafetyPlan.objects.get(pk=plan.pk).other  # noqa: B018


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),
        lambda token: token.replace("sf1:", "sf2:", 1),
        lambda token: "not a ciphertext",
        lambda token: "",
    ],
    ids=["flipped", "unknown-version", "plaintext", "empty"],
)
def test_a_tampered_column_does_not_open(plan, mangle):
    plan.people = CANARY
    plan.save()
    raw_set(SafetyPlan, plan.pk, "people", mangle(raw_value(SafetyPlan, plan.pk, "people")))
    with pytest.raises(DecryptionError):
        SafetyPlan.objects.get(pk=plan.pk).people  # noqa: B018
