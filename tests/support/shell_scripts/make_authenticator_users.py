"""Users with an authenticator and backup codes, so that a sign-in needs nothing sent
(tests/backend/test_faults.py).

Params: ``app`` (the 2FA app's module path), ``password``, ``names``. Prints
{username: [TOTP secret, backup codes]}.
"""

import importlib
import json
import os

import pyotp
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

params = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])
services = importlib.import_module(f"{params['app']}.totp.services")
User = get_user_model()
password = make_password(params["password"])
made = {}
for name in params["names"]:
    user = User.objects.create(username=name, email=f"{name}@example.com", password=password)
    secret = services.totp_setup_begin(user=user).secret
    made[name] = [secret, services.totp_enable(user=user, code=pyotp.TOTP(secret).now())]
print(json.dumps(made))
