"""The Redis cache keeps one client per connection pool (steadfast/core/rediscache.py)."""

import os

import pytest

from steadfast.core.rediscache import RedisCache

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI's second run)"
)


@pytest.fixture
def redis_cache():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "steadfast-test-kept-client"})
    yield cache
    cache.delete_many(["answer", "count"])  # not clear(): that empties the whole database


def test_one_client_serves_every_call_and_the_cache_works_as_django_s(redis_cache):
    first = redis_cache._cache.get_client("a")  # noqa: SLF001
    assert redis_cache._cache.get_client("b", write=True) is first  # noqa: SLF001

    redis_cache.set("answer", {"n": 0}, 30)
    assert redis_cache.get("answer") == {"n": 0}
    assert redis_cache.get_many(["answer", "missing"]) == {"answer": {"n": 0}}
    assert redis_cache.add("count", 1)
    assert redis_cache.incr("count") == 2
    redis_cache.delete("answer")
    assert redis_cache.get("answer") is None
