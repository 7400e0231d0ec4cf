"""Read-only requests on SQLite (steadfast/core/reads.py): their transaction begins
DEFERRED, others IMMEDIATE; a write inside a read-only request fails in the suite."""

import uuid

import pytest
from django.db import connection, transaction
from django.http import HttpResponse

from steadfast.core import reads
from steadfast.core.models import DataKey
from steadfast.core.testing import make_person

pytestmark = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's write lock only")


def run(request, view):
    """The request through the middleware, the view inside one transaction, as Django
    runs it with ATOMIC_REQUESTS; returns the SQL that began a transaction."""
    begun = []

    def spy(execute, sql, params, many, context):
        if sql.startswith("BEGIN"):
            begun.append(sql)
        return execute(sql, params, many, context)

    middleware = reads.ReadRequestMiddleware(lambda request: handler(request))

    def handler(request):
        middleware.process_view(request, view, (), {})
        with connection.execute_wrapper(spy), transaction.atomic():
            return view(request)

    middleware(request)
    return begun


def reading(request):
    list(DataKey.objects.all())
    return HttpResponse("ok")


def writing(request):
    make_person(f"Wanda{uuid.uuid4().hex[:8]}")
    return HttpResponse("ok")


@pytest.mark.django_db(transaction=True)
def test_a_get_begins_deferred_a_post_or_a_marked_view_immediate(rf):
    assert run(rf.get("/"), reading) == ["BEGIN DEFERRED"]
    assert run(rf.post("/"), writing) == ["BEGIN IMMEDIATE"]
    assert run(rf.get("/"), reads.writes_on_read(writing)) == ["BEGIN IMMEDIATE"]
    assert not reads.deferred()  # nothing left behind for the next request


@pytest.mark.django_db
def test_a_get_view_that_writes_without_the_mark_fails_in_the_suite(rf, settings):
    with pytest.raises(reads.WriteInReadRequest, match="writes_on_read"):
        run(rf.get("/"), writing)
    settings.STEADFAST_STRICT_READS = False  # in production: logged, not refused
    run(rf.get("/"), writing)
