"""Six-digit login codes sent by SMS or email to users who cannot use an authenticator.

Only a keyed hash of the code is kept, in the cache, for LOGIN_CODE_TIMEOUT seconds. A new
code replaces the previous one, and a code is consumed by deleting its key: of parallel
requests with the same code, only the one whose delete succeeded signs in.

A code belongs to the login challenge it was sent for: a key of that challenge names the
code, and a code is refused on any other challenge. Signing in again within the resend
cooldown (a reload) sends no new code: ``login_code_carry_over`` names the live one from
the new challenge too. That writes only the new challenge's key, never the code's, so it
cannot bring back a code that a parallel request has just used up.
"""

import hmac
import secrets
import time

from .. import app_settings
from ..cache_store import cache_key, get_cache
from ..keyed_hash import keyed_hash
from ..totp.codes import normalize_code
from .challenges import challenge_digest

PURPOSE = "two_factor.login_code"


def _key(user_id: object) -> str:
    return cache_key("login_code", user_id)


def _binding_key(challenge: str) -> str:
    return cache_key("login_code_for", challenge_digest(challenge))


def login_code_issue(
    *, user_id: object, challenge: str, channel: str, code: str | None = None
) -> str:
    """Store a new code for the user's ``challenge``, sent by ``channel`` (a random code
    unless given); return it."""
    code = code or f"{secrets.randbelow(1_000_000):06d}"
    timeout = app_settings.LOGIN_CODE_TIMEOUT
    state = {
        "hash": keyed_hash(PURPOSE, user_id, code),
        "expires_at": time.time() + timeout,
        "id": secrets.token_hex(16),
        "channel": channel,
    }
    get_cache().set_many({_key(user_id): state, _binding_key(challenge): state["id"]}, timeout)
    return code


def login_code_carry_over(*, user_id: object, challenge: str) -> str | None:
    """Let the user's live code, if any, be used on ``challenge`` too; returns the channel
    it went by (None: no live code)."""
    state = get_cache().get(_key(user_id))
    remaining = int(state["expires_at"] - time.time()) + 1 if state else 0
    if remaining <= 0:
        return None
    get_cache().set(_binding_key(challenge), state["id"], timeout=remaining)
    # Codes stored before the channel was recorded: the caller's guess stands.
    return state.get("channel")


def login_code_matches(*, user_id: object, challenge: str, code: str) -> bool:
    """Whether ``code`` is the user's live code, sent for ``challenge``; nothing is used up."""
    normalized = normalize_code(code)
    code_key, binding_key = _key(user_id), _binding_key(challenge)
    found = get_cache().get_many([code_key, binding_key])
    state = found.get(code_key)
    if normalized is None or not state or state["expires_at"] <= time.time():
        return False
    if found.get(binding_key) != state["id"]:
        return False
    return hmac.compare_digest(state["hash"], keyed_hash(PURPOSE, user_id, normalized))


def login_code_consume(*, user_id: object, challenge: str, code: str) -> bool:
    return login_code_matches(user_id=user_id, challenge=challenge, code=code) and bool(
        get_cache().delete(_key(user_id))
    )
