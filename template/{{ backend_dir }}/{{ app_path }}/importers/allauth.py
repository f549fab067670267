"""django-allauth's MFA (``allauth.mfa``): ``Authenticator`` rows, at most one ``totp`` and
one ``recovery_codes`` per user, with their state in the JSON column ``data``.

- ``totp``: ``{"secret": ...}``, base32, codes of ``MFA_TOTP_DIGITS`` digits (HMAC-SHA1,
  allauth's only algorithm) over ``MFA_TOTP_PERIOD`` seconds.
- ``recovery_codes``: ``{"seed": ..., "used_mask": ...}``: the codes are derived from the
  seed and bit i of the mask marks code i used; or ``{"migrated_codes": [...]}``, the
  unused codes themselves.
- ``webauthn``: ``{"name": ..., "credential": ...}``, the credential being what the
  browser's ``navigator.credentials.create()`` answered (its public key is inside). Its
  user handle is allauth's ``MFA_ADAPTER.get_public_key_credential_user_entity()`` id: by
  default the user's pk in base 36 (hex for a UUID). allauth keeps no signature count
  beyond the registration's.

Secrets and seeds pass through ``MFA_ADAPTER``'s ``decrypt()``; allauth's own adapter
stores them in the clear. While ``allauth.mfa`` is installed its adapter (yours, if you
set one) decrypts; without it, they are read as stored.
"""

import hashlib
import hmac
import json
import string

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.http import int_to_base36

from ..totp.codes import DIGITS, PERIOD
from .base import Authenticator, SourceUsers, base32_secret, read_rows
from .webauthn import from_registration

LIBRARY = "django-allauth"
TABLE = "mfa_authenticator"


def read() -> SourceUsers:
    found = SourceUsers()
    decrypt = _decrypter()
    for row in read_rows(TABLE, ["id", "user_id", "type", "data"], library=LIBRARY):
        user = found[row["user_id"]]
        data = row["data"] if isinstance(row["data"], dict) else json.loads(row["data"])
        if row["type"] == "totp":
            _read_totp(user, data, decrypt)
        elif row["type"] == "recovery_codes":
            _read_recovery_codes(user, data, decrypt)
        elif row["type"] == "webauthn":
            _read_webauthn(user, data)
        else:
            user.refuse(f"{row['type']} authenticator", "this app does not know the kind")
    return found


def _decrypter():
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.adapter import get_adapter

        return get_adapter().decrypt
    return str  # as stored


def _read_webauthn(user, data: dict) -> None:
    name = str(data.get("name") or "")[:64]
    try:
        passkey = from_registration(
            data.get("credential"), name=name, user_handle=_user_handle(user.user_id)
        )
    except ValueError as unreadable:
        user.refuse(f'passkey "{name}"', str(unreadable))
    else:
        user.passkeys.append(passkey)


def _user_handle(user_id: object) -> bytes:
    """The user handle allauth gave the user's passkeys, which their authenticators keep."""
    user_model = get_user_model()
    pk = user_model._meta.pk.to_python(user_id)
    user = user_model._default_manager.filter(pk=pk).first()
    if apps.is_installed("allauth.mfa") and user is not None:
        from allauth.mfa.adapter import get_adapter

        return get_adapter().get_public_key_credential_user_entity(user)["id"]
    # allauth's default (allauth.account.utils.user_pk_to_url_str), for a project that
    # has removed it already.
    if isinstance(user_model._meta.pk, models.UUIDField):
        text = pk if isinstance(pk, str) else pk.hex
    elif isinstance(user_model._meta.pk, models.IntegerField):
        text = int_to_base36(int(pk))
    else:
        text = str(pk)
    return text.encode("utf8")


def _read_totp(user, data: dict, decrypt) -> None:
    what = "authenticator"
    digits = getattr(settings, "MFA_TOTP_DIGITS", 6)
    period = getattr(settings, "MFA_TOTP_PERIOD", 30)
    if digits != DIGITS:
        user.refuse(what, f"{digits}-digit codes (this app's have {DIGITS})")
    elif period != PERIOD:
        user.refuse(what, f"a {period}-second period (this app's is {PERIOD} seconds)")
    elif (secret := base32_secret(decrypt(data["secret"]))) is None:
        user.refuse(
            what,
            "its secret is not base32: if MFA_ADAPTER encrypts secrets, import while "
            "allauth.mfa is still in INSTALLED_APPS",
        )
    else:
        # allauth remembers used codes in the cache, not here: there is no last time step.
        user.offer(Authenticator("", secret))


def _read_recovery_codes(user, data: dict, decrypt) -> None:
    what = "recovery codes"
    if "migrated_codes" in data:
        user.add_codes([decrypt(code) for code in data["migrated_codes"]], what=what)
        return
    seed = decrypt(data["seed"])
    count = getattr(settings, "MFA_RECOVERY_CODE_COUNT", 10)
    unused = [index for index in range(count) if not data.get("used_mask", 0) & (1 << index)]
    # allauth's seeds are hex: anything else is still encrypted, and would give wrong codes.
    if not seed or any(char not in string.hexdigits for char in seed):
        user.lose_codes(
            len(unused),
            what=what,
            why="their seed is not readable: if MFA_ADAPTER encrypts secrets, import while "
            "allauth.mfa is still in INSTALLED_APPS",
        )
        return
    codes = _recovery_codes(seed, count, getattr(settings, "MFA_RECOVERY_CODE_DIGITS", 8))
    user.add_codes([codes[index] for index in unused], what=what)


def _recovery_codes(seed: str, count: int, digits: int) -> list[str]:
    """As allauth's ``RecoveryCodes.generate_codes()``: one running HMAC-SHA1 of the seed."""
    running = hmac.new(seed.encode("ascii"), digestmod=hashlib.sha1)
    byte_count = min(digits // 2, running.digest_size)
    codes = []
    for index in range(count):
        running.update(f"{index:3},".encode())
        value = int.from_bytes(running.digest()[:byte_count], "big") % 10**digits
        codes.append(str(value).zfill(digits))
    return codes
