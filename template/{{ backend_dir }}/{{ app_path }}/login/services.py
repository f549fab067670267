"""The two-phase login: password, then a second step. Views validate input and call one
function.

For a user with a second factor (a passkey, an authenticator app), the step is a passkey's
assertion, or a code: an authenticator code, a backup code, or a code sent by SMS/email
through ``login_resend``, tried in that order. Users without one get a code by SMS (when
they have a phone) or email at the password step.
"""

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth import authenticate, get_user_model
from django.db import transaction
from django.db.models import Exists
from django.utils import timezone

from .. import app_settings
from ..backup_codes.store import backup_code_consume, backup_codes_remaining
from ..cache_store import cache_key, get_cache
from ..delivery import (
    DeliveryError,
    email_address,
    mask_email,
    mask_phone,
    phone_number,
    send_limits,
    send_login_code,
)
from ..exceptions import TwoFactorError, throttled
from ..messages import (
    NOTICE_FALLBACK_SIGN_IN,
    NOTICE_FALLBACK_SIGN_IN_SUBJECT,
    NOTICE_WRONG_CODES,
    NOTICE_WRONG_CODES_SUBJECT,
)
from ..models import Passkey, TwoFactorProfile, profile_of
from ..notices import send_notice
from ..passkeys.assertions import answer_key
from ..passkeys.services import login_options, passkey_accept
from ..services import has_second_factor, lock_profile, lock_profile_with_user
from ..totp.codes import normalize_code
from ..totp.services import totp_code_accept
from . import failure_limit, password_limit
from .challenges import (
    Challenge,
    challenge_attempt,
    challenge_create,
    challenge_get,
    challenge_set_channel,
    challenge_spend,
)
from .sent_codes import login_code_carry_over, login_code_consume, login_code_matches

T = TypeVar("T")


@dataclass(frozen=True)
class ChannelInfo:
    """Where the code goes: login/resend/'s body and part of login/'s, sent as it is."""

    otp_channel: str
    phone_masked: str | None
    has_phone: bool
    email_masked: str | None  # only when the code went by email
    # What the client may offer next: the channels login/resend/ accepts for this user,
    # and the seconds before it sends again on ``otp_channel`` (0: nothing was sent) and
    # on each of ``channels`` (a reload must not offer a channel that would refuse).
    channels: list[str]
    resend_cooldown: int
    resend_cooldowns: dict[str, int]


@dataclass(frozen=True)
class Verified:
    """A code step passed: who, how (``method``, see SENT_CODE_METHODS), and after a
    backup code how many unused ones are left (None for any other code)."""

    user: object
    method: str
    backup_codes_left: int | None = None


@dataclass(frozen=True)
class LoginStart:
    user: object
    challenge: Challenge | None  # None: no second step, sign the user in now
    resend_cooldown: int = 0
    # The user's second factors, the one to offer first first (see second_factor_methods).
    methods: tuple[str, ...] = ()

    @property
    def otp_required(self) -> bool:
        return self.challenge is not None


def login_start(
    *,
    request,
    username: str,
    password: str,
    may_sign_in: Callable[[object], bool] | None = None,
) -> LoginStart:
    """Check the password; start the second step, sending a code when the user has no
    second factor.

    ``may_sign_in(user)``: whether this sign-in is open to the user (the admin's asks for
    staff); when it is not, the answer is a wrong password's and no code is sent.
    """
    # authenticate() runs the project's backends, their timing defences and signals.
    user = authenticate(request, username=username, password=password)
    # Some backends (AllowAllUsersModelBackend) let inactive users through; we do not.
    if user is None or not user.is_active:
        # Counted per user (and per unknown name, answered alike): see password_limit.
        password_limit.record_failure(username)
        raise TwoFactorError("invalid_credentials", params={"username": _username_label()})
    profile = profile_of(user)
    # The right password too, while the user is over the limit.
    password_limit.refuse_if_over(profile)
    if may_sign_in is not None and not may_sign_in(user):
        raise TwoFactorError("invalid_credentials", params={"username": _username_label()})
    methods = second_factor_methods(profile) if profile else ()
    if methods:
        challenge = challenge_create(user_id=user.pk, channel=methods[0])
        return LoginStart(user, challenge, methods=methods)
    if not app_settings.OTP_FOR_ALL_USERS:
        return LoginStart(user, None)
    channel = _default_channel(user)
    if channel is None:
        raise TwoFactorError("channel_unavailable")
    failure_limit.refuse_if_over(profile)
    challenge = challenge_create(user_id=user.pk, channel=channel)
    # Signing in again a moment later (a reload) must not fail: the code sent then still
    # works, on the new challenge.
    try:
        channel, wait = _send(user, channel, challenge, reuse_recent=True, fall_back=True)
    except TwoFactorError:
        challenge_spend(challenge)
        raise
    if channel != challenge.channel:
        challenge = challenge_set_channel(challenge, channel)
    return LoginStart(user, challenge, wait)


