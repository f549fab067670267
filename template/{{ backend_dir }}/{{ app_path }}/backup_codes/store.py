"""The user's backup codes in the database: replaced, counted, and each used once.

Only keyed hashes are stored (``codes``); a code is looked up by its hash in the update
that spends it.
"""

from django.db.models import Exists
from django.utils import timezone

from .. import app_settings
from ..models import BackupCode
from .codes import (
    candidate_hashes,
    generate_backup_codes,
    hash_backup_code,
    normalize_backup_code,
    normalize_imported_code,
)


def backup_codes_remaining(user) -> int:
    return BackupCode.objects.filter(user=user, used_at__isnull=True).count()


def store_backup_codes(user, normalized_codes: list[str]) -> None:
    """The user's backup codes become these (normalised, as ``normalize_backup_code`` or
    ``normalize_imported_code`` give them), stored as keyed hashes; the old ones go."""
    BackupCode.objects.filter(user=user).delete()
    BackupCode.objects.bulk_create(
        BackupCode(user=user, code_hash=hash_backup_code(user.pk, code))
        for code in normalized_codes
    )


def replace_backup_codes(user) -> list[str]:
    codes = generate_backup_codes(app_settings.BACKUP_CODE_COUNT)
    store_backup_codes(user, [normalize_backup_code(code) for code in codes])
    return codes


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
