"""Passkeys: registering one, naming and removing it, and checking what it signs.

Views validate input and call one function here. py_webauthn does the WebAuthn work
(options, attestation, signatures); this module decides who may do what and keeps every
challenge and every signature count single-use. A passkey's public key is no secret: it
is stored as the authenticator's COSE bytes.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    parse_authentication_credential_json,
    parse_client_data_json,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, WebAuthnException
from webauthn.helpers.structs import (
    AuthenticationCredential,
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    CredentialDeviceType,
    PublicKeyCredentialDescriptor,
    RegistrationCredential,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from .. import app_settings, audit
from ..backup_codes.store import backup_code_consume, replace_backup_codes
from ..exceptions import TwoFactorError
from ..models import Passkey, TwoFactorProfile
from ..revocation import revoke_credentials
from ..services import drop_backup_codes_unless_a_factor_remains, has_second_factor, lock_profile
from ..totp.services import totp_code_accept
from . import relying_party
from .challenges import challenge_issue, challenge_take

# What a malformed answer raises on its way through py_webauthn's parsers and attestation
# checks (some formats index into lists the answer left empty: LookupError).
_MALFORMED = (WebAuthnException, ValueError, TypeError, LookupError, AttributeError)
# The transports py_webauthn knows; a browser may report newer ones, which are left out.
_TRANSPORTS = {transport.value for transport in AuthenticatorTransport}


@dataclass(frozen=True)
class Registered:
    passkey: Passkey
    # The account's backup codes when this passkey is its first second factor, else None.
    backup_codes: list[str] | None


def credential_key(credential_id: bytes) -> str:
    """The lookup key of a credential ID (Passkey.credential_id_sha256)."""
    return hashlib.sha256(credential_id).hexdigest()


def registration_options(*, user, request) -> dict:
    """The options of ``navigator.credentials.create()`` (PublicKeyCredentialCreationOptionsJSON)
    for a new passkey of ``user``; its challenge waits for ``register_passkey``."""
    options = generate_registration_options(
        rp_id=relying_party.rp_id(request),
        rp_name=app_settings.WEBAUTHN_RP_NAME,
        user_name=user.get_username(),
        user_id=_user_handle(user),
        user_display_name=user.get_username(),
        challenge=challenge_issue("register", user.pk),
        timeout=app_settings.CHALLENGE_TIMEOUT * 1000,
        # Discoverable where the authenticator can (passwordless sign-in needs it), and
        # the user verified where it can: neither is demanded of a plain security key.
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        # One passkey per authenticator: the browser refuses to make a second.
        exclude_credentials=_descriptors(Passkey.objects.filter(user=user)),
    )
    return json.loads(options_to_json(options))


def reauthentication_options(*, user, request) -> dict:
    """The options of ``navigator.credentials.get()`` that prove a fresh second factor with
    one of ``user``'s passkeys, before adding or removing one."""
    return _assertion_options(
        request, challenge_issue("reauthenticate", user.pk), Passkey.objects.filter(user=user)
    )


def login_options(*, request, user_id: object, binding: str) -> dict:
    """The options of ``navigator.credentials.get()`` for the second step of a sign-in:
    the user's passkeys, the challenge bound to ``binding`` (the login challenge's)."""
    return _assertion_options(
        request, challenge_issue("login", binding), Passkey.objects.filter(user_id=user_id)
    )


def register_passkey(
    *, user, request, credential: dict, name: str, code: str = "", assertion: dict | None = None
) -> Registered:
    """Store the passkey that answered ``registration_options``.

    When the user already has a second factor, adding one needs it afresh: an
    authenticator code or an ``assertion`` of one of their passkeys (a backup code is
    refused, as for new backup codes). A first passkey turns two-factor sign-in on: the
    account's backup codes are issued, and the user's credentials revoked (they were
    issued without a second factor, which the policy may now demand).
    """
    with transaction.atomic():
        profile = lock_profile(user)
        first = not has_second_factor(profile)
        if not first:
            _confirm_fresh_factor(profile, request, code, assertion, allow_backup=False)
        expected = challenge_take("register", user.pk)
        if expected is None:
            raise TwoFactorError("no_pending_setup")
        verified, transports = _verified_registration(request, credential, expected)
        key = credential_key(verified.credential_id)
        if Passkey.objects.filter(credential_id_sha256=key).exists():
            raise TwoFactorError("passkey_invalid")  # already registered, here or by another user
        try:
            # Savepoint: a parallel registration of the same credential loses here.
            with transaction.atomic():
                passkey = _create_passkey(user, profile, verified, key, name, transports)
        except IntegrityError as taken:
            raise TwoFactorError("passkey_invalid") from taken
        codes = replace_backup_codes(user) if first else None
        if first:
            revoke_credentials(user)
    audit.record_event(audit.PASSKEY_ADDED, user=user, request=request, passkey=passkey.pk)
    return Registered(passkey=passkey, backup_codes=codes)


def _create_passkey(user, profile, verified, key: str, name: str, transports: list[str]) -> Passkey:
    return Passkey.objects.create(
        user=user,
        name=name,
        credential_id=verified.credential_id,
        credential_id_sha256=key,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        user_handle=bytes(profile.passkey_user_handle),
        transports=transports,
        aaguid=verified.aaguid,
        backup_eligible=verified.credential_device_type == CredentialDeviceType.MULTI_DEVICE,
        backed_up=verified.credential_backed_up,
    )


def rename_passkey(*, user, passkey_id: object, name: str) -> Passkey:
    passkey = _passkey_of(user, passkey_id)
    passkey.name = name
    passkey.save(update_fields=["name"])
    return passkey


