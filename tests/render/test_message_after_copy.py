"""The next steps Copier prints after rendering: right for the answers given."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support.template import REPO_ROOT


def copy_output(dest: Path, **answers: str) -> str:
    data = [arg for name, value in answers.items() for arg in ("-d", f"{name}={value}")]
    command = [sys.executable, "-m", "copier", "copy", "--trust", "--defaults", "--vcs-ref"]
    completed = subprocess.run(
        [*command, "HEAD", *data, str(REPO_ROOT), str(dest)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout + completed.stderr


def test_steps_name_the_app_prefix_and_token_library(tmp_path: Path):
    output = copy_output(
        tmp_path / "p",
        project_kind="existing",
        backend_dir="server",
        django_app="apps.security.tfa",
        api_prefix="/v1/2fa/",
        jwt_library="knox",
    )
    assert "pip install -r server/apps/security/tfa/requirements.txt" in output
    assert '"knox",' in output
    assert '"apps.security.tfa",' in output
    assert 'path("v1/2fa/", include("apps.security.tfa.urls")),' in output
    assert "TWO_FACTOR_ENCRYPTION_KEYS" in output
    assert '"DEFAULT_AUTHENTICATION_CLASSES": ["knox.auth.TokenAuthentication"],' in output
    assert "from apps.security.tfa.admin_login import two_factor_admin_login" in output


def test_steps_install_the_blacklist_and_the_apps_authentication_for_jwts(tmp_path: Path):
    output = copy_output(tmp_path / "p", project_kind="existing", jwt_library="djoser")
    assert '"rest_framework_simplejwt.token_blacklist",' in output
    authentication = "two_factor_auth.authentication.TwoFactorJWTAuthentication"
    assert f'"DEFAULT_AUTHENTICATION_CLASSES": ["{authentication}"],' in output


@pytest.mark.parametrize(
    ("answers", "expected", "absent"),
    [
        ({"sms_provider": "twilio"}, ["TWO_FACTOR_TWILIO_AUTH_TOKEN"], ["ANYMAIL_"]),
        ({"sms_provider": "vonage"}, ["TWO_FACTOR_VONAGE_API_SECRET"], ["TWILIO"]),
        (
            {"email_provider": "anymail", "anymail_esp": "postmark"},
            ["ANYMAIL_POSTMARK_SERVER_TOKEN", "TWO_FACTOR_EMAIL_FROM"],
            ["TWILIO"],
        ),
        ({}, ["written to the log"], ["read these settings"]),
    ],
    ids=["twilio", "vonage", "anymail", "console"],
)
def test_steps_list_the_chosen_providers_settings(tmp_path, answers, expected, absent):
    output = copy_output(tmp_path / "p", **answers)
    for text in expected:
        assert text in output
    for text in absent:
        assert text not in output


def test_steps_install_the_chosen_kits_packages(tmp_path: Path):
    output = copy_output(
        tmp_path / "p", project_kind="existing", ui_kit="mantine", frontend_dir="web"
    )
    install = next(line for line in output.splitlines() if 'npm install "' in line)
    assert '"@mantine/core@' in install
    assert '"@tanstack/react-query@' in install
    assert "input-otp" not in install
    assert "web/src/features/two-factor/README.md" in output
    assert 'npm install --save-dev "vitest@' in output


def test_steps_leave_out_test_packages_without_tests(tmp_path: Path):
    output = copy_output(
        tmp_path / "p", project_kind="existing", ui_kit="plain", include_tests="false"
    )
    assert '"input-otp@' in output
    assert "--save-dev" not in output


def test_starter_steps_run_dev_sh(tmp_path: Path):
    """A starter has its package.json and dev.sh: one command, no npm lines to copy."""
    output = copy_output(tmp_path / "p", frontend_framework="nextjs", ui_kit="antd")
    assert "bash dev.sh" in output
    assert "Next.js app in frontend/ (antd)" in output
    assert "npm install" not in output
    assert "DJANGO_SECRET_KEY" in output


SHADCN_ADD = "npx shadcn@latest add alert button card checkbox dialog input input-otp label"


@pytest.mark.parametrize(
    ("answers", "asked"),
    [
        ({"project_kind": "existing", "ui_kit": "shadcn"}, True),
        ({"project_kind": "existing", "ui_kit": "shadcn", "shadcn_ui_import": ""}, False),
        ({"project_kind": "existing", "ui_kit": "mui"}, False),
    ],
    ids=["project-components", "own-copies", "mui"],
)
def test_steps_add_the_shadcn_components_the_feature_imports(
    tmp_path: Path, answers: dict, asked: bool
):
    output = copy_output(tmp_path / "p", **answers)
    assert (SHADCN_ADD in output) == asked
