"""A software authenticator for the tests: it makes real WebAuthn answers (``none``
attestation; ES256 or EdDSA signatures) as a browser would hand them to the server, so
py_webauthn checks real signatures, not mocks."""

import base64
import copy
import hashlib
import json
import os
from collections.abc import Callable

import cbor2
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

# Authenticator data flags (WebAuthn section 6.1).
USER_PRESENT, USER_VERIFIED, BACKUP_ELIGIBLE, BACKED_UP, ATTESTED = 0x01, 0x04, 0x08, 0x10, 0x40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class SoftAuthenticator:
    def __init__(self, algorithm: str = "ES256", *, synced: bool = False):
        self.algorithm = algorithm
        if algorithm == "ES256":
            self.key = ec.generate_private_key(ec.SECP256R1())
        else:
            self.key = ed25519.Ed25519PrivateKey.generate()
        self.credential_id = os.urandom(16)
        self.sign_count = 0
        self.synced = synced
        self.user_handle = b""

    def cloned(self) -> "SoftAuthenticator":
        """Another authenticator holding the same key and count (what a cloned key is)."""
        return copy.copy(self)

    def register(
        self,
        options: dict,
        *,
        origin: str,
        rp_id: str | None = None,
        user_verified: bool = True,
        attestation: tuple[str, dict] | Callable[[bytes, bytes], tuple[str, dict]] = ("none", {}),
    ) -> dict:
        """The answer of ``navigator.credentials.create(options)`` on ``origin``, with
        ``attestation``'s format and statement (``none`` as passkeys send it), or what it
        makes of the authenticator data and the client data."""
        self.user_handle = base64.urlsafe_b64decode(options["user"]["id"] + "==")
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        auth_data = self._auth_data(rp_id or options["rp"]["id"], user_verified, attested=True)
        if callable(attestation):
            attestation = attestation(auth_data, client_data)
        fmt, statement = attestation
        encoded = cbor2.dumps({"fmt": fmt, "attStmt": statement, "authData": auth_data})
        response = {"attestationObject": encoded, "transports": ["internal", "hybrid"]}
        return {
            **self._credential(client_data, response),
            "authenticatorAttachment": "platform",
        }

    def assertion(
        self,
        options: dict,
        *,
        origin: str,
        rp_id: str | None = None,
        challenge: str | None = None,
        user_verified: bool = True,
    ) -> dict:
        """The answer of ``navigator.credentials.get(options)`` on ``origin``; the count
        goes up by one, as a careful authenticator's does."""
        self.sign_count += 1
        client_data = self._client_data("webauthn.get", challenge or options["challenge"], origin)
        auth_data = self._auth_data(rp_id or options["rpId"], user_verified, attested=False)
        signed = auth_data + hashlib.sha256(client_data).digest()
        if self.algorithm == "ES256":
            signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        else:
            signature = self.key.sign(signed)
        response = {
            "authenticatorData": auth_data,
            "signature": signature,
            "userHandle": self.user_handle,
        }
        return self._credential(client_data, response)

    def _credential(self, client_data: bytes, response: dict) -> dict:
        """A PublicKeyCredential as its JSON form: the bytes of ``response`` in base64url."""
        encoded = {
            name: b64url(value) if isinstance(value, bytes) else value
            for name, value in response.items()
        }
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {"clientDataJSON": b64url(client_data), **encoded},
            "clientExtensionResults": {},
        }

    def _client_data(self, kind: str, challenge: str, origin: str) -> bytes:
        fields = {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}
        return json.dumps(fields).encode()

    def _auth_data(self, rp_id: str, user_verified: bool, *, attested: bool) -> bytes:
        flags = USER_PRESENT | (USER_VERIFIED if user_verified else 0)
        if self.synced:
            flags |= BACKUP_ELIGIBLE | BACKED_UP
        if attested:
            flags |= ATTESTED
        data = hashlib.sha256(rp_id.encode()).digest() + bytes([flags])
        data += self.sign_count.to_bytes(4, "big")
        if attested:
            credential = len(self.credential_id).to_bytes(2, "big") + self.credential_id
            data += bytes(16) + credential + self.public_key()  # AAGUID: none given
        return data

    def public_key(self) -> bytes:
        """The credential's public key as COSE bytes, as a registration delivers it."""
        # RFC 9053: kty 2 (EC2) with alg -7, crv 1 (P-256); kty 1 (OKP) with alg -8, crv 6.
        public = self.key.public_key()
        if self.algorithm == "ES256":
            numbers = public.public_numbers()
            x, y = numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")
            return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: x, -3: y})
        raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return cbor2.dumps({1: 1, 3: -8, -1: 6, -2: raw})
