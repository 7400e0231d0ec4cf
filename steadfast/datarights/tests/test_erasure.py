"""I13 / IPV-15: after a person deletes their account, nothing of theirs is left in the
database, and a backup taken before holds their words only as ciphertext that nothing
left on the server can open.

The scan reads every column of every table through a plain cursor, so a table added
later is covered too: a leftover copy of the person's email address or words, or any
ciphertext sealed with one of their data keys, fails it.
"""

import re
import shutil
import sqlite3
import subprocess

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import reverse

from steadfast.accounts.models import User
from steadfast.core import backups, crypto, keyring
from steadfast.core.models import DataKey
from steadfast.core.testing import PASSWORD, make_person, make_therapist
from steadfast.practice.models import AccessRead, Grant, SessionNote

from .plant import plant_everything

TOKEN = re.compile(crypto.TOKEN.pattern)


def every_value():
    """(table, column, value) for every cell of every table, read without Django's
    field converters (so ciphertext stays ciphertext)."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from the schema
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                yield from ((table, col, value) for col, value in zip(columns, row, strict=True))


def leftovers(canaries, key_ids):
    """Where any canary, or a ciphertext sealed with one of `key_ids`, is still stored."""
    found = []
    for table, column, value in every_value():
        text = value if isinstance(value, str) else str(value) if value is not None else ""
        for words in canaries:
            if words in text:
                found.append(f"{table}.{column}: {words!r}")
        for match in TOKEN.finditer(text):
            if int(match[1]) in key_ids:
                found.append(f"{table}.{column}: ciphertext under data key {match[1]}")
    return found


def her_words(person):
    """Every planted canary the database holds encrypted for the person, opened, and what
    identifies her in plain columns (choices such as "together" are not canaries)."""
    words = {person.email, person.display_name}
    for model, fields in keyring.encrypted_fields_by_model().items():
        for field in fields:
            rows = model._base_manager.filter(**{field.owner_attname: person.pk})
            for row in rows:
                value = getattr(row, field.attname)
                if isinstance(value, str) and "-canary-" in value:
                    words.add(value)
    return words


def backup_text(path):
    """All the text a backup file holds, as a restore would read it."""
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(path)
        try:
            tables = [
                r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            cells = []
            for table in tables:
                for row in copy.execute(f'SELECT * FROM "{table}"'):  # noqa: S608
                    cells += [str(v) for v in row if v is not None]
            return "\n".join(cells)
        finally:
            copy.close()
    pg_restore = shutil.which("pg_restore")
    done = subprocess.run(  # noqa: S603
        [pg_restore, "--data-only", "--file=-", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def purposes():
    return [f.purpose for fields in keyring.encrypted_fields_by_model().values() for f in fields]


def delete_through_the_page(person):
    client = Client()
    client.post(reverse("accounts:login"), {"username": person.email, "password": "wrong"})
    assert (
        client.post(
            reverse("accounts:login"), {"username": person.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    response = client.post(
        reverse("accounts:delete"), {"current_password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()


@pytest.mark.django_db(transaction=True)  # pg_dump, in another process, sees only commits
def test_nothing_is_left_and_a_backup_from_before_stays_locked(tmp_path):
    alice, bob, theo = make_person("alice"), make_person("bob"), make_therapist("theo")
    plant_everything(alice, bob, theo)
    about_her = SessionNote.objects.create(therapist=theo, client=alice, body="Theo on Alice")
    couple_session = SessionNote.objects.create(
        therapist=theo, client=bob, partner=alice, body="Theo on both"
    )
    operator = User.objects.create_superuser("op@example.org", PASSWORD, display_name="Op")
    LogEntry.objects.create(
        user=operator,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(alice.pk),
        object_repr=str(alice),
        action_flag=CHANGE,
        change_message="[]",
    )
    canaries = her_words(alice)
    key_ids = set(DataKey.objects.filter(owner=alice).values_list("pk", flat=True))
    assert "Alice-canary-letter-7c1e" in canaries and len(canaries) > 25
    # The scan sees her before: her address and name in plain columns, her words sealed.
    before = leftovers(canaries, key_ids)
    assert any("accounts_user.email" in f for f in before)
    assert any("ciphertext" in f for f in before)
    target = tmp_path / "before-erasure.backup"
    backups.backup(target)

    delete_through_the_page(alice)

    assert leftovers(canaries, key_ids) == []
    assert not DataKey.objects.filter(pk__in=key_ids).exists()
    # The deletion page's words hold: notes about her went, the couple session's stays
    # with the therapist, no longer linked to her; her grants and access log went.
    assert not SessionNote.objects.filter(pk=about_her.pk).exists()
    couple_session.refresh_from_db()
    assert couple_session.partner is None and couple_session.body == "Theo on both"
    assert not Grant.objects.filter(client_id=alice.pk).exists()
    assert not AccessRead.objects.filter(client_id=alice.pk).exists()
    assert LogEntry.objects.get(object_id=str(alice.pk)).object_repr == "Deleted account"
    # Bob's own life is untouched.
    assert User.objects.filter(pk=bob.pk).exists()
    assert DataKey.objects.filter(owner=bob).exists()

    # The backup still holds her words, sealed; nothing left on the server opens them.
    sealed = [m[0] for m in TOKEN.finditer(backup_text(target)) if int(m[1]) in key_ids]
    assert len(sealed) >= 25
    remaining = [
        (record.pk, crypto.unwrap_data_key(record.master_key_id, record.wrapped, record.owner_id))
        for record in DataKey.objects.all()
    ]
    assert remaining
    # Every key left, and the master keys used directly, under every field's purpose.
    candidates = [key for _, key in remaining] + list(crypto.master_keys().values())
    all_purposes = purposes()
    for token in sealed:
        assert keyring.open_token(token, alice.pk, "journal.entry.body") is None
        key_id, ciphertext = crypto.parse_token(token)
        for key in candidates:
            for purpose in all_purposes:
                with pytest.raises(crypto.DecryptionError):
                    crypto.decrypt(key_id, key, ciphertext, purpose)
