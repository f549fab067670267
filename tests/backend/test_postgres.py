"""The starter on a real PostgreSQL: the variant of the matrix that doesn't run on SQLite.

The starter is rendered with knox's tokens (tests/backend/test_starter.py covers the default
simplejwt on SQLite) and run with its own manage.py and settings, DATABASE_URL pointing at
a server the tests start themselves (tests/support/postgres.py): system checks, migrations, the
database cache table, the demo user, then the 2FA app's tests and the project's session
tests, each in a test database that is checked to be on that server afterwards.
"""

from __future__ import annotations

import pytest

from support.postgres import PostgresServer
from support.processes import output, run_starter
from support.render import Variant, render

pytestmark = pytest.mark.backend

DATABASE = "starter_knox"


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Variant:
    return render(tmp_path_factory.mktemp("starter-postgres"), jwt_library="knox")


@pytest.fixture(scope="module")
def database_url(postgres_server: PostgresServer) -> str:
    return postgres_server.create_database(DATABASE)


def test_project_migrates_and_seeds_on_postgres(starter: Variant, database_url: str):
    steps = [
        ("check", "--fail-level", "WARNING"),
        ("makemigrations", "--check", "--dry-run"),
        ("migrate", "--no-input"),
        ("createcachetable",),  # no REDIS_URL: the cache is a table in PostgreSQL too
        ("seed_demo",),
    ]
    results = {}
    for step in steps:
        result = run_starter(starter, "manage.py", *step, DATABASE_URL=database_url)
        assert result.returncode == 0, output(result)
        results[step[0]] = result.stdout
    assert "Applying two_factor_auth.0001_initial... OK" in results["migrate"], results
    assert "username: demo" in results["seed_demo"], results

    # The settings really took DATABASE_URL: Django talks to PostgreSQL, not to db.sqlite3.
    probe = "from django.db import connection as c; print(c.vendor, c.settings_dict['NAME'])"
    shell = run_starter(starter, "manage.py", "shell", "-c", probe, DATABASE_URL=database_url)
    assert shell.returncode == 0, output(shell)
    assert f"postgresql {DATABASE}" in shell.stdout.splitlines(), output(shell)
    assert not (starter.backend_dir / "db.sqlite3").exists()


@pytest.mark.parametrize("suite", ["app", "config"])
def test_tests_pass_on_postgres(
    starter: Variant,
    postgres_server: PostgresServer,
    suite: str,
):
    """The app's tests and config/tests (knox's sign-out, no password-only login)."""
    path = starter.app_path if suite == "app" else "config"
    # pytest-django makes its test database from the name in DATABASE_URL ("test_" + it);
    # --reuse-db keeps it afterwards, so the server can show the tests ran there.
    name = f"{DATABASE}_{suite}"
    result = run_starter(
        starter,
        "-m", "pytest", "-q", "-p", "no:cacheprovider", "--reuse-db", path,
        DATABASE_URL=postgres_server.url(name),
    )  # fmt: skip
    assert result.returncode == 0, output(result)
    assert " passed" in result.stdout, output(result)
    assert f"test_{name}" in postgres_server.databases(), output(result)
