"""Everything the enrollment endpoints do. Views validate input and call one function here.

Writes lock the user's ``TwoFactorProfile`` row where the database can, and every
single-use step (a time step, a backup code, enabling) is a conditional update, so a code
or a pending setup is used at most once even on a database without row locks.
"""

import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connections, router, transaction
from django.db.models import Exists, IntegerField, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from . import app_settings, audit
from .backup_codes import (
    candidate_hashes,
    generate_backup_codes,
    hash_backup_code,
    normalize_backup_code,
    normalize_imported_code,
)
from .cache_store import cache_key, get_cache
from .exceptions import TwoFactorError
from .models import BackupCode, TwoFactorProfile
from .qr import qr_code_data_uri
from .revocation import revoke_credentials
from .secret_storage import decrypt_secret, encrypt_secret
from .totp import build_otpauth_uri, generate_secret, match_counter, normalize_code


@dataclass(frozen=True)
class PendingSetup:
    secret: str
    otpauth_uri: str
    qr_code: str


@dataclass(frozen=True)
class TotpStatus:
    totp_enabled: bool
    backup_codes_remaining: int
    # The name the authenticator app shows beside the issuer (the otpauth label).
    account: str


def _pending_key(user) -> str:
    return cache_key("pending_setup", user.pk)


def lock_profile(user) -> TwoFactorProfile:
    """The user's profile (made when missing), its row locked until the transaction ends:
    one user's enrollment changes and login verifications take turns across workers."""
    profile, _ = _locking(TwoFactorProfile.objects).get_or_create(user=user)
    return profile


def lock_profile_with_user(
    user_id: object, *, count_backup_codes: bool = False
) -> TwoFactorProfile | None:
    """As ``lock_profile``, its user read in the same query; None when there is no such user.

    ``count_backup_codes``: the profile comes with ``backup_codes_unused``, counted in that
    query too, so a sign-in with a backup code says how many are left without a query of
    its own.
    """
    profiles = _locking(TwoFactorProfile.objects.select_related("user"))
    if count_backup_codes:
        profiles = profiles.annotate(backup_codes_unused=_unused_backup_codes())
    try:
        return profiles.get(user_id=user_id)  # unique: no ORDER BY as first() would add
    except TwoFactorProfile.DoesNotExist:
        pass
    user = get_user_model()._default_manager.filter(pk=user_id).first()
    return lock_profile(user) if user is not None else None


def _unused_backup_codes() -> RawSQL:
    """The profile's user's unused backup codes, counted in the profile's own query. Written
    out: the ORM's Subquery of a Count is the same SQL, but compiling it takes about a
    millisecond, as long as the rest of a verification."""
    quote = connections[router.db_for_write(TwoFactorProfile)].ops.quote_name
    codes = quote(BackupCode._meta.db_table)
    profiles = quote(TwoFactorProfile._meta.db_table)
    user = quote(BackupCode._meta.get_field("user").column)
    used_at = quote(BackupCode._meta.get_field("used_at").column)
    profile_user = quote(TwoFactorProfile._meta.get_field("user").column)
    # Table and column names from the models' _meta, quoted by the database: no input.
    sql = (
        f"SELECT COUNT(*) FROM {codes} WHERE {codes}.{user} = {profiles}.{profile_user}"  # noqa: S608
        f" AND {codes}.{used_at} IS NULL"
    )
    return RawSQL(sql, (), output_field=IntegerField())  # noqa: S611


def _locking(profiles):
    # Only the profile row where the database can name it: the user row is the project's.
    features = connections[router.db_for_write(TwoFactorProfile)].features
    return profiles.select_for_update(of=("self",) if features.has_select_for_update_of else ())


def totp_status(*, user) -> TotpStatus:
    enabled = TwoFactorProfile.objects.filter(user=user, totp_enabled=True).exists()
    remaining = backup_codes_remaining(user) if enabled else 0
    return TotpStatus(
        totp_enabled=enabled, backup_codes_remaining=remaining, account=user.get_username()
    )


def backup_codes_remaining(user) -> int:
    return BackupCode.objects.filter(user=user, used_at__isnull=True).count()


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


