"""Request-rate throttles. Rates come from TWO_FACTOR_THROTTLE_RATES (see app_settings).

Counters live in the app's cache under its key prefix, not in DRF's default cache.

DRF's SimpleRateThrottle reads a list of timestamps from the cache and writes it back:
requests reaching several workers at once all read the same list, and all pass. These
throttles count in fixed windows instead, aligned to the clock (10/hour: one count per
clock hour), with the cache's ``incr``. Where that is atomic (Redis, Memcached, and the
local memory cache within its process) each request gets a number of its own, and only
the first N of a window pass, however many workers race. The price of fixed windows: a
client can spend one window's count at its end and the next one's at its start. The
database and file caches' incr() is a read then a write (checks.py warns, W005).
"""

from rest_framework.throttling import SimpleRateThrottle

from . import app_settings
from .cache_store import cache_key, get_cache, has_atomic_incr
from .login.challenges import challenge_get


class TwoFactorRateThrottle(SimpleRateThrottle):
    """Counts per signed-in user, or per client address for anonymous requests."""

    @property
    def cache(self):
        return get_cache()

    def get_rate(self) -> str | None:
        # A scope set to None in the settings is not throttled.
        return app_settings.THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view) -> str:
        user = request.user
        ident = f"user:{user.pk}" if user and user.is_authenticated else self.get_ident(request)
        return cache_key("throttle", self.scope, ident)

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        # One counter per window: a new window starts from nothing, without a reset that
        # could race. (The history lists of earlier versions sit under other keys.)
        self.key = f"{key}:{window}"
        return self.count() <= self.num_requests

    def wait(self) -> float:
        # Asked only for a refused request: its count comes back when the window ends.
        return self.window_end - self.now

    def count(self) -> int:
        """This request's number in its window (see ``count_in_window``)."""
        # Until a second past the window's end: it must not expire while in use.
        return count_in_window(self.key, int(self.window_end - self.now) + 1)


def count_in_window(key: str, timeout: int) -> int:
    """One more on the counter ``key``, made for ``timeout`` seconds; returns its number.

    An atomic add() makes a window's counter, and an atomic incr() counts the ones after
    it (DRF reads, then writes).
    """
    cache = get_cache()
    for _attempt in range(2):
        # Most counters are a window's first (a person signs in once from an address):
        # add() makes one in a single round trip, and fails if another request did.
        if cache.add(key, 1, timeout):
            return 1
        try:
            number = cache.incr(key)
        except ValueError:
            continue  # expired between add() and incr(): make it again
        if number == 1 or not has_atomic_incr(cache):
            # Redis's INCR made the key itself (it expired after Django's EXISTS), so
            # with no timeout; BaseCache.incr set the cache's default one. Fix either.
            cache.touch(key, timeout)
        return number
    # Gone again at once (a cache evicting it): let the request through, as DRF would.
    return 1


class TotpSetupThrottle(TwoFactorRateThrottle):
    scope = "two_factor_setup"


class TotpCodeThrottle(TwoFactorRateThrottle):
    scope = "two_factor_code"


class LoginOTPResendThrottle(TwoFactorRateThrottle):
    """Per login challenge's user; generous, because switching channel counts as a resend."""

    scope = "login_otp_resend"

    def get_cache_key(self, request, view) -> str:
        token = request.data.get("challenge") if isinstance(request.data, dict) else None
        challenge = challenge_get(str(token)) if token else None
        if challenge is None:
            # An unknown challenge is refused by the view anyway; count it per address.
            return cache_key("throttle", self.scope, self.get_ident(request))
        return cache_key("throttle", self.scope, f"user:{challenge.user_id}")


class LoginPasskeyOptionsThrottle(LoginOTPResendThrottle):
    """Per login challenge's user, as resends are, in a count of its own."""

    scope = "login_passkey_options"


class PasswordlessOptionsThrottle(TwoFactorRateThrottle):
    """Options for a passkey sign-in, per client address: they name no user."""

    scope = "login_passwordless_options"

    def get_cache_key(self, request, view) -> str:
        return cache_key("throttle", self.scope, self.get_ident(request))


class OTPResendThrottle(TwoFactorRateThrottle):
    scope = "otp_resend"


class LoginThrottle(TwoFactorRateThrottle):
    """Password attempts per client address."""

    scope = "login"

    def get_cache_key(self, request, view) -> str:
        return cache_key("throttle", self.scope, self.get_ident(request))
