"""Passkeys: registering one, naming and removing it, and checking what it signs.

Views validate input and call one function here. py_webauthn does the WebAuthn work
(options, attestation, signatures); this module decides who may do what and keeps every
challenge and every signature count single-use. A passkey's public key is no secret: it
is stored as the authenticator's COSE bytes.
"""

import json
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_registration_response,
)
from webauthn.helpers import (
    parse_registration_credential_json,
)
from webauthn.helpers.structs import (
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
from .assertions import (
    MALFORMED,
    answered_challenge,
    credential_key,
    origin_of,
    parse_answer,
    passkey_accept,
)
from .challenges import challenge_issue, challenge_take

# The transports py_webauthn knows; a browser may report newer ones, which are left out.
_TRANSPORTS = {transport.value for transport in AuthenticatorTransport}


@dataclass(frozen=True)
class Registered:
    passkey: Passkey
    # The account's backup codes when this passkey is its first second factor (the user's
    # credentials were then revoked), else None.
    backup_codes: list[str] | None


@dataclass(frozen=True)
class Removed:
    # Whether a second factor remains: removing the last one turned two-factor sign-in off.
    still_on: bool
    # How the user proved the change ("passkey", "totp" or "backup").
    method: str


def user_passkeys(user):
    """The user's passkeys, oldest first."""
    return Passkey.objects.filter(user=user)


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


def passwordless_options(*, request) -> dict:
    """The options of ``navigator.credentials.get()`` for a sign-in with a passkey alone:
    no user named and no passkey listed (the authenticator offers the site's own), the
    user verified by the authenticator, and a challenge bound to nothing but itself."""
    options = generate_authentication_options(
        rp_id=relying_party.rp_id(request),
        challenge=challenge_issue("passwordless"),
        timeout=app_settings.CHALLENGE_TIMEOUT * 1000,
        # Both factors in one: something the user has, unlocked by something they are or
        # know.
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return json.loads(options_to_json(options))


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
        refusal = None
        if not first:
            _, refusal = _prove(profile, request, code, assertion, allow_backup=False)
        if refusal is None:
            try:
                passkey = _register(user, profile, request, credential, name)
            except TwoFactorError as refused:
                # Raised after the commit: the code or passkey just proved stays used.
                refusal = refused
            else:
                codes = replace_backup_codes(user) if first else None
                if first:
                    revoke_credentials(user)
    if refusal is not None:
        raise refusal
    audit.record_event(audit.PASSKEY_ADDED, user=user, request=request, passkey=passkey.pk)
    return Registered(passkey=passkey, backup_codes=codes)


def _register(user, profile, request, credential: dict, name: str) -> Passkey:
    parsed: RegistrationCredential = parse_answer(parse_registration_credential_json, credential)
    expected = answered_challenge(parsed)
    if not challenge_take("register", user.pk, expected):
        raise TwoFactorError("no_pending_setup")
    verified, transports = _verified_registration(request, parsed, expected)
    key = credential_key(verified.credential_id)
    if Passkey.objects.filter(credential_id_sha256=key).exists():
        raise TwoFactorError("passkey_invalid")  # already registered, here or by another user
    try:
        # Savepoint: a parallel registration of the same credential loses here.
        with transaction.atomic():
            return _create_passkey(user, profile, verified, key, name, transports)
    except IntegrityError as taken:
        raise TwoFactorError("passkey_invalid") from taken


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
) -> Removed:
    """Remove a passkey after a fresh second factor (an authenticator or backup code, or an
    assertion of any of the user's passkeys, this one too); the user's credentials are
    revoked. Removing the last second factor turns two-factor sign-in off and wipes the
    backup codes."""
    with transaction.atomic():
        profile = lock_profile(user)
        passkey = _passkey_of(user, passkey_id)
        method, refusal = _prove(profile, request, code, assertion, allow_backup=True)
        if refusal is None:
            passkey.delete()
            drop_backup_codes_unless_a_factor_remains(profile)
            still_on = has_second_factor(profile)
            revoke_credentials(user)
    if refusal is not None:
        raise refusal
    audit.record_event(audit.PASSKEY_REMOVED, user=user, request=request, passkey=passkey_id)
    return Removed(still_on=still_on, method=method)


def confirm_fresh_factor(
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


def _prove(
    profile: TwoFactorProfile, request, code: str, assertion: dict | None, *, allow_backup: bool
) -> tuple[str, TwoFactorError | None]:
    """``confirm_fresh_factor``'s method, or its refusal returned: raised inside the
    caller's transaction, it would undo what the refusal recorded (a cloned key's audit
    event)."""
    try:
        return confirm_fresh_factor(
            profile, request, code, assertion, allow_backup=allow_backup
        ), None
    except TwoFactorError as refusal:
        return "", refusal


def _verified_registration(request, parsed: RegistrationCredential, expected: bytes):
    try:
        verified = verify_registration_response(
            credential=parsed,
            expected_challenge=expected,
            expected_rp_id=relying_party.rp_id(request),
            expected_origin=relying_party.expected_origins(request, origin_of(parsed)),
        )
    except MALFORMED as refused:
        raise TwoFactorError("passkey_invalid") from refused
    transports = [transport.value for transport in parsed.response.transports or []]
    return verified, transports


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


# The largest id a BigAutoField holds: a larger one overflows the database's integer.
_MAX_ID = 2**63 - 1


def _passkey_of(user, passkey_id: object) -> Passkey:
    text = str(passkey_id)
    # Not a passkey's id at all (letters, a sign, too many digits): as unknown as another
    # user's, and never handed to the database.
    is_id = text.isascii() and text.isdigit() and 0 < int(text) <= _MAX_ID
    passkey = Passkey.objects.filter(user=user, pk=int(text)).first() if is_id else None
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
