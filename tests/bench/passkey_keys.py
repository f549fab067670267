"""Passkeys for the benchmark's users, held by the rendered app's own software
authenticator (its tests' passkeys/tests/authenticator.py, loaded from the template): it
signs as a browser's authenticator does, with a key that stays in the benchmark's process.

Both our starter and django-allauth are told they are served as https://localhost (our
TWO_FACTOR_WEBAUTHN_RP_ID and _ORIGINS; allauth's RP entity and origin check), as a
deployment behind a TLS proxy would be.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass

from support.template import REPO_ROOT

RP_ID = "localhost"
ORIGIN = "https://localhost"
AUTHENTICATOR_FILE = (
    REPO_ROOT
    / "template/{{ backend_dir }}/{{ app_path }}/passkeys"
    / "{% if include_tests and passkeys %}tests{% endif %}"
    / "authenticator.py"
)


def _load():
    spec = importlib.util.spec_from_file_location("bench_authenticator", AUTHENTICATOR_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_authenticator = _load()
SoftAuthenticator = _authenticator.SoftAuthenticator
b64url = _authenticator.b64url


@dataclass
class PasskeyUser:
    name: str
    access: str
    authenticator: object  # a SoftAuthenticator, its user handle set

    def answer(self, options: dict) -> dict:
        """The authenticator's answer to ``navigator.credentials.get(options)``."""
        return self.authenticator.assertion(options, origin=ORIGIN, rp_id=RP_ID)


def new_authenticators(count: int) -> list:
    """One authenticator per user, each with a new key and the user handle it will keep."""
    authenticators = []
    for _ in range(count):
        authenticator = SoftAuthenticator()
        authenticator.user_handle = os.urandom(32)
        authenticators.append(authenticator)
    return authenticators


def as_stored(authenticator) -> dict:
    """What a registration leaves in our Passkey row: for make_starter_users.py."""
    return {
        "credential_id": b64url(authenticator.credential_id),
        "public_key": b64url(authenticator.public_key()),
        "user_handle": b64url(authenticator.user_handle),
    }


def registration(authenticator) -> dict:
    """The authenticator's registration answer (RegistrationResponseJSON), as
    django-allauth stores it once verified: made here for rp localhost."""
    options = {
        "challenge": b64url(os.urandom(32)),
        "rp": {"id": RP_ID},
        "user": {"id": b64url(authenticator.user_handle)},
    }
    return authenticator.register(options, origin=ORIGIN)
