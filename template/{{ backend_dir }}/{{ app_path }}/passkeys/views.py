from rest_framework.response import Response

from ..credentials import method_with_amr
from ..exceptions import TwoFactorError
from ..throttles import TotpCodeThrottle, TotpSetupThrottle
from ..tokens import credential_amr, credentials_response
from ..views import TwoFactorAPIView
from . import services
from .serializers import (
    PasskeySerializer,
    ProofInputSerializer,
    RegisterPasskeyInputSerializer,
    RenamePasskeyInputSerializer,
)


class PasskeyListApi(TwoFactorAPIView):
    def get(self, request):
        passkeys = services.user_passkeys(request.user)
        return Response({"passkeys": PasskeySerializer(passkeys, many=True).data})


class PasskeyRegisterOptionsApi(TwoFactorAPIView):
    # Each answer stores a challenge, as a TOTP setup stores a secret.
    throttle_classes = [TotpSetupThrottle]

    def post(self, request):
        return Response(services.registration_options(user=request.user, request=request))


class PasskeyReauthenticateOptionsApi(TwoFactorAPIView):
    throttle_classes = [TotpSetupThrottle]

    def post(self, request):
        if not services.user_passkeys(request.user).exists():
            raise TwoFactorError("passkey_unknown")
        return Response(services.reauthentication_options(user=request.user, request=request))


class PasskeyRegisterApi(TwoFactorAPIView):
    throttle_classes = [TotpCodeThrottle]

    def post(self, request):
        data = self.validated(RegisterPasskeyInputSerializer)
        registered = services.register_passkey(
            user=request.user,
            request=request,
            credential=data["credential"],
            name=data["name"],
            code=data.get("code", ""),
            assertion=data.get("passkey"),
        )
        body = {
            "passkey": PasskeySerializer(registered.passkey).data,
            "backup_codes": registered.backup_codes or [],
            "credentials": None,
        }
        if registered.backup_codes is None:
            return Response(body)
        # The first passkey revoked the user's credentials: new ones keep this session
        # signed in, saying no more than the one the request came with (a passkey made a
        # moment ago proves nothing about who made it).
        method = method_with_amr(credential_amr(request.auth))
        response = credentials_response(request, request.user, method)
        response.data = {**body, "credentials": response.data}
        return response


class PasskeyRenameApi(TwoFactorAPIView):
    def post(self, request, passkey_id: str):
        data = self.validated(RenamePasskeyInputSerializer)
        passkey = services.rename_passkey(
            user=request.user, passkey_id=passkey_id, name=data["name"]
        )
        return Response({"passkey": PasskeySerializer(passkey).data})


class PasskeyRemoveApi(TwoFactorAPIView):
    throttle_classes = [TotpCodeThrottle]

    def post(self, request, passkey_id: str):
        data = self.validated(ProofInputSerializer)
        removed = services.remove_passkey(
            user=request.user,
            request=request,
            passkey_id=passkey_id,
            code=data.get("code", ""),
            assertion=data.get("passkey"),
        )
        # The user's credentials were revoked: new ones keep this session signed in.
        response = credentials_response(request, request.user, removed.method)
        response.data = {"two_factor_enabled": removed.still_on, "credentials": response.data}
        return response