def totp_enable(*, user, code: str, request=None) -> list[str]:
    """Confirm the pending secret with a code from it; returns the new backup codes.

    The user's credentials are revoked: they were issued without a second factor, which
    the policy may now demand, and whoever held the password alone may hold one of them.
    """
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
        codes = _replace_backup_codes(user)
        revoke_credentials(user)
    get_cache().delete(_pending_key(user))
    audit.record_event(audit.TOTP_ENABLED, user=user, request=request)
    return codes


def totp_disable(*, user, code: str, request=None) -> str:
    """Turn TOTP off after an authenticator or backup code; the secret and codes are wiped,
    and the user's credentials revoked. Returns which code it was: "totp" or "backup"."""
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
        _wipe(profile)
        revoke_credentials(user)
    audit.record_event(audit.TOTP_DISABLED, user=user, request=request)
    return method


def backup_codes_regenerate(*, user, code: str, request=None) -> list[str]:
    """New backup codes after an authenticator code (a backup code is refused here); the
    user's credentials are revoked, as whoever saw the old codes may have signed in."""
    with transaction.atomic():
        profile = lock_profile(user)
        if not profile.totp_enabled:
            raise TwoFactorError("not_enabled")
        if not totp_code_accept(profile, code):
            raise TwoFactorError("invalid_code")
        codes = _replace_backup_codes(user)
        revoke_credentials(user)
    audit.record_event(audit.BACKUP_CODES_REGENERATED, user=user, request=request)
    return codes


def two_factor_reset(*, user, actor, request=None) -> bool:
    """Staff turn a user's 2FA off without a code (lost device), and revoke the user's
    credentials. Returns whether it was on."""
    with transaction.atomic():
        profile = lock_profile(user)
        was_enabled = profile.totp_enabled
        _wipe(profile)
        revoke_credentials(user)
    if was_enabled:
        audit.record_event(
            audit.TOTP_DISABLED, user=user, request=request, actor=actor, reason="staff_reset"
        )
    return was_enabled


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


def backup_code_consume(user, code: str, *, only_if: Exists | None = None) -> bool:
    """Mark one unused backup code as used; True only for the one request that did so."""
    # Codes moved in from another library (import_two_factor) keep their own shape.
    normalized = normalize_backup_code(code) or normalize_imported_code(code)
    if normalized is None:
        return False
    # Looked up by its keyed hash in the update itself: an attacker cannot compute the
    # hashes, so the lookup's timing tells nothing. The conditional update is the guard:
    # of two parallel requests, one updates the row.
    unused = BackupCode.objects.filter(
        user=user, used_at__isnull=True, code_hash__in=candidate_hashes(user.pk, normalized)
    )
    if only_if is not None:
        unused = unused.filter(only_if)
    return unused.update(used_at=timezone.now()) > 0


def _match_totp(secret: str, code: str) -> int | None:
    normalized = normalize_code(code)
    if normalized is None:
        return None
    return match_counter(secret, normalized, at=time.time(), tolerance=app_settings.TOTP_TOLERANCE)


def store_backup_codes(user, normalized_codes: list[str]) -> None:
    """The user's backup codes become these (normalised, as ``normalize_backup_code`` or
    ``normalize_imported_code`` give them), stored as keyed hashes; the old ones go."""
    BackupCode.objects.filter(user=user).delete()
    BackupCode.objects.bulk_create(
        BackupCode(user=user, code_hash=hash_backup_code(user.pk, code))
        for code in normalized_codes
    )


def _replace_backup_codes(user) -> list[str]:
    codes = generate_backup_codes(app_settings.BACKUP_CODE_COUNT)
    store_backup_codes(user, [normalize_backup_code(code) for code in codes])
    return codes


def _wipe(profile: TwoFactorProfile) -> None:
    profile.totp_enabled = False
    profile.totp_secret_encrypted = ""
    profile.totp_last_counter = -1
    profile.totp_enabled_at = None
    profile.save()
    BackupCode.objects.filter(user=profile.user_id).delete()
