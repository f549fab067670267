"""Security notices: messages that tell a user something happened to their account.

A notice goes by email, or by SMS where asked, to the channels the user can be reached on.
It is sent after the event has been decided and never changes its outcome: a provider
that fails is logged, and the sign-in, reset or refusal it reports stands.
"""

import logging
from collections.abc import Iterable

from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from . import app_settings
from .delivery import email_address, email_provider, phone_number, sms_provider

logger = logging.getLogger(__name__)


def send_notice(
    user,
    subject: str,
    text: str,
    *,
    request=None,
    channels: Iterable[str] = ("email",),
    **names: object,
) -> list[str]:
    """Send ``text`` through each of ``channels`` ("email", "phone") the user has; returns
    the channels it went through. ``subject`` is the email's; an SMS is the text alone.

    Both are templates (messages.py), filled with ``notice_params(request)`` and ``names``.
    """
    params = {**notice_params(request), **names}
    subject, text = str(subject).format(**params), str(text).format(**params)
    sent = []
    for channel in channels:
        to = email_address(user) if channel == "email" else phone_number(user)
        if not to:
            continue
        try:
            if channel == "email":
                email_provider.send_email(to, subject, text)
            else:
                sms_provider.send_sms(to, text)
        except Exception as exc:  # noqa: BLE001 - the notice must not undo what it reports
            logger.error(
                "A security notice by %s to user %s failed: %s",
                channel,
                user.pk,
                type(exc).__name__,
            )
            continue
        sent.append(channel)
    if not sent:
        logger.warning("No security notice could reach user %s (%s)", user.pk, subject)
    return sent


def notice_params(request=None) -> dict[str, str]:
    """What every notice names: the issuer, when it happened and the client's address."""
    # The address the throttles count: X-Forwarded-For's entry as NUM_PROXIES trusts it.
    address = BaseThrottle().get_ident(request) if request is not None else ""
    return {
        "issuer": app_settings.ISSUER_NAME,
        "time": timezone.now().strftime("%Y-%m-%d %H:%M UTC"),
        "address": address or "unknown",
    }
