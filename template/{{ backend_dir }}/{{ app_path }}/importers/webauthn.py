"""Other libraries' passkeys, read with py_webauthn's parsers: no CBOR or COSE by hand."""

import hashlib
import json
import uuid

from webauthn.helpers import parse_attestation_object, parse_registration_credential_json
from webauthn.helpers.exceptions import WebAuthnException

from .base import ImportedPasskey


def from_registration(credential: object, *, name: str, user_handle: bytes) -> ImportedPasskey:
    """The passkey a registration made: ``credential`` is what
    ``navigator.credentials.create()`` answered, as JSON (django-allauth keeps it whole).
    Raises ValueError with the reason when it cannot be read."""
    try:
        parsed = parse_registration_credential_json(json.dumps(credential))
        attestation = parse_attestation_object(parsed.response.attestation_object)
    except (WebAuthnException, TypeError, ValueError) as unreadable:
        raise ValueError("its registration could not be read") from unreadable
    data = attestation.auth_data
    attested = data.attested_credential_data
    if attested is None:
        raise ValueError("its registration holds no public key")
    return ImportedPasskey(
        name=name,
        credential_id=attested.credential_id,
        public_key=attested.credential_public_key,
        sign_count=data.sign_count,
        user_handle=user_handle,
        transports=[transport.value for transport in parsed.response.transports or []],
        aaguid=str(uuid.UUID(bytes=attested.aaguid)),
        backup_eligible=data.flags.be,
        backed_up=data.flags.bs,
        rp_id_hash=data.rp_id_hash,
    )


def made_for(passkey: ImportedPasskey, rp_id: str | None) -> bool:
    """Whether the passkey belongs to ``rp_id`` (a domain). Passkeys whose registration is
    gone (only their key was kept) are taken on trust: an assertion checks it anyway."""
    if rp_id is None or passkey.rp_id_hash is None:
        return True
    return passkey.rp_id_hash == hashlib.sha256(rp_id.encode()).digest()
