"""Fail closed, and recover: the default starter while its Redis or PostgreSQL stops.

Two gunicorn servers of two worker processes each serve the default starter on one
PostgreSQL (the session's, a database of this module's own) and one Redis (this module's
own, so that stopping it disturbs nobody). For each service in turn:

1. It stops. From both servers, login/, login/verify/, login/resend/ and the enrollment
   endpoints answer 503 JSON ``{"detail", "code": "service_unavailable"}`` with
   Retry-After: never a token, never an HTML page. (totp/status/ reads the database
   alone: with Redis down it may keep answering.)
2. It starts again, and the servers are not restarted. Sign-ins are sent to both servers,
   several at once, until every worker has answered one: each must succeed, the first of
   every worker included. The service tells which workers reached it: each worker keeps
   one connection to Redis (redis-py's pool) and one to PostgreSQL (CONN_MAX_AGE).
3. It restarts once more with no request in between, so that every worker holds a
   connection the service has closed: again every worker's first request must succeed.
   redis-py replaces a closed pooled connection by itself; Django does it for the
   database only with CONN_HEALTH_CHECKS, which the starter's settings turn on.
4. A whole sign-in (password, then a backup code) and an enrollment call (new backup
   codes for an authenticator code) work on both servers.

DEBUG is on, with keys of the module's own, as in tests/backend/test_concurrency.py: a 500's
traceback then goes to the server's log, which a failing test shows.
"""

from __future__ import annotations

import http.client
import itertools
import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg
import pyotp
import pytest
import redis
from cryptography.fernet import Fernet

from support import shell
from support.backend import starter_backend
from support.postgres import PostgresServer
from support.render import Variant, render
from support.services import RedisServer, gunicorn_serving, start_redis

pytestmark = pytest.mark.backend

DATABASE = "starter_faults"
SERVERS = 2
WORKERS = 2  # per server
SECRET_KEY = "fault-tests-only-" + "k" * 40
ENCRYPTION_KEY = Fernet.generate_key().decode()
PASSWORD = "fault-password-2fa"  # noqa: S105
# Per service: one user signed in before it stops (their token and challenge are used
# while it is down), and one per server whose sign-in and enrollment call follow its return.
PHASES = ("redis", "postgres")
USERS = [
    f"{phase}-{role}"
    for phase in PHASES
    for role in ("down", *(f"back-{n}" for n in range(SERVERS)))
]
# Rounds of parallel sign-ins to reach every worker; each takes about a PBKDF2 hash.
PROBE_ROUNDS = 12
TIMEOUT = 30  # seconds, of one request

# Every user with an authenticator and backup codes, so that a sign-in needs nothing
# sent: {name: [secret, backup codes]}.
MAKE_USERS = shell.script("make_authenticator_users.py")


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    retry_after: str | None
    raw: bytes

    @property
    def body(self) -> dict:
        return json.loads(self.raw)


class Addresses:
    """Loopback addresses for the clients, one per request: the login throttle counts per
    client address (20 a minute), and all of 127.0.0.0/8 is loopback on Linux."""

    def __init__(self) -> None:
        self._hosts = itertools.product(range(3, 10), range(1, 255))

    def take(self) -> str:
        third, fourth = next(self._hosts)
        return f"127.0.{third}.{fourth}"


