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


class PasskeyNameField(serializers.CharField):
    """A passkey's name as its user gives it: 1 to 64 characters once trimmed, printable."""

    default_error_messages = {"unprintable": "Use letters, digits, spaces and punctuation."}

    def __init__(self, **kwargs):
        super().__init__(max_length=64, trim_whitespace=True, **kwargs)

    def to_internal_value(self, data):
        name = super().to_internal_value(data)
        if not name.isprintable():
            self.fail("unprintable")  # a control character would break the list it shows in
        return name


class ProofInputSerializer(serializers.Serializer):
    """A fresh second factor: an authenticator or backup code, or a passkey's assertion
    (the answer to passkeys/reauthenticate/options/). One of them."""

    code = serializers.CharField(max_length=32, trim_whitespace=True, required=False)
    passkey = PasskeyAnswerField(required=False)

    def validate(self, attrs):
        if ("code" in attrs) == ("passkey" in attrs):
            raise serializers.ValidationError(
                {"code": "Send a code or a passkey's answer.", "passkey": "Send one of them."}
            )
        return attrs


class RegisterPasskeyInputSerializer(serializers.Serializer):
    """The new passkey's answer and name, and for a user with a second factor already a
    fresh proof of it: an authenticator code, or an assertion of one of their passkeys."""

    credential = PasskeyAnswerField()
    name = PasskeyNameField(required=False, default="Passkey")
    code = serializers.CharField(max_length=32, trim_whitespace=True, required=False)
    passkey = PasskeyAnswerField(required=False)


class RenamePasskeyInputSerializer(serializers.Serializer):
    name = PasskeyNameField()


class PasskeySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    # Whether the passkey may be synced to the user's other devices, and whether it is.
    backup_eligible = serializers.BooleanField()
    backed_up = serializers.BooleanField()


class LoginPasskeyOptionsInputSerializer(serializers.Serializer):
    challenge = serializers.CharField(max_length=128)


class PasswordlessInputSerializer(serializers.Serializer):
    """A discoverable passkey's assertion, answering login/passwordless/options/."""

    passkey = PasskeyAnswerField()
