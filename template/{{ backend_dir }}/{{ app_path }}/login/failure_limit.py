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

from .. import app_settings
from ..exceptions import throttled
from ..models import TwoFactorProfile


def within_limit(now: datetime) -> Q:
    """Profiles whose user may still have a code checked at ``now``."""
    window_over = _window_over("code_failures_since", _start(now))
    return Q(code_failures__lt=app_settings.FAILURE_LIMIT) | window_over


def refuse_if_over(profile: TwoFactorProfile | None) -> None:
    """Raise ``throttled``, with the seconds until the window ends, when over the limit."""
    if profile is not None:
        refuse_past_limit(
            profile.code_failures,
            profile.code_failures_since,
            limit=app_settings.FAILURE_LIMIT,
            window=app_settings.FAILURE_WINDOW,
        )


def refuse_past_limit(failures: int, since: datetime | None, *, limit: int, window: int) -> None:
    """Raise ``throttled`` while ``failures`` counted from ``since`` are at ``limit`` and
    its ``window`` runs, with the seconds until it ends (password_limit.py's too)."""
    if failures < limit or since is None:
        return
    left = (since - (timezone.now() - timedelta(seconds=window))).total_seconds()
    if left > 0:
        raise throttled(left)


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
    counted = count_failure(
        TwoFactorProfile.objects.filter(pk=profile.pk),
        "code_failures",
        limit=app_settings.FAILURE_LIMIT,
        window=app_settings.FAILURE_WINDOW,
        now=now,
        code_failed_at=now,
    )
    if not counted:
        profile.refresh_from_db(fields=["code_failures", "code_failures_since"])
        refuse_if_over(profile)
        raise throttled(1)  # the window ended just now: refused, but worth retrying


def count_failure(rows, field: str, *, limit: int, window: int, now: datetime, **also) -> bool:
    """One more failure in the ``field`` count of ``rows`` (its window's start in
    ``<field>_since``), opening a new window when the last one is over; written only while
    under ``limit``. Returns whether it was counted. ``also``: more columns to write."""
    since = f"{field}_since"
    window_over = _window_over(since, now - timedelta(seconds=window))
    under_limit = Q(**{f"{field}__lt": limit}) | window_over
    counted = rows.filter(under_limit).update(
        **{
            field: Case(
                When(window_over, then=Value(1)),
                default=F(field) + 1,
                output_field=PositiveIntegerField(),
            ),
            since: Case(
                When(window_over, then=Value(now)),
                default=F(since),
                output_field=DateTimeField(),
            ),
        },
        **also,
    )
    return bool(counted)


def _start(now: datetime) -> datetime:
    return now - timedelta(seconds=app_settings.FAILURE_WINDOW)


def _window_over(since: str, start: datetime) -> Q:
    return Q(**{f"{since}__isnull": True}) | Q(**{f"{since}__lte": start})
