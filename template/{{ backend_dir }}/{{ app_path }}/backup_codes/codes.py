"""Backup codes: generation, normalisation and keyed hashing.

Codes are ``XXXXX-XXXXX`` from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S,
8/B, 2/Z, U/V): 10 characters of 23 symbols, about 45 bits each. Only an HMAC of the
code is stored, keyed with the server's SECRET_KEY and bound to the user, so a database
leak alone does not reveal or let anyone test codes.

Codes imported from another library (``import_two_factor``) keep that library's shape:
django-otp's are 8 letters and digits, django-allauth's 8 digits, django-trench's 12
letters and digits. They are stored and checked the same way.
"""

import secrets

from django.conf import settings

from ..keyed_hash import keyed_hash

ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
GROUP = 5
LENGTH = 2 * GROUP
# Imported codes: 6 to 32 letters and digits (32: the longest code the endpoints accept).
IMPORTED_LENGTHS = range(6, 33)
PURPOSE = "two_factor.backup_codes"


def generate_backup_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:GROUP]}-{raw[GROUP:]}"


def generate_backup_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(generate_backup_code())
    return sorted(codes)


def _cleaned(raw: str) -> str:
    # As typed or pasted: grouped with a dash or spaces, in either case.
    return "".join(raw.split()).replace("-", "").upper()


def normalize_backup_code(raw: str) -> str | None:
    """Upper-case code without dash or spaces, or None when it cannot be a backup code."""
    code = _cleaned(raw)
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def normalize_imported_code(raw: str) -> str | None:
    """An imported code, normalised as ours are (upper-case, no dash or spaces), or None.

    Upper-casing makes codes of case-sensitive libraries match whatever case is typed.
    """
    code = _cleaned(raw)
    if len(code) not in IMPORTED_LENGTHS or not (code.isascii() and code.isalnum()):
        return None
    return code


def hash_backup_code(user_pk: object, code: str) -> str:
    """Keyed hash of a normalised code with the current SECRET_KEY."""
    return keyed_hash(PURPOSE, user_pk, code)


def candidate_hashes(user_pk: object, code: str) -> list[str]:
    """Hashes of a code under SECRET_KEY and each of SECRET_KEY_FALLBACKS.

    Codes issued before a SECRET_KEY rotation keep working while the old key is a fallback.
    """
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [keyed_hash(PURPOSE, user_pk, code, secret_key=key) for key in keys]
