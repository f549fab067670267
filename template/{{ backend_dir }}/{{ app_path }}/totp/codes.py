"""RFC 6238 TOTP, as pure functions: no database, no clock reads.

Time is passed in, so every rule here is tested at fixed instants.
"""

import hmac

import pyotp

DIGITS = 6
PERIOD = 30


def generate_secret() -> str:
    """A new 160-bit base32 secret (RFC 4226 recommends at least 128 bits)."""
    return pyotp.random_base32(length=32)


def counter_at(timestamp: float) -> int:
    """The RFC 6238 time step holding ``timestamp``."""
    return int(timestamp // PERIOD)


def code_at_counter(secret: str, counter: int) -> str:
    return pyotp.HOTP(secret, digits=DIGITS).at(counter)


def normalize_code(raw: str) -> str | None:
    """The code without spaces, or None when it is not exactly six ASCII digits."""
    code = "".join(raw.split())
    if len(code) != DIGITS or not (code.isascii() and code.isdigit()):
        return None
    return code


def match_counter(secret: str, code: str, *, at: float, tolerance: int) -> int | None:
    """The time step within ``tolerance`` of ``at`` whose code is ``code``, or None.

    Every candidate step is compared, in constant time, so the answer time does not
    tell which step matched.
    """
    now = counter_at(at)
    matched = None
    for counter in range(now - tolerance, now + tolerance + 1):
        if hmac.compare_digest(code_at_counter(secret, counter), code) and matched is None:
            matched = counter
    return matched


def build_otpauth_uri(secret: str, *, issuer: str, account: str) -> str:
    """``otpauth://totp/<issuer>:<account>?secret=...&issuer=...`` for authenticator apps."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=PERIOD).provisioning_uri(
        name=account, issuer_name=issuer
    )
