from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .errors import contract_exception_handler
from .parsers import TwoFactorJSONParser
from .serializers import (
    BackupCodesSerializer,
    CodeInputSerializer,
    TotpDisabledSerializer,
    TotpEnabledSerializer,
    TotpSetupSerializer,
    TotpStatusSerializer,
)
from .throttles import TotpCodeThrottle, TotpSetupThrottle


class TwoFactorAPIView(APIView):
    """Base of the app's views: the project's own authentication, the contract's errors."""

    permission_classes = [IsAuthenticated]
    # The contract's bodies are JSON, whatever parsers the project allows elsewhere.
    parser_classes = [TwoFactorJSONParser]

    def get_exception_handler(self):
        return contract_exception_handler

    def validated_code(self, request) -> str:
        serializer = CodeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data["code"]


class TotpStatusApi(TwoFactorAPIView):
    def get(self, request):
        status = services.totp_status(user=request.user)
        return Response(TotpStatusSerializer(status).data)


class TotpSetupApi(TwoFactorAPIView):
    throttle_classes = [TotpSetupThrottle]

    def post(self, request):
        pending = services.totp_setup_begin(user=request.user)
        return Response(TotpSetupSerializer(pending).data)


class TotpEnableApi(TwoFactorAPIView):
    throttle_classes = [TotpCodeThrottle]

    def post(self, request):
        code = self.validated_code(request)
        codes = services.totp_enable(user=request.user, code=code, request=request)
        body = {"totp_enabled": True, "backup_codes": codes}
        return Response(TotpEnabledSerializer(body).data)


class TotpDisableApi(TwoFactorAPIView):
    throttle_classes = [TotpCodeThrottle]

    def post(self, request):
        code = self.validated_code(request)
        services.totp_disable(user=request.user, code=code, request=request)
        return Response(TotpDisabledSerializer({"totp_enabled": False}).data)


class BackupCodesRegenerateApi(TwoFactorAPIView):
    throttle_classes = [TotpCodeThrottle]

    def post(self, request):
        code = self.validated_code(request)
        codes = services.backup_codes_regenerate(user=request.user, code=code, request=request)
        return Response(BackupCodesSerializer({"backup_codes": codes}).data)
