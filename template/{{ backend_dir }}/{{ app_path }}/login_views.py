from dataclasses import asdict

from django.contrib.auth import get_user_model
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from . import login_services
from .serializers import (
    LoginInputSerializer,
    LoginResendInputSerializer,
    LoginVerifyInputSerializer,
)
from .throttles import LoginOTPResendThrottle, LoginThrottle
from .tokens import login_response
from .views import TwoFactorAPIView


class AnonymousAPIView(TwoFactorAPIView):
    # No authentication: the challenge is the credential of the second step, and session
    # authentication would demand a CSRF token from clients that have no session yet.
    authentication_classes = []
    permission_classes = [AllowAny]

    def validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class LoginApi(AnonymousAPIView):
    throttle_classes = [LoginThrottle]

    def post(self, request):
        data = self.validated(LoginInputSerializer, username_field=get_user_model().USERNAME_FIELD)
        start = login_services.login_start(
            request=request, username=data["username"], password=data["password"]
        )
        if not start.otp_required:
            response = login_response(request, start.user, "password")
            response.data = {"otp_required": False, **response.data}
            return response
        info = login_services.channel_info(
            start.user, start.challenge.channel, resend_cooldown=start.resend_cooldown
        )
        body = {
            "otp_required": True,
            "challenge": start.challenge.token,
            **asdict(info),
        }
        return Response(body)


class LoginVerifyApi(AnonymousAPIView):
    def post(self, request):
        data = self.validated(LoginVerifyInputSerializer)

        def sign_in(verified: login_services.Verified):
            response = login_response(request, verified.user, verified.method)
            if verified.backup_codes_left is not None:
                # Whoever had to spend one should hear how few are left, and renew them.
                response.data["backup_codes_remaining"] = verified.backup_codes_left
            return response

        return login_services.login_verify(
            token=data["challenge"], code=data["code"], sign_in=sign_in, request=request
        )


class LoginResendApi(AnonymousAPIView):
    throttle_classes = [LoginOTPResendThrottle]

    def post(self, request):
        data = self.validated(LoginResendInputSerializer)
        info = login_services.login_resend(token=data["challenge"], channel=data.get("channel"))
        return Response(asdict(info))
