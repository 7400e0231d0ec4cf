"""Django's Redis cache, keeping its Redis client instead of making one per call.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache
operation, and redis-py fills a table of some 170 reply parsers in each one's
constructor: on a page that reads its session and one cached section, that was a tenth
of a millisecond of pure set-up, a few percent of the whole request. A client is only a
front for its connection pool (which Django already keeps) and redis-py's clients are
safe to share between threads, so one is kept per pool. Everything else is Django's.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptClientCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientCacheClient
