"""Races against a real PostgreSQL, a shared Redis and a multi-worker server.

The default starter (login codes by email through Django's send_mail), once per token
library that makes its tokens differently (simplejwt's signed JWTs, knox's token rows,
dj-rest-auth's JWTs in cookies), runs its own project under gunicorn: four worker
processes on a loopback port, DATABASE_URL on the session's PostgreSQL (a database of
each stack's own) and REDIS_URL on the session's Redis, since challenges, pending setups
and sent codes live in the cache and the workers must share it. Emails go to files, where
the tests read the codes. DEBUG stays on, with keys of the tests' own: Django then logs a
500's traceback to gunicorn's log, which a failing test shows.

Threads released together by a barrier send the same request through the contract's HTTP
flow. A race must end with exactly one 200, every other request refused with the
contract's ``{"detail", "code"}`` body (a 5xx fails it), and the database holding what one
success leaves: one secret and one set of backup codes, the code used once, a passkey's
signature count moved once. The per-user limit of wrong codes must hold when the guesses
arrive at several workers at once.
"""

from __future__ import annotations

import email
import hashlib
import hmac
import importlib.util
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg
import pyotp
import pytest
import redis
from cryptography.fernet import Fernet

from support.backend import starter_backend
from support.postgres import PostgresServer
from support.races import (
    MAKE_USERS,
    Reply,
    post_json,
    race,
    tally,
)
from support.render import Variant, render
from support.services import RedisServer, gunicorn_serving

pytestmark = pytest.mark.backend

DATABASE = "starter_concurrency"
WORKERS = 4
PARALLEL = 20
# A code's 20 verifies share 2 challenges, 10 each: twice a challenge's attempt limit, so
# on each one the winner's spend races the spends of refused attempts, besides the code
# having to be single-use across challenges.
CHALLENGES = 2
# Each race runs this many times, on fresh users: a lost race shows in some interleavings
# only (about one race in ten, before a user's login verifications took turns).
ROUNDS = 5
# The guesses are spread over 4 challenges (20 attempts in all): the per-user limit, not
# the challenges' own, has to stop them.
GUESS_CHALLENGES = 4
FAILURE_LIMIT = 10  # TWO_FACTOR_FAILURE_LIMIT's default
# Wrong codes checked before the back-off begins: half the limit, and the one past it.
BACKOFF_FREE = FAILURE_LIMIT // 2 + 1
SECRET_KEY = "concurrency-tests-only-" + "k" * 40
ENCRYPTION_KEY = Fernet.generate_key().decode()
PASSWORD = "race-password-2fa"  # noqa: S105
USERS = [
    *(
        f"{kind}-{n}"
        for kind in ("enable", "totp", "backup", "email", "passkey")
        for n in range(ROUNDS)
    ),
    "guesser",
]
VERIFY_REFUSALS = {"invalid_code", "code_reused", "challenge_invalid", "too_many_attempts"}
# A dev server of the starter's own, in its default WEBAUTHN_ORIGINS while DEBUG is on.
PASSKEY_ORIGIN = "http://localhost:5173"


# Made in one shell: PBKDF2 hashes the password once for every user, on purpose slowly.
# Each user gets a credential for the enrollment endpoints from the token library.
@dataclass(frozen=True)
class TokenLibrary:
    name: str
    credential: str  # MAKE_USERS's credential: "jwt" or "knox"
    scheme: str  # of the Authorization header
    signed_in: frozenset[str]  # what a login/verify/ answer holds besides "user"


TOKEN_LIBRARIES = [
    TokenLibrary("simplejwt", "jwt", "Bearer", frozenset({"access", "refresh"})),
    TokenLibrary("knox", "knox", "Token", frozenset({"token", "expiry"})),
    # its cookie mode: the refresh token travels in its cookie alone, "" in the body
    TokenLibrary("dj_rest_auth", "jwt", "Bearer", frozenset({"access", "refresh"})),
]


@dataclass(frozen=True)
class User:
    name: str
    id: int
    # The token library's credential for the enrollment endpoints (simplejwt's access
    # token lives five minutes, which outlasts the module)
    access: str

    @property
    def email(self) -> str:
        return f"{self.name}@example.com"


class Addresses:
    """Loopback addresses for the simulated clients, one each.

    The login throttle counts per client address (20 a minute) and these tests sign in
    more often than that; all of 127.0.0.0/8 is loopback on Linux.
    """

    def __init__(self) -> None:
        self._hosts = iter(range(1, 255))

    def take(self) -> str:
        return f"127.0.2.{next(self._hosts)}"


