"""Database queries per request of the benchmark starter, counted in-process with
Django's test client as one of its users (tests/bench/query_counts.py).

Params: ``prefix`` (the API's), ``username``, ``password``, ``secret`` (the user's TOTP
secret), ``backup_code`` (one not used yet), ``access`` (an access token);
``passkey_username`` (a user whose second factor is a passkey) and ``authenticator`` (its
authenticator: the file of the app's test authenticator, its key, credential ID, user
handle and count, and the origin and RP ID it answers for).

Prints {request: [statements, statements reading or writing rows]}.
"""

import base64
import importlib.util
import json
import os

import pyotp
from cryptography.hazmat.primitives import serialization
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


def held_authenticator(held: dict):
    """The benchmark's authenticator of the passkey user, made again here."""
    spec = importlib.util.spec_from_file_location("bench_authenticator", held["file"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    authenticator = module.SoftAuthenticator()
    authenticator.key = serialization.load_pem_private_key(held["private_key"].encode(), None)
    unpadded = lambda text: base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))  # noqa: E731
    authenticator.credential_id = unpadded(held["credential_id"])
    authenticator.user_handle = unpadded(held["user_handle"])
    authenticator.sign_count = held["sign_count"]
    return authenticator


def signed_in_with_passkey(name):
    held = params["authenticator"]
    authenticator = held_authenticator(held)
    start = client.post(
        prefix + "login/",
        {"username": params["passkey_username"], "password": password},
        content_type="application/json",
        secure=True,
    ).json()
    options = client.post(
        prefix + "login/passkey/options/",
        {"challenge": start["challenge"]},
        content_type="application/json",
        secure=True,
    ).json()
    answer = authenticator.assertion(options, origin=held["origin"], rp_id=held["rp_id"])
    counted(
        name,
        "post",
        "login/verify/",
        200,
        data={"challenge": start["challenge"], "passkey": answer},
        content_type="application/json",
    )


signed_in_with("login/verify/ (TOTP code)", pyotp.TOTP(params["secret"]).now())
signed_in_with_passkey("login/verify/ (passkey)")
signed_in_with("login/verify/ (backup code)", params["backup_code"])
counted("totp/status/", "get", "totp/status/", 200, HTTP_AUTHORIZATION="Bearer " + params["access"])
print(json.dumps(counts))
