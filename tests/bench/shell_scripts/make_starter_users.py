"""The benchmark starter's users, made and enrolled as ``totp/enable/`` leaves them: a
TOTP secret each and ten backup codes (tests/bench/starter_project.py).

Params: ``app`` (the starter's django_app), ``password``, ``count`` (``bench-`` users,
password hashed with the project's hasher), ``cheap_count`` (``cheap-`` users, password
stored with MD5) and ``passkeys`` (one ``key-`` user each, with the project's hasher:
a passkey, as its registration leaves it, for its second factor, and ten backup codes;
each given as passkey_keys.as_stored() has it).

Prints {"users": {username: [totp secret, [backup codes], access token]}, "passkey_users":
{username: access token}, "hasher": [seconds of check_password with the project's first
hasher, a few times], "algorithm": that hasher's name}.
"""

import base64
import hashlib
import importlib
import json
import os
import time

import pyotp
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher, check_password, make_password
from rest_framework_simplejwt.tokens import AccessToken

params = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])
app, password = params["app"], params["password"]
# The app's modules are named by the answers it was rendered with.
models = importlib.import_module(app + ".models")
secret_storage = importlib.import_module(app + ".secret_storage")
backup_codes = importlib.import_module(app + ".backup_codes.codes")

# One hash per hasher for all: hashing each password would take most of the setup's time.
encoded = make_password(password)
cheap = MD5PasswordHasher().encode(password, MD5PasswordHasher().salt())
User = get_user_model()
users = User.objects.bulk_create(
    User(username=f"{kind}-{n}", email=f"{kind}-{n}@example.com", password=stored)
    for kind, stored, count in (
        ("bench", encoded, params["count"]),
        ("cheap", cheap, params["cheap_count"]),
    )
    for n in range(count)
)


def unpadded(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def add_backup_codes(user) -> list[str]:
    codes = backup_codes.generate_backup_codes(10)
    models.BackupCode.objects.bulk_create(
        models.BackupCode(user=user, code_hash=backup_codes.hash_backup_code(user.pk, code))
        for code in (code.replace("-", "") for code in codes)
    )
    return codes


made = {}
for user in users:
    secret = pyotp.random_base32()
    models.TwoFactorProfile.objects.create(
        user=user, totp_enabled=True, totp_secret_encrypted=secret_storage.encrypt_secret(secret)
    )
    codes = add_backup_codes(user)
    made[user.username] = [secret, codes, str(AccessToken.for_user(user))]

passkey_users = {}
for n, stored in enumerate(params.get("passkeys", [])):
    user = User.objects.create(username=f"key-{n}", email=f"key-{n}@example.com", password=encoded)
    handle, credential_id = unpadded(stored["user_handle"]), unpadded(stored["credential_id"])
    models.TwoFactorProfile.objects.create(user=user, passkey_user_handle=handle)
    models.Passkey.objects.create(
        user=user,
        name="Bench key",
        credential_id=credential_id,
        credential_id_sha256=hashlib.sha256(credential_id).hexdigest(),
        public_key=unpadded(stored["public_key"]),
        user_handle=handle,
        transports=["internal"],
    )
    add_backup_codes(user)
    passkey_users[user.username] = str(AccessToken.for_user(user))

check_password(password, encoded)  # the first call loads the hasher
hasher = []
for _ in range(5):
    start = time.perf_counter()
    assert check_password(password, encoded)
    hasher.append(time.perf_counter() - start)
algorithm = encoded.split("$")[0]
print(
    json.dumps(
        {"users": made, "passkey_users": passkey_users, "hasher": hasher, "algorithm": algorithm}
    )
)