@dataclass
class Stack:
    """The served starter and what the tests need to talk to it and look inside."""

    port: int
    log: Path
    prefix: str
    database_url: str
    redis_url: str
    app_label: str
    mail_dir: Path
    users: dict[str, User]
    addresses: Addresses
    library: TokenLibrary
    app_dir: Path

    def post(self, path: str, body: dict, *, token: str = "", source: str = "127.0.0.1") -> Reply:
        authorization = f"{self.library.scheme} {token}" if token else ""
        return post_json(
            self.port, self.prefix + path, body, log=self.log, authorization=authorization,
            source=source,
        )  # fmt: skip

    def rows(self, query: str, *params: object) -> list[tuple]:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(query.format(app=self.app_label), params).fetchall()

    def login(self, user: User) -> tuple[str, str]:
        """The password step from a client address of its own: (challenge, address)."""
        source = self.addresses.take()
        reply = self.post("login/", {"username": user.name, "password": PASSWORD}, source=source)
        assert reply.status == 200 and reply.body["otp_required"] is True, reply
        return reply.body["challenge"], source

    def emailed_codes(self, user: User) -> list[str]:
        """The login codes sent to the user so far, read from the file backend's files."""
        codes = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for text in path.read_text(encoding="utf-8").split("-" * 79):
                message = email.message_from_string(text.strip())
                if message["To"] == user.email:
                    body = message.get_payload(decode=True).decode()
                    codes += re.findall(r"sign-in code is (\d{6})", body)
        return codes


# The server ---------------------------------------------------------------------------


@pytest.fixture(scope="module", params=TOKEN_LIBRARIES, ids=lambda library: library.name)
def stack(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_server: PostgresServer,
    redis_server: RedisServer,
) -> Iterator[Stack]:
    library: TokenLibrary = request.param
    workdir = tmp_path_factory.mktemp(f"concurrency-{library.name}")
    variant: Variant = render(workdir / "project", jwt_library=library.name)
    assert variant.answers["email_provider"] == "django", variant.answers
    database_url = postgres_server.create_database(f"{DATABASE}_{library.name}")
    redis_url = redis_server.next_url()
    mail_dir = workdir / "sent-emails"
    backend = starter_backend(variant)
    backend = replace(
        backend,
        env={
            **backend.env,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            # Known keys: the tests check the stored hashes and decrypt the stored secret.
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "TWO_FACTOR_ENCRYPTION_KEYS": ENCRYPTION_KEY,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
        },
    )
    migrated = backend.manage("migrate", "--no-input")
    assert migrated.returncode == 0, str(migrated)
    created = backend.shell_json(
        MAKE_USERS, password=PASSWORD, names=USERS, credential=library.credential
    )
    users = {name: User(name, pk, access) for name, (pk, access) in created.items()}

    log = workdir / "gunicorn.log"
    with gunicorn_serving(backend.dir, backend.env, log, workers=WORKERS) as port:
        yield Stack(
            port=port,
            log=log,
            prefix=variant.answers["api_prefix"],
            database_url=database_url,
            redis_url=redis_url,
            app_label=variant.answers["django_app"].rsplit(".", 1)[-1],
            mail_dir=mail_dir,
            users=users,
            addresses=Addresses(),
            library=library,
            app_dir=variant.app_dir,
        )


# Racing -------------------------------------------------------------------------------


def assert_refused(reply: Reply, allowed: set[str]) -> None:
    """A refusal the contract names: 400 with one of ``allowed``, or 429 throttled."""
    assert {"detail", "code"} <= set(reply.body), reply
    if reply.status == 429:
        assert reply.code == "throttled", reply
    else:
        assert reply.status == 400 and reply.code in allowed, reply


def assert_one_success(
    replies: list[Reply], refusals: set[str], *, revoked: set[str] = frozenset()
) -> Reply:
    """One 200; the others refused with ``refusals``, or 401 with ``revoked`` (their
    credential ended by the winner's change)."""
    successes = [reply for reply in replies if reply.status == 200]
    assert len(successes) == 1, tally(replies)
    for reply in replies:
        if reply.status == 401:
            assert reply.code in revoked, reply
        elif reply.status != 200:
            assert_refused(reply, refusals)
    return successes[0]


def sign_ins(stack: Stack, user: User, count: int = CHALLENGES) -> list[tuple[str, str]]:
    """The password step of ``count`` clients: their challenges and addresses."""
    return [stack.login(user) for _ in range(count)]


def verify_race(stack: Stack, clients: list[tuple[str, str]], code: str) -> list[Reply]:
    """20 verifies of one code at once, shared out over the clients' challenges."""

    def verify(challenge: str, source: str) -> Callable[[], Reply]:
        body = {"challenge": challenge, "code": code}
        return lambda: stack.post("login/verify/", body, source=source)

    return race([verify(*clients[n % len(clients)]) for n in range(PARALLEL)])


