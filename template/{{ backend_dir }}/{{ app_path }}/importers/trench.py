"""django-trench: ``MFAMethod`` rows, one per user and method.

The ``app`` method is the authenticator app: a base32 secret, confirmed once
``is_active``, codes of 6 digits (HMAC-SHA1) over ``TRENCH_AUTH``'s ``VALIDITY_PERIOD``.
Its backup codes are ``|``-separated; with ``ENCRYPT_BACKUP_CODES`` (trench's default)
each is a Django password hash, which cannot be turned back into the code.
"""

from django.conf import settings

from ..totp.codes import PERIOD
from .base import Authenticator, SourceUsers, authenticator_label, base32_secret, read_rows

LIBRARY = "django-trench"
TABLE = "trench_mfamethod"
APP_METHOD = "app"


def read() -> SourceUsers:
    found = SourceUsers()
    columns = ["id", "user_id", "name", "secret", "is_active", "_backup_codes"]
    period = _app_period()
    for method in read_rows(TABLE, columns, library=LIBRARY):
        user = found[method["user_id"]]
        name = method["name"]
        if not method["is_active"]:
            if name == APP_METHOD:
                user.refuse(authenticator_label(name), "not confirmed")
            continue
        # trench accepts the backup codes of every active method, whatever its kind.
        _read_codes(user, method["_backup_codes"])
        if name != APP_METHOD:
            user.refuse(f'method "{name}"', "this app imports authenticator apps only")
            continue
        secret = base32_secret(method["secret"])
        if period != PERIOD:
            problem = f"a {period}-second period (this app's is {PERIOD} seconds)"
            user.refuse(authenticator_label(name), problem)
        elif secret is None:
            user.refuse(authenticator_label(name), "its secret is not base32")
        else:
            user.offer(Authenticator(name, secret))
    return found


def _app_period() -> int:
    # Read from the settings, which a project keeps while it moves, not from trench's code.
    methods = getattr(settings, "TRENCH_AUTH", {}).get("MFA_METHODS", {})
    return methods.get(APP_METHOD, {}).get("VALIDITY_PERIOD", PERIOD)


def _read_codes(user, stored: str) -> None:
    codes = [code for code in stored.split("|") if code]
    # A password hash is "<algorithm>$...": trench's own codes never hold a "$".
    hashed = [code for code in codes if "$" in code]
    user.lose_codes(
        len(hashed),
        what="backup codes",
        why="django-trench stores them hashed (ENCRYPT_BACKUP_CODES), so they cannot be read",
    )
    user.add_codes([code for code in codes if "$" not in code], what="backup codes")
