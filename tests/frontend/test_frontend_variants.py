"""Every variant's frontend (tests/variants.yml), checked with its own ``npm run``
scripts, in the order its CI would run them:

- tsc+lint: ``npm run typecheck`` (``tsc`` strict), ``npm run lint`` (ESLint) and ``npm
  run format:check`` (Prettier);
- vitest: ``npm test``, the rendered Vitest suites: each test file once per input (what
  it imports, the configs and the kit's install; see support/frontend/vitest_memo.py), so
  a variant runs the files that no variant before it in this run passed with its code;
- build: ``npm run build``, once per app shape (kit, framework, kind): the first variant
  of each builds it, the others are skipped (see ``matrix.builders``).

A starter is checked with its own app and package.json, so a broken script fails here as
in the user's CI. An existing variant's feature goes into a minimal app of its framework
(tests/support/frontend/apps), whose scripts run the same tools on the feature alone.
Frontends share one npm install per kit (tests/support/frontend/workspace.py).

The variant's backend is tests/matrix/test_matrix.py's; the run's table shows both. A
starter whose app is at the project's root is checked apart: its tools must leave the
backend beside it alone.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import django
import pytest

from support import matrix
from support.frontend import harness
from support.frontend.harness import FrontendApp
from support.frontend.vitest_memo import Record
from support.frontend.workspace import Workspace
from support.render import Variant, render

VARIANTS = matrix.load()
BUILT_BY = matrix.builders(VARIANTS)


@pytest.fixture(scope="module", params=list(VARIANTS))
def name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def vitest_record(tmp_path_factory: pytest.TempPathFactory) -> Record:
    """The test files passed in this run, shared by pytest-xdist's workers (whose own
    folders are inside the run's)."""
    run_dir = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_dir = run_dir.parent
    return Record(run_dir / "vitest-passed")


@pytest.fixture(scope="module")
def app(
    name: str, tmp_path_factory: pytest.TempPathFactory, npm_workspace: Callable[[str], Workspace]
) -> Iterator[FrontendApp]:
    """The starter's own frontend app, or an existing variant's feature inside the
    harness app of its framework; in a folder of the kit's shared npm install."""
    variant: Variant = render(
        tmp_path_factory.mktemp(f"frontend-{name}") / "project", **VARIANTS[name]
    )
    workspace = npm_workspace(variant.answers["ui_kit"])
    framework = variant.answers["frontend_framework"]
    if variant.is_starter:
        app_dir = workspace.variant_dir(f"matrix-{name}")
        shutil.rmtree(app_dir, ignore_errors=True)
        shutil.copytree(variant.dest / variant.answers["frontend_dir"], app_dir)
        frontend = FrontendApp(workspace=workspace, framework=framework, dir=app_dir)
    else:
        frontend = harness.assemble(
            workspace, framework, variant.feature_dir, name=f"matrix-{name}"
        )
    yield frontend
    shutil.rmtree(frontend.dir, ignore_errors=True)  # builds add up: tens of MB each


def test_frontend_scripts(app: FrontendApp):
    """typecheck, lint and format:check, as the project's CI runs them."""
    for script in ("typecheck", "lint", "format:check"):
        result = app.npm_run(script)
        assert result.returncode == 0, str(result)


def test_frontend_tests(
    name: str, app: FrontendApp, vitest_record: Record, record_property: Callable[..., None]
):
    """The feature's suite, and a starter's own (its session, the e2e test's TOTP codes)."""
    ran, total, note = app.vitest_passes(vitest_record, name)
    record_property("vitest_files", (ran, total))
    if note:
        print(note)


def test_frontend_build(name: str, app: FrontendApp):
    if BUILT_BY[name] != name:
        pytest.skip(f"built as {BUILT_BY[name]}, the first variant of its kit, framework and kind")
    result = app.npm_run("build")
    assert result.returncode == 0, str(result)


def test_an_app_at_the_project_root_checks_only_its_own_files(
    tmp_path: Path, npm_workspace: Callable[[str], Workspace]
):
    """frontend_dir=".": the app shares the root with the backend, whose virtualenv holds
    Django's admin JavaScript, and with the project's README and Copier's answers. The
    app's lint and format:check leave them alone."""
    variant = render(tmp_path / "project", frontend_dir=".")
    workspace = npm_workspace(variant.answers["ui_kit"])
    app_dir = workspace.variant_dir("frontend-at-the-root")
    shutil.rmtree(app_dir, ignore_errors=True)
    shutil.copytree(variant.dest, app_dir)
    # What dev.sh's virtualenv brings: Django's own scripts, which ESLint would refuse.
    admin_static = Path(django.__file__).parent / "contrib" / "admin" / "static"
    shutil.copytree(admin_static, app_dir / variant.answers["backend_dir"] / ".venv" / "static")
    app = FrontendApp(
        workspace=workspace, framework=variant.answers["frontend_framework"], dir=app_dir
    )
    try:
        for script in ("lint", "format:check"):
            result = app.npm_run(script)
            assert result.returncode == 0, str(result)
    finally:
        shutil.rmtree(app_dir, ignore_errors=True)