@dataclass
class Stack:
    ports: list[int]
    logs: list[Path]
    prefix: str
    redis: RedisServer
    postgres: PostgresServer
    database: str
    secrets: dict[str, str]
    backup_codes: dict[str, list[str]]
    addresses: Addresses

    def request(
        self, server: int, method: str, path: str, body: dict | None = None, *, token: str = ""
    ) -> Reply:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.ports[server], timeout=TIMEOUT,
            source_address=(self.addresses.take(), 0),
        )  # fmt: skip
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            payload = None if body is None else json.dumps(body)
            connection.request(method, self.prefix + path, payload, headers)
            response = connection.getresponse()
            return Reply(
                response.status,
                response.getheader("Content-Type", ""),
                response.getheader("Retry-After"),
                response.read(),
            )
        finally:
            connection.close()

    def post(self, server: int, path: str, body: dict, *, token: str = "") -> Reply:
        return self.request(server, "POST", path, body, token=token)

    def server_log(self, server: int) -> str:
        return "\n".join(self.logs[server].read_text(errors="replace").splitlines()[-40:])

    def expect(self, server: int, reply: Reply, status: int = 200) -> dict:
        assert reply.status == status, (reply, self.server_log(server))
        assert reply.content_type == "application/json", reply
        return reply.body

    def login(self, server: int, name: str) -> str:
        """The password step: the challenge (an authenticator user is sent nothing)."""
        reply = self.post(server, "login/", {"username": name, "password": PASSWORD})
        return self.expect(server, reply)["challenge"]

    def sign_in(self, server: int, name: str) -> str:
        """A whole sign-in, its second step with a backup code: the access token."""
        challenge = self.login(server, name)
        code = self.backup_codes[name].pop()
        reply = self.post(server, "login/verify/", {"challenge": challenge, "code": code})
        body = self.expect(server, reply)
        assert body["access"] and body["user"]["username"] == name, body
        return body["access"]

    def workers_connected(self, service: str) -> int:
        """How many of the servers' worker processes hold a connection to ``service``."""
        if service == "redis":
            client = redis.Redis(port=self.redis.port)
            try:
                own = client.client_id()
                return sum(entry["id"] != str(own) for entry in client.client_list())
            finally:
                client.close()
        with psycopg.connect(self.postgres.url("postgres"), autocommit=True) as connection:
            query = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
            return connection.execute(query, (self.database,)).fetchone()[0]


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: PostgresServer
) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp("faults")
    variant: Variant = render(workdir / "project")
    assert variant.answers["jwt_library"] == "simplejwt", variant.answers
    app = variant.answers["django_app"]
    redis_server = start_redis(tmp_path_factory.mktemp("faults-redis"))
    with ExitStack() as running:
        running.callback(redis_server.stop)
        database_url = postgres_server.create_database(DATABASE)
        backend = starter_backend(variant)
        backend = replace(
            backend,
            env={
                **backend.env,
                "DJANGO_NUM_PROXIES": "0",  # clients reach the servers directly
                "DATABASE_URL": database_url,
                "REDIS_URL": redis_server.url(0),
                "DJANGO_SECRET_KEY": SECRET_KEY,
                "TWO_FACTOR_ENCRYPTION_KEYS": ENCRYPTION_KEY,
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            },
        )
        migrated = backend.manage("migrate", "--no-input")
        assert migrated.returncode == 0, str(migrated)
        users = backend.shell_json(MAKE_USERS, app=app, password=PASSWORD, names=USERS)

        logs = [workdir / f"gunicorn-{n}.log" for n in range(SERVERS)]
        ports = [
            running.enter_context(gunicorn_serving(backend.dir, backend.env, log, workers=WORKERS))
            for log in logs
        ]
        yield Stack(
            ports=ports,
            logs=logs,
            prefix=variant.answers["api_prefix"],
            redis=redis_server,
            postgres=postgres_server,
            database=DATABASE,
            secrets={name: secret for name, (secret, _codes) in users.items()},
            backup_codes={name: codes for name, (_secret, codes) in users.items()},
            addresses=Addresses(),
        )


# Checks -------------------------------------------------------------------------------


def assert_unavailable(stack: Stack, server: int, reply: Reply, where: str) -> None:
    assert reply.status == 503, (where, reply, stack.server_log(server))
    assert reply.content_type == "application/json", (where, reply)
    assert int(reply.retry_after or 0) > 0, (where, reply)
    body = reply.body
    # The contract's two fields and nothing else: no token, whatever the endpoint.
    assert set(body) == {"detail", "code"}, (where, body)
    assert body["code"] == "service_unavailable" and body["detail"], (where, body)


