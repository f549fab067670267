"""Database queries per request of the benchmark starter, counted in-process with
Django's test client as one of its users (tests/bench/query_counts.py).

Params: ``prefix`` (the API's), ``username``, ``password``, ``secret`` (the user's TOTP
secret), ``backup_code`` (one not used yet), ``access`` (an access token).

Prints {request: [statements, statements reading or writing rows]}.
"""

import json
import os

import pyotp
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

params = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])
prefix, username, password = params["prefix"], params["username"], params["password"]
TRANSACTION_CONTROL = {"BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK"}

# DEBUG is off: a host the settings allow, and HTTPS as a proxy would say.
client = Client(HTTP_HOST="localhost", REMOTE_ADDR="127.9.0.1")
counts = {}


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
        "login/",
        "post",
        "login/",
        200,
        data={"username": username, "password": password},
        content_type="application/json",
    )
    counted(
        name,
        "post",
        "login/verify/",
        200,
        data={"challenge": start.json()["challenge"], "code": code},
        content_type="application/json",
    )


signed_in_with("login/verify/ (TOTP code)", pyotp.TOTP(params["secret"]).now())
signed_in_with("login/verify/ (backup code)", params["backup_code"])
counted("totp/status/", "get", "totp/status/", 200, HTTP_AUTHORIZATION="Bearer " + params["access"])
print(json.dumps(counts))