def second_factor_methods(profile: TwoFactorProfile) -> tuple[str, ...]:
    """The ways the user can pass the second step without a sent code, phishing-resistant
    first: "passkey", "totp", and "backup_code" beside either. Empty: no second factor."""
    # A passkey's registration gives the profile its WebAuthn user handle first: a user
    # who never had one costs the password step no query. A project rendered without
    # passkeys offers none, even to users who added them before.
    has_passkey = (
        app_settings.PASSKEYS
        and bool(profile.passkey_user_handle)
        and Passkey.objects.filter(user=profile.user_id).exists()
    )
    methods = ("passkey",) if has_passkey else ()
    if profile.totp_enabled:
        methods += ("totp",)
    return (*methods, "backup_code") if methods else ()


def login_passkey_options(*, request, token: str) -> dict:
    """The options of ``navigator.credentials.get()`` for this challenge's user: their
    passkeys, and a WebAuthn challenge bound to the login challenge (a new one each time:
    a refused assertion used its up)."""
    challenge = _live_challenge(token)
    user = _challenge_user(challenge)
    if not Passkey.objects.filter(user=user).exists():
        raise TwoFactorError("passkey_unknown")
    return login_options(request=request, user_id=user.pk, binding=_passkey_binding(token))


def _passkey_binding(token: str) -> str:
    # The login challenge's digest: the token itself is a bearer secret, kept out of keys.
    return hashlib.sha256(token.encode()).hexdigest()


def login_verify(
    *,
    token: str,
    code: str = "",
    passkey: dict | None = None,
    sign_in: Callable[[Verified], T],
    request=None,
) -> T:
    """``sign_in(verified)``, once a code for this challenge is right, or the ``passkey``
    assertion (PublicKeyCredential JSON) answering ``login_passkey_options``; the challenge
    is then spent. Either counts against the challenge's attempts and the user's limit.

    One user's verifications take turns: each locks the user's ``TwoFactorProfile`` row,
    as the enrollment endpoints do, from reading the challenge again to signing the user
    in, so requests reaching several workers at once are judged one after another.
    Without row locks (SQLite) the challenge's up-front attempts and the conditional
    updates still keep every code single-use and both limits in force.
    """
    challenge = _live_challenge(token)
    with transaction.atomic():
        # Counted only for a code shaped like a backup code: an authenticator's or a sent
        # code's sign-in does not pay for it.
        profile = lock_profile_with_user(
            challenge.user_id,
            count_backup_codes=passkey is None and normalize_code(code) is None,
            # The passkey the answer names, read with the profile: no query of its own.
            passkey_key=answer_key(passkey) if passkey is not None else None,
        )
        try:
            method = _verify_in_turn(token, profile, code, passkey, request)
        except TwoFactorError as refusal:
            error = refusal
        else:
            # In the same transaction: the code is used up only if the sign-in (last_login,
            # a token row) is saved, and both take one commit.
            left = _backup_codes_left(profile) if method == "backup" else None
            signed_in = sign_in(Verified(profile.user, method, left))
            error = None
    if error is not None:
        # Raised after the commit: what a refusal recorded (a wrong code counts) must stay.
        raise error
    if method in SENT_CODE_METHODS and has_second_factor(profile):
        _tell_of_fallback_sign_in(profile.user, method, request)
    return signed_in


def _backup_codes_left(profile: TwoFactorProfile) -> int:
    """The unused backup codes left once the one just used is spent."""
    counted = getattr(profile, "backup_codes_unused", None)
    if counted is None:
        # A 6-digit code taken for a TOTP one turned out to be an imported backup code.
        return backup_codes_remaining(profile.user)
    # Counted by the query that took the row lock, before this code was used up. On
    # PostgreSQL it is as of that query's start: a code another sign-in spent while this
    # one waited for the lock may still be counted (told, not enforced).
    return counted - 1


# How a second step was passed: "passkey", "totp" (an authenticator code), "backup", or a
# code sent by SMS ("phone"), by email, or by a channel this challenge did not ask ("sent").
SENT_CODE_METHODS = ("phone", "email", "sent")
_CHANNEL_NAMES = {"phone": "SMS", "email": "email", "sent": "SMS or email"}