def assert_fails_closed(stack: Stack, service: str, token: str, challenge: str) -> None:
    """While ``service`` is down, from both servers: every endpoint that needs it."""
    name = f"{service}-down"
    requests: dict[str, Callable[[int], Reply]] = {
        "login/": lambda s: stack.post(s, "login/", {"username": name, "password": PASSWORD}),
        "login/verify/": lambda s: stack.post(
            s, "login/verify/", {"challenge": challenge, "code": stack.backup_codes[name][0]}
        ),
        "login/resend/": lambda s: stack.post(s, "login/resend/", {"challenge": challenge}),
        "totp/setup/": lambda s: stack.post(s, "totp/setup/", {}, token=token),
        "totp/enable/": lambda s: stack.post(s, "totp/enable/", {"code": "123456"}, token=token),
        "totp/disable/": lambda s: stack.post(s, "totp/disable/", {"code": "123456"}, token=token),
        "totp/backup-codes/regenerate/": lambda s: stack.post(
            s, "totp/backup-codes/regenerate/", {"code": "123456"}, token=token
        ),
    }
    for server in range(SERVERS):
        for path, send in requests.items():
            assert_unavailable(stack, server, send(server), f"{service} down: {path}")
        # The status reads the database alone: without Redis it may keep answering.
        status = stack.request(server, "GET", "totp/status/", token=token)
        if service == "postgres" or status.status != 200:
            assert_unavailable(stack, server, status, f"{service} down: totp/status/")


def assert_every_worker_answers(stack: Stack, service: str) -> None:
    """Sign-in first steps, several at once on each server, until every worker holds a
    connection to ``service`` again: each one must succeed, every worker's first included."""
    names = [f"{phase}-down" for phase in PHASES]
    for _round in range(PROBE_ROUNDS):
        calls = [(server, name) for server in range(SERVERS) for name in names * WORKERS]
        with ThreadPoolExecutor(max_workers=len(calls)) as pool:
            list(pool.map(lambda call: stack.login(*call), calls))
        if stack.workers_connected(service) >= SERVERS * WORKERS:
            return
    connected = stack.workers_connected(service)
    pytest.fail(f"{connected} of {SERVERS * WORKERS} workers reached {service}")


def assert_flows_work(stack: Stack, service: str) -> None:
    """A whole sign-in and an enrollment call on each server."""
    for server in range(SERVERS):
        name = f"{service}-back-{server}"
        token = stack.sign_in(server, name)
        # The next time step's code: enabling used the step it was made in.
        code = pyotp.TOTP(stack.secrets[name]).at(time.time() + 30)
        reply = stack.post(server, "totp/backup-codes/regenerate/", {"code": code}, token=token)
        assert len(stack.expect(server, reply)["backup_codes"]) == 10


def stop(stack: Stack, service: str) -> None:
    if service == "redis":
        stack.redis.stop()
    else:
        stack.postgres.shut_down()


def start(stack: Stack, service: str) -> None:
    if service == "redis":
        stack.redis.start()
    else:
        stack.postgres.start()


@pytest.mark.parametrize("service", PHASES)
def test_fails_closed_and_recovers(stack: Stack, service: str):
    name = f"{service}-down"
    token = stack.sign_in(0, name)
    challenge = stack.login(1, name)
    # Every worker is connected to the service before it goes away.
    assert_every_worker_answers(stack, service)

    stop(stack, service)
    try:
        assert_fails_closed(stack, service, token, challenge)
    finally:
        start(stack, service)
    assert_every_worker_answers(stack, service)

    # A restart between two requests: every worker's connection is a closed one now.
    stop(stack, service)
    start(stack, service)
    assert_every_worker_answers(stack, service)

    assert_flows_work(stack, service)
