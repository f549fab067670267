"""django-otp: ``TOTPDevice`` (otp_totp) and ``StaticDevice`` with its ``StaticToken`` rows
(otp_static).

A TOTP device's key is hex; its codes are HMAC-SHA1 (django-otp has no other algorithm)
with the device's own digits, step and t0. Static tokens are stored in plain text and
deleted when used, so every row left is an unused backup code.

django-otp-webauthn's ``WebAuthnCredential`` rows are passkeys: the public key as COSE
bytes, the signature count, the backup flags; the user handle its authenticators keep is
the user's ``WebAuthnUserHandle`` (64 random bytes, as hex).
"""

import json

from ..totp.codes import DIGITS, PERIOD
from .base import (
    Authenticator,
    ImportedPasskey,
    SourceUsers,
    authenticator_label,
    read_rows,
    secret_from_hex,
    table_exists,
)

LIBRARY = "django-otp"
TOTP_TABLE = "otp_totp_totpdevice"
STATIC_DEVICE_TABLE = "otp_static_staticdevice"
STATIC_CODE_TABLE = "otp_static_statictoken"  # StaticToken: the backup codes
# django-otp's other devices, which have no counterpart here: reported, not imported.
WEBAUTHN_TABLE = "django_otp_webauthn_webauthncredential"
WEBAUTHN_HANDLE_TABLE = "django_otp_webauthn_webauthnuserhandle"
OTHER_DEVICE_TABLES = {
    "otp_hotp_hotpdevice": "HOTP device",
    "otp_email_emaildevice": "email device",
}


def read() -> SourceUsers:
    found = SourceUsers()
    columns = ["id", "user_id", "name", "confirmed", "key", "step", "t0", "digits", "last_t"]
    for device in read_rows(TOTP_TABLE, columns, library=LIBRARY):
        user = found[device["user_id"]]
        what = authenticator_label(device["name"])
        secret = secret_from_hex(device["key"])
        if problem := _problem(device, secret):
            user.refuse(what, problem)
        else:
            user.offer(Authenticator(device["name"], secret, last_counter=device["last_t"]))
    # django-otp's plugins are optional: a project may never have installed one.
    if table_exists(STATIC_DEVICE_TABLE):
        _read_static(found)
    if table_exists(WEBAUTHN_TABLE):
        _read_webauthn(found)
    for table, kind in OTHER_DEVICE_TABLES.items():
        if table_exists(table):
            for device in read_rows(table, ["id", "user_id", "name", "confirmed"], library=LIBRARY):
                if device["confirmed"]:
                    found[device["user_id"]].refuse(
                        f'{kind} "{device["name"]}"',
                        "this app imports authenticator apps and backup codes only",
                    )
    return found


def _problem(device: dict, secret: str | None) -> str:
    if not device["confirmed"]:
        return "not confirmed"
    if device["digits"] != DIGITS:
        return f"{device['digits']}-digit codes (this app's have {DIGITS})"
    if device["step"] != PERIOD:
        return f"a {device['step']}-second period (this app's is {PERIOD} seconds)"
    if device["t0"] != 0:
        return f"time steps counted from {device['t0']} (this app counts from 0)"
    if secret is None:
        return "its key is not hexadecimal"
    return ""


def _read_static(found: SourceUsers) -> None:
    devices = read_rows(
        STATIC_DEVICE_TABLE, ["id", "user_id", "name", "confirmed"], library=LIBRARY
    )
    tokens: dict[object, list[str]] = {}
    for token in read_rows(STATIC_CODE_TABLE, ["id", "device_id", "token"], library=LIBRARY):
        tokens.setdefault(token["device_id"], []).append(token["token"])
    for device in devices:
        codes = tokens.get(device["id"], [])
        if not codes:
            continue
        user = found[device["user_id"]]
        what = f'backup codes of "{device["name"]}"'
        if device["confirmed"]:
            user.add_codes(codes, what=what)
        else:
            user.refuse(what, "not confirmed")


def _read_webauthn(found: SourceUsers) -> None:
    columns = ["user_id", "handle_hex"]
    handles = {
        row["user_id"]: row["handle_hex"]
        for row in read_rows(WEBAUTHN_HANDLE_TABLE, columns, library=LIBRARY, order_by="user_id")
    }
    columns = [
        "id", "user_id", "name", "confirmed", "credential_id", "public_key", "sign_count",
        "transports", "aaguid", "backup_eligible", "backup_state",
    ]  # fmt: skip
    for row in read_rows(WEBAUTHN_TABLE, columns, library=LIBRARY):
        user = found[row["user_id"]]
        what = f'passkey "{row["name"]}"'
        handle = handles.get(row["user_id"])
        if not row["confirmed"]:
            user.refuse(what, "not confirmed")
        elif handle is None:
            user.refuse(what, "its user has no WebAuthn user handle")
        else:
            user.passkeys.append(_passkey(row, bytes.fromhex(handle)))


def _passkey(row: dict, handle: bytes) -> ImportedPasskey:
    # Binary columns come as bytes or memoryview, JSON as a string on some databases.
    transports = row["transports"]
    if isinstance(transports, str):
        transports = json.loads(transports or "[]")
    return ImportedPasskey(
        name=row["name"][:64],
        credential_id=bytes(row["credential_id"]),
        public_key=bytes(row["public_key"]),
        sign_count=row["sign_count"],
        user_handle=handle,
        transports=[str(transport) for transport in transports or []],
        aaguid=row["aaguid"] or "",
        backup_eligible=bool(row["backup_eligible"]),
        backed_up=bool(row["backup_state"]),
    )
