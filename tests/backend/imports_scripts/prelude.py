"""What the scripts beside it share (tests/backend/test_imports.py): users, and enrolling
them in this app's two-factor authentication.

Imported by those scripts, not run itself. Reads ``password`` (every user's) from
``$SHELL_SCRIPT_PARAMS``.
"""

import base64
import importlib
import json
import os

import pyotp
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.contrib.auth import get_user_model

PASSWORD = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])["password"]
# The harness names the app it runs: its module path differs between variants.
models = importlib.import_module(settings.HARNESS_APP + ".models")
secret_storage = importlib.import_module(settings.HARNESS_APP + ".secret_storage")
# The app's own software authenticator (its passkey tests'), for the other libraries'
# passkeys: real registrations and signatures.
authenticators = importlib.import_module(settings.HARNESS_APP + ".passkeys.tests.authenticator")
b64url = authenticators.b64url
# The host Django's test client names: with TWO_FACTOR_WEBAUTHN_RP_ID unset, the domain
# passkeys belong to.
RP_ID = "testserver"


def make_user(name):
    return get_user_model().objects.create_user(
        username=name, email=name + "@example.com", password=PASSWORD
    )


def enrol_here(user):
    """Turns on this app's authenticator for ``user``; returns its secret."""
    secret = pyotp.random_base32()
    models.TwoFactorProfile.objects.create(
        user=user, totp_enabled=True, totp_secret_encrypted=secret_storage.encrypt_secret(secret)
    )
    return secret


def soft_authenticator():
    return authenticators.SoftAuthenticator()


def authenticator_state(authenticator) -> dict:
    """What a later script needs to answer with the same passkey, as JSON."""
    key = authenticator.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return {
        "key": key.decode("ascii"),
        "credential_id": b64url(authenticator.credential_id),
        "user_handle": b64url(authenticator.user_handle),
        "sign_count": authenticator.sign_count,
    }


def restored_authenticator(state: dict):
    """The authenticator ``authenticator_state`` described (ES256)."""
    authenticator = authenticators.SoftAuthenticator()
    authenticator.key = serialization.load_pem_private_key(state["key"].encode(), password=None)
    authenticator.credential_id = _unb64url(state["credential_id"])
    authenticator.user_handle = _unb64url(state["user_handle"])
    authenticator.sign_count = state["sign_count"]
    return authenticator


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
