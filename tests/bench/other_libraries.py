"""The same two-step login with django-allauth's MFA (headless API) and django-trench.

Each library gets a virtualenv of its own under build/venvs/ (tests/support/venvs.py's
``virtualenv``: made once, reused while its requirements stay the same), with the Django
tests/backend/test_imports.py tries it on, gunicorn and redis; and a minimal project written here:
SQLite, the same Redis as the cache through the starter's cache backend (its
config/redis_cache.py, so that only the libraries differ), DEBUG off, served as the
starter is (served.py). Users
are made and enrolled with the library's own code, one shell for all, with one password
hash made once; then per user the password step and the second step with the
authenticator's code, and again with a backup (recovery) code.

- allauth: ``POST /_allauth/app/v1/auth/login`` answers 401 with the pending
  ``mfa_authenticate`` flow and a session token; ``POST /_allauth/app/v1/auth/2fa/authenticate``
  with ``X-Session-Token`` and the code answers 200.
- trench: ``POST auth/login/`` answers an ``ephemeral_token``; ``POST auth/login/code/`` with
  it and the code answers simplejwt's tokens.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from figures import Figure, p50_p90
from served import Server, gunicorn
from totp_codes import current_code

from support.template import REPO_ROOT
from support.venvs import python_at_least, virtualenv

PASSWORD = "bench-password-2fa"  # noqa: S105
STARTER_CACHE_BACKEND = (
    REPO_ROOT
    / "template/{{ backend_dir }}/{% if project_kind == 'starter' %}config{% endif %}"
    / "redis_cache.py"
)

COMMON_SETTINGS = """\
import os

import django

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
    {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
     "OPTIONS": {"context_processors": ["django.template.context_processors.request"]}}
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
"""

WSGI = """\
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_project.settings")
application = get_wsgi_application()
"""

MANAGE = """\
import os
import sys

from django.core.management import execute_from_command_line

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_project.settings")
execute_from_command_line(sys.argv)
"""

# Before each library's enrol script: its users, all with one password hash.
MAKE_USERS = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

User = get_user_model()
encoded = make_password({password!r})
users = User.objects.bulk_create(
    User(username=f"bench-{{n}}", email=f"bench-{{n}}@example.com", password=encoded)
    for n in range({count})
)
"""


@dataclass(frozen=True)
class Library:
    name: str
    python: tuple[int, int]
    requirements: list[str]
    settings: str
    urls: str
    # per user, prints JSON {username: [totp secret, [backup codes]]}
    enrol: str

    # (server, username) -> seconds of the password step, what the second step sends along
    first_step: Callable[[Server, str], tuple[float, dict]]
    # (server, what the first step returned, code) -> seconds of the second step
    second_step: Callable[[Server, dict, str], float]


def allauth_first_step(server: Server, username: str) -> tuple[float, dict]:
    body = {"username": username, "password": PASSWORD}
    reply = server.request("POST", "/_allauth/app/v1/auth/login", body)
    server.expect(401, reply, "allauth auth/login")
    flows = {flow["id"]: flow for flow in reply.body["data"]["flows"]}
    if not flows.get("mfa_authenticate", {}).get("is_pending"):
        raise RuntimeError(f"allauth asked for no second factor: {reply.body}")
    return reply.seconds, {"X-Session-Token": reply.body["meta"]["session_token"]}


def allauth_second_step(server: Server, session: dict, code: str) -> float:
    path = "/_allauth/app/v1/auth/2fa/authenticate"
    reply = server.request("POST", path, {"code": code}, headers=session)
    return server.expect(200, reply, "allauth auth/2fa/authenticate").seconds


def trench_first_step(server: Server, username: str) -> tuple[float, dict]:
    body = {"username": username, "password": PASSWORD}
    reply = server.expect(200, server.request("POST", "/auth/login/", body), "trench login")
    return reply.seconds, {"ephemeral_token": reply.body["ephemeral_token"]}


def trench_second_step(server: Server, token: dict, code: str) -> float:
    reply = server.request("POST", "/auth/login/code/", {**token, "code": code})
    return server.expect(200, reply, "trench login/code").seconds


