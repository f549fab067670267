"""This app's two-factor tables, to compare before and after an import.

Params: ``password`` (for the prelude). Prints {"profiles": [[username, totp_enabled,
secret or "", totp_last_counter], ...], "codes": [[username, code_hash, used_at], ...]},
in a stable order.
"""

import json

from prelude import models, secret_storage


def profile_row(profile):
    encrypted = profile.totp_secret_encrypted
    secret = secret_storage.decrypt_secret(encrypted) if encrypted else ""
    return [profile.user.username, profile.totp_enabled, secret, profile.totp_last_counter]


profiles = models.TwoFactorProfile.objects.order_by("user__username")
codes = models.BackupCode.objects.order_by("user__username", "code_hash")
print(
    json.dumps(
        {
            "profiles": [profile_row(p) for p in profiles],
            "codes": [[c.user.username, c.code_hash, str(c.used_at)] for c in codes],
        }
    )
)
