"""Six-digit login codes sent by SMS or email to users who cannot use an authenticator.

Only a keyed hash of the code is kept, in the cache, for LOGIN_CODE_TIMEOUT seconds. A new
code replaces the previous one, and a code is consumed by deleting its key: of parallel
requests with the same code, only the one whose delete succeeded signs in.
"""

import hmac
import secrets
import time

from . import app_settings
from .cache_store import cache_key, get_cache
from .keyed_hash import keyed_hash
from .totp import normalize_code

PURPOSE = "two_factor.login_code"


def _key(user_id: object) -> str:
    return cache_key("login_code", user_id)


def login_code_issue(*, user_id: object, code: str | None = None) -> str:
    """Store a new code for the user (a random one unless given) and return it."""
    code = code or f"{secrets.randbelow(1_000_000):06d}"
    timeout = app_settings.LOGIN_CODE_TIMEOUT
    state = {"hash": keyed_hash(PURPOSE, user_id, code), "expires_at": time.time() + timeout}
    get_cache().set(_key(user_id), state, timeout=timeout)
    return code


def login_code_matches(*, user_id: object, code: str) -> bool:
    """Whether ``code`` is the user's live code; nothing is used up."""
    normalized = normalize_code(code)
    state = get_cache().get(_key(user_id))
    if normalized is None or not state or state["expires_at"] <= time.time():
        return False
    return hmac.compare_digest(state["hash"], keyed_hash(PURPOSE, user_id, normalized))


def login_code_consume(*, user_id: object, code: str) -> bool:
    return login_code_matches(user_id=user_id, code=code) and bool(
        get_cache().delete(_key(user_id))
    )
