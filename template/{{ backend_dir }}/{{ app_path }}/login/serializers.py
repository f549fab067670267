from rest_framework import serializers

from ..passkeys.serializers import PasskeyAnswerField


class LoginInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=254, trim_whitespace=False)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)

    def __init__(self, *args, username_field: str = "username", **kwargs):
        super().__init__(*args, **kwargs)
        self.username_field = username_field

    def to_internal_value(self, data):
        # The contract accepts the username under "username" or the user model's own
        # USERNAME_FIELD name (e.g. "email").
        if isinstance(data, dict) and "username" not in data and self.username_field in data:
            data = {**data, "username": data[self.username_field]}
        return super().to_internal_value(data)


class LoginVerifyInputSerializer(serializers.Serializer):
    """A code, or a passkey's assertion (PublicKeyCredential JSON): one of them."""

    challenge = serializers.CharField(max_length=128)
    code = serializers.CharField(max_length=32, trim_whitespace=True, required=False)
    passkey = PasskeyAnswerField(required=False)

    def validate(self, attrs):
        if ("code" in attrs) == ("passkey" in attrs):
            raise serializers.ValidationError(
                {"code": "Send a code or a passkey's answer.", "passkey": "Send one of them."}
            )
        return attrs


class LoginPasskeyOptionsInputSerializer(serializers.Serializer):
    challenge = serializers.CharField(max_length=128)


class LoginResendInputSerializer(serializers.Serializer):
    challenge = serializers.CharField(max_length=128)
    # The message does not echo the input: it may not even be encodable.
    channel = serializers.ChoiceField(
        choices=["phone", "email"],
        required=False,
        error_messages={"invalid_choice": "Choose 'phone' or 'email'."},
    )
