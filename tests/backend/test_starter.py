"""The starter (project_kind=starter, the default): a whole Django project around the app.

Rendered with the defaults, run with its own manage.py and settings (not the harness):
system checks, migrations, the database cache table, the demo user, and the 2FA app's
own tests under the starter's settings, first with its development defaults (SQLite and
the database cache: nothing to install), then with Redis as the cache (REDIS_URL).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from support.processes import output, run_starter
from support.render import Variant, render
from support.services import RedisServer

pytestmark = pytest.mark.backend


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Variant:
    return render(tmp_path_factory.mktemp("starter"))


def test_starter_is_a_whole_project(starter: Variant):
    backend = starter.backend_dir
    for name in ("manage.py", "config/settings.py", "config/urls.py", "requirements.txt"):
        assert (backend / name).is_file(), name
    assert (backend / "users" / "models.py").is_file()
    assert (backend / ".env.example").is_file()
    pins = (backend / "requirements.txt").read_text(encoding="utf-8").splitlines()
    packages = [line for line in pins if line and not line.startswith("#")]
    assert packages and all("==" in line for line in packages), packages


def test_checks_migrations_and_demo_user(starter: Variant):
    steps = [
        ("manage.py", "check", "--fail-level", "WARNING"),
        ("manage.py", "makemigrations", "--check", "--dry-run"),
        ("manage.py", "migrate", "--no-input"),
        ("manage.py", "createcachetable"),
    ]
    for step in steps:
        result = run_starter(starter, *step)
        assert result.returncode == 0, output(result)
    seeded = run_starter(starter, "manage.py", "seed_demo")
    assert seeded.returncode == 0, output(seeded)
    assert "username: demo" in seeded.stdout
    again = run_starter(starter, "manage.py", "seed_demo")
    assert "Reset the demo user." in again.stdout, output(again)


def test_app_tests_pass_with_the_development_defaults(starter: Variant):
    result = run_starter(starter, "-m", "pytest", "-q", "-p", "no:cacheprovider", starter.app_path)
    assert result.returncode == 0, output(result)
    assert " passed" in result.stdout, output(result)


def test_project_session_tests_pass(starter: Variant):
    """config/tests: the refresh endpoint the frontend uses, and no password-only login."""
    result = run_starter(starter, "-m", "pytest", "-q", "-p", "no:cacheprovider", "config")
    assert result.returncode == 0, output(result)
    assert " passed" in result.stdout, output(result)


def test_app_tests_pass_with_redis(starter: Variant, redis_server: RedisServer):
    """The app's tests and the project's, config/redis_cache.py's among them, on Redis."""
    result = run_starter(
        starter,
        "-m", "pytest", "-q", "-x", "-rs", "-p", "no:cacheprovider", starter.app_path, "config",
        REDIS_URL=redis_server.next_url(),
    )  # fmt: skip
    assert result.returncode == 0, output(result)
    skipped = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    assert not any("test_redis_cache" in line for line in skipped), output(result)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        # Nothing set: production, which fails closed instead of using development keys.
        ({"DJANGO_DEBUG": ""}, "Set DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "false"}, "Set DJANGO_SECRET_KEY"),
        (
            {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50},
            "Set TWO_FACTOR_ENCRYPTION_KEYS",
        ),
    ],
    ids=["debug-unset", "secret-key", "encryption-keys"],
)
def test_production_refuses_development_secrets(starter: Variant, env: dict, message: str):
    result = run_starter(starter, "manage.py", "check", **env)
    assert result.returncode != 0
    assert message in result.stderr, output(result)


def test_seed_demo_refuses_to_run_in_production(starter: Variant):
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "p" * 50,
        "TWO_FACTOR_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    }
    assert run_starter(starter, "manage.py", "migrate", "--no-input", **production).returncode == 0
    result = run_starter(starter, "manage.py", "seed_demo", **production)
    assert result.returncode != 0
    assert "DJANGO_DEBUG=true" in result.stderr, output(result)
    assert "demo-password-2fa" not in result.stdout, output(result)


@pytest.mark.parametrize("library", ["djoser", "dj_rest_auth", "knox"])
def test_starter_with_each_token_library_starts(tmp_path: Path, library: str):
    """Each library's starter starts, and its session endpoints (config/session_urls.py:
    refresh with rotation, sign-out, dj-rest-auth's HTTP-only cookies and CSRF, knox's
    server-side logout) pass their tests; so do the app's tests of every way around the
    second factor (its bypass suite, the admin's sign-in, revocation) under the starter's
    own settings and URLs, as the matrix runs them in the harness."""
    variant = render(tmp_path / library, jwt_library=library)
    for step in [("check", "--fail-level", "WARNING"), ("migrate", "--no-input")]:
        result = run_starter(variant, "manage.py", *step)
        assert result.returncode == 0, output(result)
    tests = f"{variant.app_path}/tests"
    suites = [f"{tests}/test_{name}.py" for name in ("bypass", "admin", "revocation")]
    result = run_starter(
        variant, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "config", *suites
    )
    assert result.returncode == 0, output(result)
    assert " passed" in result.stdout, output(result)
    # Only config/redis_cache.py's tests wait for a REDIS_URL; every other test runs.
    skipped = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    assert all("test_redis_cache" in line for line in skipped), output(result)
