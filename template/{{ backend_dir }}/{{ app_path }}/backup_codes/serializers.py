from rest_framework import serializers


class BackupCodesSerializer(serializers.Serializer):
    backup_codes = serializers.ListField(child=serializers.CharField())
    credentials = serializers.DictField()
