"""The default starter, rendered and set up for the benchmarks.

Its own project (config/settings.py) on SQLite, with Redis as the cache (where the app
keeps login challenges and throttles: a deployment with several workers has one), DEBUG
off as in production. Only for the benchmark, a settings module of ours routes two more
URLs: a plain DRF endpoint answering who is signed in, so that ``totp/status/`` has a
neighbour that costs the same authentication and nothing of the feature; and a
password-only endpoint (the user found, the hasher run once), the least a password step
can cost, for ``login/`` to be read against. The template is not changed.

The users are made and enrolled in one ``manage.py shell``: each with its own TOTP secret
(a code is accepted once per time step per user, so a sample per user) and ten backup
codes, as ``totp/enable/`` leaves them. One more, whose codes no timed request uses, is
kept for counting queries (query_counts.py). As many again, named ``cheap-``, have their
password stored with MD5, for a server of the same project hashing with it
(``bench_cheap_hasher``): there, what ``login/`` costs besides the hasher shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.fernet import Fernet

from support.backend import Backend, starter_backend
from support.render import render
from support.services import RedisServer

PASSWORD = "bench-password-2fa"  # noqa: S105
PLAIN_PATH = "bench/whoami/"
HASHER_PATH = "bench/password/"

BENCH_SETTINGS = """\
from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
"""

# A hasher that costs next to nothing, for measuring what login/ does besides hashing
# (starter_latency.py); only the "cheap-" users' passwords are stored with it.
CHEAP_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
CHEAP_HASHER_SETTINGS = f"""\
from bench_settings import *  # noqa: F403

PASSWORD_HASHERS = ["{CHEAP_HASHER}"]
"""

BENCH_URLS = f"""\
from django.contrib.auth import get_user_model
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


class WhoAmI(APIView):
    # The project's default authentication and permission, and nothing else.
    def get(self, request):
        return Response({{"username": request.user.get_username()}})


class PasswordOnly(APIView):
    # What a password step cannot do without: find the user, run the hasher once. A
    # plain lookup: the starter's get_by_natural_key also reads the 2FA profile.
    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request):
        model = get_user_model()
        lookup = {{model.USERNAME_FIELD: request.data["username"]}}
        user = model._default_manager.get(**lookup)
        return Response({{"ok": user.check_password(request.data["password"])}})


urlpatterns = [
    path("{PLAIN_PATH}", WhoAmI.as_view()),
    path("{HASHER_PATH}", PasswordOnly.as_view()),
    *project_urlpatterns,
]
"""

# Prints, as JSON: per user its TOTP secret, backup codes and an access token; and the
# seconds of check_password with the project's first hasher, run a few times.
MAKE_USERS = """
import importlib, json, time
import pyotp
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher, check_password, make_password
from rest_framework_simplejwt.tokens import AccessToken

app = {app!r}
models = importlib.import_module(app + ".models")
secret_storage = importlib.import_module(app + ".secret_storage")
backup_codes = importlib.import_module(app + ".backup_codes")

encoded = make_password({password!r})
cheap = MD5PasswordHasher().encode({password!r}, MD5PasswordHasher().salt())
User = get_user_model()
users = User.objects.bulk_create(
    User(username=f"{{kind}}-{{n}}", email=f"{{kind}}-{{n}}@example.com", password=password)
    for kind, password, count in (("bench", encoded, {count}), ("cheap", cheap, {cheap_count}))
    for n in range(count)
)
made = {{}}
for user in users:
    secret = pyotp.random_base32()
    models.TwoFactorProfile.objects.create(
        user=user, totp_enabled=True, totp_secret_encrypted=secret_storage.encrypt_secret(secret)
    )
    codes = backup_codes.generate_backup_codes(10)
    models.BackupCode.objects.bulk_create(
        models.BackupCode(user=user, code_hash=backup_codes.hash_backup_code(user.pk, code))
        for code in (code.replace("-", "") for code in codes)
    )
    made[user.username] = [secret, codes, str(AccessToken.for_user(user))]

check_password({password!r}, encoded)  # the first call loads the hasher
hasher = []
for _ in range(5):
    start = time.perf_counter()
    assert check_password({password!r}, encoded)
    hasher.append(time.perf_counter() - start)
print(json.dumps({{"users": made, "hasher": hasher, "algorithm": encoded.split("$")[0]}}))
"""


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
    cheap_users: list[BenchUser]  # passwords stored with CHEAP_HASHER
    hasher_seconds: list[float]
    hasher: str


def prepare(workdir: Path, redis: RedisServer, users: int) -> Starter:
    variant = render(workdir / "project")
    backend = starter_backend(variant)
    (backend.dir / "bench_settings.py").write_text(BENCH_SETTINGS, encoding="utf-8")
    (backend.dir / "bench_urls.py").write_text(BENCH_URLS, encoding="utf-8")
    (backend.dir / "bench_cheap_hasher.py").write_text(CHEAP_HASHER_SETTINGS, encoding="utf-8")
    backend = replace(
        backend,
        env={
            **backend.env,
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
            "TWO_FACTOR_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "REDIS_URL": redis.next_url(),
        },
    )
    migrated = backend.manage("migrate", "--no-input")
    if migrated.returncode != 0:
        raise RuntimeError(str(migrated))
    count = users + 1  # the last for query_counts.py
    script = MAKE_USERS.format(
        app=variant.answers["django_app"], password=PASSWORD, count=count, cheap_count=users
    )
    made = backend.manage("shell", "-c", script)
    if made.returncode != 0:
        raise RuntimeError(str(made))
    data = json.loads(made.output.strip().splitlines()[-1])
    made_users = [BenchUser(name, *fields) for name, fields in data["users"].items()]
    *timed, query_user = (user for user in made_users if user.name.startswith("bench-"))
    return Starter(
        backend=backend,
        prefix=variant.answers["api_prefix"],
        users=timed,
        query_user=query_user,
        cheap_users=[user for user in made_users if user.name.startswith("cheap-")],
        hasher_seconds=data["hasher"],
        hasher=data["algorithm"],
    )