def _tell_of_fallback_sign_in(user, method: str, request) -> None:
    """A user with a second factor signed in with a sent code instead (TOTP_FALLBACK):
    tell them through
    the other channel, so a stolen inbox or a swapped SIM cannot sign in unnoticed;
    through email when that is the only other way to reach them."""
    others = [channel for channel in CHANNELS if channel != method and _reachable(user, channel)]
    send_notice(
        user,
        NOTICE_FALLBACK_SIGN_IN_SUBJECT,
        NOTICE_FALLBACK_SIGN_IN,
        request=request,
        channels=others or [method],
        channel=_CHANNEL_NAMES[method],
    )


def _tell_of_wrong_codes(user, request) -> None:
    send_notice(
        user,
        NOTICE_WRONG_CODES_SUBJECT,
        NOTICE_WRONG_CODES,
        request=request,
        count=app_settings.CHALLENGE_MAX_ATTEMPTS,
    )


def _verify_in_turn(
    token: str, profile: TwoFactorProfile | None, code: str, passkey: dict | None, request
) -> str:
    """The way the step was passed ("passkey", "totp", "backup", "phone", "email"), or
    raise."""
    # Read again in turn: the request before this one may have spent it.
    challenge = _live_challenge(token)
    if profile is None or not profile.user.is_active:
        challenge_spend(challenge)
        raise TwoFactorError("challenge_invalid")
    failure_limit.refuse_if_over(profile)
    failure_limit.refuse_if_early(profile)
    # The challenge's attempt is taken before the code is checked, so parallel guesses
    # cannot outrun its limit; the per-user limit is the locked row's.
    left = challenge_attempt(challenge)
    if left is None:
        raise TwoFactorError("challenge_invalid")  # the challenge went meanwhile
    if left < 0:
        challenge_spend(challenge)
        raise TwoFactorError("too_many_attempts")
    try:
        if passkey is not None:
            method = _accept_passkey(profile, passkey, challenge, request)
        else:
            method = _accept_code(profile, code, challenge)
    except TwoFactorError as reused:
        # A replayed code, or a passkey answer refused: a wrong code for both limits too.
        refusal = reused
        if passkey is not None:
            refusal = TwoFactorError(reused.code, attempts_remaining=left)
    else:
        if method is not None:
            if not challenge_spend(challenge):
                raise TwoFactorError("challenge_invalid")  # a parallel request signed in first
            return method
        refusal = TwoFactorError("invalid_code", attempts_remaining=left)
    if left == 0:
        # The challenge's last attempt: its right password was followed only by wrong
        # codes. Told once per challenge (one request takes its last attempt), after the
        # commit, so that the notice's provider is not waited for with the row locked.
        user = profile.user
        transaction.on_commit(lambda: _tell_of_wrong_codes(user, request))
    failure_limit.record_failure(profile)
    if left == 0:
        challenge_spend(challenge)
        raise TwoFactorError("too_many_attempts")
    raise refusal


def login_resend(*, token: str, channel: str | None = None) -> ChannelInfo:
    """Send a new code, by the asked channel or phone first then email."""
    challenge = _live_challenge(token)
    user = _challenge_user(challenge)
    usable = usable_channels(user)  # also the answer's channels
    asked = channel
    if channel is None:
        channel = usable[0] if usable else None  # as _default_channel, without asking twice
    elif channel not in usable:
        channel = None
    if channel is None:
        raise TwoFactorError("channel_unavailable")
    channel, wait = _send(user, channel, challenge, fall_back=asked is None)
    with transaction.atomic():
        # In turn with the verifications: saving the channel of a challenge that one of
        # them has just spent would bring it back to life, with new attempts.
        lock_profile(user)
        challenge_set_channel(_live_challenge(token), channel)
    return channel_info(user, channel, resend_cooldown=wait, channels=usable)


def channel_info(
    user, channel: str, *, resend_cooldown: int = 0, channels: list[str] | None = None
) -> ChannelInfo:
    """The answer about ``channel`` ("totp", "phone" or "email"), the one the code is from."""
    phone = phone_number(user)
    if channels is None:
        channels = usable_channels(user)
    # The channel just used is known; the others' cooldowns are read, in one cache call.
    waits = _cooldowns_left(user, [other for other in channels if other != channel])
    waits[channel] = resend_cooldown
    return ChannelInfo(
        otp_channel=channel,
        phone_masked=mask_phone(phone),
        has_phone=bool(phone),
        email_masked=mask_email(email_address(user)) if channel == "email" else None,
        channels=channels,
        resend_cooldown=resend_cooldown,
        resend_cooldowns={usable: waits[usable] for usable in channels},
    )