def assert_signed_in(stack: Stack, reply: Reply, user: User, *extra: str) -> None:
    assert set(reply.body) == {*stack.library.signed_in, "user", *extra}, reply
    assert reply.body["user"]["id"] == user.id, reply
    if stack.library.name == "knox":
        # Enabling deleted the enrollment credential: the row its answer made, and the
        # winning sign-in's.
        tokens = stack.rows("SELECT count(*) FROM knox_authtoken WHERE user_id = %s", user.id)
        assert tokens == [(2,)], tokens


def backup_code_hash(user: User, code: str) -> str:
    """The app's keyed hash of a backup code (keyed_hash.py), to compare with the rows."""
    key = hashlib.sha256(f"two_factor.backup_codes:{SECRET_KEY}".encode()).digest()
    normalized = code.replace("-", "")
    return hmac.new(key, f"{user.id}:{normalized}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Enrolment:
    secret: str
    step: int  # the time step of the enabling code, used up by it
    backup_codes: list[str]


def enrol_in_a_race(stack: Stack, user: User) -> Enrolment:
    """One setup, then 20 enables at once with its code: one succeeds, and the database
    holds the pending secret and the winner's backup codes, nothing else; the winner is
    answered fresh credentials."""
    setup = stack.post("totp/setup/", {}, token=user.access)
    assert setup.status == 200, setup
    secret = setup.body["secret"]
    step = int(time.time() // 30)
    code = pyotp.TOTP(secret).at(step * 30)
    body = {"code": code}
    replies = race([lambda: stack.post("totp/enable/", body, token=user.access)] * PARALLEL)
    # The winner revokes the credential they all came with: those authenticated after its
    # commit get 401 (JWTs: an older generation; knox: the token is gone).
    winner = assert_one_success(
        replies, {"already_enabled"}, revoked={"token_not_valid", "authentication_failed"}
    )
    codes = winner.body["backup_codes"]
    assert winner.body["totp_enabled"] is True and len(codes) == 10, winner
    assert set(winner.body["credentials"]) == {*stack.library.signed_in, "user"}, winner

    profiles = stack.rows(
        "SELECT totp_enabled, totp_secret_encrypted, totp_last_counter"
        " FROM {app}_twofactorprofile WHERE user_id = %s",
        user.id,
    )
    assert len(profiles) == 1, profiles
    enabled, encrypted, last_counter = profiles[0]
    assert enabled is True
    assert Fernet(ENCRYPTION_KEY).decrypt(encrypted.encode()).decode() == secret
    assert last_counter == step
    stored = stack.rows(
        "SELECT code_hash, used_at FROM {app}_backupcode WHERE user_id = %s", user.id
    )
    assert sorted(code_hash for code_hash, _ in stored) == sorted(
        backup_code_hash(user, code) for code in codes
    )
    assert all(used_at is None for _, used_at in stored)
    return Enrolment(secret=secret, step=step, backup_codes=codes)


# The races ----------------------------------------------------------------------------


def test_parallel_enables_leave_one_secret_and_one_set_of_codes(stack: Stack):
    for n in range(ROUNDS):
        enrol_in_a_race(stack, stack.users[f"enable-{n}"])


def test_one_totp_code_signs_in_once(stack: Stack):
    for n in range(ROUNDS):
        user = stack.users[f"totp-{n}"]
        enrolment = enrol_in_a_race(stack, user)
        # The enabling code used its time step: the next step's code is the first unused.
        step = enrolment.step + 1
        code = pyotp.TOTP(enrolment.secret).at(step * 30)
        replies = verify_race(stack, sign_ins(stack, user), code)
        assert_signed_in(stack, assert_one_success(replies, VERIFY_REFUSALS), user)
        counters = stack.rows(
            "SELECT totp_last_counter FROM {app}_twofactorprofile WHERE user_id = %s", user.id
        )
        assert counters == [(step,)]


def test_one_backup_code_signs_in_once(stack: Stack):
    for n in range(ROUNDS):
        user = stack.users[f"backup-{n}"]
        code = enrol_in_a_race(stack, user).backup_codes[0]
        replies = verify_race(stack, sign_ins(stack, user), code)
        winner = assert_one_success(replies, VERIFY_REFUSALS)
        assert_signed_in(stack, winner, user, "backup_codes_remaining")
        # Counted under the row lock: the one code the race used up is not among them.
        assert winner.body["backup_codes_remaining"] == 9, winner
        used = stack.rows(
            "SELECT code_hash FROM {app}_backupcode WHERE user_id = %s AND used_at IS NOT NULL",
            user.id,
        )
        assert used == [(backup_code_hash(user, code),)]
        unused = stack.rows(
            "SELECT count(*) FROM {app}_backupcode WHERE user_id = %s AND used_at IS NULL",
            user.id,
        )
        assert unused == [(9,)]


def test_one_emailed_code_signs_in_once(stack: Stack):
    cache = redis.Redis.from_url(stack.redis_url)
    try:
        for n in range(ROUNDS):
            user = stack.users[f"email-{n}"]
            # The first sign-in sends the code; the others, within the resend cooldown,
            # send none and keep it valid.
            clients = sign_ins(stack, user)
            codes = stack.emailed_codes(user)
            assert len(codes) == 1, codes
            replies = verify_race(stack, clients, codes[0])
            assert_signed_in(stack, assert_one_success(replies, VERIFY_REFUSALS), user)
            # The code is used up: its hash left the cache (Django's Redis keys are
            # "<KEY_PREFIX>:<version>:<key>", the app's key "two_factor:login_code:<pk>").
            assert cache.exists(f":1:two_factor:login_code:{user.id}") == 0
    finally:
        cache.close()


def test_failure_limit_holds_across_workers(stack: Stack):
    user = stack.users["guesser"]
    clients = sign_ins(stack, user, GUESS_CHALLENGES)
    (right,) = stack.emailed_codes(user)
    wrong = (f"{n:06d}" for n in range(1, 1_000_000) if f"{n:06d}" != right)

    def guess(clients: list[tuple[str, str]], n: int) -> Callable[[], Reply]:
        challenge, source = clients[n % len(clients)]
        body = {"challenge": challenge, "code": next(wrong)}
        return lambda: stack.post("login/verify/", body, source=source)

    def failures() -> int:
        # Time travel too: the last wrong code an hour earlier, so its back-off is over.
        ((count,),) = stack.rows(
            "UPDATE {app}_twofactorprofile SET code_failed_at = code_failed_at - "
            "interval '1 hour' WHERE user_id = %s RETURNING code_failures",
            user.id,
        )
        return count

    # A guess is either checked (a 400: wrong, and recorded) or refused unchecked (429).
    # Taking turns, exactly as many are checked as the limit lets, whichever workers they
    # reach: half the limit and one, until the back-off (each wrong code past half the
    # limit makes the next wait); then one per back-off.
    expected = [BACKOFF_FREE, *[1] * (FAILURE_LIMIT - BACKOFF_FREE)]
    for round_number, checks in enumerate(expected):
        if round_number:
            clients = sign_ins(stack, user, GUESS_CHALLENGES)  # live challenges each round
        replies = race([guess(clients, n) for n in range(PARALLEL)])
        for reply in replies:
            assert_refused(reply, {"invalid_code", "too_many_attempts"})
        checked = [reply for reply in replies if reply.status == 400]
        assert len(checked) == checks, (round_number, tally(replies))
        assert failures() == sum(expected[: round_number + 1]), tally(replies)

    # The limit is in force (the back-off over): even the right code is refused now.
    after = [
        stack.post("login/verify/", {"challenge": challenge, "code": right}, source=source)
        for challenge, source in clients
    ]
    for reply in after:
        assert_refused(reply, {"challenge_invalid"})
    assert any(reply.status == 429 for reply in after), tally(after)


def software_authenticator(stack: Stack):
    """The rendered app's own software authenticator (passkeys/tests/authenticator.py): real
    ES256 signatures, in this process."""
    path = stack.app_dir / "passkeys" / "tests" / "authenticator.py"
    spec = importlib.util.spec_from_file_location("race_authenticator", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SoftAuthenticator()


def passkey_race(stack: Stack, challenge: str, source: str, answer: dict) -> list[Reply]:
    """20 verifies of one passkey answer at once, on its one challenge."""
    body = {"challenge": challenge, "passkey": answer}
    return race([lambda: stack.post("login/verify/", body, source=source)] * PARALLEL)


def test_one_passkey_answer_signs_in_once(stack: Stack):
    """The same assertion sent 20 times at once, to several workers: one sign-in. The
    WebAuthn challenge is taken once, and the sign count moves once."""
    for n in range(ROUNDS):
        user = stack.users[f"passkey-{n}"]
        authenticator = software_authenticator(stack)
        options = stack.post("passkeys/register/options/", {}, token=user.access)
        assert options.status == 200, options
        credential = authenticator.register(options.body, origin=PASSKEY_ORIGIN)
        registered = stack.post("passkeys/register/", {"credential": credential}, token=user.access)
        assert registered.status == 200, registered
        challenge, source = stack.login(user)
        asked = stack.post("login/passkey/options/", {"challenge": challenge}, source=source)
        assert asked.status == 200, asked
        answer = authenticator.assertion(asked.body, origin=PASSKEY_ORIGIN)
        replies = passkey_race(stack, challenge, source, answer)
        refusals = VERIFY_REFUSALS | {"passkey_invalid"}
        winner = assert_one_success(replies, refusals)
        assert_signed_in(stack, winner, user)
        counts = stack.rows("SELECT sign_count FROM {app}_passkey WHERE user_id = %s", user.id)
        assert counts == [(1,)], counts
