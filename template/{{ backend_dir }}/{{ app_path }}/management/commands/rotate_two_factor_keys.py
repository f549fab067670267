from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...models import TwoFactorProfile
from ...secret_storage import SecretDecryptionError, reencrypt_secret


class Command(BaseCommand):
    help = (
        "Re-encrypt every TOTP secret with the first key of TWO_FACTOR_ENCRYPTION_KEYS. "
        "Run it after putting a new key first; then the old keys can be removed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every secret decrypts; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        with transaction.atomic():
            profiles = TwoFactorProfile.objects.select_for_update().exclude(
                totp_secret_encrypted=""
            )
            rotated, failed = [], []
            for profile in profiles:
                try:
                    profile.totp_secret_encrypted = reencrypt_secret(profile.totp_secret_encrypted)
                except SecretDecryptionError:
                    failed.append(profile.user_id)
                    continue
                rotated.append(profile)
            if failed:
                # Nothing is written: a partial rotation would hide which key is still needed.
                raise CommandError(
                    f"{len(failed)} secret(s) could not be decrypted with any configured key "
                    f"(user ids: {', '.join(map(str, failed))}). Nothing was changed."
                )
            if not dry_run:
                TwoFactorProfile.objects.bulk_update(rotated, ["totp_secret_encrypted"])
        verb = "would be re-encrypted" if dry_run else "re-encrypted"
        self.stdout.write(self.style.SUCCESS(f"{len(rotated)} secret(s) {verb}."))
