"""The benchmark's users in django-allauth's project, each enrolled with allauth's own
code: a TOTP authenticator and recovery codes (tests/bench/other_libraries.py).

Params: ``password``, ``count``. Prints {username: [totp secret, [recovery codes]]}.
"""

import json
import os

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from library_users import make_users

params = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])
made = {}
for user in make_users(params["password"], params["count"]):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    made[user.username] = [secret, RecoveryCodes.activate(user).get_unused_codes()]
print(json.dumps(made))
