"""Checking what a passkey signed: an assertion against the challenge issued for it, once,
with its signature count moving forward. Registration and the sign-in both build on it.
"""

import hashlib

from django.db.models import Q
from django.utils import timezone
from webauthn import verify_authentication_response
from webauthn.helpers import parse_authentication_credential_json, parse_client_data_json
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, WebAuthnException
from webauthn.helpers.structs import AuthenticationCredential, RegistrationCredential

from .. import audit
from ..exceptions import TwoFactorError
from ..models import Passkey, TwoFactorProfile
from . import relying_party
from .challenges import challenge_take

# What a malformed answer raises on its way through py_webauthn's parsers and attestation
# checks (some formats index into lists the answer left empty: LookupError).
MALFORMED = (WebAuthnException, ValueError, TypeError, LookupError, AttributeError)


def credential_key(credential_id: bytes) -> str:
    """The lookup key of a credential ID (Passkey.credential_id_sha256)."""
    return hashlib.sha256(credential_id).hexdigest()


def passkey_accept(
    profile: TwoFactorProfile,
    assertion: dict,
    *,
    purpose: str,
    binding: object,
    request,
    only_if: Q | None = None,
    user_verified: bool = False,
    expected: bytes | None = None,
    read_with_profile: bool = False,
) -> Passkey:
    """Check an assertion of one of the profile's user's passkeys against the challenge
    issued for ``purpose`` and ``binding``, once; raises ``passkey_invalid`` or
    ``passkey_unknown``.

    A right signature whose count does not move forward (another authenticator holds the
    key: a clone) is refused and recorded; a replayed answer already fails on its spent
    challenge. ``only_if``: as for ``totp_code_accept``, the profile must still
    meet it when the count is saved. ``user_verified``: the authenticator must have
    verified its user (a fingerprint, a PIN), for a passkey that stands for both factors.
    ``expected``: the challenge, when the caller has taken it already (else the one the
    answer carries is taken).
    ``read_with_profile``: the profile came with the passkey the answer names
    (``lock_profile_with_user``'s ``passkey_key``): no query of its own.
    """
    parsed = parse_answer(parse_authentication_credential_json, assertion)
    if expected is None:
        expected = answered_challenge(parsed)
        if not challenge_take(purpose, binding, expected):
            raise TwoFactorError("passkey_invalid")
    # Another user's passkey is as unknown as one never registered: nothing to enumerate.
    if read_with_profile:
        passkey = profile.passkey_answering
    else:
        passkey = Passkey.objects.filter(
            user_id=profile.user_id, credential_id_sha256=credential_key(parsed.raw_id)
        ).first()
    if passkey is None:
        raise TwoFactorError("passkey_unknown")
    checks = {
        "credential": parsed,
        "expected_challenge": expected,
        "expected_rp_id": relying_party.rp_id(request),
        "expected_origin": relying_party.expected_origins(request, origin_of(parsed)),
        "credential_public_key": bytes(passkey.public_key),
        "require_user_verification": user_verified,
    }
    try:
        verified = verify_authentication_response(
            **checks, credential_current_sign_count=passkey.sign_count
        )
    except InvalidAuthenticationResponse as refused:
        if _signed_with_an_old_count(checks):
            suspected = audit.PASSKEY_CLONE_SUSPECTED
            audit.record_event(suspected, user=profile.user, request=request, passkey=passkey.pk)
        raise TwoFactorError("passkey_invalid") from refused
    except MALFORMED as malformed:
        raise TwoFactorError("passkey_invalid") from malformed
    # The conditional update is the guard: of two answers read with one count, one moves it.
    moved = Passkey.objects.filter(pk=passkey.pk, sign_count=passkey.sign_count)
    if only_if is not None:
        limited = TwoFactorProfile.objects.filter(only_if, pk=profile.pk)
        moved = moved.filter(user__in=limited.values("user_id"))
    if not moved.update(
        sign_count=verified.new_sign_count,
        backed_up=verified.credential_backed_up,
        last_used_at=timezone.now(),
    ):
        raise TwoFactorError("passkey_invalid")
    return passkey


def answer_key(assertion: dict) -> str | None:
    """The lookup key of the passkey an answer names; None for an answer that names none
    (passkey_accept refuses it)."""
    try:
        return credential_key(parse_authentication_credential_json(assertion).raw_id)
    except MALFORMED:
        return None


def _signed_with_an_old_count(checks: dict) -> bool:
    """Whether the refused assertion is right but for its signature count: then another
    authenticator holds the same key."""
    try:
        verify_authentication_response(**checks, credential_current_sign_count=0)
    except MALFORMED:
        return False
    return True


def parse_answer(parse, answer: dict):
    try:
        return parse(answer)
    except MALFORMED as malformed:
        raise TwoFactorError("passkey_invalid") from malformed


def answered_challenge(parsed: AuthenticationCredential | RegistrationCredential) -> bytes | None:
    """The challenge the answer carries back in its client data; None when unreadable."""
    try:
        return parse_client_data_json(parsed.response.client_data_json).challenge
    except MALFORMED:
        return None


def origin_of(parsed: AuthenticationCredential | RegistrationCredential) -> str | None:
    try:
        return parse_client_data_json(parsed.response.client_data_json).origin
    except MALFORMED:
        return None  # then no origin is expected, and py_webauthn refuses the answer
