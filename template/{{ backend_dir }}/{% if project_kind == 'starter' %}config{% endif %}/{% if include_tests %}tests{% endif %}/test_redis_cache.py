"""config/redis_cache.py: Django's Redis cache, its clients reused and incr() one call
(with REDIS_URL only)."""

import threading
import uuid

import pytest
from django.conf import settings
from django.core.cache import caches

pytestmark = pytest.mark.skipif(
    not settings.REDIS_URL, reason="REDIS_URL is not set: the cache is the database's"
)


@pytest.fixture
def cache():
    return caches["default"]


@pytest.fixture
def key(cache):
    # Keys of this test's own, deleted after it: never a flush of a Redis others may use.
    made = []

    def key(name: str) -> str:
        made.append(f"redis-cache-test:{uuid.uuid4().hex}:{name}")
        return made[-1]

    yield key
    cache.delete_many(made)


def test_every_call_gets_the_same_client(cache):
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    # One server: reads go through the same pool, so the same client.
    assert cache._cache.get_client() is client


def test_the_commands_are_djangos(cache, key):
    counter, state = key("counter"), key("state")
    assert cache.add(counter, 1, 30)
    assert not cache.add(counter, 5, 30)
    assert cache.incr(counter) == 2
    cache.set(state, {"channel": "totp"}, 30)
    assert cache.get(state) == {"channel": "totp"}
    assert cache.delete(state)
    assert cache.get(state) is None
    with pytest.raises(ValueError):
        cache.incr(key("missing"))


def test_a_counter_keeps_its_expiry(cache, key):
    counter = key("expiring")
    cache.set(counter, 0, 30)
    assert cache.incr(counter, 5) == 5
    assert cache.decr(counter) == 4
    # Django's own incr() kept it too; a counter must never outlive its timeout.
    assert 0 < cache._cache.get_client().ttl(cache.make_key(counter)) <= 30


def test_a_server_that_lost_the_script_is_sent_it_again(cache, key):
    counter = key("reloaded")
    cache.set(counter, 1, 30)
    assert cache.incr(counter) == 2
    cache._cache.get_client(write=True).script_flush()  # as after a Redis restart
    assert cache.incr(counter) == 3


def test_threads_share_the_client(cache, key):
    shared, clients = key("shared"), []

    def count():
        clients.append(cache._cache.get_client(write=True))
        for _ in range(50):
            cache.incr(shared)

    cache.set(shared, 0, 30)
    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get(shared) == 400
    assert len(clients) == 8 and all(client is clients[0] for client in clients)
