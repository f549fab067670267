"""Keyed hashes of short codes: what is stored instead of backup and login codes."""

import hashlib
import hmac

from django.conf import settings


def keyed_hash(purpose: str, user_pk: object, code: str, *, secret_key: str = "") -> str:
    """HMAC-SHA256 of ``<user_pk>:<code>``, keyed from SECRET_KEY (or ``secret_key``).

    ``purpose`` separates the keys of different kinds of code; the user's pk binds each hash
    to one user, so equal codes of two users do not hash alike.
    """
    secret = secret_key or settings.SECRET_KEY
    key = hashlib.sha256(f"{purpose}:{secret}".encode()).digest()
    return hmac.new(key, f"{user_pk}:{code}".encode(), hashlib.sha256).hexdigest()
