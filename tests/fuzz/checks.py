"""Sending fuzzed input, and what must hold for every answer (Z3, Z6, ASVS 16.5.3).

- never a server error: every status is below 500 (an exception in the view fails too,
  as the test client raises it);
- a refusal saves nothing: when the answer is a 4xx, or the page again with errors, no
  table gained or lost a row (sessions, log-in throttling and the audit log aside: they
  record refusals on purpose);
- nothing posted is taken as someone else's: no record appears whose owner is not the
  person posting, and their own account does not gain staff rights (fields like
  `owner` or `is_staff` slipped into the form are ignored);
- an HTML or script payload never comes back unescaped in a page (HTML or SVG).
"""

from contextlib import contextmanager
from urllib.parse import urlencode

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms import BaseForm

from steadfast.core import crypto
from steadfast.core.models import PersonalRecord

from .strategies import XSS

# Tables that record refused requests on purpose.
RECORDS_REFUSALS = {"sessions", "axes", "audit"}


def _counted_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in RECORDS_REFUSALS and not m._meta.proxy and m._meta.managed
    ]


def snapshot(actor):
    """(rows per table, rows owned by anyone but `actor` per personal table, actor's
    rights), in one query."""
    # The table names come from the models and are quoted; only the id is a parameter.
    quote = connection.ops.quote_name
    parts, params = [], []
    models = _counted_models()
    for model in models:
        parts.append(f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})")  # noqa: S608
    personal = [m for m in models if issubclass(m, PersonalRecord)]
    for model in personal:
        table = quote(model._meta.db_table)
        if actor is None:
            parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608
        else:
            parts.append(f"(SELECT COUNT(*) FROM {table} WHERE owner_id <> %s)")  # noqa: S608
            params.append(actor.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        values = cursor.fetchone()
    counts = dict(zip([m._meta.label for m in models], values[: len(models)], strict=True))
    others = dict(zip([m._meta.label for m in personal], values[len(models) :], strict=True))
    rights = None
    if actor is not None:
        user = type(actor).objects.filter(pk=actor.pk).values("is_staff", "is_superuser", "role")
        rights = user.first()
    return counts, others, rights


@contextmanager
def rolled_back():
    """One example's writes, undone afterwards: each example starts from the same world."""
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        # Data keys made inside the example are gone with it; so must their cached copies.
        crypto.key_cache.clear()


def send(client, method, url, pairs, files=None):
    """Post (or get) `pairs` [(name, str or bytes)] as a browser would encode them; bytes
    go as they are, so the server sees exactly what a hostile client sent."""
    if method == "get":
        joiner = "&" if "?" in url else "?"
        return client.get(url + joiner + urlencode(pairs) if pairs else url)
    if files:
        data = {}
        for name, value in pairs:
            data.setdefault(name, []).append(value)
        for name, content in files.items():
            data[name] = SimpleUploadedFile("upload.json", content)
        return client.post(url, data)
    return client.post(url, urlencode(pairs), content_type="application/x-www-form-urlencoded")


def refused(response):
    """Did the answer refuse the input: a 4xx, or the page again with errors on it?"""
    if 400 <= response.status_code < 500:
        return True
    for context in response.context or []:
        for layer in getattr(context, "dicts", [context]):
            for name, value in layer.items():
                if isinstance(value, BaseForm) and value.is_bound and value.errors:
                    return True
                if name == "refused" and value:
                    return True
    return False


def check(response, before, actor):
    assert response.status_code < 500, response.status_code
    after = snapshot(actor)
    if refused(response):
        changed = {
            label: (before[0][label], after[0][label])
            for label in before[0]
            if before[0][label] != after[0][label]
        }
        assert not changed, f"refused ({response.status_code}) yet rows changed: {changed}"
    grew = {label for label in before[1] if after[1][label] > before[1][label]}
    assert not grew, f"records made for someone other than the person posting: {grew}"
    assert after[2] == before[2], "the account's rights changed"
    kind = response.get("Content-Type", "")
    if ("html" in kind or "svg" in kind) and not response.streaming:
        body = response.content.decode("utf-8", "replace")
        leaked = [marker for marker in XSS if marker in body]
        assert not leaked, f"unescaped in the page: {leaked}"
