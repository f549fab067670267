"""Records security events: a log line and a signal for the project's own audit trail."""

import logging

from . import signals

logger = logging.getLogger(__name__)

TOTP_ENABLED = "TOTP_ENABLED"
TOTP_DISABLED = "TOTP_DISABLED"
BACKUP_CODES_REGENERATED = "BACKUP_CODES_REGENERATED"
PASSKEY_ADDED = "PASSKEY_ADDED"
PASSKEY_REMOVED = "PASSKEY_REMOVED"
# A passkey signed rightly with a count that did not move forward: a cloned key.
PASSKEY_CLONE_SUSPECTED = "PASSKEY_CLONE_SUSPECTED"

_SIGNALS = {
    TOTP_ENABLED: signals.totp_enabled,
    TOTP_DISABLED: signals.totp_disabled,
    BACKUP_CODES_REGENERATED: signals.backup_codes_regenerated,
    PASSKEY_ADDED: signals.passkey_added,
    PASSKEY_REMOVED: signals.passkey_removed,
    PASSKEY_CLONE_SUSPECTED: signals.passkey_clone_suspected,
}


def record_event(event: str, *, user, request=None, actor=None, **details: object) -> None:
    actor = actor or user
    logger.info(
        "%s user=%s actor=%s",
        event,
        user.pk,
        actor.pk,
        extra={"event": event, "user_id": user.pk, "actor_id": actor.pk, **details},
    )
    _SIGNALS[event].send(sender=type(user), user=user, request=request, actor=actor, **details)
