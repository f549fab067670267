from dataclasses import asdict

from django.contrib.auth import get_user_model
from rest_framework.response import Response

from ..passkeys.services import passwordless_options
from ..throttles import (
    LoginOTPResendThrottle,
    LoginPasskeyOptionsThrottle,
    LoginThrottle,
    PasswordlessOptionsThrottle,
)
from ..tokens import login_response
from ..views import AnonymousAPIView
from . import services
from .passwordless import passwordless_sign_in
from .serializers import (
    LoginInputSerializer,
    LoginPasskeyOptionsInputSerializer,
    LoginResendInputSerializer,
    LoginVerifyInputSerializer,
    PasswordlessInputSerializer,
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


class LoginPasskeyOptionsApi(AnonymousAPIView):
    # Each answer stores a WebAuthn challenge: limited per challenge's user.
    throttle_classes = [LoginPasskeyOptionsThrottle]

    def post(self, request):
        data = self.validated(LoginPasskeyOptionsInputSerializer)
        return Response(services.login_passkey_options(request=request, token=data["challenge"]))


class PasswordlessOptionsApi(AnonymousAPIView):
    # Each answer stores a WebAuthn challenge, and names no user: limited per address.
    throttle_classes = [PasswordlessOptionsThrottle]

    def post(self, request):
        return Response(passwordless_options(request=request))


class PasswordlessApi(AnonymousAPIView):
    # A sign-in attempt without a password: counted with the password attempts.
    throttle_classes = [LoginThrottle]

    def post(self, request):
        data = self.validated(PasswordlessInputSerializer)
        return passwordless_sign_in(
            assertion=data["passkey"],
            sign_in=lambda verified: login_response(request, verified.user, verified.method),
            request=request,
        )


class LoginResendApi(AnonymousAPIView):
    throttle_classes = [LoginOTPResendThrottle]

    def post(self, request):
        data = self.validated(LoginResendInputSerializer)
        info = services.login_resend(token=data["challenge"], channel=data.get("channel"))
        return Response(asdict(info))
