"""System checks: configuration mistakes show up in ``manage.py check``, not as a 500 later."""

import re

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

from . import app_settings
from .app_settings import REQUIRED_FOR_CHOICES
from .secret_storage import key_problems

RATE = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)$")


@register()
def check_encryption_keys(app_configs, **kwargs):
    return [
        Error(
            problem,
            hint=(
                "Set TWO_FACTOR_ENCRYPTION_KEYS to a list of keys made with "
                "cryptography.fernet.Fernet.generate_key(); put a new key first to rotate."
            ),
            id="two_factor.E001",
        )
        for problem in key_problems(app_settings.ENCRYPTION_KEYS)
    ]


@register()
def check_settings(app_configs, **kwargs):
    errors = []
    if app_settings.REQUIRED_FOR not in REQUIRED_FOR_CHOICES:
        errors.append(
            Error(
                f"TWO_FACTOR_REQUIRED_FOR is {app_settings.REQUIRED_FOR!r}.",
                hint=f"Use one of {', '.join(REQUIRED_FOR_CHOICES)}.",
                id="two_factor.E002",
            )
        )
    for scope, rate in app_settings.THROTTLE_RATES.items():
        if rate is not None and not RATE.match(str(rate)):
            errors.append(
                Error(
                    f"TWO_FACTOR_THROTTLE_RATES[{scope!r}] is {rate!r}.",
                    hint="Write a rate as '<number>/<second|minute|hour|day>', or None.",
                    id="two_factor.E003",
                )
            )
    return errors


@register()
def check_cache(app_configs, **kwargs):
    alias = app_settings.CACHE_ALIAS
    if alias not in settings.CACHES:
        return [
            Error(
                f"TWO_FACTOR_CACHE_ALIAS is {alias!r}, which is not in CACHES.",
                hint=f"Add a {alias!r} cache to CACHES or point the setting at one.",
                id="two_factor.E004",
            )
        ]
    try:
        cache = caches[alias]
    except ImproperlyConfigured:
        return []  # Django reports a broken CACHES entry itself.
    if isinstance(cache, (LocMemCache, DummyCache)) and not settings.DEBUG:
        return [
            Warning(
                f"The {alias!r} cache is process-local ({type(cache).__name__}): pending "
                "setups and sign-in challenges made by one worker are not seen by another.",
                hint="Use a shared cache (Redis, Memcached or the database cache) in production.",
                id="two_factor.W001",
            )
        ]
    return []
