from rest_framework import serializers


class CodeInputSerializer(serializers.Serializer):
    # Long enough for a backup code with spaces; longer input is refused before any work.
    code = serializers.CharField(max_length=32, trim_whitespace=True)
