"""The per-user limit on wrong passwords at login/, whatever address they come from.

PASSWORD_FAILURE_LIMIT wrong passwords within PASSWORD_FAILURE_WINDOW seconds of the first
of them, and every password for that user, the right one too, is refused with 429 until
that window has passed. As with the wrong-code limit (failure_limit.py), the count and the
window's start are two columns of the user's ``TwoFactorProfile``, written by a
conditional update: a cache flush cannot reset them and parallel guesses cannot outrun
them. Only a failure costs a query of its own (finding the user, then the update); a right
password reads the profile login/ reads anyway.

No enumeration: a username that matches no user is limited the same way, from a counter
in the cache, so that its answers (400, then 429 with Retry-After) follow the ones a real
user's wrong passwords get. Answering 400 for both would hide the limit too, but would
tell a user with the right password that it was wrong. The unknown names' counters may
go with a cache flush: they guard no account, and the hasher already ran for them
(``authenticate`` runs it for unknown users too), so both paths take the same time.
"""

import hashlib
import time
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .. import app_settings
from ..cache_store import cache_key, get_cache
from ..exceptions import throttled
from ..models import TwoFactorProfile
from .failure_limit import count_failure, refuse_past_limit


def refuse_if_over(profile: TwoFactorProfile | None) -> None:
    """Raise ``throttled``, with the seconds until the window ends, when over the limit."""
    if profile is not None:
        refuse_past_limit(
            profile.password_failures,
            profile.password_failures_since,
            limit=app_settings.PASSWORD_FAILURE_LIMIT,
            window=app_settings.PASSWORD_FAILURE_WINDOW,
        )


def record_failure(username: str) -> None:
    """Count a wrong password for ``username``, or raise ``throttled`` when over the limit."""
    user = _find_user(username)
    if user is None:
        _record_unknown(username)
        return
    now = timezone.now()
    if _count(user.pk, now):
        return
    profile, created = TwoFactorProfile.objects.get_or_create(
        user_id=user.pk,
        defaults={"password_failures": 1, "password_failures_since": now},
    )
    if not created:
        refuse_if_over(profile)
        _count(user.pk, now)  # the window ended between the update and the read


def _find_user(username: str):
    # What ModelBackend looks up: one query, only after a failed authenticate().
    try:
        return get_user_model()._default_manager.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        return None


def _count(user_id: object, now: datetime) -> bool:
    """One more wrong password on the user's profile, while under the limit."""
    return count_failure(
        TwoFactorProfile.objects.filter(user_id=user_id),
        "password_failures",
        limit=app_settings.PASSWORD_FAILURE_LIMIT,
        window=app_settings.PASSWORD_FAILURE_WINDOW,
        now=now,
    )


def _record_unknown(username: str) -> None:
    """The same count for a name that matches no user, in the cache (see the module's doc)."""
    cache, window = get_cache(), app_settings.PASSWORD_FAILURE_WINDOW
    # Hashed: the cache holds no list of the names people tried.
    name = hashlib.sha256(username.casefold().encode("utf-8", "surrogatepass")).hexdigest()
    since_key, count_key = (cache_key("password_failures", part, name) for part in ("since", "n"))
    now = time.time()
    cache.add(since_key, now, timeout=window)
    cache.add(count_key, 0, timeout=window)
    try:
        count = cache.incr(count_key)
    except ValueError:
        return  # its window ended between add() and incr(): a new one starts next time
    if count > app_settings.PASSWORD_FAILURE_LIMIT:
        since = cache.get(since_key)
        raise throttled(since + window - now if since is not None else window)
