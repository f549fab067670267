from rest_framework import serializers

from ..passkeys.serializers import ProofInputSerializer


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


class LoginVerifyInputSerializer(ProofInputSerializer):
    """The challenge, and a code or a passkey's assertion (the answer to
    login/passkey/options/): one of them."""

    challenge = serializers.CharField(max_length=128)


class LoginResendInputSerializer(serializers.Serializer):
    challenge = serializers.CharField(max_length=128)
    # The message does not echo the input: it may not even be encodable.
    channel = serializers.ChoiceField(
        choices=["phone", "email"],
        required=False,
        error_messages={"invalid_choice": "Choose 'phone' or 'email'."},
    )
