"""What the scripts beside it share (tests/backend/test_imports.py): users, and enrolling
them in this app's two-factor authentication.

Imported by those scripts, not run itself. Reads ``password`` (every user's) from
``$SHELL_SCRIPT_PARAMS``.
"""

import importlib
import json
import os

import pyotp
from django.conf import settings
from django.contrib.auth import get_user_model

PASSWORD = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])["password"]
# The harness names the app it runs: its module path differs between variants.
models = importlib.import_module(settings.HARNESS_APP + ".models")
secret_storage = importlib.import_module(settings.HARNESS_APP + ".secret_storage")


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
