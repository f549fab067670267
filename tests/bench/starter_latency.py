"""Latency of the starter's login steps and status, served by gunicorn (served.py).

Per user, one after another: ``login/`` with the password, then ``login/verify/`` with
the authenticator's current code; ``login/`` again, then ``login/verify/`` with a backup
code; then ``totp/status/`` and the plain DRF endpoint (starter_project.py) with the
user's access token. Each ``login/`` is paired with the benchmark's password-only
endpoint (the user found, the hasher run once), the two sent in alternating order (the
password-only request first every other time), so that whatever else runs on the machine
weighs on both alike. Each verify takes a fresh challenge and each user's code is used
once (one sample per user), so no request is refused as a replay. The ``key-`` users sign
in with their passkey: ``login/``, ``login/passkey/options/``, the authenticator's answer
(signed in this process, untimed, as a person's touch is), then ``login/verify/`` with it;
the options and the verify are timed apart, the verify being the step compared with the
TOTP code's. Each passkey sign-in runs beside a TOTP one, before it or after it in turn.

The goal of ``login/`` (the issue: it costs no more than the password hasher) is read
where the hasher is out of the way: the same project served with MD5 as its hasher
(starter_project.py's ``cheap-`` users), ``login/`` and the password-only endpoint paired
as above, ``CHEAP_ROUNDS`` times per user, and a plain request beside each pair. What
``login/`` does besides checking the password (the throttle counted and the challenge
kept in the cache, the 2FA profile, which the starter reads in the user's query) must
cost no more than a plain request to the same server: the p50 of the pairs' differences
at most the plain request's p50. With the project's own hasher, a request's time moves by
a few milliseconds either way (pairs differed by -30 to +120 ms, and the p50s' difference
by 1 to 6 ms from run to run), more than the difference to be read.
"""

from __future__ import annotations

import sys

from figures import Figure, median, p50_p90, percentile
from passkey_keys import PasskeyUser
from served import Server, gunicorn
from starter_project import HASHER_PATH, PASSWORD, PLAIN_PATH, BenchUser, Starter
from totp_codes import current_code

CHEAP_ROUNDS = 5
# DEBUG is off: the project redirects plain HTTP unless a proxy says it was HTTPS.
BEHIND_TLS = {"X-Forwarded-Proto": "https"}


class PasswordSteps:
    """``login/`` and the password-only endpoint, timed in pairs, in alternating order
    (whichever runs second may find the machine warmer or colder)."""

    def __init__(self, server: Server, prefix: str) -> None:
        self.server, self.prefix = server, prefix
        self.logins: list[float] = []
        self.passwords: list[float] = []

    def login(self, user: BenchUser) -> str:
        """The challenge of a new ``login/``, its pair timed too."""
        body = {"username": user.name, "password": PASSWORD}
        password_first = len(self.logins) % 2 == 0
        if password_first:
            self._password_only(body)
        reply = self.server.request("POST", self.prefix + "login/", body)
        self.logins.append(self.server.expect(200, reply, "login/").seconds)
        if not password_first:
            self._password_only(body)
        return reply.body["challenge"]

    def beyond_password(self) -> list[float]:
        """Each pair's ``login/`` less its password-only request."""
        return [login - only for login, only in zip(self.logins, self.passwords, strict=True)]

    def _password_only(self, body: dict) -> None:
        reply = self.server.request("POST", "/" + HASHER_PATH, body)
        self.passwords.append(self.server.expect(200, reply, HASHER_PATH).seconds)


def plain_request(server: Server, user: BenchUser, samples: list[float]) -> None:
    auth = {"Authorization": f"Bearer {user.access}"}
    reply = server.request("GET", "/" + PLAIN_PATH, headers=auth)
    samples.append(server.expect(200, reply, PLAIN_PATH).seconds)


