"""What the minimal projects around django-allauth and django-trench share
(tests/bench/other_libraries.py copies this file in as bench_project/common_settings.py;
each library's settings start from it).

SQLite, the same Redis as the starter's cache through the starter's own cache backend
(copied in as bench_project/redis_cache.py), DEBUG off. The Redis URL comes from
``REDIS_URL`` in the environment the benchmark sets.
"""

import os

import django

# Only ever served on loopback to the benchmark.
SECRET_KEY = "bench-only-" + "k" * 50
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench_project.urls"
WSGI_APPLICATION = "bench_project.wsgi.application"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
if django.VERSION >= (5, 1):
    # As the starter's SQLite (config/settings.py): a write-ahead log, no flush per commit.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    }
CACHES = {
    "default": {
        "BACKEND": "bench_project.redis_cache.SharedClientRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
]
