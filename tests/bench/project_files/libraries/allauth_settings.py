"""Settings of the minimal project around django-allauth's MFA, headless API only
(tests/bench/other_libraries.py copies this file in as bench_project/settings.py)."""

from bench_project.common_settings import *  # noqa: F403

INSTALLED_APPS += ["allauth", "allauth.account", "allauth.mfa", "allauth.headless"]  # noqa: F405
MIDDLEWARE += ["allauth.account.middleware.AccountMiddleware"]  # noqa: F405
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_EMAIL_VERIFICATION = "none"
HEADLESS_ONLY = True
HEADLESS_FRONTEND_URLS = {}
# Passkeys beside the authenticator app, as our starter has them.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
