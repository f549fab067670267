"""Django's Redis cache, with one redis-py client per connection pool and a one-call incr().

Django's backend builds a new ``redis.Redis`` for every cache call, and building one
costs about half of what the call itself costs against a Redis on the same host; the
2FA endpoints make two to five calls a request. A client holds nothing but its pool and
may be shared between threads (redis-py's documentation), so one per pool serves every
call. The pools, the serializer and every other command are Django's.

Django's ``incr()`` asks EXISTS, then INCRBY: two round trips (the login throttles and
each code check count with it), and a key that expires between them comes back as a
counter that never expires. Here one Lua script does both, atomically.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

# nil (None in Python) for a missing key, which incr() must refuse as Django's does.
INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._incr_existing = None

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        # Each pool lives as long as this object does, so its id() stays its own.
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        if self._incr_existing is None:
            # redis-py sends the script's SHA and loads it again if the server lost it.
            self._incr_existing = client.register_script(INCR_EXISTING)
        value = self._incr_existing(keys=[key], args=[delta], client=client)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
