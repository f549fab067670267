from rest_framework.permissions import BasePermission

from . import app_settings
from .messages import ERROR_MESSAGES
from .models import TwoFactorProfile


def two_factor_required_for(user) -> bool:
    """Whether TWO_FACTOR_REQUIRED_FOR puts this user among those who must use 2FA."""
    policy = app_settings.REQUIRED_FOR
    return policy == "everyone" or (policy == "staff" and user.is_staff)


class TwoFactorRequired(BasePermission):
    """Lets a signed-in user through only once they have enrolled, when the policy requires it.

    Add it after IsAuthenticated on your own views:
    ``permission_classes = [IsAuthenticated, TwoFactorRequired]``.
    """

    message = ERROR_MESSAGES["two_factor_required"]
    code = "two_factor_required"

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not two_factor_required_for(user):
            return True
        return TwoFactorProfile.objects.filter(user=user, totp_enabled=True).exists()
