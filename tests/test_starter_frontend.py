"""The starter's frontend app (project_kind=starter), for every ui_kit x frontend_framework:
strict TypeScript over the whole app (screens, session, e2e test), ESLint, Prettier, the
session's own Vitest tests and the production build; and the two other kinds of session
(dj-rest-auth's cookies, knox's token) once each.

The rendered frontend goes into a folder of the kit's shared npm install
(tests/frontend/workspace.py), which holds the starter's packages too, so no variant
installs anything. The feature's own Vitest suite runs in tests/test_frontend.py, and
the starter's browser test in tests/test_starter_browser.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest

from conftest import CHOICES, render
from frontend import harness
from frontend.harness import FrontendApp
from frontend.workspace import Workspace

pytestmark = pytest.mark.frontend

# (kit, framework, other answers)
VARIANTS = [
    (kit, framework, {}) for kit in CHOICES["ui_kit"] for framework in CHOICES["frontend_framework"]
] + [("plain", "vite", {"jwt_library": "dj_rest_auth"}), ("plain", "vite", {"jwt_library": "knox"})]


def variant_id(kit: str, framework: str, answers: dict) -> str:
    return "-".join([kit, framework, *answers.values()])


@pytest.fixture(scope="module", params=VARIANTS, ids=[variant_id(*v) for v in VARIANTS])
def starter_app(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    npm_workspace: Callable[[str], Workspace],
) -> FrontendApp:
    kit, framework, answers = request.param
    name = f"starter-{variant_id(kit, framework, answers)}"
    variant = render(
        tmp_path_factory.mktemp(name), ui_kit=kit, frontend_framework=framework, **answers
    )
    npm = npm_workspace(kit)
    app_dir = npm.variant_dir(name)
    shutil.rmtree(app_dir, ignore_errors=True)
    shutil.copytree(variant.dest / "frontend", app_dir)
    return FrontendApp(workspace=npm, framework=framework, dir=app_dir)


def test_starter_app_files(starter_app: FrontendApp):
    names = {path.relative_to(starter_app.dir).as_posix() for path in starter_app.dir.rglob("*")}
    assert {"package.json", "playwright.config.ts", "e2e/sign-in.e2e.ts"} <= names
    assert {"src/providers.tsx", "src/framework.tsx", "src/kit.tsx"} <= names
    if starter_app.framework == "vite":
        assert {"index.html", "vite.config.ts", "src/main.tsx"} <= names
    else:
        assert {
            "src/app/layout.tsx",
            "src/app/login/page.tsx",
            "src/app/security/page.tsx",
        } <= names
        assert not {"index.html", "vite.config.ts"} & names


def test_typescript_strict(starter_app: FrontendApp):
    result = starter_app.tool("tsc", "--noEmit", "-p", ".")
    assert result.returncode == 0, str(result)


def test_eslint(starter_app: FrontendApp):
    result = starter_app.tool("eslint", "--max-warnings", "0", ".")
    assert result.returncode == 0, str(result)


def test_prettier(starter_app: FrontendApp):
    result = starter_app.tool("prettier", "--check", ".")
    assert result.returncode == 0, str(result)


def test_starter_unit_tests_pass(starter_app: FrontendApp):
    """The starter's own unit tests (the feature's run in tests/test_frontend.py): its
    session per token library, and the browser test's RFC 6238 codes. Some pass, none fail."""
    starter_app.vitest_passes("src/session", "e2e")


def test_production_build(starter_app: FrontendApp):
    result = starter_app.tool(*harness.BUILD[starter_app.framework])
    assert result.returncode == 0, str(result)
