"""Backups of the whole database, and restoring one into an empty database.

SQLite: the copy is taken with SQLite's online backup API through the app's own
connection, so it is consistent even while other processes write (a plain file copy of
a live database can miss the write-ahead log and be torn). The copy is checked with
`PRAGMA integrity_check` before it is given its final name.

PostgreSQL: `pg_dump --format=custom` for a logical copy and `pg_restore` to bring it
back; continuous archiving for point-in-time recovery is the server's job and is
described in docs/deploy.md.

A backup holds ciphertext only: the data keys inside it are wrapped with the master
keys, which must be kept apart from it (and which make an erased person's rows in old
backups unreadable once their data key is shredded).
"""

import os
import shutil
import sqlite3
import subprocess  # nosec B404 - runs pg_dump/pg_restore with an argument list, no shell
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in plain words."""


def vendor():
    return connection.vendor


def default_path(directory):
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if vendor() == "sqlite" else "pgdump"
    return Path(directory) / f"steadfast-{stamp}.{suffix}"


def backup(target):
    """Write a consistent copy of the database to `target` (which must not exist yet);
    return the number of rows copied per table."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} already exists; a backup never overwrites a file.")
    target.parent.mkdir(parents=True, exist_ok=True)
    if vendor() == "sqlite":
        return _sqlite_backup(target)
    if vendor() == "postgresql":
        return _pg_dump(target)
    raise BackupError(f"Backups of a {vendor()} database are not supported.")


def restore(source, *, replace=False):
    """Bring the backup at `source` into the configured database; refused when that
    database already holds Steadfast data, unless `replace`. Returns rows per table."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    if table_rows() and not replace:
        raise BackupError(
            "The database already holds data. Restore into an empty database, or pass "
            "--replace to overwrite everything in it with the backup."
        )
    if vendor() == "sqlite":
        return _sqlite_restore(source)
    if vendor() == "postgresql":
        return _pg_restore(source)
    raise BackupError(f"Restoring into a {vendor()} database is not supported.")


def table_rows():
    """{table: row count} for the app's tables that hold rows (the migration table
    included, so a migrated but empty database counts as holding nothing else)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            # The table names come from the schema itself, quoted by the backend.
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608  # nosec B608
            count = cursor.fetchone()[0]
            if count and table != "django_migrations":
                counts[table] = count
        return counts


def _sqlite_check(path):
    probe = sqlite3.connect(path)
    try:
        verdict = probe.execute("PRAGMA integrity_check").fetchone()[0]
        has_migrations = probe.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='django_migrations'"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database ({error}).") from None
    finally:
        probe.close()
    if verdict != "ok":
        raise BackupError(f"The integrity check of {path} failed: {verdict}")
    if not has_migrations:
        raise BackupError(f"{path} is not a Steadfast database (it has no migration table).")


def _sqlite_backup(target):
    connection.ensure_connection()
    partial = target.with_name(target.name + ".partial")
    copy = sqlite3.connect(partial)
    try:
        # pages=-1: the whole database in one step, under one read transaction.
        connection.connection.backup(copy, pages=-1)
    finally:
        copy.close()
    os.chmod(partial, 0o600)
    _sqlite_check(partial)
    os.replace(partial, target)
    return table_rows()


def _sqlite_restore(source):
    _sqlite_check(source)
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        origin.backup(connection.connection, pages=-1)
    finally:
        origin.close()
    return table_rows()


def _pg_env():
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    return env


def _run(command):
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not installed; install PostgreSQL's client tools.")
    # A fixed program and argument list, no shell; the only variable parts are paths.
    done = subprocess.run(  # noqa: S603  # nosec B603
        [program, *command[1:]], env=_pg_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def _pg_dump(target):
    partial = target.with_name(target.name + ".partial")
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(partial)])
    os.chmod(partial, 0o600)
    os.replace(partial, target)
    return table_rows()


def _pg_restore(source):
    # Connections the app holds would see the old tables; close them around the restore.
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            connection.settings_dict["NAME"],
            str(source),
        ]
    )
    return table_rows()