def remove_passkey(
    *, user, request, passkey_id: object, code: str = "", assertion: dict | None = None
) -> bool:
    """Remove a passkey after a fresh second factor (an authenticator or backup code, or an
    assertion of any of the user's passkeys, this one too); the user's credentials are
    revoked. Removing the last second factor turns two-factor sign-in off and wipes the
    backup codes. Returns whether it is still on."""
    with transaction.atomic():
        profile = lock_profile(user)
        passkey = _passkey_of(user, passkey_id)
        _confirm_fresh_factor(profile, request, code, assertion, allow_backup=True)
        passkey.delete()
        drop_backup_codes_unless_a_factor_remains(profile)
        still_on = has_second_factor(profile)
        revoke_credentials(user)
    audit.record_event(audit.PASSKEY_REMOVED, user=user, request=request, passkey=passkey_id)
    return still_on


def passkey_accept(
    profile: TwoFactorProfile,
    assertion: dict,
    *,
    purpose: str,
    binding: object,
    request,
    only_if: Q | None = None,
) -> Passkey:
    """Check an assertion of one of the profile's user's passkeys against the challenge
    issued for ``purpose`` and ``binding``, once; raises ``passkey_invalid`` or
    ``passkey_unknown``.

    A right signature whose count does not move forward (another authenticator holds the
    key: a clone) is refused and recorded; a replayed answer already fails on its spent
    challenge. ``only_if``: as for ``totp_code_accept``, the profile must still
    meet it when the count is saved.
    """
    parsed = _parsed(parse_authentication_credential_json, assertion)
    expected = challenge_take(purpose, binding)
    if expected is None:
        raise TwoFactorError("passkey_invalid")
    # Another user's passkey is as unknown as one never registered: nothing to enumerate.
    passkey = Passkey.objects.filter(
        user_id=profile.user_id, credential_id_sha256=credential_key(parsed.raw_id)
    ).first()
    if passkey is None:
        raise TwoFactorError("passkey_unknown")
    checks = {
        "credential": parsed,
        "expected_challenge": expected,
        "expected_rp_id": relying_party.rp_id(request),
        "expected_origin": relying_party.expected_origins(request, _origin(parsed)),
        "credential_public_key": bytes(passkey.public_key),
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
    except _MALFORMED as malformed:
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


def _confirm_fresh_factor(
    profile: TwoFactorProfile, request, code: str, assertion: dict | None, *, allow_backup: bool
) -> str:
    """The second factor, proved again for a change to the user's factors: "passkey",
    "totp" or "backup"; raises when none is right."""
    if assertion is not None:
        passkey_accept(
            profile, assertion, purpose="reauthenticate", binding=profile.user_id, request=request
        )
        return "passkey"
    if profile.totp_enabled and code and totp_code_accept(profile, code):
        return "totp"
    if allow_backup and code and backup_code_consume(profile.user, code):
        return "backup"
    raise TwoFactorError("invalid_code")


def _signed_with_an_old_count(checks: dict) -> bool:
    """Whether the refused assertion is right but for its signature count: then another
    authenticator holds the same key."""
    try:
        verify_authentication_response(**checks, credential_current_sign_count=0)
    except _MALFORMED:
        return False
    return True


def _verified_registration(request, credential: dict, expected: bytes):
    parsed: RegistrationCredential = _parsed(parse_registration_credential_json, credential)
    try:
        verified = verify_registration_response(
            credential=parsed,
            expected_challenge=expected,
            expected_rp_id=relying_party.rp_id(request),
            expected_origin=relying_party.expected_origins(request, _origin(parsed)),
        )
    except _MALFORMED as refused:
        raise TwoFactorError("passkey_invalid") from refused
    transports = [transport.value for transport in parsed.response.transports or []]
    return verified, transports


def _parsed(parse, answer: dict):
    try:
        return parse(answer)
    except _MALFORMED as malformed:
        raise TwoFactorError("passkey_invalid") from malformed


def _origin(parsed: AuthenticationCredential | RegistrationCredential) -> str | None:
    try:
        return parse_client_data_json(parsed.response.client_data_json).origin
    except _MALFORMED:
        return None  # then no origin is expected, and py_webauthn refuses the answer


def _assertion_options(request, challenge: bytes, passkeys) -> dict:
    options = generate_authentication_options(
        rp_id=relying_party.rp_id(request),
        challenge=challenge,
        timeout=app_settings.CHALLENGE_TIMEOUT * 1000,
        allow_credentials=_descriptors(passkeys),
        # A second factor: the password came first, so presence is enough.
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return json.loads(options_to_json(options))


def _descriptors(passkeys) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(
            id=bytes(credential_id),
            transports=[AuthenticatorTransport(name) for name in transports if name in _TRANSPORTS]
            or None,
        )
        for credential_id, transports in passkeys.values_list("credential_id", "transports")
    ]


def _passkey_of(user, passkey_id: object) -> Passkey:
    try:
        passkey = Passkey.objects.filter(user=user, pk=passkey_id).first()
    except (ValueError, TypeError):
        passkey = None  # not a passkey's id at all: as unknown as another user's
    if passkey is None:
        raise TwoFactorError("passkey_unknown")
    return passkey


def _user_handle(user) -> bytes:
    """The user's WebAuthn user handle, made on first use: 32 random bytes."""
    profile, _ = TwoFactorProfile.objects.get_or_create(user=user)
    if not profile.passkey_user_handle:
        # Of two first registrations at once, one handle is kept and both use it.
        TwoFactorProfile.objects.filter(pk=profile.pk, passkey_user_handle=b"").update(
            passkey_user_handle=secrets.token_bytes(32)
        )
        profile.refresh_from_db(fields=["passkey_user_handle"])
    return bytes(profile.passkey_user_handle)
