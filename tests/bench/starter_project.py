"""The default starter, rendered and set up for the benchmarks.

Its own project (config/settings.py) on SQLite, with Redis as the cache (where the app
keeps login challenges and throttles: a deployment with several workers has one), DEBUG
off as in production. Only for the benchmark, a settings module of ours (copied in from
project_files/starter/) routes two more URLs: a plain DRF endpoint answering who is
signed in, so that ``totp/status/`` has a neighbour that costs the same authentication
and nothing of the feature; and a password-only endpoint (the user found, the hasher run
once), the least a password step can cost, for ``login/`` to be read against. The
template is not changed.

The users are made and enrolled in one ``manage.py shell``
(shell_scripts/make_starter_users.py): each with its own TOTP secret (a code is accepted
once per time step per user, so a sample per user) and ten backup codes, as
``totp/enable/`` leaves them. One more, whose codes no timed request uses, is kept for
counting queries (query_counts.py). As many again, named ``cheap-``, have their password
stored with MD5, for a server of the same project hashing with it
(``bench_cheap_hasher``): there, what ``login/`` costs besides the hasher shows. And as
many again, named ``key-``, have a passkey for their second factor (and one more for
counting queries), held by a software authenticator in this process (passkey_keys.py);
the project is told it is served as https://localhost, its relying party's origin.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.fernet import Fernet
from passkey_keys import ORIGIN, RP_ID, PasskeyUser, as_stored, new_authenticators

from support.backend import Backend, starter_backend
from support.render import render
from support.services import RedisServer

PASSWORD = "bench-password-2fa"  # noqa: S105
# Where bench_urls.py routes the plain endpoint and the password-only one; it reads them
# from the environment (BENCH_PLAIN_PATH, BENCH_HASHER_PATH), so they are named once.
PLAIN_PATH = "bench/whoami/"
HASHER_PATH = "bench/password/"

# Copied into the project as they are: its settings for the benchmark (bench_settings.py,
# and bench_cheap_hasher.py with MD5 as the hasher) and its URLs (bench_urls.py).
PROJECT_FILES = Path(__file__).resolve().parent / "project_files" / "starter"
# Makes and enrols the users; prints them and the hasher's seconds (see the file).
MAKE_USERS = Path(__file__).resolve().parent / "shell_scripts" / "make_starter_users.py"


@dataclass(frozen=True)
class BenchUser:
    name: str
    secret: str
    backup_codes: list[str]
    access: str


@dataclass
class Starter:
    backend: Backend
    prefix: str
    users: list[BenchUser]  # for the timed requests
    query_user: BenchUser  # for query_counts.py
    cheap_users: list[BenchUser]  # passwords stored with MD5 (bench_cheap_hasher.py)
    passkey_users: list[PasskeyUser]  # for the timed requests
    passkey_query_user: PasskeyUser  # for query_counts.py
    hasher_seconds: list[float]
    hasher: str


def prepare(workdir: Path, redis: RedisServer, users: int) -> Starter:
    variant = render(workdir / "project")
    backend = starter_backend(variant)
    for name in ("bench_settings.py", "bench_urls.py", "bench_cheap_hasher.py"):
        shutil.copyfile(PROJECT_FILES / name, backend.dir / name)
    backend = replace(
        backend,
        env={
            **backend.env,
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
            "TWO_FACTOR_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "REDIS_URL": redis.next_url(),
            "BENCH_PLAIN_PATH": PLAIN_PATH,
            "BENCH_HASHER_PATH": HASHER_PATH,
            "WEBAUTHN_RP_ID": RP_ID,
            "WEBAUTHN_ORIGINS": ORIGIN,
        },
    )
    migrated = backend.manage("migrate", "--no-input")
    if migrated.returncode != 0:
        raise RuntimeError(str(migrated))
    count = users + 1  # the last for query_counts.py
    authenticators = new_authenticators(count)
    data = backend.shell_json(
        MAKE_USERS,
        app=variant.answers["django_app"],
        password=PASSWORD,
        count=count,
        cheap_count=users,
        passkeys=[as_stored(authenticator) for authenticator in authenticators],
    )
    *timed_keys, query_key = (
        PasskeyUser(name, access, authenticator)
        for (name, access), authenticator in zip(
            data["passkey_users"].items(), authenticators, strict=True
        )
    )
    made_users = [BenchUser(name, *fields) for name, fields in data["users"].items()]
    *timed, query_user = (user for user in made_users if user.name.startswith("bench-"))
    return Starter(
        backend=backend,
        prefix=variant.answers["api_prefix"],
        users=timed,
        query_user=query_user,
        cheap_users=[user for user in made_users if user.name.startswith("cheap-")],
        passkey_users=timed_keys,
        passkey_query_user=query_key,
        hasher_seconds=data["hasher"],
        hasher=data["algorithm"],
    )
