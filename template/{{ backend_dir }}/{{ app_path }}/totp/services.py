"""The authenticator app: its setup, turning it on and off, and accepting its codes once.

Views validate input and call one function here. The codes' arithmetic is in ``codes``.
"""

import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .. import app_settings, audit
from ..backup_codes.store import backup_code_consume, backup_codes_remaining, replace_backup_codes
from ..cache_store import cache_key, get_cache
from ..exceptions import TwoFactorError
from ..models import Passkey, TwoFactorProfile
from ..passkeys.assertions import passkey_accept
from ..revocation import revoke_credentials
from ..secret_storage import decrypt_secret, encrypt_secret
from ..services import drop_backup_codes_unless_a_factor_remains, lock_profile, wipe_totp
from .codes import build_otpauth_uri, generate_secret, match_counter, normalize_code
from .qr import qr_code_data_uri


@dataclass(frozen=True)
class PendingSetup:
    secret: str
    otpauth_uri: str
    qr_code: str


@dataclass(frozen=True)
class TotpStatus:
    """The user's second factors: an authenticator app, passkeys, and the account's backup
    codes while either is on (totp/status/ answers it, under its first name)."""

    totp_enabled: bool
    backup_codes_remaining: int
    # The name the authenticator app shows beside the issuer (the otpauth label).
    account: str
    two_factor_enabled: bool
    passkeys: int


def _pending_key(user) -> str:
    return cache_key("pending_setup", user.pk)


def totp_status(*, user) -> TotpStatus:
    enabled = TwoFactorProfile.objects.filter(user=user, totp_enabled=True).exists()
    passkeys = Passkey.objects.filter(user=user).count()
    on = enabled or passkeys > 0
    return TotpStatus(
        totp_enabled=enabled,
        backup_codes_remaining=backup_codes_remaining(user) if on else 0,
        account=user.get_username(),
        two_factor_enabled=on,
        passkeys=passkeys,
    )


def totp_setup_begin(*, user) -> PendingSetup:
    """A new secret, held (encrypted) in the cache until ``totp_enable`` confirms it."""
    if TwoFactorProfile.objects.filter(user=user, totp_enabled=True).exists():
        raise TwoFactorError("already_enabled")
    secret = generate_secret()
    timeout = app_settings.PENDING_SETUP_TIMEOUT
    pending = {"secret": encrypt_secret(secret), "expires_at": time.time() + timeout}
    get_cache().set(_pending_key(user), pending, timeout=timeout)
    uri = build_otpauth_uri(secret, issuer=app_settings.ISSUER_NAME, account=user.get_username())
    return PendingSetup(secret=secret, otpauth_uri=uri, qr_code=qr_code_data_uri(uri))


def _pending_secret(user) -> str:
    pending = get_cache().get(_pending_key(user))
    # The expiry is checked here too, for caches that do not honour timeouts exactly.
    if not pending or pending["expires_at"] <= time.time():
        raise TwoFactorError("no_pending_setup")
    return decrypt_secret(pending["secret"])


def totp_enable(*, user, code: str, request=None, assertion: dict | None = None) -> list[str]:
    """Confirm the pending secret with a code from it; returns the new backup codes, or []
    when the account has them already (from a passkey, which stays its second factor).

    A user with passkeys proves one afresh first (``assertion``): whoever holds a session
    alone must not add an authenticator of their own. The user's credentials are revoked:
    they were issued before the change, which the policy may now demand.
    """
    has_passkeys = Passkey.objects.filter(user=user).exists()
    if has_passkeys:
        if assertion is None:
            raise TwoFactorError("passkey_invalid")
        # Outside the transaction below: a refusal keeps what it recorded (a clone's event).
        profile = TwoFactorProfile.objects.filter(user=user).first()
        if profile is None:
            raise TwoFactorError("passkey_invalid")
        passkey_accept(
            profile, assertion, purpose="reauthenticate", binding=user.pk, request=request
        )
    with transaction.atomic():
        profile = lock_profile(user)
        if profile.totp_enabled:
            raise TwoFactorError("already_enabled")
        secret = _pending_secret(user)
        counter = _match_totp(secret, code)
        if counter is None:
            raise TwoFactorError("invalid_code")
        enabled = TwoFactorProfile.objects.filter(pk=profile.pk, totp_enabled=False).update(
            totp_enabled=True,
            totp_secret_encrypted=encrypt_secret(secret),
            # The enrolling code counts as used: it cannot disable 2FA a moment later.
            totp_last_counter=counter,
            totp_enabled_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if not enabled:
            raise TwoFactorError("already_enabled")  # a parallel request enabled it first
        # Backup codes belong to the account: a passkey's stay valid.
        codes = [] if has_passkeys else replace_backup_codes(user)
        revoke_credentials(user)
    get_cache().delete(_pending_key(user))
    audit.record_event(audit.TOTP_ENABLED, user=user, request=request)
    return codes


def totp_disable(*, user, code: str, request=None) -> str:
    """Turn TOTP off after an authenticator or backup code: the secret is wiped, and the
    backup codes with it unless a passkey remains; the user's credentials are revoked.
    Returns which code it was: "totp" or "backup"."""
    with transaction.atomic():
        profile = lock_profile(user)
        if not profile.totp_enabled:
            raise TwoFactorError("not_enabled")
        if totp_code_accept(profile, code):
            method = "totp"
        elif backup_code_consume(user, code):
            method = "backup"
        else:
            raise TwoFactorError("invalid_code")
        wipe_totp(profile)
        drop_backup_codes_unless_a_factor_remains(profile)
        revoke_credentials(user)
    audit.record_event(audit.TOTP_DISABLED, user=user, request=request)
    return method


def totp_code_accept(profile: TwoFactorProfile, code: str, *, only_if: Q | None = None) -> bool:
    """Accept an authenticator code once.

    Raises ``code_reused`` for a code of a time step at or before the last accepted one
    (RFC 6238 section 5.2), or when the profile no longer meets ``only_if``.
    """
    if normalize_code(code) is None:
        return False  # not shaped like an authenticator code (a backup code): secret unread
    counter = _match_totp(decrypt_secret(profile.totp_secret_encrypted), code)
    if counter is None:
        return False
    # The conditional update is the guard, row lock or not (SQLite has none): of parallel
    # requests with one code, only one moves the counter past it.
    moved = TwoFactorProfile.objects.filter(
        only_if or Q(), pk=profile.pk, totp_last_counter__lt=counter
    ).update(totp_last_counter=counter, updated_at=timezone.now())
    if not moved:
        raise TwoFactorError("code_reused")
    profile.totp_last_counter = counter
    return True


def _match_totp(secret: str, code: str) -> int | None:
    normalized = normalize_code(code)
    if normalized is None:
        return None
    return match_counter(secret, normalized, at=time.time(), tolerance=app_settings.TOTP_TOLERANCE)
