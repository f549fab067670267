from ..passkeys.serializers import ProofInputSerializer
from ..throttles import TotpCodeThrottle
from ..tokens import credentials_response
from ..views import TwoFactorAPIView
from . import services
from .serializers import BackupCodesSerializer


class BackupCodesRegenerateApi(TwoFactorAPIView):
    throttle_classes = [TotpCodeThrottle]

    def post(self, request):
        data = self.validated(ProofInputSerializer)
        assertion = data.get("passkey")
        codes = services.backup_codes_regenerate(
            user=request.user, code=data.get("code", ""), request=request, assertion=assertion
        )
        # The user's credentials were revoked: new ones keep this session signed in.
        response = credentials_response(request, request.user, "passkey" if assertion else "totp")
        body = {"backup_codes": codes, "credentials": response.data}
        response.data = BackupCodesSerializer(body).data
        return response
