"""Encryption of TOTP secrets at rest with Fernet keys from settings.

``TWO_FACTOR_ENCRYPTION_KEYS`` is a list: the first key encrypts, every key decrypts, so
a new key can be put first and old tokens re-encrypted with ``rotate_two_factor_keys``.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.core.exceptions import ImproperlyConfigured

from . import app_settings


class SecretDecryptionError(Exception):
    """A stored secret could not be decrypted with any configured key."""


def key_problems(keys: list) -> list[str]:
    """What is wrong with the configured keys, as sentences; empty when all is well."""
    if not keys:
        return ["TWO_FACTOR_ENCRYPTION_KEYS is missing or empty."]
    problems = []
    for index, key in enumerate(keys):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            problems.append(
                f"TWO_FACTOR_ENCRYPTION_KEYS[{index}] is not a Fernet key "
                "(32 url-safe base64-encoded bytes)."
            )
    return problems


def _fernet() -> MultiFernet:
    keys = app_settings.ENCRYPTION_KEYS
    problems = key_problems(keys)
    if problems:
        raise ImproperlyConfigured(" ".join(problems))
    return MultiFernet([Fernet(key) for key in keys])


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode("ascii")).decode("ascii")


def decrypt_secret(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise SecretDecryptionError(
            "A TOTP secret could not be decrypted: its key is no longer in "
            "TWO_FACTOR_ENCRYPTION_KEYS."
        ) from exc


def reencrypt_secret(token: str) -> str:
    """The same secret, encrypted with the first (current) key."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise SecretDecryptionError("A TOTP secret could not be decrypted with any key.") from exc
