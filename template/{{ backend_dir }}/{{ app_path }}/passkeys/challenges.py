"""WebAuthn challenges: random, single-use, bound to what they were issued for, and kept
in the cache with the login challenges (CHALLENGE_TIMEOUT, 5 minutes by default).

Taking a challenge deletes it: of parallel requests answering one challenge, only the one
whose delete succeeded may use it, so an answer cannot be replayed.
"""

import hashlib
import secrets
import time

from .. import app_settings
from ..cache_store import cache_key, get_cache


def _key(purpose: str, binding: object) -> str:
    return cache_key("passkey_challenge", purpose, binding)


def challenge_issue(purpose: str, binding: object) -> bytes:
    """A new challenge for ``purpose`` ("register", "reauthenticate", "login") bound to
    ``binding`` (a user's pk, a login challenge's digest); it replaces the previous one."""
    challenge = secrets.token_bytes(32)
    timeout = app_settings.CHALLENGE_TIMEOUT
    state = {"challenge": challenge, "expires_at": time.time() + timeout}
    get_cache().set(_key(purpose, binding), state, timeout=timeout)
    return challenge


def challenge_take(purpose: str, binding: object) -> bytes | None:
    """The live challenge, used up by this call; None when there is none (or another
    request took it first)."""
    key = _key(purpose, binding)
    state = get_cache().get(key)
    # The expiry is checked here too, for caches that do not honour timeouts exactly.
    if not state or state["expires_at"] <= time.time():
        return None
    if not get_cache().delete(key):
        return None
    return state["challenge"]


def challenge_digest(challenge: bytes) -> str:
    """What a self-bound challenge is kept under: its digest, not the challenge itself."""
    return hashlib.sha256(challenge).hexdigest()


def challenge_issue_self_bound(purpose: str) -> bytes:
    """A new challenge bound to nothing but itself, for an answer from someone not named
    beforehand (a passwordless sign-in). The answer carries it back in its client data:
    take it with ``challenge_take(purpose, challenge_digest(challenge))``."""
    challenge = secrets.token_bytes(32)
    timeout = app_settings.CHALLENGE_TIMEOUT
    state = {"challenge": challenge, "expires_at": time.time() + timeout}
    get_cache().set(_key(purpose, challenge_digest(challenge)), state, timeout=timeout)
    return challenge
