"""Audit signals. Connect a receiver to record these events in your own audit log.

Each is sent with ``sender`` = the user model class and keyword arguments ``user``,
``request`` (or None outside a request) and ``actor`` (who acted: the user, or staff).
They never carry a secret or a code. The passkey signals add ``passkey``, its pk.
"""

from django.dispatch import Signal

totp_enabled = Signal()
totp_disabled = Signal()
backup_codes_regenerated = Signal()
passkey_added = Signal()
passkey_removed = Signal()
passkey_clone_suspected = Signal()
