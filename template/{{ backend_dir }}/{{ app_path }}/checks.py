"""System checks: configuration mistakes show up in ``manage.py check``, not as a 500 later."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLResolver, get_resolver
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.settings import api_settings

from . import app_settings
from .app_settings import REQUIRED_FOR_CHOICES
from .cache_store import get_cache, has_atomic_incr
from .delivery import email_provider, sms_provider
from .passkeys.relying_party import origin_on_rp_id
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


LIMIT_SETTINGS = (
    "FAILURE_LIMIT",
    "PASSWORD_FAILURE_LIMIT",
    "PASSWORD_FAILURE_WINDOW",
    "CODES_PER_USER_HOUR",
    "CODES_PER_USER_DAY",
    "SMS_PER_NUMBER_HOUR",
    "SMS_PER_NUMBER_DAY",
    "SMS_PER_HOUR",
)
CALLING_CODE = re.compile(r"^\+[1-9]\d{0,13}$")


@register()
def check_limits(app_configs, **kwargs):
    errors = []
    for name in LIMIT_SETTINGS:
        value = getattr(app_settings, name)
        optional = name.startswith(("CODES_", "SMS_"))
        if (value is None and optional) or (type(value) is int and value > 0):
            continue
        hint = "Use a whole number above 0, or None for no limit." if optional else ""
        errors.append(
            Error(
                f"TWO_FACTOR_{name} is {value!r}.",
                hint=hint or "Use a whole number above 0.",
                id="two_factor.E008",
            )
        )
    backoff = app_settings.FAILURE_BACKOFF_MAX
    if type(backoff) is not int or backoff < 0:
        errors.append(
            Error(
                f"TWO_FACTOR_FAILURE_BACKOFF_MAX is {backoff!r}.",
                hint="Use a whole number of seconds, or 0 for no back-off.",
                id="two_factor.E008",
            )
        )
    prefixes = app_settings.SMS_ALLOWED_PREFIXES
    if prefixes is not None and not (
        isinstance(prefixes, (list, tuple)) and all(CALLING_CODE.match(str(p)) for p in prefixes)
    ):
        errors.append(
            Error(
                f"TWO_FACTOR_SMS_ALLOWED_PREFIXES is {prefixes!r}.",
                hint='List calling codes with their plus, e.g. ["+1", "+44"], or use None.',
                id="two_factor.E008",
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


@register(Tags.security)
def check_passkey_settings(app_configs, **kwargs):
    """An RP ID is a bare domain, and every origin is https on it (a local development
    server may use http while DEBUG is on): a browser would refuse passkeys elsewhere."""
    errors = []
    rp_id = app_settings.WEBAUTHN_RP_ID
    if rp_id is not None and not _is_domain(str(rp_id)):
        errors.append(
            Error(
                f"TWO_FACTOR_WEBAUTHN_RP_ID {rp_id!r} is not a domain.",
                hint="Give the site's domain in lower case, without scheme, port or path: "
                '"example.com".',
                id="two_factor.E009",
            )
        )
        return errors
    for origin in app_settings.WEBAUTHN_ORIGINS or []:
        try:
            host = urlsplit(str(origin)).hostname or ""
        except ValueError:
            host = ""
        if not origin_on_rp_id(str(origin), rp_id or host):
            errors.append(
                Error(
                    f"TWO_FACTOR_WEBAUTHN_ORIGINS: {origin!r} is not an https origin"
                    + (f" on {rp_id!r} or a subdomain of it." if rp_id else "."),
                    hint="List origins as scheme://host[:port]; http only for localhost "
                    "while DEBUG is on.",
                    id="two_factor.E009",
                )
            )
    return errors


def _is_domain(name: str) -> bool:
    """A lower-case domain of dot-separated labels, not an IP address: browsers refuse an
    address as an RP ID, and compare it with the page's lower-case host."""
    label = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
    return bool(re.fullmatch(rf"{label}(\.{label})*", name)) and not re.fullmatch(r"[0-9.]+", name)


@register(Tags.security, deploy=True)
def check_passkey_rp_id(app_configs, **kwargs):
    if app_settings.WEBAUTHN_RP_ID:
        return []
    return [
        Warning(
            "TWO_FACTOR_WEBAUTHN_RP_ID is not set: each passkey is bound to the host the "
            "request that made it named, and stops working if the site moves to another.",
            hint='Set it to the site\'s domain ("example.com"), the one passkeys belong to.',
            id="two_factor.W007",
        )
    ]


@register(Tags.security, deploy=True)
def check_development_email_backend(app_configs, **kwargs):
    development_backend = getattr(email_provider, "development_backend", None)
    backend = development_backend() if development_backend and not settings.DEBUG else None
    if backend is None:
        return []
    return [
        Warning(
            f"Login codes by email go to {backend} while DEBUG is off: it delivers nothing.",
            hint="Set EMAIL_BACKEND to a backend that sends mail (SMTP, or an email service's).",
            id="two_factor.W006",
        )
    ]


