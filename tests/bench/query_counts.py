"""Database queries per request of the starter, counted in-process.

In the benchmark starter's own ``manage.py shell`` (starter_project.py: SQLite, with
Redis as the cache), Django's test client sends the requests as the user that
starter_project.py keeps for this, and ``CaptureQueriesContext`` counts what each one
runs. The login challenges and the throttles' counters live in Redis, so reading and
writing them is no query here (with the starter's development default, the database
cache, each would be); the count of wrong codes is on the user's TwoFactorProfile row,
in the database. Two counts per request: every statement Django sent, and those reading
or writing rows (transaction control left out: BEGIN, SAVEPOINT, RELEASE, COMMIT,
ROLLBACK); the goal is read against the second.
"""

from __future__ import annotations

import json

from figures import Figure
from starter_project import PASSWORD, Starter

VERIFY_GOAL = 4

COUNT_QUERIES = """
import json
import pyotp
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

prefix, username, password = {prefix!r}, {username!r}, {password!r}
TRANSACTION_CONTROL = {{"BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK"}}

# DEBUG is off: a host the settings allow, and HTTPS as a proxy would say.
client = Client(HTTP_HOST="localhost", REMOTE_ADDR="127.9.0.1")
counts = {{}}

def counted(name, method, path, expected, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(prefix + path, secure=True, **extra)
    assert response.status_code == expected, (path, response.status_code, response.content)
    statements = [query["sql"].split(None, 1)[0].upper() for query in queries.captured_queries]
    data = [word for word in statements if word not in TRANSACTION_CONTROL]
    counts[name] = [len(statements), len(data)]
    return response

def signed_in_with(name, code):
    start = counted(
        "login/", "post", "login/", 200,
        data={{"username": username, "password": password}}, content_type="application/json",
    )
    counted(
        name, "post", "login/verify/", 200,
        data={{"challenge": start.json()["challenge"], "code": code}},
        content_type="application/json",
    )

signed_in_with("login/verify/ (TOTP code)", pyotp.TOTP({secret!r}).now())
signed_in_with("login/verify/ (backup code)", {backup_code!r})
counted("totp/status/", "get", "totp/status/", 200, HTTP_AUTHORIZATION="Bearer " + {access!r})
print(json.dumps(counts))
"""


def measure(starter: Starter) -> list[Figure]:
    user = starter.query_user
    script = COUNT_QUERIES.format(
        prefix=starter.prefix,
        username=user.name,
        password=PASSWORD,
        secret=user.secret,
        backup_code=user.backup_codes[0],
        access=user.access,
    )
    result = starter.backend.manage("shell", "-c", script)
    if result.returncode != 0:
        raise RuntimeError(str(result))
    counts = json.loads(result.output.strip().splitlines()[-1])
    figures = []
    for request, (statements, data) in counts.items():
        figure = Figure(f"ours: queries per {request}, reading or writing rows", data, "")
        if request.startswith("login/verify/"):
            figure.goal, figure.met = f"<= {VERIFY_GOAL}", data <= VERIFY_GOAL
        figures += [Figure(f"ours: SQL statements per {request}, all", statements, ""), figure]
    return figures