def measure(starter: Starter) -> list[Figure]:
    backend, prefix = starter.backend, starter.prefix
    totp, backup, status, plain, options, passkey = [], [], [], [], [], []
    with gunicorn(sys.executable, backend.dir, backend.env, headers=BEHIND_TLS) as server:
        steps = PasswordSteps(server, prefix)

        def verify(user: BenchUser, code: str | None, samples: list[float]) -> None:
            started = steps.login(user)
            # the TOTP code is taken after the password step, as a person types it
            body = {"challenge": started, "code": code or current_code(user.secret)}
            reply = server.request("POST", prefix + "login/verify/", body)
            samples.append(server.expect(200, reply, "login/verify/").seconds)

        def passkey_step(user: PasskeyUser) -> None:
            body = {"username": user.name, "password": PASSWORD}
            started = server.expect(200, server.request("POST", prefix + "login/", body), "login/")
            challenge = {"challenge": started.body["challenge"]}
            reply = server.request("POST", prefix + "login/passkey/options/", challenge)
            options.append(server.expect(200, reply, "login/passkey/options/").seconds)
            answer = {**challenge, "passkey": user.answer(reply.body)}
            reply = server.request("POST", prefix + "login/verify/", answer)
            passkey.append(server.expect(200, reply, "login/verify/ with a passkey").seconds)

        # The passkey step beside the TOTP step, in alternating order, as login/ beside the
        # password-only request: the two are compared, so the same moments weigh on both.
        passkey_users = iter(starter.passkey_users)
        for index, user in enumerate(starter.users):
            key_user = next(passkey_users, None)
            if key_user is not None and index % 2 == 0:
                passkey_step(key_user)
            verify(user, None, totp)
            if key_user is not None and index % 2 == 1:
                passkey_step(key_user)
            verify(user, user.backup_codes[0], backup)
            auth = {"Authorization": f"Bearer {user.access}"}
            reply = server.request("GET", prefix + "totp/status/", headers=auth)
            status.append(server.expect(200, reply, "totp/status/").seconds)
            plain_request(server, user, plain)
        for key_user in passkey_users:
            passkey_step(key_user)

    hasher_ms = median(starter.hasher_seconds) * 1000
    return [
        *p50_p90("ours: login/ (password step)", steps.logins),
        *p50_p90(
            f"password only: the user and one {starter.hasher} check, same server",
            steps.passwords,
        ),
        Figure(f"one check_password ({starter.hasher}, in-process, median)", hasher_ms, "ms"),
        *beyond_the_hasher(starter),
        *p50_p90("ours: login/verify/ with a TOTP code", totp),
        *p50_p90("ours: login/verify/ with a backup code", backup),
        *p50_p90("ours: login/passkey/options/", options),
        *p50_p90("ours: login/verify/ with a passkey", passkey),
        *p50_p90("ours: totp/status/", status),
        *p50_p90("plain DRF endpoint, same server (JWT auth)", plain),
    ]


def beyond_the_hasher(starter: Starter) -> list[Figure]:
    """``login/`` against the password-only endpoint with MD5 as the hasher (see above)."""
    env = {**starter.backend.env, "DJANGO_SETTINGS_MODULE": "bench_cheap_hasher"}
    plain = []
    with gunicorn(sys.executable, starter.backend.dir, env, headers=BEHIND_TLS) as server:
        steps = PasswordSteps(server, starter.prefix)
        for _round in range(CHEAP_ROUNDS):
            for user in starter.cheap_users:
                steps.login(user)
                plain_request(server, user, plain)
    beyond_ms = percentile(steps.beyond_password(), 0.5) * 1000
    plain_ms = percentile(plain, 0.5) * 1000
    name = "with MD5 as the hasher"
    return [
        Figure(f"{name}: login/ p50", percentile(steps.logins, 0.5) * 1000, "ms"),
        Figure(f"{name}: password only p50", percentile(steps.passwords, 0.5) * 1000, "ms"),
        Figure(f"{name}: plain DRF endpoint p50", plain_ms, "ms"),
        Figure(
            f"{name}: login/ less password only, same pair, p50",
            beyond_ms,
            "ms",
            goal=f"<= plain request ({plain_ms:.2f} ms)",
            met=beyond_ms <= plain_ms,
        ),
    ]
