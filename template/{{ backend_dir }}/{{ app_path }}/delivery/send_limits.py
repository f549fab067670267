"""Limits on sent login codes, against SMS pumping (fraud that earns from the texts sent).

Each code sent at login/ or login/resend/ counts against its user (CODES_PER_USER_HOUR and
CODES_PER_USER_DAY, both channels); an SMS counts against its phone number too
(SMS_PER_NUMBER_HOUR, SMS_PER_NUMBER_DAY) and against the whole site (SMS_PER_HOUR, a
circuit breaker: when it opens, SMS stops and the log says so, while email still goes).
A limit past its count is a 429 with Retry-After until its clock hour or day ends.

The counters live in the cache, counted like the throttles (throttles.py): atomically on
Redis and Memcached. That is enough here: they bound what sending costs, not who signs in,
and a flushed cache gives back at most one window's count. A limit set to None is off.
"""

import hashlib
import logging
import time

from .. import app_settings
from ..cache_store import cache_key
from ..exceptions import TwoFactorError, throttled
from ..throttles import count_in_window
from . import email_address, phone_number

logger = logging.getLogger(__name__)

HOUR = 3600
DAY = 24 * HOUR
# The windows' clock (tests move it; the cache's own timeouts stay real).
clock = time.time


def take(user, channel: str, *, fall_back: bool = False) -> str:
    """Count a code about to go to ``user`` by ``channel``; returns the channel to send by.

    Raises ``throttled`` past a limit. With ``fall_back`` (login/, where the channel was not
    asked for) an SMS refused for its number or by the site's breaker goes by email
    instead, when the user has an address.
    """
    # Checked in turn, each counted only once the ones before it passed: refused requests
    # must not fill the site-wide count and trip the breaker for everyone.
    _refuse_past(
        ("user", user.pk, HOUR, app_settings.CODES_PER_USER_HOUR),
        ("user", user.pk, DAY, app_settings.CODES_PER_USER_DAY),
    )
    if channel != "phone":
        return channel
    number = hashlib.sha256(phone_number(user).encode()).hexdigest()
    try:
        _refuse_past(
            ("number", number, HOUR, app_settings.SMS_PER_NUMBER_HOUR),
            ("number", number, DAY, app_settings.SMS_PER_NUMBER_DAY),
        )
        _refuse_past(("site", "sms", HOUR, app_settings.SMS_PER_HOUR), breaker=True)
    except TwoFactorError:
        if fall_back and email_address(user):
            return "email"
        raise
    return channel


def _refuse_past(*limits: tuple[str, object, int, int | None], breaker: bool = False) -> None:
    now = clock()
    for scope, ident, period, limit in limits:
        if limit is None:
            continue
        window = int(now // period)
        left = (window + 1) * period - now
        key = cache_key("sent_codes", scope, ident, period, window)
        number = count_in_window(key, int(left) + 1)
        if number <= limit:
            continue
        if breaker and number == limit + 1:
            # Once per window: an SMS provider bill is on the way, or a pumping attack.
            logger.error(
                "Sent %s SMS login codes this hour (TWO_FACTOR_SMS_PER_HOUR): SMS is off "
                "until the hour ends; codes still go by email.",
                limit,
            )
        raise throttled(left)