@register(Tags.security, deploy=True)
def check_client_address_source(app_configs, **kwargs):
    # Without NUM_PROXIES, DRF takes a client's address from X-Forwarded-For as sent: a
    # client that makes up a new one per request gets a fresh per-address login throttle.
    # A guessed count is wrong one way or the other: too high, forged entries are trusted;
    # too low, every client behind the proxy shares one address and one throttle.
    hint = "Set it to the number of proxies in front of Django (0 when none)."
    if api_settings.NUM_PROXIES is None:
        return [
            Warning(
                "REST_FRAMEWORK['NUM_PROXIES'] is not set, so the per-address login throttles "
                "read the client's address from X-Forwarded-For, which any client can forge.",
                hint=hint,
                id="two_factor.W004",
            )
        ]
    if app_settings.NUM_PROXIES_DEFAULTED:
        return [
            Warning(
                f"REST_FRAMEWORK['NUM_PROXIES'] is {api_settings.NUM_PROXIES} by default, not "
                "the proxies of this deployment: the per-address login throttles may count "
                "the wrong address.",
                hint=f"{hint} The starter reads DJANGO_NUM_PROXIES.",
                id="two_factor.W004",
            )
        ]
    return []


# Views that sign a user in with a password alone: routed beside our login, they skip the
# second factor. Subclasses count too. (rest_framework.urls routes Django's LoginView.)
PASSWORD_ONLY_LOGIN_VIEWS = {
    "rest_framework_simplejwt.views.TokenObtainPairView",
    "rest_framework_simplejwt.views.TokenObtainSlidingView",
    "rest_framework_simplejwt.views.TokenObtainView",
    "djoser.views.TokenCreateView",
    "dj_rest_auth.views.LoginView",
    "knox.views.LoginView",
    "rest_framework.authtoken.views.ObtainAuthToken",
    "django.contrib.auth.views.LoginView",
}


def _routes(patterns, included=()):
    """Each routed callback, with the URLconf modules it was included from."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            urlconf = getattr(pattern.urlconf_name, "__name__", pattern.urlconf_name)
            yield from _routes(pattern.url_patterns, (*included, urlconf))
        else:
            yield pattern.callback, included


def _view_class(callback):
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def _password_only_admin_site(callback):
    """The admin site whose login this callback is, unless that login is admin_login's."""
    site = getattr(callback, "__self__", None)
    if site is None or getattr(callback, "__name__", "") != "login":
        return None
    # Imported only now: a project without the admin routes no site's login.
    from django.contrib.admin.sites import AdminSite

    if not isinstance(site, AdminSite) or getattr(callback, "two_factor_login", False):
        return None
    return site


@register(Tags.security, Tags.urls)
def check_password_only_login_routes(app_configs, **kwargs):
    try:
        routes = list(_routes(get_resolver().url_patterns))
    except Exception:  # noqa: BLE001 - a broken URLconf is reported by Django's own checks
        return []
    found = {}
    for callback, included in routes:
        site = _password_only_admin_site(callback)
        if site is not None:
            found[("admin", site.name, "")] = Warning(
                f"The admin site {site.name!r} ({type(site).__qualname__}) is routed with "
                "its own login: staff sign in with a password alone and skip two-factor "
                "authentication.",
                hint=(
                    f"In the root URLconf: from {__package__}.admin_login import "
                    "two_factor_admin_login; admin.site.login = two_factor_admin_login "
                    f"(or derive the site from {__package__}.admin_login.TwoFactorAdminSite)."
                ),
                id="two_factor.W002",
            )
            continue
        view = _view_class(callback)
        names = {f"{cls.__module__}.{cls.__qualname__}" for cls in getattr(view, "__mro__", ())}
        for name in sorted(names & PASSWORD_ONLY_LOGIN_VIEWS):
            label = f"{view.__module__}.{view.__qualname__}"
            if "rest_framework.urls" in included:
                found[(label, name, "rest_framework.urls")] = Warning(
                    f"rest_framework.urls is routed: its login/ ({label}) signs users in "
                    "with a password alone and skips two-factor authentication.",
                    hint="Remove include('rest_framework.urls'): the browsable API works "
                    "without it, and clients sign in through login/.",
                    id="two_factor.W002",
                )
            else:
                found[(label, name, "")] = Warning(
                    f"{label} is routed: it signs users in with a password alone and skips "
                    "two-factor authentication.",
                    hint=f"Remove its URL (it is a {name}); clients sign in through login/.",
                    id="two_factor.W002",
                )
    return list(found.values())


@register(Tags.security)
def check_default_authentication(app_configs, **kwargs):
    # Views that only ask for IsAuthenticated (the totp/ endpoints, and the project's
    # own) accept whatever DEFAULT_AUTHENTICATION_CLASSES accepts: a Basic user:password
    # header skips the second factor, and so does a session while a password-only login
    # (the admin's own, Django's LoginView, rest_framework.urls) can open one.
    setting = "REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES']"
    remove = f"Remove it from {setting} (DRF's default, when unset, has it)"
    errors = []
    for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES:
        name = f"{cls.__module__}.{cls.__qualname__}"
        if issubclass(cls, BasicAuthentication):
            problem = "signs requests in with a password alone (HTTP Basic)"
            hint = f"{remove}: list the token library's authentication class, as README.md says."
        elif issubclass(cls, SessionAuthentication) and check_password_only_login_routes(None):
            problem = "accepts sessions while a password-only login is routed (two_factor.W002)"
            hint = f"{remove}, or make every routed login two-step (W002 names those that are not)."
        else:
            continue
        errors.append(
            Error(
                f"{setting} has {name}, which {problem}: that skips two-factor authentication.",
                hint=hint,
                id="two_factor.E007",
            )
        )
    return errors