def _sent_codes_allowed(profile: TwoFactorProfile | None) -> bool:
    # TOTP_FALLBACK off: the second factor of a user with an authenticator or a passkey
    # cannot be swapped for a code sent to an email or phone number that someone else may
    # control (SIM swap); their way back is a backup code.
    return app_settings.TOTP_FALLBACK or not (profile and has_second_factor(profile))


def _username_label() -> str:
    # What users sign in with, named by the user model: "username", or "email address"
    # for a model whose USERNAME_FIELD is its email.
    user_model = get_user_model()
    return str(user_model._meta.get_field(user_model.USERNAME_FIELD).verbose_name)


# The channels codes are sent by, in the order they are tried.
CHANNELS = ("phone", "email")


def _default_channel(user) -> str | None:
    usable = usable_channels(user)
    return usable[0] if usable else None


def usable_channels(user) -> list[str]:
    """The channels login/resend/ sends ``user`` a code by, in the order they are tried:
    login/ and login/resend/ list them, and clients offer these and no others."""
    return [channel for channel in CHANNELS if channel_usable(user, channel)]


def channel_usable(user, channel: str) -> bool:
    """Whether a code can be sent to ``user`` by ``channel`` ("phone" or "email"): a
    provider was chosen for it, the user has a number SMS may go to or an address, and
    sent codes are open to them (TOTP_FALLBACK)."""
    return _sent_codes_allowed(profile_of(user)) and _reachable(user, channel)


def _reachable(user, channel: str) -> bool:
    if channel == "phone":
        return bool(phone_number(user))
    return channel == "email" and bool(email_address(user))


def _send(
    user, channel: str, challenge: Challenge, *, reuse_recent: bool = False, fall_back: bool = False
) -> tuple[str, int]:
    """Send a new code for ``challenge``, at most one per RESEND_COOLDOWN seconds on each
    channel and within the limits on sent codes (send_limits); returns the channel used
    and the seconds before it may send again.

    The cooldown is per channel: whoever has no phone at hand gets the first email at
    once. Within it, ``reuse_recent`` sends nothing: the last code, still valid, is
    carried over to this challenge. Otherwise the request is refused with 429 and
    Retry-After. ``fall_back``: an SMS that its limits refuse goes by email if it can.
    """
    wait = _start_cooldown(user, channel)
    if wait:
        return _within_cooldown(user, channel, challenge, wait, reuse_recent=reuse_recent)
    try:
        sent_by = send_limits.take(user, channel, fall_back=fall_back)
    except TwoFactorError:
        _end_cooldown(user, channel)  # a send its limits refused does not hold the user back
        raise
    if sent_by != channel:
        # No SMS went, yet its cooldown keeps running: a reload must not send another email
        # at once. The email keeps to its own cooldown as well (the user's caps counted this
        # request all the same: it asked for a code).
        wait = _start_cooldown(user, sent_by)
        if wait:
            if not reuse_recent:
                _end_cooldown(user, channel)  # refused: Retry-After must be all there is to wait
            return _within_cooldown(user, sent_by, challenge, wait, reuse_recent=reuse_recent)
    try:
        send_login_code(user=user, channel=sent_by, challenge=challenge.token)
    except DeliveryError as exc:
        # A failed send does not hold the user back, on either channel.
        for started in {channel, sent_by}:
            _end_cooldown(user, started)
        raise TwoFactorError("delivery_failed", status_code=503, channel=sent_by) from exc
    return sent_by, app_settings.RESEND_COOLDOWN


def _within_cooldown(
    user, channel: str, challenge: Challenge, wait: int, *, reuse_recent: bool
) -> tuple[str, int]:
    """What a send within ``channel``'s cooldown answers: 429, or with ``reuse_recent`` the
    live code carried over to ``challenge``, by the channel it went by and with what is
    left of that channel's cooldown."""
    if not reuse_recent:
        raise throttled(wait)
    carried = login_code_carry_over(user_id=user.pk, challenge=challenge.token)
    if carried is None or carried == channel:
        return channel, wait
    return carried, _cooldown_left(user, carried)


def _cooldown_key(user, channel: str) -> str:
    return cache_key("code_sent", user.pk, channel)


def _start_cooldown(user, channel: str) -> int:
    """Start ``channel``'s cooldown for ``user``: 0, or the seconds it still runs (nothing
    started)."""
    cooldown = app_settings.RESEND_COOLDOWN
    if not cooldown:
        return 0
    key = _cooldown_key(user, channel)
    sent_at = timezone.now().timestamp()
    # add() is atomic: of two requests in the same second, one sends.
    if get_cache().add(key, sent_at, timeout=cooldown):
        return 0
    last = get_cache().get(key)
    wait = last + cooldown - sent_at if last is not None else 0
    if wait <= 0 and _take_over_expired(key, last or int(sent_at), sent_at, cooldown):
        return 0
    return math.ceil(wait) if wait > 0 else cooldown


