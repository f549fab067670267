"""The per-user limit on wrong login codes, across challenges.

FAILURE_LIMIT wrong codes within FAILURE_WINDOW seconds of the first of them, and every
code for that user is refused with 429 until that window has passed. The count and the
window's start are two columns of the user's ``TwoFactorProfile``, the row a login
verification locks anyway: a cache flush or a per-worker cache cannot reset them, and
checking and counting cost no query of their own beyond one update for a wrong code.

On databases with row locks the locked row is exact. Without them (SQLite), every write
that lets a code through or counts one is conditional on the limit (``within_limit``),
so parallel guesses cannot outrun it either.

Before the limit, wrong codes back off: past half of FAILURE_LIMIT, each wrong code makes
the next check of a code for that user wait 2, 4, 8... seconds (at most FAILURE_BACKOFF_MAX)
after it. A code that comes too early, the right one too, is refused with 429 and
Retry-After, unchecked and not counted; nobody sleeps, so no worker is held up by a
guesser. The back-off is read from the locked row: exact with row locks, and a speed bump
only without them (the limit itself still holds there).
"""

from datetime import datetime, timedelta

from django.db.models import Case, DateTimeField, F, PositiveIntegerField, Q, Value, When
from django.utils import timezone

from . import app_settings
from .exceptions import throttled
from .models import TwoFactorProfile


def within_limit(now: datetime) -> Q:
    """Profiles whose user may still have a code checked at ``now``."""
    return Q(code_failures__lt=app_settings.FAILURE_LIMIT) | _window_over(now)


def refuse_if_over(profile: TwoFactorProfile | None) -> None:
    """Raise ``throttled``, with the seconds until the window ends, when over the limit."""
    now = timezone.now()
    if profile is None or profile.code_failures < app_settings.FAILURE_LIMIT:
        return
    if profile.code_failures_since is None or profile.code_failures_since <= _start(now):
        return
    raise throttled((profile.code_failures_since - _start(now)).total_seconds())


def refuse_if_early(profile: TwoFactorProfile | None) -> None:
    """Raise ``throttled`` while the wrong codes' back-off still runs (see the module)."""
    if profile is None or profile.code_failed_at is None:
        return
    now = timezone.now()
    if profile.code_failures_since is None or profile.code_failures_since <= _start(now):
        return  # the window is over, and its wrong codes with it
    beyond_half = profile.code_failures - app_settings.FAILURE_LIMIT // 2
    if beyond_half <= 0:
        return
    # 2 ** beyond_half, without building a huge number for a large limit.
    delay = min(2 ** min(beyond_half, 32), app_settings.FAILURE_BACKOFF_MAX)
    wait = (profile.code_failed_at - now).total_seconds() + delay
    if wait > 0:
        raise throttled(wait)


def record_failure(profile: TwoFactorProfile) -> None:
    """Count one wrong code, opening a new window when the last one is over.

    Raises ``throttled`` instead when the limit was reached meanwhile: the code is then
    refused unchecked, as far as the client can tell.
    """
    now = timezone.now()
    window_over = _window_over(now)
    counted = TwoFactorProfile.objects.filter(within_limit(now), pk=profile.pk).update(
        code_failures=Case(
            When(window_over, then=Value(1)),
            default=F("code_failures") + 1,
            output_field=PositiveIntegerField(),
        ),
        code_failures_since=Case(
            When(window_over, then=Value(now)),
            default=F("code_failures_since"),
            output_field=DateTimeField(),
        ),
        code_failed_at=now,
    )
    if not counted:
        profile.refresh_from_db(fields=["code_failures", "code_failures_since"])
        refuse_if_over(profile)
        raise throttled(1)  # the window ended just now: refused, but worth retrying


def _start(now: datetime) -> datetime:
    return now - timedelta(seconds=app_settings.FAILURE_WINDOW)


def _window_over(now: datetime) -> Q:
    return Q(code_failures_since__isnull=True) | Q(code_failures_since__lte=_start(now))
