from rest_framework import serializers


class TotpStatusSerializer(serializers.Serializer):
    totp_enabled = serializers.BooleanField()
    backup_codes_remaining = serializers.IntegerField()
    account = serializers.CharField(
        help_text="The account's name in the authenticator app, beside the issuer."
    )


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
