"""Plaintext of encrypted fields never reaches the operator admin, logs or audit rows (D5).

Every registered admin model is visited (list, change, history and delete-confirmation
pages) while people have a canary in every encrypted field. Models with encrypted
fields must not be registered at all: the operator has no business reading them.
"""

import base64
import logging
import secrets
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.urls import reverse

from steadfast.accounts.actions import delete_account
from steadfast.accounts.models import User
from steadfast.core import crypto
from steadfast.core.crypto import DecryptionError
from steadfast.core.fields import EncryptedField
from steadfast.core.models import DataKey
from steadfast.core.testing import make_person
from steadfast.couples.actions import create_invitation
from steadfast.safety.models import PLAN_SECTIONS, CheckIn, SafetyPlan

pytestmark = pytest.mark.django_db

CANARY = "CANARY-" + secrets.token_hex(8)
SECTIONS = [name for name, _, _ in PLAN_SECTIONS]


def encrypted_fields(model):
    return [
        field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedField)
    ]


@pytest.fixture
def people(personas):
    """Everyone has a plan and check-ins with the canary in every encrypted value."""
    for person in personas.values():
        SafetyPlan.objects.create(owner=person, **{n: f"{CANARY} {n}" for n in SECTIONS})
        CheckIn.objects.create(owner=person, answers={"note": CANARY, "q1": 0})
        CheckIn.objects.create(owner=person, answers=CANARY)
    create_invitation(personas["sam"])
    return personas


@pytest.fixture
def operator_client(client):
    operator = User.objects.create_superuser(
        email="operator@example.org", password="x", display_name="Operator"
    )
    client.force_login(operator)
    return client


def key_material():
    """Every stored wrapped key and every unwrapped data key, in the encodings a page might use."""
    found = []
    for record in DataKey.objects.all():
        wrapped = bytes(record.wrapped)
        key = crypto.unwrap_data_key(record.master_key_id, wrapped, record.owner_id)
        for secret in (wrapped, key):
            found += [
                secret.hex(),
                base64.b64encode(secret).decode().rstrip("="),
                base64.urlsafe_b64encode(secret).decode().rstrip("="),
            ]
    for master in crypto.master_keys().values():
        found += [master.hex(), base64.urlsafe_b64encode(master).decode().rstrip("=")]
    return found


def admin_pages(model):
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    yield reverse(f"{name}_changelist")
    # An admin that refuses deleting (append-only logs) answers its delete page with a 403,
    # which shows nothing; its other pages are still visited.
    superuser = SimpleNamespace(user=SimpleNamespace(has_perm=lambda *args: True))
    deletable = admin.site._registry[model].has_delete_permission(superuser)
    pages = ("change", "history", "delete") if deletable else ("change", "history")
    for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:10]:
        for page in pages:
            yield reverse(f"{name}_{page}", args=[pk])


@pytest.fixture
def all_logs(caplog):
    """Every log record at DEBUG and up, SQL statements with their parameters included."""
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.db.backends", "django.request", "steadfast", "axes"):
        caplog.set_level(logging.DEBUG, logger=name)
    connection.force_debug_cursor = True
    try:
        yield caplog
    finally:
        connection.force_debug_cursor = False


def assert_no_canary_in(records):
    for record in records:
        text = " ".join(
            [record.getMessage(), repr(record.args), record.exc_text or "", str(record.__dict__)]
        )
        assert CANARY not in text, (record.name, record.getMessage()[:200])


# ---------------------------------------------------------------------------
# The admin
# ---------------------------------------------------------------------------


def test_no_model_with_encrypted_fields_is_registered_in_the_admin():
    offenders = {
        model._meta.label: encrypted_fields(model)
        for model in admin.site._registry
        if encrypted_fields(model)
    }
    if offenders:
        pytest.fail(
            "These admin-registered models have encrypted fields, whose plaintext the "
            f"operator must never see: {offenders}. Unregister them, or show only metadata "
            "through a ModelAdmin that excludes those fields and is covered by this module."
        )
    assert SafetyPlan not in admin.site._registry
    assert CheckIn not in admin.site._registry


