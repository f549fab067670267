"""The benchmark's users in django-trench's project, each enrolled with trench's own
code: an authenticator-app method and its backup codes (tests/bench/other_libraries.py).

Params: ``password``, ``count``. Prints {username: [totp secret, [backup codes]]}.
"""

import json
import os

import pyotp
from trench.command.activate_mfa_method import activate_mfa_method_command
from trench.command.create_mfa_method import create_mfa_method_command

from library_users import make_users

params = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])
made = {}
for user in make_users(params["password"], params["count"]):
    method = create_mfa_method_command(user_id=user.pk, name="app")
    # trench activates a method only with a code from it, as a person would send one.
    code = pyotp.TOTP(method.secret).now()
    codes = activate_mfa_method_command(user_id=user.pk, name="app", code=code)
    made[user.username] = [method.secret, sorted(codes)]
print(json.dumps(made))
