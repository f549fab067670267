"""New backup codes for a user who proves the second factor. The view calls this."""

from django.db import transaction

from .. import audit
from ..exceptions import TwoFactorError
from ..models import TwoFactorProfile
from ..passkeys.assertions import passkey_accept
from ..revocation import revoke_credentials
from ..services import has_second_factor, lock_profile
from ..totp.services import totp_code_accept
from .store import replace_backup_codes


def backup_codes_regenerate(
    *, user, code: str = "", request=None, assertion: dict | None = None
) -> list[str]:
    """New backup codes after an authenticator code or a passkey's ``assertion`` (a backup
    code is refused here); the user's credentials are revoked, as whoever saw the old
    codes may have signed in."""
    if assertion is not None:
        # Outside the transaction below: a refusal keeps what it recorded (a clone's event).
        profile = TwoFactorProfile.objects.filter(user=user).first()
        if profile is None or not has_second_factor(profile):
            raise TwoFactorError("not_enabled")
        passkey_accept(
            profile, assertion, purpose="reauthenticate", binding=user.pk, request=request
        )
    with transaction.atomic():
        profile = lock_profile(user)
        if not has_second_factor(profile):
            raise TwoFactorError("not_enabled")
        if assertion is None and not (profile.totp_enabled and totp_code_accept(profile, code)):
            raise TwoFactorError("invalid_code")
        codes = replace_backup_codes(user)
        revoke_credentials(user)
    audit.record_event(audit.BACKUP_CODES_REGENERATED, user=user, request=request)
    return codes
