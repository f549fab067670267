"""Turns every error of this app's views into the contract's ``{"detail", "code"}`` body.

Used by the app's own base view, so the project's EXCEPTION_HANDLER, whatever it does,
is left alone.
"""

import logging

from django.core.exceptions import ImproperlyConfigured
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .exceptions import TwoFactorError
from .secret_storage import SecretDecryptionError

logger = logging.getLogger(__name__)


def contract_exception_handler(exc, context):
    if isinstance(exc, TwoFactorError):
        body = {"detail": exc.detail, "code": exc.code, **exc.extra}
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return Response(body, status=exc.status_code, headers=headers)
    if isinstance(exc, (ImproperlyConfigured, SecretDecryptionError)):
        # A deployment mistake (keys removed too early): tell the client plainly, log the cause.
        logger.error("Two-factor authentication is misconfigured: %s", exc)
        body = {
            "detail": "Two-factor authentication is not available right now.",
            "code": "configuration_error",
        }
        return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE)
    response = exception_handler(exc, context)
    # Field validation errors keep DRF's {"field": [...]} shape, as the contract allows.
    if response is not None and isinstance(exc, APIException):
        if not isinstance(exc.detail, (dict, list)):
            response.data = {"detail": str(exc.detail), "code": exc.detail.code}
    return response
