"""Settings of the minimal project around django-trench, with simplejwt's tokens
(tests/bench/other_libraries.py copies this file in as bench_project/settings.py)."""

from bench_project.common_settings import *  # noqa: F403

INSTALLED_APPS += ["rest_framework", "trench"]  # noqa: F405
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
}
# Plain-text backup codes, so that the benchmark knows some; trench hashes them by default.
TRENCH_AUTH = {"ENCRYPT_BACKUP_CODES": False}
