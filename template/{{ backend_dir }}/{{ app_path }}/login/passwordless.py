"""Signing in with a passkey alone. A discoverable passkey whose authenticator verified
its user (a fingerprint, a face, a PIN) is both factors at once: something the user has,
unlocked by something they are or know. No password is asked for.

The options name no one (``passkeys.services.passwordless_options``); the answer says
whose passkey it is, by its credential ID and the user handle the authenticator keeps with
it, and is checked as a second step's is: once, its signature count moving forward, and
within the user's limit on failures.

Credential IDs are no secret (a second step's options list them), so an answer counts
against its user's limit only once it carries that passkey's user handle, which only the
authenticator and the user's own session ever saw: otherwise anyone could lock a user out
with made-up answers naming their passkey.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.utils import timezone
from webauthn.helpers import parse_authentication_credential_json, parse_client_data_json

from ..exceptions import TwoFactorError
from ..models import Passkey, TwoFactorProfile
from ..passkeys.assertions import MALFORMED, credential_key, parse_answer, passkey_accept
from ..passkeys.challenges import challenge_digest, challenge_take
from ..services import lock_profile_with_user
from . import failure_limit
from .services import Verified

T = TypeVar("T")

PURPOSE = "passwordless"


def passwordless_sign_in(*, assertion: dict, sign_in: Callable[[Verified], T], request) -> T:
    """``sign_in(verified)`` once ``assertion`` (PublicKeyCredential JSON) answers
    ``passwordless_options`` with one of the user's passkeys, its user verified; raises
    ``passkey_invalid`` or ``passkey_unknown`` (or ``throttled``) otherwise."""
    parsed = parse_answer(parse_authentication_credential_json, assertion)
    try:
        binding = challenge_digest(
            parse_client_data_json(parsed.response.client_data_json).challenge
        )
    except MALFORMED as malformed:
        raise TwoFactorError("passkey_invalid") from malformed
    # Spent first, whatever comes of the answer: one answer per challenge.
    expected = challenge_take(PURPOSE, binding)
    if expected is None:
        raise TwoFactorError("passkey_invalid")
    passkey = Passkey.objects.filter(credential_id_sha256=credential_key(parsed.raw_id)).first()
    if passkey is None:
        raise TwoFactorError("passkey_unknown")
    with transaction.atomic():
        # Taking turns with the user's other sign-ins, as login_verify does.
        profile = lock_profile_with_user(passkey.user_id)
        _check(profile, passkey, parsed.response.user_handle)
        try:
            passkey_accept(
                profile,
                assertion,
                purpose=PURPOSE,
                binding=binding,
                expected=expected,
                request=request,
                # As for a code: right, but only while the per-user limit allows a check.
                only_if=failure_limit.within_limit(timezone.now()),
                user_verified=True,
            )
        except TwoFactorError as refusal:
            error = refusal
            failure_limit.record_failure(profile)
        else:
            signed_in = sign_in(Verified(profile.user, "passwordless"))
            error = None
    if error is not None:
        # Raised after the commit: the failure it counted must stay.
        raise error
    return signed_in


def _check(profile: TwoFactorProfile | None, passkey: Passkey, user_handle: bytes | None) -> None:
    """The passkey's account may sign in, and the answer carries the handle its passkey
    was registered with (an imported passkey keeps its library's), which names this
    account and no other. Refused without counting: see the module's docstring."""
    if profile is None or not profile.user.is_active:
        raise TwoFactorError("passkey_unknown")
    registered = bytes(passkey.user_handle) or bytes(profile.passkey_user_handle)
    if not user_handle or user_handle != registered:
        raise TwoFactorError("passkey_unknown")
    failure_limit.refuse_if_over(profile)
    failure_limit.refuse_if_early(profile)
