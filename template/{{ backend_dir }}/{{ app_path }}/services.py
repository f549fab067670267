"""What every method shares: the user's profile row, locked while one request changes it,
and turning the second factor off altogether.

Writes lock the user's ``TwoFactorProfile`` row where the database can, and every
single-use step (a time step, a backup code, enabling) is a conditional update, so a code
or a pending setup is used at most once even on a database without row locks. Each
method's own steps are in its package: ``totp/``, ``backup_codes/``, ``passkeys/``, and
the sign-in's in ``login/``.
"""

from django.contrib.auth import get_user_model
from django.db import connections, router, transaction
from django.db.models import BigIntegerField, BinaryField, IntegerField
from django.db.models.expressions import RawSQL

from . import audit
from .models import BackupCode, Passkey, TwoFactorProfile
from .revocation import revoke_credentials


def lock_profile(user) -> TwoFactorProfile:
    """The user's profile (made when missing), its row locked until the transaction ends:
    one user's enrollment changes and login verifications take turns across workers."""
    profile, _ = _locking(TwoFactorProfile.objects).get_or_create(user=user)
    return profile


def lock_profile_with_user(
    user_id: object, *, count_backup_codes: bool = False, passkey_key: str | None = None
) -> TwoFactorProfile | None:
    """As ``lock_profile``, its user read in the same query; None when there is no such user.

    ``count_backup_codes``: the profile comes with ``backup_codes_unused``, counted in that
    query too, so a sign-in with a backup code says how many are left without a query of
    its own. ``passkey_key``: it comes with the user's passkey of that lookup key
    (``passkey_answering``, read under the same lock; None when the user has none such),
    for a sign-in with a passkey.
    """
    profiles = _locking(TwoFactorProfile.objects.select_related("user"))
    if count_backup_codes:
        profiles = profiles.annotate(backup_codes_unused=_unused_backup_codes())
    if passkey_key is not None:
        profiles = profiles.annotate(**_passkey_columns(passkey_key))
    try:
        profile = profiles.get(user_id=user_id)  # unique: no ORDER BY as first() would add
    except TwoFactorProfile.DoesNotExist:
        pass
    else:
        if passkey_key is not None:
            profile.passkey_answering = _passkey_read(profile)
        return profile
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


# The Passkey columns a verification needs, read with the profile.
_PASSKEY_COLUMNS = {
    "id": BigIntegerField(),
    "public_key": BinaryField(),
    "sign_count": BigIntegerField(),
}


def _passkey_columns(key: str) -> dict[str, RawSQL]:
    """The user's passkey of lookup key ``key``, a column each, in the profile's own query:
    written out for the reason _unused_backup_codes says."""
    quote = connections[router.db_for_write(TwoFactorProfile)].ops.quote_name
    passkeys = quote(Passkey._meta.db_table)
    profiles = quote(TwoFactorProfile._meta.db_table)
    user = quote(Passkey._meta.get_field("user").column)
    lookup = quote(Passkey._meta.get_field("credential_id_sha256").column)
    profile_user = quote(TwoFactorProfile._meta.get_field("user").column)
    where = f"WHERE {passkeys}.{user} = {profiles}.{profile_user} AND {passkeys}.{lookup} = %s"
    # Names from the models' _meta, quoted by the database; the key is a parameter.
    return {
        f"passkey_{name}": RawSQL(f"SELECT {quote(name)} FROM {passkeys} {where}", (key,), field)  # noqa: S608, S611
        for name, field in _PASSKEY_COLUMNS.items()
    }


def _passkey_read(profile: TwoFactorProfile) -> Passkey | None:
    if profile.passkey_id is None:
        return None
    return Passkey(
        pk=profile.passkey_id,
        user_id=profile.user_id,
        public_key=bytes(profile.passkey_public_key),
        sign_count=profile.passkey_sign_count,
    )


def _locking(profiles):
    # Only the profile row where the database can name it: the user row is the project's.
    features = connections[router.db_for_write(TwoFactorProfile)].features
    return profiles.select_for_update(of=("self",) if features.has_select_for_update_of else ())


def two_factor_reset(*, user, actor, request=None) -> bool:
    """Staff turn a user's 2FA off without a code (lost device): the authenticator, the
    passkeys and the backup codes go, and the user's credentials are revoked. Returns
    whether it was on."""
    with transaction.atomic():
        profile = lock_profile(user)
        had_totp = profile.totp_enabled
        passkeys = list(Passkey.objects.filter(user=user).values_list("pk", flat=True))
        wipe_totp(profile)
        Passkey.objects.filter(pk__in=passkeys).delete()
        BackupCode.objects.filter(user=user).delete()
        revoke_credentials(user)
    # One event per factor that went, so that an audit trail says what the user lost.
    reset = {"user": user, "request": request, "actor": actor, "reason": "staff_reset"}
    if had_totp:
        audit.record_event(audit.TOTP_DISABLED, **reset)
    for passkey in passkeys:
        audit.record_event(audit.PASSKEY_REMOVED, passkey=passkey, **reset)
    return had_totp or bool(passkeys)


def wipe_totp(profile: TwoFactorProfile) -> None:
    """The authenticator app off: its secret and its last time step forgotten."""
    profile.totp_enabled = False
    profile.totp_secret_encrypted = ""
    profile.totp_last_counter = -1
    profile.totp_enabled_at = None
    profile.save()


def has_second_factor(profile: TwoFactorProfile) -> bool:
    """Whether the user has an authenticator app or a passkey (backup codes only stand in)."""
    return profile.totp_enabled or Passkey.objects.filter(user=profile.user_id).exists()


def drop_backup_codes_unless_a_factor_remains(profile: TwoFactorProfile) -> None:
    """Backup codes belong to the account: they go with its last second factor."""
    if not has_second_factor(profile):
        BackupCode.objects.filter(user=profile.user_id).delete()
