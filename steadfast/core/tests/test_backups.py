"""Backups: a copy taken while the app runs, restored into an empty database, holds every
row of every table, and the people's encrypted words open again with the same master keys.

Runs against whichever database the suite runs on (SQLite, or PostgreSQL in CI's second
run); `transactional_db` because pg_dump, in another process, sees only committed rows.
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from steadfast.checkins.models import DailyCheckIn
from steadfast.core import backups
from steadfast.core.testing import make_person

ROOT = Path(__file__).resolve().parents[3]
CANARY = "restored-canary-1f6c — ünïcode, 0 and all"


def _plant():
    alice = make_person("Alice")
    DailyCheckIn.objects.create(
        owner=alice, day=date(2026, 11, 20), trust=0, closeness=7, mood=3, note=CANARY
    )
    return alice


def _fingerprints(cursor, tables, quote):
    """{table: (rows, sha256 of all rows in primary-key order)}."""
    result = {}
    for table in tables:
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY 1")  # noqa: S608
        rows = cursor.fetchall()
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()
        result[table] = (len(rows), digest)
    return result


def _raw_fingerprints(raw):
    """Fingerprints read through a plain driver connection (no Django converters), so
    the live database and the restored one are read the same way."""
    cursor = raw.cursor()
    if connection.vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    names = [row[0] for row in cursor.fetchall()]
    return _fingerprints(cursor, names, lambda name: f'"{name}"')


def _connect_live():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return sqlite3.connect(settings["NAME"], uri=True)
    import psycopg

    return psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
    )


def _manage(*args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _open_canary_script(owner_id):
    return (
        "from steadfast.checkins.models import DailyCheckIn;"
        f"print(DailyCheckIn.objects.get(owner_id={owner_id}).note)"
    )


@pytest.fixture
def empty_database(tmp_path_factory):
    """Settings (as environment variables) for a brand-new database of the same kind,
    with nothing in it, not even the schema; dropped afterwards."""
    if connection.vendor == "sqlite":
        path = tmp_path_factory.mktemp("restore") / "empty.sqlite3"
        yield {"SQLITE_PATH": str(path), "DATABASE_URL": ""}, lambda: sqlite3.connect(path)
        return
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin = {"host": settings["HOST"], "port": settings["PORT"], "user": settings["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
        pg.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"
    try:
        yield {"DATABASE_URL": url}, lambda: psycopg.connect(dbname=name, **admin)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_holds_every_row(tmp_path, empty_database):
    alice = _plant()
    target = tmp_path / "copy.backup"
    call_command("backup", output=str(target))
    assert target.is_file()
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    live = _connect_live()
    try:
        before = _raw_fingerprints(live)
    finally:
        live.close()

    env, connect = empty_database
    done = _manage("restore", str(target), env=env)
    assert done.returncode == 0, done.stderr
    assert "Restored" in done.stdout

    restored = connect()
    try:
        after = _raw_fingerprints(restored)
    finally:
        restored.close()
    assert after == before
    assert before["checkins_dailycheckin"][0] == 1

    # The words come back only through the app, with the same master keys.
    opened = _manage("shell", "--no-imports", "-c", _open_canary_script(alice.pk), env=env)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.strip() == CANARY

    # And the restored database is not restored over a second time by accident.
    again = _manage("restore", str(target), env=env)
    assert again.returncode != 0
    assert "already holds data" in again.stderr


@pytest.mark.django_db(transaction=True)
def test_an_account_erased_after_the_backup_is_erased_again_when_it_is_restored(
    tmp_path, empty_database, settings
):
    """IPV-15: the erasure ledger (steadfast/datarights/ledger.py) outlives the database;
    a restore of an older backup erases again whom it names, and nobody else."""
    from steadfast.accounts.actions import delete_account
    from steadfast.datarights import ledger

    alice = _plant()
    bob = make_person("Bob")
    DailyCheckIn.objects.create(owner=bob, day=date(2026, 11, 21), trust=5, closeness=5, mood=5)
    target = tmp_path / "before-erasure.backup"
    call_command("backup", output=str(target))

    alice_pk = alice.pk
    delete_account(alice)  # (the deleted instance's pk is None afterwards)
    written = Path(settings.STEADFAST_ERASURE_LEDGER).read_text()
    assert f'"user": {alice_pk}' in written
    assert "Alice" not in written and alice.email not in written  # ids and moments only
    # An entry naming Bob's id with another creation moment: an id SQLite gave again.
    with open(settings.STEADFAST_ERASURE_LEDGER, "a") as extra:
        extra.write('{"erased": null, "joined": "2001-01-01T00:00:00+00:00", "keys": [], ')
        extra.write(f'"user": {bob.pk}}}\n')
        extra.write("a damaged line\n")
    assert len(ledger.entries()) == 2

    env, connect = empty_database
    env = {**env, "STEADFAST_ERASURE_LEDGER": settings.STEADFAST_ERASURE_LEDGER}
    done = _manage("restore", str(target), env=env)
    assert done.returncode == 0, done.stderr
    assert "1 account(s)" in done.stdout

    restored = connect()
    try:
        cursor = restored.cursor()
        cursor.execute("SELECT id FROM accounts_user ORDER BY id")
        users = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT owner_id FROM core_datakey")
        key_owners = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT owner_id FROM checkins_dailycheckin")
        checkin_owners = {row[0] for row in cursor.fetchall()}
    finally:
        restored.close()
    assert alice_pk not in users and bob.pk in users
    assert alice_pk not in key_owners and alice_pk not in checkin_owners
    assert bob.pk in checkin_owners


@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file(tmp_path):
    target = tmp_path / "taken"
    target.write_text("an earlier backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", output=str(target))
    assert target.read_text() == "an earlier backup"


@pytest.mark.django_db
def test_restore_refuses_a_missing_file_and_a_database_that_holds_data(tmp_path):
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", str(tmp_path / "nothing-here"))
    _plant()
    stray = tmp_path / "stray"
    stray.write_text("x")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(stray))


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_restore_refuses_a_file_that_is_not_a_steadfast_database(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(backups.BackupError, match="not a readable SQLite database"):
        backups._sqlite_check(junk)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(backups.BackupError, match="not a Steadfast database"):
        backups._sqlite_check(other)
