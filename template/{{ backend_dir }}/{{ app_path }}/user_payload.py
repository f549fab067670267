from . import app_settings
from .delivery import mask_phone
from .models import profile_of


def user_payload(user) -> dict:
    """The ``user`` object of a login response: never a secret or a code."""
    payload = {
        "id": user.pk,
        user.USERNAME_FIELD: user.get_username(),
        "email": getattr(user, user.get_email_field_name(), "") or "",
        "totp_enabled": _totp_enabled(user),
    }
    if app_settings.PHONE_FIELD:
        payload["phone_masked"] = mask_phone(str(getattr(user, app_settings.PHONE_FIELD, "") or ""))
    return payload


def _totp_enabled(user) -> bool:
    # After either step the profile was read already and is cached on the user: no query.
    profile = profile_of(user)
    return bool(profile and profile.totp_enabled)
