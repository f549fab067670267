"""Database queries per request of the starter, counted in-process.

In the benchmark starter's own ``manage.py shell`` (starter_project.py: SQLite, with
Redis as the cache), shell_scripts/count_queries.py sends the requests with Django's test
client as the user that starter_project.py keeps for this, and ``CaptureQueriesContext``
counts what each one runs. The login challenges and the throttles' counters live in
Redis, so reading and writing them is no query here (with the starter's development
default, the database cache, each would be); the count of wrong codes is on the user's
TwoFactorProfile row, in the database. Two counts per request: every statement Django
sent, and those reading or writing rows (transaction control left out: BEGIN, SAVEPOINT,
RELEASE, COMMIT, ROLLBACK); the goal is read against the second.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from figures import Figure
from passkey_keys import AUTHENTICATOR_FILE, ORIGIN, RP_ID, b64url
from starter_project import PASSWORD, Starter

VERIFY_GOAL = 4

# Sends the requests and prints each one's counts (see the file).
COUNT_QUERIES = Path(__file__).resolve().parent / "shell_scripts" / "count_queries.py"


def measure(starter: Starter) -> list[Figure]:
    user, key_user = starter.query_user, starter.passkey_query_user
    authenticator = key_user.authenticator
    # The authenticator goes to the shell whole: its key, id, user handle and count.
    private_key = authenticator.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    counts = starter.backend.shell_json(
        COUNT_QUERIES,
        prefix=starter.prefix,
        username=user.name,
        password=PASSWORD,
        secret=user.secret,
        backup_code=user.backup_codes[0],
        access=user.access,
        passkey_username=key_user.name,
        authenticator={
            "file": str(AUTHENTICATOR_FILE),
            "private_key": private_key.decode(),
            "credential_id": b64url(authenticator.credential_id),
            "user_handle": b64url(authenticator.user_handle),
            "sign_count": authenticator.sign_count,
            "origin": ORIGIN,
            "rp_id": RP_ID,
        },
    )
    figures = []
    for request, (statements, data) in counts.items():
        figure = Figure(f"ours: queries per {request}, reading or writing rows", data, "")
        if request.startswith("login/verify/"):
            figure.goal, figure.met = f"<= {VERIFY_GOAL}", data <= VERIFY_GOAL
        figures += [Figure(f"ours: SQL statements per {request}, all", statements, ""), figure]
    return figures
