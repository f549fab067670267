"""The benchmark's users in django-allauth's project, each enrolled with allauth's own
code: a TOTP authenticator and recovery codes (tests/bench/other_libraries.py); and as
many ``key-`` users with a passkey each, stored as allauth's WebAuthn.add() stores one
once its registration is verified.

Params: ``password``, ``count``, ``passkeys`` (one registration answer per ``key-`` user,
RegistrationResponseJSON, made by the benchmark's authenticator for rp localhost).
Prints {"users": {username: [totp secret, [recovery codes]]}, "passkey_users":
[usernames, in the order of ``passkeys``]}.
"""

import json
import os

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.webauthn.internal.auth import WebAuthn

from library_users import make_users, more_users

params = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])
made = {}
for user in make_users(params["password"], params["count"]):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    made[user.username] = [secret, RecoveryCodes.activate(user).get_unused_codes()]
passkeys = params.get("passkeys", [])
passkey_users = more_users("key", params["password"], len(passkeys))
for user, registration in zip(passkey_users, passkeys, strict=True):
    WebAuthn.add(user, "Bench key", registration)
print(json.dumps({"users": made, "passkey_users": [user.username for user in passkey_users]}))