def _cooldown_left(user, channel: str) -> int:
    """The seconds ``channel``'s cooldown still runs for ``user`` (0: none runs)."""
    cooldown = app_settings.RESEND_COOLDOWN
    last = get_cache().get(_cooldown_key(user, channel)) if cooldown else None
    if last is None:
        return 0
    return max(math.ceil(last + cooldown - timezone.now().timestamp()), 0)


def _cooldowns_left(user, channels: list[str]) -> dict[str, int]:
    """``_cooldown_left`` of each of ``channels``, in one cache call."""
    cooldown = app_settings.RESEND_COOLDOWN
    if not cooldown or not channels:
        return dict.fromkeys(channels, 0)
    keys = {channel: _cooldown_key(user, channel) for channel in channels}
    sent_at = get_cache().get_many(list(keys.values()))
    now = timezone.now().timestamp()
    return {
        channel: max(math.ceil(sent_at[key] + cooldown - now), 0) if key in sent_at else 0
        for channel, key in keys.items()
    }


def _end_cooldown(user, channel: str) -> None:
    if app_settings.RESEND_COOLDOWN:
        get_cache().delete(_cooldown_key(user, channel))


def _take_over_expired(key: str, last: float, sent_at: float, cooldown: int) -> bool:
    """Replace a send record whose cooldown is over but which the cache still holds.

    Django's database cache compares expiry times in whole seconds when it adds, but not
    when it reads: up to a second past its timeout, an entry blocks add() while get()
    returns None, and a resend the moment the countdown ends would be refused. One
    request, and only one, may take such an entry over: the one whose add() of a marker
    named after the old record (or, unread, after this second) succeeds.
    """
    if not get_cache().add(f"{key}:after:{last}", sent_at, timeout=cooldown):
        return False
    get_cache().set(key, sent_at, timeout=cooldown)
    return True


def _live_challenge(token: str) -> Challenge:
    challenge = challenge_get(token)
    if challenge is None:
        raise TwoFactorError("challenge_invalid")
    return challenge


def _challenge_user(challenge: Challenge):
    user = get_user_model()._default_manager.filter(pk=challenge.user_id).first()
    if user is None or not user.is_active:
        challenge_spend(challenge)
        raise TwoFactorError("challenge_invalid")
    return user


def _accept_passkey(
    profile: TwoFactorProfile, assertion: dict, challenge: Challenge, request
) -> str:
    """ "passkey" once the assertion answers this challenge's options; raises otherwise."""
    passkey_accept(
        profile,
        assertion,
        purpose="login",
        binding=_passkey_binding(challenge.token),
        request=request,
        # As for a code: right, but only while the per-user limit allows a check.
        only_if=failure_limit.within_limit(timezone.now()),
        read_with_profile=hasattr(profile, "passkey_answering"),
    )
    return "passkey"


def _accept_code(profile: TwoFactorProfile, code: str, challenge: Challenge) -> str | None:
    """Which way ``code`` is right, using it up; None when it is not.

    A sent code counts only on the challenge it was sent for (sent_codes), and went by
    the challenge's channel, the one a code was sent through last.
    """
    sent_by = challenge.channel
    # A right code lets the user in only while the per-user limit allows a check, as of
    # the write that uses the code up (see failure_limit).
    allowed = failure_limit.within_limit(timezone.now())
    if profile.totp_enabled and totp_code_accept(profile, code, only_if=allowed):
        return "totp"
    # Backup codes stand in for either factor (and exist only while one does).
    if has_second_factor(profile):
        only_if = Exists(TwoFactorProfile.objects.filter(allowed, pk=profile.pk))
        if backup_code_consume(profile.user, code, only_if=only_if):
            return "backup"
    if not _sent_codes_allowed(profile) or not login_code_matches(
        user_id=profile.user_id, challenge=challenge.token, code=code
    ):
        return None
    # A sent code lives in the cache: the limit is confirmed by a conditional write of its
    # own before the code is used up.
    confirmed = TwoFactorProfile.objects.filter(allowed, pk=profile.pk).update(
        updated_at=timezone.now()
    )
    if not (
        confirmed
        and login_code_consume(user_id=profile.user_id, challenge=challenge.token, code=code)
    ):
        return None
    # A code from a challenge that never asked for one (sent for an earlier sign-in).
    return sent_by if sent_by in SENT_CODE_METHODS else "sent"
