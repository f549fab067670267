"""Django's Redis cache, with one redis-py client per connection pool.

Django's backend builds a new ``redis.Redis`` for every cache call, and building one
costs about half of what the call itself costs against a Redis on the same host; the
2FA endpoints make two to five calls a request. A client holds nothing but its pool and
may be shared between threads (redis-py's documentation), so one per pool serves every
call. The pools, the serializer and every command are Django's.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        # Each pool lives as long as this object does, so its id() stays its own.
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
