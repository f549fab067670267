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
    "two_factor_required": _("Set up two-factor authentication to use this feature."),
}

# {issuer}, {code} and {minutes} are filled in when a login code is sent.
LOGIN_CODE_SMS = _("{code} is your {issuer} sign-in code. It expires in {minutes} minutes.")
LOGIN_CODE_EMAIL_SUBJECT = _("Your {issuer} sign-in code")
LOGIN_CODE_EMAIL_BODY = _(
    "Your sign-in code is {code}.\n\n"
    "It expires in {minutes} minutes. If you did not try to sign in, change your password."
)
