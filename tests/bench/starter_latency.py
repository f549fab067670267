"""Latency of the starter's login steps and status, served by gunicorn (served.py).

Per user, one after another: ``login/`` with the password, then ``login/verify/`` with
the authenticator's current code; ``login/`` again, then ``login/verify/`` with a backup
code; then ``totp/status/`` and the plain DRF endpoint (starter_project.py) with the
user's access token. Each ``login/`` is paired with the benchmark's password-only
endpoint (the user found, the hasher run once), the two sent in alternating order (the
password-only request first every other time), so that whatever else runs on the machine
weighs on both alike. Each verify takes a fresh challenge and each user's code is used
once (one sample per user), so no request is refused as a replay.

The goal of ``login/``, from the p50s of this run: at most the password-only request's
plus the plain endpoint's, i.e. the password check and, on top, what a plain request to
this server costs (for ``login/``: the challenge and the throttle counted in the cache).
"""

from __future__ import annotations

import sys

from figures import Figure, median, p50_p90, percentile
from served import gunicorn
from starter_project import HASHER_PATH, PASSWORD, PLAIN_PATH, Starter
from totp_codes import current_code


def measure(starter: Starter) -> list[Figure]:
    backend = starter.backend
    prefix = starter.prefix
    logins, hasher, totp, backup, status, plain = [], [], [], [], [], []
    # DEBUG is off: the project redirects plain HTTP unless a proxy says it was HTTPS.
    behind_tls = {"X-Forwarded-Proto": "https"}
    with gunicorn(sys.executable, backend.dir, backend.env, headers=behind_tls) as server:

        def password_only(body: dict) -> None:
            reply = server.request("POST", "/" + HASHER_PATH, body)
            hasher.append(server.expect(200, reply, HASHER_PATH).seconds)

        def challenge(user) -> str:
            body = {"username": user.name, "password": PASSWORD}
            # Each first every other time: whichever runs second may find the machine
            # warmer or colder.
            password_first = len(logins) % 2 == 0
            if password_first:
                password_only(body)
            reply = server.expect(200, server.request("POST", prefix + "login/", body), "login/")
            logins.append(reply.seconds)
            if not password_first:
                password_only(body)
            return reply.body["challenge"]

        def verify(user, code: str | None, samples: list[float]) -> None:
            started = challenge(user)
            # the TOTP code is taken after the password step, as a person types it
            body = {"challenge": started, "code": code or current_code(user.secret)}
            reply = server.request("POST", prefix + "login/verify/", body)
            samples.append(server.expect(200, reply, "login/verify/").seconds)

        for user in starter.users:
            verify(user, None, totp)
            verify(user, user.backup_codes[0], backup)
            auth = {"Authorization": f"Bearer {user.access}"}
            reply = server.request("GET", prefix + "totp/status/", headers=auth)
            status.append(server.expect(200, reply, "totp/status/").seconds)
            reply = server.request("GET", "/" + PLAIN_PATH, headers=auth)
            plain.append(server.expect(200, reply, PLAIN_PATH).seconds)

    hasher_ms = median(starter.hasher_seconds) * 1000
    # The goal of login/ (see above).
    allowance_ms = (percentile(hasher, 0.5) + percentile(plain, 0.5)) * 1000
    login_p50, login_p90 = p50_p90("ours: login/ (password step)", logins)
    login_p50.goal = f"<= password only + plain request ({allowance_ms:.1f} ms)"
    login_p50.met = login_p50.value <= allowance_ms
    return [
        login_p50,
        login_p90,
        *p50_p90(f"password only: the user and one {starter.hasher} check, same server", hasher),
        Figure(f"one check_password ({starter.hasher}, in-process, median)", hasher_ms, "ms"),
        *p50_p90("ours: login/verify/ with a TOTP code", totp),
        *p50_p90("ours: login/verify/ with a backup code", backup),
        *p50_p90("ours: totp/status/", status),
        *p50_p90("plain DRF endpoint, same server (JWT auth)", plain),
    ]
