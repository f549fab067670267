from rest_framework import serializers

from ..passkeys.serializers import PasskeyAnswerField
from ..serializers import CodeInputSerializer


class EnableTotpInputSerializer(CodeInputSerializer):
    # A user with passkeys proves one afresh: the answer to passkeys/reauthenticate/options/.
    passkey = PasskeyAnswerField(required=False)


class TotpStatusSerializer(serializers.Serializer):
    totp_enabled = serializers.BooleanField()
    backup_codes_remaining = serializers.IntegerField()
    account = serializers.CharField(
        help_text="The account's name in the authenticator app, beside the issuer."
    )
    two_factor_enabled = serializers.BooleanField(
        help_text="An authenticator app or a passkey is on: sign-in asks for it."
    )
    passkeys = serializers.IntegerField(help_text="How many passkeys the user has.")


class TotpSetupSerializer(serializers.Serializer):
    secret = serializers.CharField()
    otpauth_uri = serializers.CharField()
    qr_code = serializers.CharField()


class TotpEnabledSerializer(serializers.Serializer):
    totp_enabled = serializers.BooleanField()
    backup_codes = serializers.ListField(child=serializers.CharField())
    # login/verify/'s body: enabling revoked the credentials the request came with.
    credentials = serializers.DictField()


class TotpDisabledSerializer(serializers.Serializer):
    totp_enabled = serializers.BooleanField()
    # login/verify/'s body: the change revoked the credentials the request came with.
    credentials = serializers.DictField()