def test_no_admin_page_shows_plaintext_or_key_material(people, operator_client, all_logs):
    """Every page of every registered model; the logs and audit rows of those visits too."""
    assert reverse("admin:index") == f"/{settings.ADMIN_PATH}"
    secrets_ = [CANARY, *key_material()]
    app_labels = sorted({model._meta.app_label for model in admin.site._registry})
    urls = [reverse("admin:index"), *(reverse("admin:app_list", args=[a]) for a in app_labels)]
    for model in admin.site._registry:
        urls += admin_pages(model)
    for url in urls:
        response = operator_client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert CANARY not in page, url
        assert not [secret for secret in secrets_ if secret in page], url
    # The people who own encrypted data were among the objects shown.
    for person in people.values():
        assert reverse("admin:accounts_user_change", args=[person.pk]) in urls
    assert_no_canary_in(all_logs.records)
    for entry in LogEntry.objects.all():
        assert CANARY not in f"{entry.object_repr} {entry.change_message}"


def test_the_data_key_table_is_not_in_the_admin_or_shows_no_key_material(people, operator_client):
    if DataKey not in admin.site._registry:
        return
    material = key_material()
    for url in admin_pages(DataKey):
        page = operator_client.get(url).content.decode()
        assert not [s for s in material if s in page], url


def test_the_people_whose_data_is_encrypted_are_visible_in_the_admin(people, operator_client):
    """A sanity check of the scan above: the owners' change pages are among those visited."""
    alice = people["alice"]
    page = operator_client.get(reverse("admin:accounts_user_change", args=[alice.pk]))
    assert page.status_code == 200
    assert alice.email in page.content.decode()
    delete_page = operator_client.get(reverse("admin:accounts_user_delete", args=[alice.pk]))
    text = delete_page.content.decode()
    assert CANARY not in text


# ---------------------------------------------------------------------------
# Logs and audit rows
# ---------------------------------------------------------------------------


def test_saving_and_reading_encrypted_values_logs_no_plaintext(all_logs, client_for):
    alice, bob = make_person("alice"), make_person("bob")
    plan = SafetyPlan.objects.create(owner=alice, **dict.fromkeys(SECTIONS, CANARY))
    record = CheckIn.objects.create(owner=alice, answers={"note": CANARY, CANARY: [0, False, ""]})
    crypto.key_cache.clear()
    fresh = SafetyPlan.objects.get(pk=plan.pk)
    assert fresh.warning_signs == CANARY
    assert CheckIn.objects.get(pk=record.pk).answers["note"] == CANARY
    record.answers = [CANARY]
    record.save()
    CheckIn.objects.get(pk=record.pk).refresh_from_db()

    # Through the real pages too: saving the plan, showing it again.
    client = client_for(bob)
    data = dict.fromkeys(SECTIONS, f"{CANARY} via the form") | {"audience": "private"}
    assert client.post("/plan/", data).status_code == 302
    assert CANARY in client.get("/plan/").content.decode()  # shown to its owner only

    # A failure path: a ciphertext moved into another person's row.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE safety_safetyplan SET other = (SELECT other FROM safety_safetyplan "
            "WHERE owner_id = %s) WHERE owner_id = %s",
            [alice.pk, bob.pk],
        )
    with pytest.raises(DecryptionError) as error:
        SafetyPlan.objects.get(owner=bob).other  # noqa: B018
    assert CANARY not in str(error.value)

    sql_records = [r for r in all_logs.records if r.name == "django.db.backends"]
    assert any("safety_safetyplan" in r.getMessage() for r in sql_records)  # SQL was captured
    assert_no_canary_in(all_logs.records)


def test_erasure_logs_no_plaintext(all_logs):
    alice = make_person("alice")
    SafetyPlan.objects.create(owner=alice, code_word=CANARY)
    CheckIn.objects.create(owner=alice, answers={"note": CANARY})
    delete_account(alice)
    assert_no_canary_in(all_logs.records)
