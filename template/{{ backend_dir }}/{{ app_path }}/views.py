"""The bases of the app's views. Each method's views are in its package (``totp/views.py``,
``backup_codes/views.py``, ``login/views.py``)."""

from django.utils.cache import patch_cache_control
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.views import APIView

from .errors import contract_exception_handler
from .parsers import TwoFactorJSONParser
from .serializers import CodeInputSerializer


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

    def validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def validated_code(self, request) -> str:
        return self.validated(CodeInputSerializer)["code"]


class AnonymousAPIView(TwoFactorAPIView):
    # No authentication: the challenge is the credential of the second step, and session
    # authentication would demand a CSRF token from clients that have no session yet.
    authentication_classes = []
    permission_classes = [AllowAny]
