from rest_framework.permissions import BasePermission

from . import app_settings
from .credentials import has_second_factor
from .messages import ERROR_MESSAGES
from .models import profile_of
from .services import has_second_factor as enrolled_in_two_factor
from .tokens import credential_amr


def two_factor_required_for(user) -> bool:
    """Whether TWO_FACTOR_REQUIRED_FOR puts this user among those who must use 2FA."""
    policy = app_settings.REQUIRED_FOR
    return policy == "everyone" or (policy == "staff" and user.is_staff)


class TwoFactorRequired(BasePermission):
    """Lets a user the policy covers through only once enrolled, and only with a credential
    that records the second step (credentials.py): a session, HTTP Basic, or a token from
    the library's own password-only login never does.

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
        profile = profile_of(user)
        enrolled = bool(profile and enrolled_in_two_factor(profile))
        return enrolled and has_second_factor(credential_amr(request.auth))
