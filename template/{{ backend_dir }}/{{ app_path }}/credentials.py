"""What a credential says about the sign-in that earned it (RFC 8176 ``amr`` values).

Every credential the app issues carries the methods the user signed in with: JWTs as
their ``amr`` claim, knox tokens in a companion row. ``TwoFactorRequired`` lets through
only credentials whose methods include a second factor. The mapping:

- password alone (no second step: ``OTP_FOR_ALL_USERS`` off, no authenticator): ``pwd``
- an authenticator code or a backup code: ``pwd otp``
- a passkey's assertion after the password: ``pwd hwk`` (proof of a key the
  authenticator holds)
- a passkey alone, its user verified by the authenticator (passwordless): ``hwk user``
  (the key, and the person at the authenticator)
- a code sent by SMS: ``pwd sms``
- a code sent by email, for which RFC 8176 has no value of its own, or one sent for an
  earlier sign-in by either channel: ``pwd mfa`` (multiple factors, not named)
"""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import AuthenticationFailed

AMR_CLAIM = "amr"
# The user's credential generation (models.TwoFactorProfile) a JWT was made under.
GENERATION_CLAIM = "two_factor_generation"

# The ways a sign-in can pass (login.services's, and "password" when there is no second
# step), and their amr.
SIGN_IN_METHODS = {
    "password": ("pwd",),
    "passkey": ("pwd", "hwk"),
    "passwordless": ("hwk", "user"),
    "totp": ("pwd", "otp"),
    "backup": ("pwd", "otp"),
    "phone": ("pwd", "sms"),
    "email": ("pwd", "mfa"),
    "sent": ("pwd", "mfa"),
}
SECOND_FACTORS = frozenset({"hwk", "otp", "sms", "mfa"})


def amr_of(method: str) -> list[str]:
    """The ``amr`` values of a sign-in by ``method`` (a key of SIGN_IN_METHODS)."""
    return list(SIGN_IN_METHODS[method])


def method_with_amr(amr) -> str:
    """The sign-in method whose ``amr`` these values are ("password" for anything else): a
    credential made to replace one says no more than the one it replaces."""
    if isinstance(amr, (list, tuple)):
        for method, values in SIGN_IN_METHODS.items():
            if list(values) == list(amr):
                return method
    return "password"


def has_second_factor(amr) -> bool:
    """Whether these ``amr`` values (a list, or None for a credential without them) show
    that the second step was passed."""
    return isinstance(amr, (list, tuple)) and not SECOND_FACTORS.isdisjoint(amr)


def credential_generation(user) -> int:
    """The user's credential generation, which a JWT made now carries."""
    # Through the profile cached on the user: the verification locked and read it, and a
    # revocation in this request left the new number there. (No import of the models:
    # the authentication classes import this module, maybe before the models are ready.)
    try:
        return user.two_factor_profile.credential_generation
    except ObjectDoesNotExist:
        return 0


def refuse_if_revoked(user, token) -> None:
    """Refuse a JWT made under an older credential generation than the user's: before the
    last revocation. One without the claim (not made by this app) counts as generation 0.

    401 ``token_not_valid``, simplejwt's answer to an expired or blacklisted token."""
    if token.get(GENERATION_CLAIM, 0) != credential_generation(user):
        # simplejwt's InvalidToken's shape: the code is in the body whichever exception
        # handler renders it, the project's own views' included.
        detail = {"detail": _("Token has been revoked."), "code": "token_not_valid"}
        raise AuthenticationFailed(detail)
