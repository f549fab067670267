"""Moves users' second factors from another library into this app (see the README's
"Moving from django-otp, django-trench or django-allauth").

``importers/`` reads what each user has in the library; this command decides, per user,
whether to import it, and writes it as the app's own enrollment does: the secret
encrypted, the backup codes as keyed hashes, passkeys with their public key and the user
handle their authenticators keep.
"""

import time
from collections import Counter

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ... import app_settings, audit, services
from ...backup_codes.store import store_backup_codes
from ...importers import SOURCES
from ...importers.base import Authenticator, SourceError, SourceUser
from ...importers.webauthn import made_for
from ...models import Passkey, TwoFactorProfile, profile_of
from ...passkeys.assertions import credential_key
from ...secret_storage import (
    SecretDecryptionError,
    decrypt_secret,
    encrypt_secret,
    key_problems,
)
from ...totp.codes import counter_at

IMPORTED = "imported"
ALREADY_IMPORTED = "already imported"
KEPT = "kept"
NOTHING = "nothing"


class Command(BaseCommand):
    help = (
        "Move users' authenticator apps, passkeys and backup codes from django-otp (with "
        "django-otp-webauthn), django-trench or django-allauth's MFA into this app, "
        "encrypting secrets and hashing codes. A user "
        "who already has two-factor authentication here is left as is, so running it again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="source",
            required=True,
            choices=list(SOURCES),
            help="The library to import from.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be imported; write nothing."
        )

    def handle(self, *args, source: str, dry_run: bool = False, **options):
        if problems := key_problems(app_settings.ENCRYPTION_KEYS):
            raise CommandError(" ".join(problems))
        library = SOURCES[source]
        try:
            found = library.read()
        except SourceError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        user_model = get_user_model()
        users = user_model._default_manager.in_bulk(list(found))
        note = " (dry run: nothing is written)" if dry_run else ""
        self.stdout.write(f"Importing from {library.LIBRARY}{note}.")
        counts: Counter[str] = Counter()
        need_codes = []
        for user_id, source_user in found.items():
            # Raw SQL gives the key as the column holds it (a UUID as text on SQLite).
            user = users.get(user_model._meta.pk.to_python(user_id))
            if user is None or not source_user.has_anything():
                continue
            outcome = self._import_user(user, source_user, source=source, dry_run=dry_run)
            counts[outcome] += 1
            if outcome == IMPORTED:
                counts["codes"] += len(source_user.backup_codes)
                if source_user.codes_lost:
                    need_codes.append(user.get_username())
        self._summary(counts, need_codes, dry_run=dry_run)

    def _import_user(self, user, found: SourceUser, *, source: str, dry_run: bool) -> str:
        name = user.get_username()
        _keep_usable_passkeys(user, found)
        if found.authenticator is None and not found.passkeys:
            outcome = NOTHING
            if found.backup_codes:
                found.refuse(
                    f"{len(found.backup_codes)} backup codes",
                    "no authenticator app or passkey came with them",
                )
        elif dry_run:
            outcome = _existing(user, profile_of(user), found) or IMPORTED
        else:
            outcome = _import(user, found, source=source)

        if outcome == IMPORTED:
            verb = "would import" if dry_run else "imported"
            codes = _count(len(found.backup_codes), "backup code")
            self.stdout.write(f"{name}: {verb} {', '.join(found.second_factors())} and {codes}")
        elif outcome == ALREADY_IMPORTED:
            self.stdout.write(f"{name}: already imported, unchanged")
        elif outcome == KEPT:
            self.stdout.write(
                f"{name}: skipped: has two-factor authentication in this app already, which is kept"
            )
        else:
            self.stdout.write(f"{name}: nothing imported")
        if outcome in (IMPORTED, NOTHING):
            for sentence in found.not_imported:
                self.stdout.write(self.style.WARNING(f"  - {sentence}"))
        return outcome

    def _summary(self, counts: Counter, need_codes: list[str], *, dry_run: bool) -> None:
        verb = "would be imported" if dry_run else "imported"
        self.stdout.write(
            "Summary:\n"
            f"  {verb}: {_count(counts[IMPORTED], 'user')}, "
            f"{_count(counts['codes'], 'backup code')}\n"
            f"  already imported: {_count(counts[ALREADY_IMPORTED], 'user')}\n"
            f"  skipped, with two-factor authentication here already: "
            f"{_count(counts[KEPT], 'user')}\n"
            f"  nothing to import: {_count(counts[NOTHING], 'user')}"
        )
        if need_codes:
            self.stdout.write(
                self.style.WARNING(
                    "These users' backup codes could not be carried over, so they need new "
                    f"ones: {', '.join(need_codes)}. They can make them with an authenticator "
                    "code (totp/backup-codes/regenerate/)."
                )
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        elif not counts[IMPORTED]:
            self.stdout.write(self.style.SUCCESS("Nothing to import: nothing was changed."))
        else:
            self.stdout.write(self.style.SUCCESS(f"{_count(counts[IMPORTED], 'user')} imported."))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _keep_usable_passkeys(user, found: SourceUser) -> None:
    """Set aside, with the reason, the passkeys that could not sign in here."""
    usable = []
    rp_id = app_settings.WEBAUTHN_RP_ID
    for passkey in found.passkeys:
        elsewhere = Passkey.objects.filter(
            credential_id_sha256=credential_key(passkey.credential_id)
        ).exclude(user=user)
        if not app_settings.PASSKEYS:
            found.refuse(passkey.label, "this project was rendered without passkeys")
        elif not made_for(passkey, rp_id):
            found.refuse(passkey.label, f"it was made for another domain than {rp_id}")
        elif elsewhere.exists():
            found.refuse(passkey.label, "another user here has it")
        else:
            usable.append(passkey)
    found.passkeys = usable


def _existing(user, profile: TwoFactorProfile | None, found: SourceUser) -> str:
    """What this app already has for the user: "" (nothing), or why the import stops:
    everything found is here already, or the user has other second factors here."""
    passkeys_here = set(
        Passkey.objects.filter(user=user).values_list("credential_id_sha256", flat=True)
    )
    if profile is None or not (profile.totp_enabled or passkeys_here):
        return ""
    same = all(credential_key(passkey.credential_id) in passkeys_here for passkey in found.passkeys)
    if found.authenticator is not None:
        try:
            secret = decrypt_secret(profile.totp_secret_encrypted) if profile.totp_enabled else None
        except SecretDecryptionError:
            secret = None
        same = same and secret == found.authenticator.secret
    return ALREADY_IMPORTED if same else KEPT


def _last_counter(authenticator: Authenticator) -> int:
    """The last time step counted as used: the library's own, and at least the current one.

    django-allauth remembers codes it accepted only in its cache and django-trench not at
    all, so a code used there a moment before the import must not work here once more.
    The cost: a user signing in within 30 seconds of the import waits for the next code.
    """
    return max(authenticator.last_counter, counter_at(time.time()))


def _import(user, found: SourceUser, *, source: str) -> str:
    """Write one user's factors. Each user is one transaction: if the run stops half way,
    the users done stay done, and running it again goes on with the others."""
    with transaction.atomic():
        profile = services.lock_profile(user)
        if outcome := _existing(user, profile, found):
            return outcome
        if found.authenticator is not None:
            profile.totp_enabled = True
            profile.totp_secret_encrypted = encrypt_secret(found.authenticator.secret)
            profile.totp_last_counter = _last_counter(found.authenticator)
            profile.totp_enabled_at = timezone.now()
        if found.passkeys and not profile.passkey_user_handle:
            # The handle the user's authenticators know: a passkey added here later then
            # takes the imported one's place on the same authenticator, as it would there.
            profile.passkey_user_handle = found.passkeys[0].user_handle
        profile.save()
        passkeys = [Passkey.objects.create(**row) for row in _passkey_rows(user, found)]
        store_backup_codes(user, sorted(found.backup_codes))
    if found.authenticator is not None:
        audit.record_event(audit.TOTP_ENABLED, user=user, reason="imported", source=source)
    for passkey in passkeys:
        audit.record_event(
            audit.PASSKEY_ADDED, user=user, passkey=passkey.pk, reason="imported", source=source
        )
    return IMPORTED


def _passkey_rows(user, found: SourceUser) -> list[dict]:
    return [
        dict(
            user=user,
            name=passkey.name or "Passkey",
            credential_id=passkey.credential_id,
            credential_id_sha256=credential_key(passkey.credential_id),
            public_key=passkey.public_key,
            sign_count=passkey.sign_count,
            user_handle=passkey.user_handle,
            transports=passkey.transports,
            aaguid=passkey.aaguid,
            backup_eligible=passkey.backup_eligible,
            backed_up=passkey.backed_up,
        )
        for passkey in found.passkeys
    ]
