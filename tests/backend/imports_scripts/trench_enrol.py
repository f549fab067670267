"""Enrolling a user in django-trench with its own commands, for the trench scripts beside
it. Imported by them, not run itself; prints nothing.
"""

import pyotp
from trench.command.activate_mfa_method import activate_mfa_method_command
from trench.command.create_mfa_method import create_mfa_method_command


def enrol(user):
    """An authenticator "app" for ``user``, confirmed with its current code. Returns its
    secret and its backup codes, sorted."""
    method = create_mfa_method_command(user_id=user.pk, name="app")
    code = pyotp.TOTP(method.secret).now()
    codes = activate_mfa_method_command(user_id=user.pk, name="app", code=code)
    return method.secret, sorted(codes)
