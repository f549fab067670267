"""Request-rate throttles. Rates come from TWO_FACTOR_THROTTLE_RATES (see app_settings).

Counters live in the app's cache under its key prefix, not in DRF's default cache.
"""

from rest_framework.throttling import SimpleRateThrottle

from . import app_settings
from .cache_store import cache_key, get_cache
from .challenges import challenge_get


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


class OTPResendThrottle(TwoFactorRateThrottle):
    scope = "otp_resend"


class LoginThrottle(TwoFactorRateThrottle):
    """Password attempts per client address."""

    scope = "login"

    def get_cache_key(self, request, view) -> str:
        return cache_key("throttle", self.scope, self.get_ident(request))
