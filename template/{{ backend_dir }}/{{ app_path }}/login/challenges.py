"""Login challenges: the opaque token that binds the code step to a good password step.

The state lives in the cache under a hash of the token, so neither a client nor a cache
dump can extend or forge one. The attempt counter is a separate key that only goes up.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass

from .. import app_settings
from ..cache_store import cache_key, get_cache


@dataclass(frozen=True)
class Challenge:
    token: str
    user_id: object
    channel: str
    expires_at: float


def challenge_digest(token: str) -> str:
    """What names a challenge in the cache: a hash, never the token itself."""
    # surrogatepass: a client's lone surrogate makes an unknown challenge, not a 500.
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _keys(token: str) -> tuple[str, str]:
    digest = challenge_digest(token)
    return cache_key("challenge", digest), cache_key("challenge_attempts", digest)


def challenge_create(*, user_id: object, channel: str) -> Challenge:
    token = secrets.token_urlsafe(32)
    timeout = app_settings.CHALLENGE_TIMEOUT
    challenge = Challenge(token, user_id, channel, expires_at=time.time() + timeout)
    state_key, attempts_key = _keys(token)
    # The attempt counter is made with the challenge (one call to the cache) and goes
    # with it: from then on a missing counter means a spent or expired challenge.
    get_cache().set_many(
        {state_key: _state(challenge), attempts_key: 0}, timeout=_remaining(challenge)
    )
    return challenge


def challenge_get(token: str) -> Challenge | None:
    """The live challenge for this token, or None when unknown, expired, spent or dead."""
    if not token or len(token) > 128:
        return None
    state = get_cache().get(_keys(token)[0])
    # The expiry is checked here too, for caches that do not honour timeouts exactly.
    if not state or state["expires_at"] <= time.time():
        return None
    return Challenge(token, state["user_id"], state["channel"], state["expires_at"])


def challenge_set_channel(challenge: Challenge, channel: str) -> Challenge:
    updated = Challenge(challenge.token, challenge.user_id, channel, challenge.expires_at)
    _save(updated)
    return updated


def challenge_attempt(challenge: Challenge) -> int | None:
    """Take one attempt before its code is checked; returns the attempts left after it.

    Taken up front with an atomic increment, so parallel guesses cannot outrun the limit;
    below zero, no attempt was left for this one. None when the challenge was spent or
    expired meanwhile, taking its counter with it.
    """
    cache = get_cache()
    _, attempts_key = _keys(challenge.token)
    try:
        used = cache.incr(attempts_key)
    except ValueError:
        # Django's caches refuse to increment a missing key. The challenge is gone
        # (spending deletes its state before its counter), unless its counter is: a
        # challenge made before counters came with it, or one a full cache evicted.
        if challenge_get(challenge.token) is None:
            return None
        cache.add(attempts_key, 0, timeout=_remaining(challenge))
        try:
            used = cache.incr(attempts_key)
        except ValueError:
            return None  # spent between the two calls
    return app_settings.CHALLENGE_MAX_ATTEMPTS - used


def challenge_spend(challenge: Challenge) -> bool:
    """Delete the challenge; True only for the one caller that deleted it."""
    state_key, attempts_key = _keys(challenge.token)
    cache = get_cache()
    # The state first: a request that then finds no counter finds no state either.
    spent = cache.delete(state_key)
    cache.delete(attempts_key)
    return bool(spent)


def _save(challenge: Challenge) -> None:
    get_cache().set(_keys(challenge.token)[0], _state(challenge), timeout=_remaining(challenge))


def _state(challenge: Challenge) -> dict:
    return {
        "user_id": challenge.user_id,
        "channel": challenge.channel,
        "expires_at": challenge.expires_at,
    }


def _remaining(challenge: Challenge) -> int:
    return max(int(challenge.expires_at - time.time()) + 1, 1)
