"""Every user-facing error sentence, keyed by the contract's machine code."""

from django.utils.translation import gettext_lazy as _

ERROR_MESSAGES = {
    "invalid_code": _("The code is not valid. Check your authenticator app and try again."),
    "code_reused": _("This code has already been used. Wait for the next code in your app."),
    "no_pending_setup": _(
        "There is no two-factor setup in progress, or it has expired. Start again."
    ),
    "already_enabled": _("Two-factor authentication is already enabled."),
    "not_enabled": _("Two-factor authentication is not enabled."),
    "challenge_invalid": _("This sign-in attempt has expired or is not valid. Sign in again."),
    "too_many_attempts": _("Too many wrong codes. Sign in again."),
    "channel_unavailable": _("No way to send a code is available for this account."),
    "throttled": _("Too many requests. Try again later."),
    # %(username)s: the verbose name of the user model's USERNAME_FIELD, as in Django's own
    # sign-in form ("username", "email address").
    "invalid_credentials": _("The %(username)s or password is not correct."),
    "delivery_failed": _("The code could not be sent. Try again in a moment or use another way."),
    # TwoFactorRequired: not enrolled, or signed in without the second step.
    "two_factor_required": _(
        "Set up two-factor authentication and sign in with it to use this feature."
    ),
    "passkey_invalid": _("The passkey could not be verified. Try again, or use another way."),
    "passkey_unknown": _("This passkey is not registered to this account. Use another one."),
    "service_unavailable": _("The service is temporarily unavailable. Try again in a moment."),
}

# {issuer}, {code} and {minutes} are filled in when a login code is sent.
LOGIN_CODE_SMS = _("{code} is your {issuer} sign-in code. It expires in {minutes} minutes.")
LOGIN_CODE_EMAIL_SUBJECT = _("Your {issuer} sign-in code")
LOGIN_CODE_EMAIL_BODY = _(
    "Your sign-in code is {code}.\n\n"
    "It expires in {minutes} minutes. If you did not try to sign in, change your password."
)

# Security notices (notices.py). Each is filled with {issuer}, {time} (UTC) and {address}
# (the client's address as the server saw it), plus the names a notice lists.
NOTICE_FALLBACK_SIGN_IN_SUBJECT = _("{issuer}: signed in without your authenticator app")
NOTICE_FALLBACK_SIGN_IN = _(
    "Someone signed in to your {issuer} account at {time} from {address} with a code sent "
    "by {channel}, not with your authenticator app. If this was not you, change your "
    "password now."
)
NOTICE_WRONG_CODES_SUBJECT = _("{issuer}: wrong sign-in codes after your password")
NOTICE_WRONG_CODES = _(
    "Someone entered your {issuer} password correctly and then {count} wrong sign-in codes "
    "(last at {time}, from {address}). If this was not you, change your password now."
)
NOTICE_RESET_SUBJECT = _("{issuer}: two-factor authentication was reset")
NOTICE_RESET = _(
    "An administrator turned off two-factor authentication on your {issuer} account at "
    "{time}. Set it up again from your security settings. If you did not ask for this, "
    "contact support."
)
