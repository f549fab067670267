"""New backup codes for a user who proves the second factor. The view calls this."""

from django.db import transaction

from .. import audit
from ..exceptions import TwoFactorError
from ..revocation import revoke_credentials
from ..services import lock_profile
from ..totp.services import totp_code_accept
from .store import replace_backup_codes


def backup_codes_regenerate(*, user, code: str, request=None) -> list[str]:
    """New backup codes after an authenticator code (a backup code is refused here); the
    user's credentials are revoked, as whoever saw the old codes may have signed in."""
    with transaction.atomic():
        profile = lock_profile(user)
        if not profile.totp_enabled:
            raise TwoFactorError("not_enabled")
        if not totp_code_accept(profile, code):
            raise TwoFactorError("invalid_code")
        codes = replace_backup_codes(user)
        revoke_credentials(user)
    audit.record_event(audit.BACKUP_CODES_REGENERATED, user=user, request=request)
    return codes
