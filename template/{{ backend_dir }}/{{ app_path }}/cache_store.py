"""Short-lived state in Django's cache (pending setups), under the app's own key prefix."""

from django.core.cache import BaseCache, caches

from . import app_settings


def get_cache() -> BaseCache:
    return caches[app_settings.CACHE_ALIAS]


def cache_key(*parts: object) -> str:
    return ":".join([app_settings.CACHE_KEY_PREFIX, *(str(part) for part in parts)])
