"""Validation of Copier answers.

Each filter returns an empty string for a good answer, or a message that says what
is wrong and what is allowed. Copier shows the message and renders nothing.
"""

from __future__ import annotations

import keyword
import re

from jinja2.ext import Extension

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
PATH_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
PREFIX_PART = re.compile(r"^[A-Za-z0-9_.~-]+$")
# An import path's segment: an alias ("@", "~", "#ui"), a scope ("@acme") or a folder.
IMPORT_PART = re.compile(r"^[@~#]?[A-Za-z0-9_.-]*$")

# App labels that Django, DRF, the token libraries and other 2FA packages already use:
# two apps with one label cannot be installed side by side.
RESERVED_APP_LABELS = frozenset(
    {
        # Django
        "admin",
        "admindocs",
        "auth",
        "contenttypes",
        "flatpages",
        "gis",
        "humanize",
        "messages",
        "postgres",
        "redirects",
        "sessions",
        "sitemaps",
        "sites",
        "staticfiles",
        "syndication",
        "django",
        # DRF and the token libraries
        "rest_framework",
        "authtoken",
        "token_blacklist",
        "simplejwt",
        "djoser",
        "dj_rest_auth",
        "rest_auth",
        "knox",
        "corsheaders",
        # other 2FA and account packages
        "two_factor",
        "otp",
        "django_otp",
        "otp_totp",
        "otp_static",
        "otp_email",
        "otp_hotp",
        "trench",
        "mfa",
        "allauth",
        "account",
        "socialaccount",
        "usersessions",
        "phonenumber_field",
        "anymail",
    }
)


def issuer_problem(value: str) -> str:
    if not value or len(value) > 64:
        return f"issuer_name must be 1 to 64 characters long (got {len(value)})."
    if ":" in value:
        return (
            "issuer_name must not contain ':' (it separates issuer and account in otpauth labels)."
        )
    if value != value.strip():
        return "issuer_name must not start or end with spaces."
    return ""


def relative_dir_problem(value: str, name: str, allow_dot: bool = True) -> str:
    allowed = "letters, digits, '_', '-' and '.', separated by '/'"
    if not value.strip():
        return (
            f"{name} must not be empty ('.' means the destination itself)."
            if allow_dot
            else f"{name} must not be empty."
        )
    if value.startswith("/") or re.match(r"^[A-Za-z]:", value):
        return f"{name} must be a relative path, without a leading '/'."
    if value.endswith("/"):
        return f"{name} must not end with '/' (write {value.rstrip('/')!r})."
    if "\\" in value:
        return f"{name} must use '/' as the separator, not '\\'."
    if value == "." and allow_dot:
        return ""
    parts = value.split("/")
    if ".." in parts:
        return f"{name} must stay inside the destination: '..' is not allowed."
    if any(part in ("", ".") for part in parts):
        return f"{name} must not contain empty or '.' segments (got {value!r})."
    bad = [part for part in parts if not PATH_PART.match(part)]
    if bad:
        return f"{name} segment {bad[0]!r} is not allowed: use {allowed}."
    return ""


def django_app_problem(value: str) -> str:
    parts = value.split(".")
    if not value or not all(IDENTIFIER.match(part) for part in parts):
        return (
            f"django_app must be a dotted Python import path made of identifiers "
            f"(e.g. two_factor_auth or apps.security.two_factor_auth), got {value!r}."
        )
    keywords = [part for part in parts if keyword.iskeyword(part)]
    if keywords:
        return f"django_app must not use the Python keyword {keywords[0]!r} as a segment."
    label = parts[-1]
    if label in RESERVED_APP_LABELS:
        return (
            f"django_app's last segment {label!r} is its Django app label, and that label is "
            f"already used by Django, DRF, a token library or another 2FA package: choose "
            f"another name, such as two_factor_auth."
        )
    return ""


def user_model_problem(value: str, project_kind: str = "existing", django_app: str = "") -> str:
    parts = value.split(".")
    if len(parts) != 2 or not all(IDENTIFIER.match(part) for part in parts):
        return (
            "user_model must be app_label.ModelName, as in AUTH_USER_MODEL "
            f"(e.g. users.User), got {value!r}."
        )
    if project_kind != "starter":
        return ""
    # The starter renders the app that holds this model, so its label must be free.
    app_label = parts[0]
    if app_label == django_app.rsplit(".", 1)[-1]:
        return f"user_model's app {app_label!r} is the 2FA app (django_app): name another one."
    if app_label in RESERVED_APP_LABELS or keyword.iskeyword(app_label):
        return (
            f"The starter renders its own user model, in the app {app_label!r}, which Django or "
            "a library already uses: use a new app, e.g. users.User."
        )
    return ""


def phone_field_problem(value: str, user_model: str) -> str:
    if not value:
        return ""
    if not IDENTIFIER.match(value) or keyword.iskeyword(value):
        return (
            f"user_phone_field must be a field name (a Python identifier) or empty, got {value!r}."
        )
    if user_model == "auth.User":
        return (
            "auth.User has no phone field: leave user_phone_field empty, "
            "or use a custom user model."
        )
    return ""


def api_prefix_problem(value: str) -> str:
    if not (value.startswith("/") and value.endswith("/")):
        return f"api_prefix must start and end with '/' (e.g. /api/auth/), got {value!r}."
    parts = value.strip("/").split("/") if value != "/" else []
    bad = [part for part in parts if not PREFIX_PART.match(part) or part in (".", "..")]
    if bad:
        return (
            f"api_prefix segment {bad[0]!r} is not allowed: use letters, digits, '_', '-', "
            f"'.' and '~' between single slashes."
        )
    return ""


def import_path_problem(value: str) -> str:
    """shadcn_ui_import: what a component imports Button from, less "/button"."""
    example = "e.g. @/components/ui, components.json's aliases.ui"
    if not value:
        return ""  # the feature's own copies
    if re.search(r"\s", value):
        return f"shadcn_ui_import must not contain spaces ({example}), got {value!r}."
    if value.endswith("/"):
        return f"shadcn_ui_import must not end with '/' (write {value.rstrip('/')!r})."
    if value.startswith(("/", ".")) or "\\" in value:
        return (
            "shadcn_ui_import is an import path, not a file path: an alias or a package "
            f"({example}); relative paths would be relative to each component."
        )
    parts = value.split("/")
    bad = [part for part in parts if part in ("", ".", "..") or not IMPORT_PART.fullmatch(part)]
    if bad:
        return (
            f"shadcn_ui_import segment {bad[0]!r} is not allowed: use letters, digits, "
            f"'_', '-' and '.', with '@', '~' or '#' first for an alias ({example})."
        )
    return ""


class AnswerRules(Extension):
    """Registers the validators above as Jinja filters for copier.yml."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.filters.update(
            issuer_problem=issuer_problem,
            relative_dir_problem=relative_dir_problem,
            django_app_problem=django_app_problem,
            user_model_problem=user_model_problem,
            phone_field_problem=phone_field_problem,
            api_prefix_problem=api_prefix_problem,
            import_path_problem=import_path_problem,
        )
