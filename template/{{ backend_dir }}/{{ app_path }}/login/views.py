from dataclasses import asdict

from django.contrib.auth import get_user_model
from rest_framework.response import Response

from ..throttles import LoginOTPResendThrottle, LoginThrottle
from ..tokens import login_response
from ..views import AnonymousAPIView
from . import services
from .serializers import (
    LoginInputSerializer,
    LoginResendInputSerializer,
    LoginVerifyInputSerializer,
)


class LoginApi(AnonymousAPIView):
    throttle_classes = [LoginThrottle]

    def post(self, request):
        data = self.validated(LoginInputSerializer, username_field=get_user_model().USERNAME_FIELD)
        start = services.login_start(
            request=request, username=data["username"], password=data["password"]
        )
        if not start.otp_required:
            response = login_response(request, start.user, "password")
            response.data = {"otp_required": False, **response.data}
            return response
        info = services.channel_info(
            start.user, start.challenge.channel, resend_cooldown=start.resend_cooldown
        )
        body = {
            "otp_required": True,
            "challenge": start.challenge.token,
            **asdict(info),
            "methods": list(start.methods),
        }
        return Response(body)


class LoginVerifyApi(AnonymousAPIView):
    def post(self, request):
        data = self.validated(LoginVerifyInputSerializer)

        def sign_in(verified: services.Verified):
            response = login_response(request, verified.user, verified.method)
            if verified.backup_codes_left is not None:
                # Whoever had to spend one should hear how few are left, and renew them.
                response.data["backup_codes_remaining"] = verified.backup_codes_left
            return response

        return services.login_verify(
            token=data["challenge"],
            code=data.get("code", ""),
            passkey=data.get("passkey"),
            sign_in=sign_in,
            request=request,
        )


class LoginResendApi(AnonymousAPIView):
    throttle_classes = [LoginOTPResendThrottle]

    def post(self, request):
        data = self.validated(LoginResendInputSerializer)
        info = services.login_resend(token=data["challenge"], channel=data.get("channel"))
        return Response(asdict(info))
