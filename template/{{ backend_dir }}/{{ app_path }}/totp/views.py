from rest_framework.response import Response

from ..credentials import has_second_factor
from ..throttles import TotpCodeThrottle, TotpSetupThrottle
from ..tokens import credential_amr, credentials_response
from ..views import TwoFactorAPIView
from . import services
from .serializers import (
    EnableTotpInputSerializer,
    TotpDisabledSerializer,
    TotpEnabledSerializer,
    TotpSetupSerializer,
    TotpStatusSerializer,
)


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
        data = self.validated(EnableTotpInputSerializer)
        codes = services.totp_enable(
            user=request.user, code=data["code"], request=request, assertion=data.get("passkey")
        )
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
