"""In a project of the flat layout (before the app had packages and passkeys): a user who
turns the authenticator app on through that layout's services.

Params: none. Prints {"secret": the TOTP secret, "backup_code": one of their codes}.
"""

import json

import pyotp
from django.contrib.auth import get_user_model
from two_factor_auth.services import totp_enable, totp_setup_begin

user = get_user_model().objects.create_user("alice", "alice@example.com", "correct horse")
secret = totp_setup_begin(user=user).secret
codes = totp_enable(user=user, code=pyotp.TOTP(secret).now())
print(json.dumps({"secret": secret, "backup_code": codes[0]}))
