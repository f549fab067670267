"""WebAuthn challenges: random, single-use, bound to what they were issued for, and kept
in the cache with the login challenges (CHALLENGE_TIMEOUT, 5 minutes by default).

Each is kept under its own digest, bound to its purpose and binding: the answer carries
the challenge back in its client data, and taking it is one delete of that key. Of
parallel requests answering one challenge, only the one whose delete succeeded may use
it, so an answer cannot be replayed. Its expiry is written into the challenge itself, so
that a cache which keeps an entry past its timeout (a database cache, until culled)
cannot stretch it.
"""

import hashlib
import secrets
import time

from .. import app_settings
from ..cache_store import cache_key, get_cache

# An 8-byte expiry (Unix seconds) and 24 random bytes: 192 bits no one can guess.
_EXPIRY_BYTES = 8


def challenge_issue(purpose: str, binding: object = "") -> bytes:
    """A new challenge for ``purpose`` ("register", "reauthenticate", "login",
    "passwordless") bound to ``binding`` (a user's pk, a login challenge's digest; none for
    an answer from someone not named beforehand). Each is good once; asking again (a
    second tab) leaves the earlier one good until it expires."""
    timeout = app_settings.CHALLENGE_TIMEOUT
    expires_at = int(time.time()) + timeout
    challenge = expires_at.to_bytes(_EXPIRY_BYTES, "big") + secrets.token_bytes(24)
    get_cache().set(_key(purpose, binding, challenge), 1, timeout=timeout)
    return challenge


def challenge_take(purpose: str, binding: object, challenge: bytes | None) -> bool:
    """Whether ``challenge`` (as the answer carried it back) was issued for ``purpose`` and
    ``binding`` and is still good, using it up: one cache call."""
    if not challenge or len(challenge) != _EXPIRY_BYTES + 24:
        return False
    if int.from_bytes(challenge[:_EXPIRY_BYTES], "big") <= time.time():
        return False
    return bool(get_cache().delete(_key(purpose, binding, challenge)))


def _key(purpose: str, binding: object, challenge: bytes) -> str:
    digest = hashlib.sha256(challenge).hexdigest()
    return cache_key("passkey_challenge", purpose, binding, digest)
