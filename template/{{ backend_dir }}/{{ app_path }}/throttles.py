"""Request-rate throttles. Rates come from TWO_FACTOR_THROTTLE_RATES (see app_settings).

Counters live in the app's cache under its key prefix, not in DRF's default cache.
"""

from rest_framework.throttling import SimpleRateThrottle

from . import app_settings
from .cache_store import cache_key, get_cache


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
    """Generous, because switching channel (phone to email) also counts as a resend."""

    scope = "login_otp_resend"


class OTPResendThrottle(TwoFactorRateThrottle):
    scope = "otp_resend"
