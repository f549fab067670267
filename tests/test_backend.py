"""The rendered backend inside the harness project (tests/harness), against a real Redis:
system checks, migrations, and the rendered app's own test suite."""

from __future__ import annotations

import pytest

from conftest import Backend, RedisServer, render_backend

pytestmark = pytest.mark.backend

VARIANTS = {
    # The starter's user model: users.User with a phone_number field, SMS to the console.
    "users-model": {},
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


@pytest.fixture(scope="module", params=list(VARIANTS), ids=list(VARIANTS))
def backend(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    redis_server: RedisServer,
) -> Backend:
    name = f"backend-{request.param}"
    return render_backend(tmp_path_factory, redis_server, name, **VARIANTS[request.param])


def test_variant_has_the_expected_user_model(backend: Backend):
    answers = backend.variant.answers
    user = (answers["user_model"], answers["user_phone_field"])
    if answers["user_model"] == "users.User":
        assert user == ("users.User", "phone_number")
        assert (backend.dir / "users" / "models.py").is_file()
    else:
        assert user == ("auth.User", "")
        assert not (backend.dir / "users").exists()


def test_system_checks_are_clean(backend: Backend):
    backend.assert_checks_clean()


def test_committed_migrations_match_the_models(backend: Backend):
    backend.assert_migrations_in_sync()


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
    backend.run_rendered_tests("-q")
