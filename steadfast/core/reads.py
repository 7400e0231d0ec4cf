"""Requests that only read: on SQLite, their transaction takes no write lock.

Every request runs in one transaction (ATOMIC_REQUESTS). On SQLite that transaction
begins IMMEDIATE, taking the database's single write lock at once, so that a request
that reads and then writes cannot fail halfway with "database is locked". For a request
that only reads, the lock is pure cost: a slow page held it for its whole length and
every other request waited behind it, and under load some waited past the timeout.

So a GET or HEAD request's transaction begins DEFERRED (a read snapshot, no lock; WAL
lets readers and the one writer run side by side), unless its view is marked
`@writes_on_read`: views that write while showing a page, such as a therapist's page
writing the client's access log. The SQLite engine (steadfast/core/sqlite) asks
`deferred()` when it begins a transaction. PostgreSQL has no such lock; nothing changes
there.

A write inside a DEFERRED transaction would usually still work, but under load it can
fail ("database is locked" at once, since SQLite cannot upgrade a read snapshot that a
writer has since moved past). With `STEADFAST_STRICT_READS` (on in the test suite) such a
write raises `WriteInReadRequest`, so the suite finds any view that writes on GET without
the mark; otherwise it is logged.
"""

import contextvars
import logging
import re

from django.conf import settings

log = logging.getLogger(__name__)

_reading = contextvars.ContextVar("steadfast_read_request", default=False)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


class WriteInReadRequest(RuntimeError):
    """A view that writes while answering GET is missing @writes_on_read."""


def writes_on_read(view):
    """Mark a view that writes to the database even when answering GET or HEAD."""
    view.writes_on_read = True
    return view


def deferred():
    """Should the transaction beginning now be DEFERRED (a read-only request's)?"""
    return _reading.get()


def check_statement(sql):
    """Called by the SQLite engine for each statement inside a DEFERRED transaction."""
    if WRITE.match(sql):
        message = f"a read-only request wrote to the database: {sql[:80]}"
        if getattr(settings, "STEADFAST_STRICT_READS", False):
            raise WriteInReadRequest(message + " (mark its view @writes_on_read)")
        log.warning(message)


class ReadRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reading.set(False)
        try:
            return self.get_response(request)
        finally:
            _reading.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        reading = request.method in SAFE_METHODS and not _marked(view_func)
        _reading.set(reading)


def _marked(view):
    while view is not None:
        if getattr(view, "writes_on_read", False):
            return True
        view = getattr(view, "__wrapped__", None)
    return False
