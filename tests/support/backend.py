"""A rendered backend made runnable: the harness project (support/harness/) copied next to
an existing variant's app, or a starter's own project, run with ``manage.py`` and pytest
in subprocesses with the ``HARNESS_*`` variables set.
"""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support import shell
from support.processes import Result, clean_environment, run
from support.render import Variant, render
from support.services import RedisServer
from support.template import extension

HARNESS_DIR = Path(__file__).resolve().parent / "harness"
# Files of the harness copied next to every rendered app, and the user app each of the
# harness's own user models needs (users/ for users.User, accounts/ for accounts.EmailUser).
HARNESS_ITEMS = ("manage.py", "harness_project", "pytest.ini")
HARNESS_USER_MODEL = "users.User"
HARNESS_USER_APPS = {HARNESS_USER_MODEL: "users", "accounts.EmailUser": "accounts"}


def render_backend(
    tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer, name: str, **answers
) -> Backend:
    """Render a variant into a fresh folder and put the harness beside its app.

    The harness stands in for the project around the app. A starter renders a project of
    its own, which would clash with the harness, so a starter variant is rendered here as
    ``existing`` with the starter's user model (users.User, with its phone number);
    tests/backend/test_starter.py runs the starter's own project.
    """
    if answers.get("project_kind", "starter") == "starter":
        answers = {**answers, "project_kind": "existing"}
        answers.setdefault("user_model", HARNESS_USER_MODEL)
    variant = render(tmp_path_factory.mktemp(name), **answers)
    return prepare_backend(variant, redis_url=redis_server.next_url())


@dataclass
class Backend:
    """The rendered backend folder with the harness project copied in."""

    variant: Variant
    env: dict[str, str] = field(repr=False)

    @property
    def dir(self) -> Path:
        return self.variant.backend_dir

    def run(self, *args: str, timeout: float = 600, env: dict[str, str] | None = None) -> Result:
        """``python *args`` in the backend folder, with the backend's environment."""
        return run(
            [sys.executable, *args], self.dir, env={**self.env, **(env or {})}, timeout=timeout
        )

    def manage(self, *args: str) -> Result:
        return self.run("manage.py", *args)

    def shell_json(self, script: Path, **params: object):
        """What ``script`` (support/shell.py) prints last in ``manage.py shell``, as JSON."""
        result = self.run("manage.py", *shell.arguments(script), env=shell.environment(**params))
        assert result.returncode == 0, str(result)
        return shell.last_json(result.output)

    def assert_checks_clean(self) -> None:
        result = self.manage("check", "--fail-level", "WARNING")
        assert result.returncode == 0, str(result)
        assert "System check identified no issues" in result.output, str(result)

    def assert_migrations_in_sync(self) -> None:
        result = self.manage("makemigrations", "--check", "--dry-run")
        assert result.returncode == 0, str(result)
        assert "No changes detected" in result.output, str(result)

    def run_rendered_tests(self, *pytest_args: str) -> Result:
        """The rendered app's own suite; it must pass and run at least one test.

        pytest's exit code 5 (nothing collected) is a failure here too.
        """
        # Each package's tests/ beside its code, and the shared ones in the app's tests/.
        app = self.variant.app_path
        assert (self.dir / app / "tests").is_dir(), f"no rendered tests in {app}/tests"
        result = self.run("-m", "pytest", "-p", "no:cacheprovider", *pytest_args, app)
        assert result.returncode == 0, str(result)
        summary = result.output.strip().splitlines()[-1] if result.output.strip() else ""
        passed = re.search(r"\b(\d+) passed\b", summary)
        assert passed and int(passed.group(1)) > 0, str(result)
        return result


def harness_env(variant: Variant, redis_url: str) -> dict[str, str]:
    env = clean_environment()
    library = variant.answers.get("jwt_library", "simplejwt")
    registries = extension("registries")
    django_app = variant.answers["django_app"]
    env.update(
        HARNESS_APP=variant.answers["django_app"],
        HARNESS_USER_MODEL=variant.answers["user_model"],
        HARNESS_API_PREFIX=variant.answers["api_prefix"],
        # The token library's apps and authentication class, as the starter sets them.
        HARNESS_TOKEN_APPS=",".join(registries.token_libraries()[library]["apps"]),
        HARNESS_AUTHENTICATION=extension("context").token_authentication(library, django_app),
        HARNESS_REDIS_URL=redis_url,
        DJANGO_SETTINGS_MODULE="harness_project.settings",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def prepare_backend(variant: Variant, *, redis_url: str) -> Backend:
    """Copy the harness project into the variant's backend_dir, beside the rendered app."""
    backend_dir = variant.backend_dir
    backend_dir.mkdir(parents=True, exist_ok=True)
    items = list(HARNESS_ITEMS)
    if user_app := HARNESS_USER_APPS.get(variant.answers["user_model"]):
        items.append(user_app)
    for item in items:
        source, target = HARNESS_DIR / item, backend_dir / item
        if target.exists():
            raise FileExistsError(f"the rendered backend already has {target}")
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    return Backend(variant=variant, env=harness_env(variant, redis_url))


def starter_backend(variant: Variant) -> Backend:
    """A starter's own Django project (config/settings.py) in development mode, as dev.sh
    runs it (DJANGO_DEBUG=true; off is the settings' default): SQLite and the database
    cache."""
    assert variant.answers["project_kind"] == "starter", variant.answers
    env = {**clean_environment(), "DJANGO_DEBUG": "true", "PYTHONDONTWRITEBYTECODE": "1"}
    return Backend(variant=variant, env=env)
