import json

from rest_framework import serializers

# A passkey's answer is a few hundred bytes; a registration's attestation with its
# certificate chain a few kilobytes. Anything far larger is not an answer.
MAX_ANSWER_CHARS = 64 * 1024


class PasskeyAnswerField(serializers.DictField):
    """What ``navigator.credentials.create()`` or ``get()`` returned, as the JSON of
    ``PublicKeyCredential.toJSON()`` (@simplewebauthn/browser sends it so). Its contents
    are py_webauthn's to check: a wrong shape is refused there as ``passkey_invalid``."""

    default_error_messages = {
        "too_large": "The passkey's answer is too large.",
    }

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            size = len(json.dumps(value, default=str))
        except RecursionError:
            size = MAX_ANSWER_CHARS + 1  # nested past what any answer is
        if size > MAX_ANSWER_CHARS:
            self.fail("too_large")
        return value
