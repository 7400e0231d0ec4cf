"""Writing security events. `record` is the one way in; see models.py for what a row holds.

Call `record` inside the transaction that makes the change it reports (every request
runs in one: ATOMIC_REQUESTS), not in `transaction.on_commit`: the event and the change
then commit together or not at all. A request that fails after the change is rolled
back with its event, so no row claims a change that did not happen; and no change can
commit while its event is lost, as it could with a callback that runs after the commit
in a separate write (a crash or a database error between the two).
"""

import json
import re
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.db import connection
from django.utils import timezone

from steadfast.accounts.models import User

from .devices import coarse_network, describe_device
from .models import Event, Kind

FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}\Z")
# A detail is a short token chosen by code ("code", "json"), never text from a person.
FIELD_TOKEN = re.compile(r"[A-Za-z0-9_.-]{1,40}\Z")
MAX_FIELDS = 8
# Wrong passwords or codes listed one by one per account and hour; past that, the tries
# are still refused and counted by django-axes, just not listed (a flood of guesses must
# not fill the table or bury everything else on the person's page).
FAILED_LOGINS_PER_HOUR = 20


def record(user, kind, request=None, **safe_fields):
    """Write one security event about `user` (a saved account) and return it.

    `kind` is one of models.Kind. `request`, when the event comes from the person's own
    request, adds a coarse device phrase and network (devices.py); leave it out when
    someone else's request causes the event (a therapist accepting an invitation), so
    nothing of theirs is shown to the person. `safe_fields` are details for the page,
    each a bool, an int or a short token such as how="code": never a password, code,
    token, address or anything a person typed. Anything else raises ValueError.
    """
    kind = Kind(kind)
    if user is None and kind != Kind.ACCOUNT_ERASED:
        raise ValueError(f"A {kind.value} event needs the account it concerns.")
    if user is not None and not getattr(user, "pk", None):
        raise ValueError("Security events are written for saved accounts only.")
    details = safe_details(safe_fields)
    device, network = where_from(request) if user is not None else ("", "")
    return Event.objects.create(
        user=user, kind=kind, device=device, network=network, details=details
    )


def safe_details(fields):
    if len(fields) > MAX_FIELDS:
        raise ValueError(f"At most {MAX_FIELDS} details per event.")
    for name, value in fields.items():
        if not FIELD_NAME.match(name):
            raise ValueError(f"Detail names are short lowercase words, not {name!r}.")
        if isinstance(value, bool):
            continue
        if isinstance(value, int) and abs(value) < 2**31:
            continue
        if isinstance(value, str) and FIELD_TOKEN.match(value):
            continue
        # The value itself is not repeated: it may be the very thing that must not leak.
        raise ValueError(f"The detail {name!r} is not a bool, a small int or a short token.")
    return dict(fields)


def where_from(request):
    """(device phrase, network) of a request; empty strings for what it lacks."""
    if request is None:
        return "", ""
    meta = getattr(request, "META", None) or {}
    try:
        address = get_client_ip_address(request)
    except Exception:  # a request built by hand (a test, a script) may lack what ipware reads
        address = meta.get("REMOTE_ADDR")
    return describe_device(meta.get("HTTP_USER_AGENT")), coarse_network(address)


def record_failed_login(username, request=None, **safe_fields):
    """A password or code was refused for `username`: one row if that account exists,
    none if it does not, and no way to tell which from outside.

    One INSERT ... SELECT runs either way, so the work done (statements, their count
    and their shape) is the same for an address with an account and one without; only
    the number of rows inserted differs, and nobody is shown it. At most
    FAILED_LOGINS_PER_HOUR rows per account per hour.
    """
    email = User.objects.normalize_email(str(username or ""))[:254]
    if "\x00" in email:  # no address holds one, and PostgreSQL refuses it in a parameter
        email = ""
    details = safe_details(safe_fields)
    device, network = where_from(request)
    now = timezone.now()
    ops = connection.ops
    event, user = Event._meta, User._meta
    table, users = ops.quote_name(event.db_table), ops.quote_name(user.db_table)

    def col(model_meta, name):
        return ops.quote_name(model_meta.get_field(name).column)

    if connection.vendor == "postgresql":
        moment, blob = "CAST(%s AS timestamp with time zone)", "CAST(%s AS jsonb)"
    else:
        moment, blob = "%s", "%s"
    columns = ", ".join(
        col(event, name) for name in ("user", "kind", "at", "device", "network", "details")
    )
    # Only names from the models' own metadata are formatted into the statement; every
    # value is a parameter.
    sql = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608  # nosec B608
        f"SELECT u.{col(user, 'id')}, %s, {moment}, %s, %s, {blob} FROM {users} u "
        f"WHERE u.{col(user, 'email')} = %s AND ("
        f"SELECT COUNT(*) FROM {table} e WHERE e.{col(event, 'user')} = u.{col(user, 'id')} "
        f"AND e.{col(event, 'kind')} = %s AND e.{col(event, 'at')} > {moment}) < %s"
    )
    params = [
        Kind.LOGIN_FAILED.value,
        ops.adapt_datetimefield_value(now),
        device,
        network,
        json.dumps(details),
        email,
        Kind.LOGIN_FAILED.value,
        ops.adapt_datetimefield_value(now - timedelta(hours=1)),
        FAILED_LOGINS_PER_HOUR,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
