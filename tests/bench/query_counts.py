"""Database queries per request of the starter, counted in-process.

In the benchmark starter's own ``manage.py shell`` (starter_project.py: SQLite, Redis
as the cache, so cache reads are not queries), Django's test client sends the requests
and ``CaptureQueriesContext`` counts what each one runs, a fresh user enrolled as the
benchmark's users are. Two counts per request: every statement Django sent, and those
reading or writing rows (transaction control left out: BEGIN, SAVEPOINT, RELEASE,
COMMIT); the goal is read against the second.
"""

from __future__ import annotations

import json

from figures import Figure
from starter_project import PASSWORD, Starter

VERIFY_GOAL = 4

COUNT_QUERIES = """
import importlib, json
import pyotp
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework_simplejwt.tokens import AccessToken

app, prefix, password = {app!r}, {prefix!r}, {password!r}
TRANSACTION_CONTROL = {{"BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK"}}
models = importlib.import_module(app + ".models")
secret_storage = importlib.import_module(app + ".secret_storage")
backup_codes = importlib.import_module(app + ".backup_codes")

user = get_user_model().objects.create_user(username="queries", password=password)
secret = pyotp.random_base32()
models.TwoFactorProfile.objects.create(
    user=user, totp_enabled=True, totp_secret_encrypted=secret_storage.encrypt_secret(secret)
)
codes = backup_codes.generate_backup_codes(10)
for code in codes:
    hashed = backup_codes.hash_backup_code(user.pk, code.replace("-", ""))
    models.BackupCode.objects.create(user=user, code_hash=hashed)

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
        data={{"username": "queries", "password": password}}, content_type="application/json",
    )
    counted(
        name, "post", "login/verify/", 200,
        data={{"challenge": start.json()["challenge"], "code": code}},
        content_type="application/json",
    )

signed_in_with("login/verify/ (TOTP code)", pyotp.TOTP(secret).now())
signed_in_with("login/verify/ (backup code)", codes[0])
token = str(AccessToken.for_user(user))
counted("totp/status/", "get", "totp/status/", 200, HTTP_AUTHORIZATION="Bearer " + token)
print(json.dumps(counts))
"""


def measure(starter: Starter) -> list[Figure]:
    script = COUNT_QUERIES.format(app=starter.app, prefix=starter.prefix, password=PASSWORD)
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