ALLAUTH = Library(
    name="django-allauth",
    # as tests/backend/test_imports.py: its latest releases need Python 3.11
    python=(3, 11),
    requirements=["Django>=5.2,<5.3", "django-allauth[mfa,headless]>=65", "gunicorn>=23.0",
                  "redis>=5.0", "pyotp>=2.9"],
    settings=COMMON_SETTINGS + """
INSTALLED_APPS += ["allauth", "allauth.account", "allauth.mfa", "allauth.headless"]
MIDDLEWARE += ["allauth.account.middleware.AccountMiddleware"]
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_EMAIL_VERIFICATION = "none"
HEADLESS_ONLY = True
HEADLESS_FRONTEND_URLS = {}
""",
    urls="""\
from django.urls import include, path

urlpatterns = [path("_allauth/", include("allauth.headless.urls"))]
""",
    enrol="""
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

made = {}
for user in users:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    made[user.username] = [secret, RecoveryCodes.activate(user).get_unused_codes()]
print(json.dumps(made))
""",
    first_step=allauth_first_step,
    second_step=allauth_second_step,
)  # fmt: skip

TRENCH = Library(
    name="django-trench",
    # its last release (0.3.1) names Django 3.2 at most: the oldest Django the app supports
    python=(3, 10),
    requirements=["Django>=4.2,<4.3", "django-trench>=0.3", "djangorestframework>=3.15",
                  "djangorestframework-simplejwt>=5.3", "gunicorn>=23.0", "redis>=5.0",
                  "pyotp>=2.9"],
    settings=COMMON_SETTINGS + """
INSTALLED_APPS += ["rest_framework", "trench"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
}
# plain-text backup codes, so that the benchmark knows some; trench hashes them by default
TRENCH_AUTH = {"ENCRYPT_BACKUP_CODES": False}
""",
    urls="""\
from django.urls import include, path

urlpatterns = [
    path("auth/", include("trench.urls")),
    path("auth/", include("trench.urls.jwt")),
]
""",
    enrol="""
import pyotp
from trench.command.activate_mfa_method import activate_mfa_method_command
from trench.command.create_mfa_method import create_mfa_method_command

made = {}
for user in users:
    method = create_mfa_method_command(user_id=user.pk, name="app")
    code = pyotp.TOTP(method.secret).now()
    codes = activate_mfa_method_command(user_id=user.pk, name="app", code=code)
    made[user.username] = [method.secret, sorted(codes)]
print(json.dumps(made))
""",
    first_step=trench_first_step,
    second_step=trench_second_step,
)  # fmt: skip

LIBRARIES = [ALLAUTH, TRENCH]


def run(python: Path, cwd: Path, env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(python), *args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=900, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)[:200]}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def write_project(library: Library, folder: Path) -> None:
    package = folder / "bench_project"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text(library.settings)
    (package / "urls.py").write_text(library.urls)
    (package / "wsgi.py").write_text(WSGI)
    shutil.copyfile(STARTER_CACHE_BACKEND, package / "redis_cache.py")
    (folder / "manage.py").write_text(MANAGE)


def measure_library(library: Library, workdir: Path, redis_url: str, users: int) -> list[Figure]:
    interpreter = python_at_least(*library.python)
    if interpreter is None:
        raise RuntimeError(f"{library.name} needs Python {library.python}: none found")
    python = virtualenv(interpreter, library.requirements)
    folder = workdir / library.name
    write_project(library, folder)
    env = {"PATH": "/usr/bin:/bin", "REDIS_URL": redis_url, "PYTHONDONTWRITEBYTECODE": "1"}
    django = run(python, folder, env, "-m", "django", "--version").strip()
    run(python, folder, env, "manage.py", "migrate", "--no-input")
    script = MAKE_USERS.format(password=PASSWORD, count=users) + library.enrol
    output = run(python, folder, env, "manage.py", "shell", "--no-startup", "-c", script)
    enrolled = json.loads(output.strip().splitlines()[-1])

    firsts, totp, backup = [], [], []
    with gunicorn(str(python), folder, env, "bench_project.wsgi:application") as server:
        for username, (secret, codes) in enrolled.items():
            for samples, code in ((totp, None), (backup, codes[0])):
                seconds, state = library.first_step(server, username)
                firsts.append(seconds)
                # the TOTP code is taken after the password step, as a person types it
                code = code or current_code(secret)
                samples.append(library.second_step(server, state, code))
    label = f"{library.name} (Django {django})"
    return [
        *p50_p90(f"{label}: password step", firsts),
        *p50_p90(f"{label}: second step with a TOTP code", totp),
        *p50_p90(f"{label}: second step with a backup code", backup),
    ]
