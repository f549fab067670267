"""Settings of the harness: a minimal Django project around one rendered 2FA app.

The template's tests copy this project next to a rendered app and describe the variant
through environment variables:

HARNESS_APP         dotted path of the rendered app (the answer django_app)
HARNESS_USER_MODEL  AUTH_USER_MODEL: auth.User, or one of the harness's own user apps:
                    users.User (AbstractUser with phone_number) or accounts.EmailUser
                    (signs in with its email, no username, its phone field is mobile)
HARNESS_API_PREFIX  the answer api_prefix, where the app's urls.py is mounted
HARNESS_REDIS_URL   the cache: a running redis-server (required)
HARNESS_EXTRA_APPS  optional, comma-separated apps installed before the 2FA app
HARNESS_EXTRA_MIDDLEWARE  optional, comma-separated middleware appended to MIDDLEWARE
                    (e.g. what an app of HARNESS_EXTRA_APPS requires)
HARNESS_TOKEN_APPS  optional, comma-separated: the token library's apps (as the rendered
                    README's INSTALLED_APPS step lists them)
HARNESS_AUTHENTICATION  the DRF authentication class that accepts the token library's
                    tokens, the only one, as the app's README says (default: the app's
                    own for simplejwt); tests/support/backend.py takes both from
                    extensions/token_libraries.yml, the template's own registry
HARNESS_SETTINGS_JSON  optional, a JSON object of extra settings (e.g. a provider's
                    credentials), applied last
HARNESS_DATABASE_URL  optional, postgres://user[:password]@host:port/name: PostgreSQL
                    (psycopg installed) instead of SQLite in the project folder
"""

import json
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if not value:
        raise ImproperlyConfigured(f"The harness needs the environment variable {name}.")
    return value


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


HARNESS_APP = _env("HARNESS_APP", "two_factor_auth")
HARNESS_USER_MODEL = _env("HARNESS_USER_MODEL", "auth.User")
HARNESS_API_PREFIX = _env("HARNESS_API_PREFIX", "/api/auth/")
HARNESS_REDIS_URL = _env("HARNESS_REDIS_URL")
HARNESS_EXTRA_APPS = _env_list("HARNESS_EXTRA_APPS")
HARNESS_EXTRA_MIDDLEWARE = _env_list("HARNESS_EXTRA_MIDDLEWARE")
HARNESS_TOKEN_APPS = _env_list("HARNESS_TOKEN_APPS")
HARNESS_AUTHENTICATION = _env(
    "HARNESS_AUTHENTICATION", f"{HARNESS_APP}.authentication.TwoFactorJWTAuthentication"
)

# The harness's own user apps, installed when AUTH_USER_MODEL is theirs.
HARNESS_USER_APPS = {"users.User": ["users"], "accounts.EmailUser": ["accounts"]}

SECRET_KEY = "harness-only-HIz0XD6w8LRnNdtiblAn0wu9Dm48yBcKVjOUeNqcRq__eREl039Hdg"
DEBUG = False
# The console SMS provider (the template's default) is meant for development; the harness
# runs with DEBUG off like production, so its "codes go to the log" warning is expected.
SILENCED_SYSTEM_CHECKS = ["two_factor.W003"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt",
    *HARNESS_TOKEN_APPS,
    *HARNESS_USER_APPS.get(HARNESS_USER_MODEL, []),
    *HARNESS_EXTRA_APPS,
    HARNESS_APP,
]
AUTH_USER_MODEL = HARNESS_USER_MODEL

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    *HARNESS_EXTRA_MIDDLEWARE,
]

ROOT_URLCONF = "harness_project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database(url: str) -> dict:
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(f"HARNESS_DATABASE_URL is not a postgres:// URL: {url!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }


DATABASES = {"default": _database(os.environ.get("HARNESS_DATABASE_URL", ""))}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": HARNESS_REDIS_URL,
    }
}

# The token library's class alone, as the app's README says: with DRF's default (sessions
# and HTTP Basic) a password alone would pass (two_factor.E007).
REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": [HARNESS_AUTHENTICATION]}

# dj-rest-auth: JWT in the response body; its tests switch to its cookie mode themselves.
REST_AUTH = {"USE_JWT": True, "JWT_AUTH_HTTPONLY": False}

# Made once for the harness with Fernet.generate_key(): never use it anywhere else.
TWO_FACTOR_ENCRYPTION_KEYS = ["Fm8TVUTH9eJ7O6C-r90-RqXS7DTcrwCfxUShPUx5MwM="]

# Tests create many users: a fast hasher keeps them quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Extra settings of the variant, e.g. TWO_FACTOR_TWILIO_ACCOUNT_SID: they override the above.
globals().update(json.loads(os.environ.get("HARNESS_SETTINGS_JSON") or "{}"))
