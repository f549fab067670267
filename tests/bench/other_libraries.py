"""The same two-step login with django-allauth's MFA (headless API) and django-trench.

Each library gets a virtualenv of its own under build/venvs/ (tests/support/venvs.py's
``virtualenv``: made once, reused while its requirements stay the same), with the Django
tests/backend/test_imports.py tries it on, gunicorn and redis; and a minimal project copied
from project_files/libraries/: SQLite, the same Redis as the cache through the starter's
cache backend (its config/redis_cache.py, so that only the libraries differ), DEBUG off,
served as the starter is (served.py). Users are made and enrolled with the library's own
code (shell_scripts/enrol_<library>.py), one shell for all, with one password hash made
once; then per user the password step and the second step with the
authenticator's code, and again with a backup (recovery) code.

- allauth: ``POST /_allauth/app/v1/auth/login`` answers 401 with the pending
  ``mfa_authenticate`` flow and a session token; ``POST /_allauth/app/v1/auth/2fa/authenticate``
  with ``X-Session-Token`` and the code answers 200.
- trench: ``POST auth/login/`` answers an ``ephemeral_token``; ``POST auth/login/code/`` with
  it and the code answers simplejwt's tokens.

allauth's ``key-`` users have a passkey instead (as many as the others), held by the
benchmark's software authenticator (passkey_keys.py) and stored as allauth stores a
verified registration: after the password, ``GET /_allauth/app/v1/auth/webauthn/authenticate``
answers the request options, the authenticator signs (untimed), and ``POST`` of the
same path with ``{"credential"}`` is the timed second step, as ours is. Those requests
name the host ``localhost`` over https (allauth takes its relying party from the host).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from figures import Figure, p50_p90
from passkey_keys import RP_ID, PasskeyUser, new_authenticators, registration
from served import Server, gunicorn
from totp_codes import current_code

from support import processes, shell
from support.template import REPO_ROOT
from support.venvs import python_at_least, virtualenv

PASSWORD = "bench-password-2fa"  # noqa: S105
STARTER_CACHE_BACKEND = (
    REPO_ROOT
    / "template/{{ backend_dir }}/{% if project_kind == 'starter' %}config{% endif %}"
    / "redis_cache.py"
)

# Files copied into each library's project (common_settings.py, manage.py, wsgi.py and
# the library's own settings and URLs), and the scripts its manage.py shell runs.
PROJECT_FILES = Path(__file__).resolve().parent / "project_files" / "libraries"
SHELL_SCRIPTS = Path(__file__).resolve().parent / "shell_scripts"


@dataclass(frozen=True)
class Library:
    name: str
    python: tuple[int, int]
    requirements: list[str]
    # copied in as bench_project/settings.py and bench_project/urls.py
    settings: Path
    urls: Path
    # makes the users and enrols each; prints JSON {username: [totp secret, [backup codes]]}
    enrol: Path

    # (server, username) -> seconds of the password step, what the second step sends along
    first_step: Callable[[Server, str], tuple[float, dict]]
    # (server, what the first step returned, code) -> seconds of the second step
    second_step: Callable[[Server, dict, str], float]
    # (server, what the first step returned, the passkey's user) -> seconds of the second
    # step with the passkey; None: not measured for this library
    passkey_step: Callable[[Server, dict, PasskeyUser], float] | None = None


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


# allauth's relying party is the request's host: ours, as a TLS proxy would pass it on.
AS_LOCALHOST = {"Host": RP_ID, "X-Forwarded-Proto": "https"}


def allauth_passkey_step(server: Server, session: dict, user: PasskeyUser) -> float:
    path = "/_allauth/app/v1/auth/webauthn/authenticate"
    headers = {**session, **AS_LOCALHOST}
    options = server.expect(200, server.request("GET", path, headers=headers), "allauth options")
    answer = user.answer(options.body["data"]["request_options"]["publicKey"])
    reply = server.request("POST", path, {"credential": answer}, headers=headers)
    return server.expect(200, reply, "allauth auth/webauthn/authenticate").seconds


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
    settings=PROJECT_FILES / "allauth_settings.py",
    urls=PROJECT_FILES / "allauth_urls.py",
    enrol=SHELL_SCRIPTS / "enrol_allauth.py",
    first_step=allauth_first_step,
    second_step=allauth_second_step,
    passkey_step=allauth_passkey_step,
)  # fmt: skip

TRENCH = Library(
    name="django-trench",
    # its last release (0.3.1) names Django 3.2 at most: the oldest Django the app supports
    python=(3, 10),
    requirements=["Django>=4.2,<4.3", "django-trench>=0.3", "djangorestframework>=3.15",
                  "djangorestframework-simplejwt>=5.3", "gunicorn>=23.0", "redis>=5.0",
                  "pyotp>=2.9"],
    settings=PROJECT_FILES / "trench_settings.py",
    urls=PROJECT_FILES / "trench_urls.py",
    enrol=SHELL_SCRIPTS / "enrol_trench.py",
    first_step=trench_first_step,
    second_step=trench_second_step,
)  # fmt: skip

LIBRARIES = [ALLAUTH, TRENCH]


def run(python: Path, cwd: Path, env: dict, *args: str) -> str:
    """The command's output; a failure stops the measurement with all of it."""
    result = processes.run([python, *args], cwd, env=env)
    if result.returncode != 0:
        raise RuntimeError(str(result))
    return result.output


def write_project(library: Library, folder: Path) -> None:
    package = folder / "bench_project"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    shutil.copyfile(PROJECT_FILES / "common_settings.py", package / "common_settings.py")
    shutil.copyfile(library.settings, package / "settings.py")
    shutil.copyfile(library.urls, package / "urls.py")
    shutil.copyfile(PROJECT_FILES / "wsgi.py", package / "wsgi.py")
    shutil.copyfile(STARTER_CACHE_BACKEND, package / "redis_cache.py")
    shutil.copyfile(PROJECT_FILES / "manage.py", folder / "manage.py")


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
    # One shell makes and enrols every user, with one password hash (library_users.py).
    authenticators = new_authenticators(users if library.passkey_step else 0)
    params = shell.environment(
        password=PASSWORD,
        count=users,
        passkeys=[registration(authenticator) for authenticator in authenticators],
    )
    output = run(python, folder, {**env, **params}, "manage.py", *shell.arguments(library.enrol))
    enrolled = shell.last_json(output)
    if library.passkey_step:
        passkey_users = [
            PasskeyUser(name, "", authenticator)
            for name, authenticator in zip(enrolled["passkey_users"], authenticators, strict=True)
        ]
        enrolled = enrolled["users"]

    firsts, totp, backup, passkey = [], [], [], []
    with gunicorn(str(python), folder, env, "bench_project.wsgi:application") as server:
        for username, (secret, codes) in enrolled.items():
            for samples, code in ((totp, None), (backup, codes[0])):
                seconds, state = library.first_step(server, username)
                firsts.append(seconds)
                # the TOTP code is taken after the password step, as a person types it
                code = code or current_code(secret)
                samples.append(library.second_step(server, state, code))
        if library.passkey_step:
            for user in passkey_users:
                _seconds, state = library.first_step(server, user.name)
                passkey.append(library.passkey_step(server, state, user))
    label = f"{library.name} (Django {django})"
    figures = [
        *p50_p90(f"{label}: password step", firsts),
        *p50_p90(f"{label}: second step with a TOTP code", totp),
        *p50_p90(f"{label}: second step with a backup code", backup),
    ]
    if passkey:
        figures += p50_p90(f"{label}: second step with a passkey", passkey)
    return figures
