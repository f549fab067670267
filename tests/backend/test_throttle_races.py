"""The app's throttles under parallel requests to several workers sharing a real Redis.

The default starter runs under gunicorn with four worker processes, on the session's
PostgreSQL (a database of this module's own) and Redis, as in tests/backend/test_concurrency.py,
whose barrier-released ``race`` this module reuses. The starter's settings do not read
throttle rates from the environment, so a settings module of the tests' own, written next
to the project (as tests/bench/starter_project.py does), imports the starter's and lowers
two rates. Then 20 requests at once, to whichever workers take them, must let exactly the
rate's count through; each of the others is a 429 ``throttled`` with a Retry-After.

A throttle that reads its history from the cache and writes it back (DRF's
SimpleRateThrottle) lets several of a burst read the same history and pass.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from support.backend import starter_backend
from support.postgres import PostgresServer
from support.races import MAKE_USERS, Reply, post_json, race, tally
from support.render import Variant, render
from support.services import RedisServer, gunicorn_serving

pytestmark = pytest.mark.backend

DATABASE = "starter_throttle_races"
WORKERS = 4
PARALLEL = 20
LIMIT = 5
RATE = f"{LIMIT}/hour"
# Each burst runs this many times, on a fresh user or address: a lost race shows in some
# interleavings only.
ROUNDS = 3
PASSWORD = "throttle-race-password-2fa"  # noqa: S105
USERS = [f"setup-racer-{n}" for n in range(ROUNDS)]

# The starter's settings with RATE for both throttles.
SETTINGS = Path(__file__).resolve().parent / "project_files" / "throttle_race_settings.py"


@dataclass
class Server:
    port: int
    log: Path
    prefix: str
    access: dict[str, str]  # simplejwt access token per username

    def post(self, path: str, body: dict, *, token: str = "", source: str) -> Reply:
        authorization = f"Bearer {token}" if token else ""
        return post_json(
            self.port, self.prefix + path, body, log=self.log, authorization=authorization,
            source=source,
        )  # fmt: skip


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    postgres_server: PostgresServer,
    redis_server: RedisServer,
) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("throttle-races")
    variant: Variant = render(workdir / "project")
    assert variant.answers["jwt_library"] == "simplejwt", variant.answers
    backend = starter_backend(variant)
    shutil.copyfile(SETTINGS, backend.dir / SETTINGS.name)
    backend = replace(
        backend,
        env={
            **backend.env,
            "DJANGO_SETTINGS_MODULE": SETTINGS.stem,
            "THROTTLE_RACE_RATE": RATE,
            "DATABASE_URL": postgres_server.create_database(DATABASE),
            "REDIS_URL": redis_server.next_url(),
            "TWO_FACTOR_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        },
    )
    migrated = backend.manage("migrate", "--no-input")
    assert migrated.returncode == 0, str(migrated)
    created = backend.shell_json(MAKE_USERS, password=PASSWORD, names=USERS, credential="jwt")

    log = workdir / "gunicorn.log"
    with gunicorn_serving(backend.dir, backend.env, log, workers=WORKERS) as port:
        yield Server(
            port=port,
            log=log,
            prefix=variant.answers["api_prefix"],
            access={name: access for name, (_pk, access) in created.items()},
        )


def away_from_the_hour() -> None:
    """A throttle may count in clock-aligned windows: keep a burst inside one hour."""
    if 3600 - time.time() % 3600 < 10:
        time.sleep(3600 - time.time() % 3600 + 1)


def assert_exactly_the_limit_passes(replies: list[Reply], passed: set[int]) -> None:
    through = [reply for reply in replies if reply.status != 429]
    assert len(through) == LIMIT, tally(replies)
    assert all(reply.status in passed for reply in through), tally(replies)
    for reply in replies:
        if reply.status == 429:
            assert reply.code == "throttled" and set(reply.body) == {"detail", "code"}, reply
            assert reply.retry_after is not None, reply
            assert 0 < int(reply.retry_after) <= 3600, reply


def test_setups_of_one_user_at_once_pass_the_throttle_up_to_its_rate(server: Server):
    """two_factor_setup, per signed-in user: every setup that passes the throttle is a 200."""
    for n in range(ROUNDS):
        token = server.access[f"setup-racer-{n}"]

        def setup(token: str = token) -> Reply:
            return server.post("totp/setup/", {}, token=token, source="127.0.3.1")

        away_from_the_hour()
        assert_exactly_the_limit_passes(race([setup] * PARALLEL), passed={200})
        # Still refused afterwards: the count kept every request that passed.
        after = setup()
        assert after.status == 429 and after.retry_after, after


def test_logins_from_one_address_at_once_pass_the_throttle_up_to_its_rate(server: Server):
    """login, per client address, anonymous: a wrong password is a 400 once through."""
    for n in range(ROUNDS):
        # A username per round: its own limit on wrong passwords (10) must not be the one
        # that answers.
        body = {"username": f"nobody-{n}@example.com", "password": "wrong"}

        def login(source: str = f"127.0.3.{10 + n}", body: dict = body) -> Reply:
            return server.post("login/", body, source=source)

        away_from_the_hour()
        assert_exactly_the_limit_passes(race([login] * PARALLEL), passed={400})
    # Another address has a count of its own.
    body = {"username": "nobody@example.com", "password": "wrong"}
    assert server.post("login/", body, source="127.0.3.2").status == 400
