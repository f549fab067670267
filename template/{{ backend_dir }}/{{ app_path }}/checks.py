"""System checks: configuration mistakes show up in ``manage.py check``, not as a 500 later."""

import re

from django.conf import settings
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLResolver, get_resolver
from rest_framework.settings import api_settings

from . import app_settings
from .app_settings import REQUIRED_FOR_CHOICES
from .cache_store import get_cache, has_atomic_incr
from .delivery import email_provider, sms_provider
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
    cache = _app_cache()
    if isinstance(cache, (LocMemCache, DummyCache)) and not settings.DEBUG:
        return [
            Warning(
                f"The {alias!r} cache is process-local ({type(cache).__name__}): pending "
                "setups and sign-in challenges made by one worker are not seen by another.",
                hint="Use a shared cache (Redis or Memcached) in production.",
                id="two_factor.W001",
            )
        ]
    return []


def _app_cache():
    """The app's cache, or None when its alias or entry is broken (check_cache and Django
    report that)."""
    try:
        return get_cache()
    except ImproperlyConfigured:
        return None


@register(Tags.security, deploy=True)
def check_counter_cache(app_configs, **kwargs):
    # The throttles count with the cache's incr(): on the database or file cache that is a
    # read then a write, and requests arriving at several workers at once can each pass.
    alias, cache = app_settings.CACHE_ALIAS, _app_cache()
    if cache is None or has_atomic_incr(cache):
        return []
    return [
        Warning(
            f"The {alias!r} cache ({type(cache).__name__}) does not count atomically: a "
            "burst of parallel requests can pass a throttle more often than its rate.",
            hint="Use Redis or Memcached for TWO_FACTOR_CACHE_ALIAS in production.",
            id="two_factor.W005",
        )
    ]


@register()
def check_sms_bypass(app_configs, **kwargs):
    if app_settings.SMS_VERIFICATION_BYPASS and not settings.DEBUG:
        return [
            Error(
                "TWO_FACTOR_SMS_VERIFICATION_BYPASS is on while DEBUG is off.",
                hint="The bypass makes SMS codes guessable: it is for development only.",
                id="two_factor.E005",
            )
        ]
    return []


@register()
def check_delivery_credentials(app_configs, **kwargs):
    problems = [*sms_provider.credential_problems(), *email_provider.credential_problems()]
    hint = "Set it in settings or the environment: README.md, 'Sending codes', lists them."
    return [Error(problem, hint=hint, id="two_factor.E006") for problem in problems]


@register(Tags.security)
def check_development_providers(app_configs, **kwargs):
    if getattr(sms_provider, "DEVELOPMENT_ONLY", False) and not settings.DEBUG:
        return [
            Warning(
                f"SMS login codes go to the log ({sms_provider.__name__}) while DEBUG is off.",
                hint="Render the app again with a real sms_provider before going live.",
                id="two_factor.W003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_client_address_source(app_configs, **kwargs):
    # Without NUM_PROXIES, DRF takes a client's address from X-Forwarded-For as sent: a
    # client that makes up a new one per request gets a fresh per-address login throttle.
    if api_settings.NUM_PROXIES is None:
        return [
            Warning(
                "REST_FRAMEWORK['NUM_PROXIES'] is not set, so the per-address login throttles "
                "read the client's address from X-Forwarded-For, which any client can forge.",
                hint="Set it to the number of proxies in front of Django (0 when none).",
                id="two_factor.W004",
            )
        ]
    return []


# Views that sign a user in with a password alone: routed beside our login, they skip the
# second factor. Subclasses count too.
PASSWORD_ONLY_LOGIN_VIEWS = {
    "rest_framework_simplejwt.views.TokenObtainPairView",
    "rest_framework_simplejwt.views.TokenObtainSlidingView",
    "rest_framework_simplejwt.views.TokenObtainView",
    "djoser.views.TokenCreateView",
    "dj_rest_auth.views.LoginView",
    "knox.views.LoginView",
    "rest_framework.authtoken.views.ObtainAuthToken",
}


def _routed_views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routed_views(pattern.url_patterns)
        else:
            callback = pattern.callback
            yield getattr(callback, "view_class", None) or getattr(callback, "cls", None)


@register(Tags.security, Tags.urls)
def check_password_only_login_routes(app_configs, **kwargs):
    warnings = []
    try:
        views = set(_routed_views(get_resolver().url_patterns))
    except Exception:  # noqa: BLE001 - a broken URLconf is reported by Django's own checks
        return []
    for view in filter(None, views):
        names = {f"{cls.__module__}.{cls.__qualname__}" for cls in getattr(view, "__mro__", ())}
        for name in sorted(names & PASSWORD_ONLY_LOGIN_VIEWS):
            warnings.append(
                Warning(
                    f"{view.__module__}.{view.__qualname__} is routed: it signs users in "
                    "with a password alone and skips two-factor authentication.",
                    hint=f"Remove its URL (it is a {name}); clients sign in through login/.",
                    id="two_factor.W002",
                )
            )
    return warnings
