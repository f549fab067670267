"""Turns every error of this app's views into the contract's ``{"detail", "code"}`` body.

Used by the app's own base view, so the project's EXCEPTION_HANDLER, whatever it does,
is left alone.
"""

import logging

from django.core.exceptions import ImproperlyConfigured
from django.db import InterfaceError, OperationalError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from .exceptions import TwoFactorError
from .secret_storage import SecretDecryptionError

logger = logging.getLogger(__name__)

# A restart or failover of Redis or PostgreSQL takes seconds: long enough that clients
# should not retry at once, short enough for someone waiting at a sign-in screen. Not a
# setting: no deployment has a better guess than this.
SERVICE_RETRY_AFTER = 10

# Connection failures of the cache clients behind Django's cache backends, by module and
# class name and matched along the exception's classes, so none needs to be installed.
# redis-py's ConnectionError includes its AuthenticationError and BusyLoadingError (a
# Redis still loading its data). pymemcache fails with socket errors (the built-in
# ConnectionError and TimeoutError below) and its unexpected-close error; pylibmc's
# exceptions live in pylibmc or _pylibmc, by version. The database cache fails as the
# database does.
CACHE_CLIENT_FAILURES = {
    ("redis.exceptions", "ConnectionError"),
    ("redis.exceptions", "TimeoutError"),
    ("pymemcache.exceptions", "MemcacheUnexpectedCloseError"),
    ("pylibmc", "ConnectionError"),
    ("pylibmc", "ServerDown"),
    ("pylibmc", "ServerDead"),
    ("_pylibmc", "ConnectionError"),
    ("_pylibmc", "ServerDown"),
    ("_pylibmc", "ServerDead"),
}
# pymemcache raises its base class itself only when every server is marked down.
CACHE_CLIENT_EXACT_FAILURES = {("pymemcache.exceptions", "MemcacheError")}
# The database cannot be reached, or its connection broke. Not IntegrityError or
# DataError: those are bugs or bad input, and stay 500s.
SERVICE_FAILURES = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


def _name(cls: type) -> tuple[str, str]:
    return cls.__module__, cls.__qualname__


def is_service_unavailable(exc: BaseException) -> bool:
    """The cache or the database could not be reached: the request may work later."""
    if isinstance(exc, SERVICE_FAILURES) or _name(type(exc)) in CACHE_CLIENT_EXACT_FAILURES:
        return True
    return any(_name(cls) in CACHE_CLIENT_FAILURES for cls in type(exc).__mro__)


def service_unavailable(exc: BaseException) -> TwoFactorError:
    # One line, without the traceback an outage would repeat on every request. The
    # drivers' messages name hosts and ports, not passwords.
    cause = " ".join(str(exc).split())[:300]
    logger.error(
        "Two-factor authentication: a service is unavailable: %s: %s", type(exc).__name__, cause
    )
    # Whatever the request wrote before the failure is undone (ATOMIC_REQUESTS).
    set_rollback()
    return TwoFactorError(
        "service_unavailable",
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        retry_after=SERVICE_RETRY_AFTER,
    )


def contract_exception_handler(exc, context):
    if is_service_unavailable(exc):
        exc = service_unavailable(exc)
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
