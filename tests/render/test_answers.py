"""Every invalid answer is refused with a message that names the problem, and nothing is
rendered; edge answers that are valid are accepted."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.render import render
from support.template import CHOICE_CONTEXT, CHOICES, COPIER_CONFIG

# One refusal per rule of extensions/answer_rules.py (tests/unit/test_answer_rules.py has
# their cases), and each rule copier.yml writes inline: Copier shows the message and
# renders nothing.
INVALID = [
    # (question, answers, fragment of the message)
    ("issuer_name", {"issuer_name": "Acme:Corp"}, "must not contain ':'"),
    ("project_name", {"project_name": "   "}, "project_name must not be empty"),
    ("backend_dir", {"backend_dir": "../x"}, "'..' is not allowed"),
    ("django_app", {"django_app": "x.sessions"}, "already used by Django"),
    ("user_model", {"user_model": "a.b.c"}, "app_label.ModelName"),
    (
        "user_phone_field",
        {"project_kind": "existing", "user_model": "auth.User", "user_phone_field": "phone_number"},
        "auth.User has no phone field",
    ),
    # The starter renders the user model's app: its label must be free.
    (
        "user_model",
        {"user_model": "auth.User", "user_phone_field": ""},
        "renders its own user model",
    ),
    ("user_model", {"user_model": "two_factor_auth.User"}, "is the 2FA app"),
    ("api_prefix", {"api_prefix": "/api//auth/"}, "segment '' is not allowed"),
    *[
        (question, {**CHOICE_CONTEXT.get(question, {}), question: "bogus"}, "Invalid choice")
        for question in CHOICES
    ],
    (
        "otp_for_all_users",
        {"otp_for_all_users": True, "sms_provider": "none", "email_provider": "none"},
        "needs a channel to send codes through",
    ),
    (
        "otp_for_all_users",
        {"project_kind": "existing", "otp_for_all_users": True, "email_provider": "none"},
        "needs a channel to send codes through",
    ),
    ("frontend_dir", {"frontend_dir": "backend"}, "frontend_dir must differ from backend_dir"),
    ("frontend_dir", {"frontend_dir": "web/"}, "frontend_dir must not end with '/'"),
    ("frontend_feature_dir", {"frontend_feature_dir": "."}, "must not contain empty or '.'"),
    (
        "shadcn_ui_import",
        {"project_kind": "existing", "shadcn_ui_import": "./components/ui"},
        "an import path, not a file path",
    ),
    # the starter's app serves its pages at / and compiles src/
    ("api_prefix", {"api_prefix": "/"}, "give api_prefix a segment of its own"),
    (
        "frontend_feature_dir",
        {"frontend_feature_dir": "lib/2fa"},
        "put frontend_feature_dir inside",
    ),
]


# The question names are an interface: other tools and the tests use them.
QUESTIONS = [
    "project_kind", "project_name", "issuer_name", "backend_dir", "django_app", "user_model",
    "user_phone_field", "jwt_library", "sms_provider", "email_provider", "anymail_esp",
    "otp_for_all_users", "totp_fallback", "passkeys", "api_prefix", "frontend_framework",
    "frontend_dir", "ui_kit", "shadcn_ui_import", "frontend_feature_dir", "include_tests",
]  # fmt: skip


def test_questions_are_the_interface():
    asked = [name for name in COPIER_CONFIG if not name.startswith("_")]
    assert sorted(asked) == sorted(QUESTIONS)
    assert CHOICES["jwt_library"] == ["simplejwt", "djoser", "dj_rest_auth", "knox"]
    assert CHOICES["sms_provider"] == ["twilio", "vonage", "aws_sns", "console", "none"]
    assert CHOICES["email_provider"] == ["django", "anymail", "none"]
    assert CHOICES["frontend_framework"] == ["vite", "nextjs"]
    assert CHOICES["ui_kit"] == ["shadcn", "mui", "mantine", "antd", "plain"]


def case_id(case: tuple[str, dict, str]) -> str:
    question, answers, _ = case
    return f"{question}={answers[question]!r}"


@pytest.mark.parametrize(("question", "answers", "fragment"), INVALID, ids=map(case_id, INVALID))
def test_invalid_answer_is_refused(tmp_path: Path, question: str, answers: dict, fragment: str):
    dest = tmp_path / "dest"
    with pytest.raises(ValueError) as refused:
        render(dest, **answers)
    message = str(refused.value)
    assert f"'{question}'" in message
    assert fragment in message
    assert not dest.exists() or not any(dest.iterdir()), "nothing may be rendered"


@pytest.mark.parametrize(
    ("answers", "app_dir"),
    [
        ({"backend_dir": "."}, "two_factor_auth"),
        ({"backend_dir": "src/server/django"}, "src/server/django/two_factor_auth"),
        ({"django_app": "apps.security.tfa"}, "backend/apps/security/tfa"),
        ({"project_kind": "existing", "api_prefix": "/"}, "backend/two_factor_auth"),
        ({"project_kind": "existing", "frontend_feature_dir": "lib/2fa"}, None),
        ({"api_prefix": "/v1/2fa.auth_~x/"}, "backend/two_factor_auth"),
        ({"issuer_name": "Acme Corp (staging) & Co é"}, "backend/two_factor_auth"),
        ({"backend_dir": ".", "frontend_dir": "."}, "two_factor_auth"),
        ({"otp_for_all_users": False, "sms_provider": "none", "email_provider": "none"}, None),
        ({"project_kind": "existing", "shadcn_ui_import": "@acme/design-system/ui"}, None),
        ({"project_kind": "existing", "shadcn_ui_import": ""}, None),
    ],
    ids=lambda value: repr(value) if isinstance(value, dict) else None,
)
def test_valid_edge_answer_is_accepted(tmp_path: Path, answers: dict, app_dir: str | None):
    variant = render(tmp_path, **answers)
    for question, value in answers.items():
        assert variant.answers[question] == value
    expected = tmp_path / (app_dir or "backend/two_factor_auth")
    assert (expected / "apps.py").is_file()
    assert variant.app_dir == expected.resolve()


def test_defaults_follow_project_kind(tmp_path: Path):
    starter = render(tmp_path / "starter").answers
    assert starter["project_kind"] == "starter"
    assert starter["user_model"] == "users.User"
    assert starter["user_phone_field"] == "phone_number"
    assert starter["sms_provider"] == "console"
    assert starter["issuer_name"] == "Acme"

    existing = render(tmp_path / "existing", project_kind="existing").answers
    assert existing["user_model"] == "auth.User"
    assert existing["user_phone_field"] == ""
    # No phone field: the SMS question does not apply and is not asked.
    assert "sms_provider" not in existing
    assert "anymail_esp" not in existing


def test_issuer_name_defaults_to_project_name(tmp_path: Path):
    answers = render(tmp_path, project_name="  Globex  ").answers
    assert answers["issuer_name"] == "Globex"
