from rest_framework import serializers


class CodeInputSerializer(serializers.Serializer):
    # Long enough for a backup code with spaces; longer input is refused before any work.
    code = serializers.CharField(max_length=32, trim_whitespace=True)


class TotpStatusSerializer(serializers.Serializer):
    totp_enabled = serializers.BooleanField()
    backup_codes_remaining = serializers.IntegerField()


class TotpSetupSerializer(serializers.Serializer):
    secret = serializers.CharField()
    otpauth_uri = serializers.CharField()
    qr_code = serializers.CharField()


class TotpEnabledSerializer(serializers.Serializer):
    totp_enabled = serializers.BooleanField()
    backup_codes = serializers.ListField(child=serializers.CharField())


class TotpDisabledSerializer(serializers.Serializer):
    totp_enabled = serializers.BooleanField()


class BackupCodesSerializer(serializers.Serializer):
    backup_codes = serializers.ListField(child=serializers.CharField())
