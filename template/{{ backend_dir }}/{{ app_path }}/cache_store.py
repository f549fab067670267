"""Short-lived state in Django's cache (pending setups), under the app's own key prefix."""

from django.core.cache import BaseCache, caches

from . import app_settings


def get_cache() -> BaseCache:
    return caches[app_settings.CACHE_ALIAS]


def cache_key(*parts: object) -> str:
    return ":".join([app_settings.CACHE_KEY_PREFIX, *(str(part) for part in parts)])


def has_atomic_incr(cache: BaseCache) -> bool:
    """False for caches that keep BaseCache.incr, a get then a set (database, file).

    There two requests can read the same count, and the write gives the key the cache's
    default timeout. The throttles count with incr(); checks.py warns (two_factor.W005).
    """
    return type(cache).incr is not BaseCache.incr
