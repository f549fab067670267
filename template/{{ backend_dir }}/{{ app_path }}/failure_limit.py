"""The per-user limit on wrong login codes, across challenges.

FAILURE_LIMIT wrong codes within FAILURE_WINDOW seconds of the first of them, and every
code for that user is refused with 429 until that window has passed. The count and the
window's start are two columns of the user's ``TwoFactorProfile``, the row a login
verification locks anyway: a cache flush or a per-worker cache cannot reset them, and
checking and counting cost no query of their own beyond one update for a wrong code.

On databases with row locks the locked row is exact. Without them (SQLite), every write
that lets a code through or counts one is conditional on the limit (``within_limit``),
so parallel guesses cannot outrun it either.
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
    )
    if not counted:
        profile.refresh_from_db(fields=["code_failures", "code_failures_since"])
        refuse_if_over(profile)
        raise throttled(1)  # the window ended just now: refused, but worth retrying


def _start(now: datetime) -> datetime:
    return now - timedelta(seconds=app_settings.FAILURE_WINDOW)


def _window_over(now: datetime) -> Q:
    return Q(code_failures_since__isnull=True) | Q(code_failures_since__lte=_start(now))
