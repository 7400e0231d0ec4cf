"""The erasure ledger: which accounts were erased, kept outside the database, so that a
backup restored later does not bring an erased person back.

Erasing an account deletes its rows and destroys its data keys. A backup taken before
the erasure still holds both (the keys wrapped by the master key). Restoring such a
backup would make the person's words readable again through the app. So each erasure
appends one line to this file, and `manage.py restore` erases again every account the
ledger names before it reports success.

What a line holds: the account's id and the moment it was created, and the ids and
creation moments of its data keys. No name, no address, nothing the person wrote: the
ledger says only that some account was erased, and when. The creation moments make the
identity exact: SQLite may give a deleted account's id to the next new account, and
that newer account must not be erased by a restore.

The file is `STEADFAST_ERASURE_LEDGER` (by default `erasures.jsonl` beside the SQLite
database, or in the project folder). It must live on disk that outlives the database,
outside the database's backups, and be backed up on its own (docs/deploy.md): losing it
loses only this protection, never data. A line is written with fsync once the erasure
has committed; an erasure whose process dies in between is not in the ledger, and the
erasure page says a restore is rare and done by the operator.
"""

import json
import logging
import os
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)


def path():
    return Path(settings.STEADFAST_ERASURE_LEDGER)


def _stamp(moment):
    return moment.isoformat() if moment else None


def note_erasure(user, data_keys):
    """Append `user`'s erasure to the ledger once the current transaction commits.
    `data_keys`: [(id, created_at)] of the keys destroyed with it."""
    line = json.dumps(
        {
            "user": user.pk,
            "joined": _stamp(user.date_joined),
            "keys": [[pk, _stamp(created)] for pk, created in data_keys],
            "erased": _stamp(datetime.now().astimezone()),
        },
        sort_keys=True,
    )
    transaction.on_commit(lambda: _append(line))


def _append(line):
    target = path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, (line + "\n").encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError:
        # The erasure itself has happened; only a later restore's protection is lost.
        log.error("could not write the erasure ledger at %s", target, exc_info=True)


def entries():
    """The ledger's entries, oldest first; a damaged line is skipped and logged."""
    target = path()
    if not target.exists():
        return []
    found = []
    for number, line in enumerate(target.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            found.append(
                {
                    "user": int(entry["user"]),
                    "joined": entry["joined"],
                    "keys": [(int(pk), created) for pk, created in entry["keys"]],
                }
            )
        except (ValueError, KeyError, TypeError):
            log.error("erasure ledger %s: line %d is damaged; skipped", target, number)
    return found


def reapply():
    """Erase again, in the database just restored, every account the ledger names (by
    id and creation moment) and destroy the data keys it names. Returns (accounts,
    keys) erased now."""
    from steadfast.accounts.actions import delete_account
    from steadfast.accounts.models import User
    from steadfast.core.models import DataKey

    accounts = keys = 0
    for entry in entries():
        for pk, created in entry["keys"]:
            key = DataKey.objects.filter(pk=pk).first()
            if key is not None and _stamp(key.created_at) == created:
                key.delete()
                keys += 1
        user = User.objects.filter(pk=entry["user"]).first()
        if user is not None and _stamp(user.date_joined) == entry["joined"]:
            delete_account(user)
            accounts += 1
    return accounts, keys
