"""The user enrol_flat_layout.py made, signing in through today's API twice: their
password, then a code. First the next time step's code from their secret (the one that
enabled it is spent), then their backup code.

Params: ``secret``, ``backup_code``. Prints, for each sign-in, [login/'s status, the
methods it offers, login/verify/'s status].
"""

import json
import os
import time

import pyotp
from django.test import Client

params = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])
client = Client(HTTP_HOST="localhost")


def sign_in(code: str) -> list:
    credentials = {"username": "alice", "password": "correct horse"}
    login = client.post("/api/auth/login/", credentials, content_type="application/json")
    answer = {"challenge": login.json().get("challenge"), "code": code}
    verify = client.post("/api/auth/login/verify/", answer, content_type="application/json")
    return [login.status_code, login.json().get("methods"), verify.status_code]


next_step = pyotp.TOTP(params["secret"]).at(time.time() + 30)
print(json.dumps([sign_in(next_step), sign_in(params["backup_code"])]))
