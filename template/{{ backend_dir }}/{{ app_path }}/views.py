from django.utils.cache import patch_cache_control
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .credentials import has_second_factor
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
from .tokens import credential_amr, credentials_response


class TwoFactorAPIView(APIView):
    """Base of the app's views: the project's own authentication, the contract's errors."""

    permission_classes = [IsAuthenticated]
    # The contract's bodies are JSON, whatever parsers the project allows elsewhere.
    parser_classes = [TwoFactorJSONParser]

    def get_exception_handler(self):
        return contract_exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Secrets, backup codes and credentials: no cache, shared or the browser's, keeps them.
        patch_cache_control(response, no_store=True)
        return response

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
        # The user's credentials were revoked: new ones keep this session signed in. They
        # say no more than the credential this request came with: an authenticator that
        # its holder set up just now proves nothing about who they are.
        passed = has_second_factor(credential_amr(request.auth))
        response = credentials_response(request, request.user, "totp" if passed else "password")
        body = {"totp_enabled": True, "backup_codes": codes, "credentials": response.data}
        response.data = TotpEnabledSerializer(body).data
        return response


class TotpDisableApi(TwoFactorAPIView):
    throttle_classes = [TotpCodeThrottle]

    def post(self, request):
        code = self.validated_code(request)
        method = services.totp_disable(user=request.user, code=code, request=request)
        # The user's credentials were revoked: new ones keep this session signed in.
        response = credentials_response(request, request.user, method)
        body = {"totp_enabled": False, "credentials": response.data}
        response.data = TotpDisabledSerializer(body).data
        return response


class BackupCodesRegenerateApi(TwoFactorAPIView):
    throttle_classes = [TotpCodeThrottle]

    def post(self, request):
        code = self.validated_code(request)
        codes = services.backup_codes_regenerate(user=request.user, code=code, request=request)
        # The user's credentials were revoked: new ones keep this session signed in.
        response = credentials_response(request, request.user, "totp")
        body = {"backup_codes": codes, "credentials": response.data}
        response.data = BackupCodesSerializer(body).data
        return response
