"""The rendered backend inside the harness project (tests/harness), against a real Redis:
system checks, migrations, and the rendered app's own test suite."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Backend, RedisServer, prepare_backend, render

pytestmark = pytest.mark.backend

VARIANTS = {
    # project_kind=starter: users.User with a phone_number field, SMS through the console.
    "starter": {},
    # project_kind=existing: auth.User, no phone field, so no SMS channel.
    "existing": {"project_kind": "existing"},
    # Users without TOTP get tokens straight from login/; codes only as a TOTP fallback.
    "no-codes-for-all": {"otp_for_all_users": False},
    "nested": {
        "django_app": "apps.security.tfa",
        "backend_dir": "src/server",
        "api_prefix": "/v1/2fa/",
    },
}

SUMMARY_PASSED = re.compile(r"\b(\d+) passed\b")


@pytest.fixture(scope="module", params=list(VARIANTS), ids=list(VARIANTS))
def backend(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    redis_server: RedisServer,
) -> Backend:
    dest: Path = tmp_path_factory.mktemp(f"backend-{request.param}")
    variant = render(dest, **VARIANTS[request.param])
    return prepare_backend(variant, redis_url=redis_server.next_url())


def test_variant_has_the_expected_user_model(backend: Backend):
    answers = backend.variant.answers
    user = (answers["user_model"], answers["user_phone_field"])
    if answers["project_kind"] == "starter":
        assert user == ("users.User", "phone_number")
        assert (backend.dir / "users" / "models.py").is_file()
    else:
        assert user == ("auth.User", "")
        assert not (backend.dir / "users").exists()


def test_system_checks_are_clean(backend: Backend):
    result = backend.manage("check", "--fail-level", "WARNING")
    assert result.returncode == 0, str(result)
    assert "System check identified no issues" in result.output, str(result)


def test_committed_migrations_match_the_models(backend: Backend):
    result = backend.manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, str(result)


def test_migrate_on_a_fresh_database(backend: Backend):
    database = backend.dir / "db.sqlite3"
    database.unlink(missing_ok=True)
    result = backend.manage("migrate", "--no-input")
    assert result.returncode == 0, str(result)
    assert database.is_file()
    app_label = backend.variant.answers["django_app"].rsplit(".", 1)[-1]
    shown = backend.manage("showmigrations", app_label)
    assert shown.returncode == 0, str(shown)
    assert "[X] 0001_initial" in shown.output, str(shown)
    assert "[ ]" not in shown.output, str(shown)


def test_rendered_app_tests_pass(backend: Backend):
    tests_dir = f"{backend.variant.app_path}/tests"
    assert (backend.dir / tests_dir).is_dir(), f"no rendered tests in {tests_dir}"
    result = backend.run("-m", "pytest", "-q", "-p", "no:cacheprovider", tests_dir)
    # Exit code 5 (nothing collected) is a failure too: the rendered suite must run.
    assert result.returncode == 0, str(result)
    summary = result.output.strip().splitlines()[-1] if result.output.strip() else ""
    passed = SUMMARY_PASSED.search(summary)
    assert passed and int(passed.group(1)) > 0, str(result)
