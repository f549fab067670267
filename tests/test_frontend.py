"""The rendered frontend feature inside a minimal app of its framework (tests/frontend/apps),
for every ui_kit x frontend_framework: strict TypeScript, ESLint, Prettier, the feature's
own Vitest suite, and the production build.

npm installs once per kit into a shared workspace (tests/frontend/workspace.py), which
later runs reuse until extensions/npm_packages.yml changes. Both frameworks of a kit run
one after the other, against the same install.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import CHOICES, render
from frontend import harness
from frontend.harness import FrontendApp
from frontend.workspace import Workspace

pytestmark = pytest.mark.frontend

# (kit, framework, other answers): every kit with every framework, then the answers that
# change the feature's own code (the knox token shape, another API prefix) once.
VARIANTS = [
    (kit, framework, {}) for kit in CHOICES["ui_kit"] for framework in CHOICES["frontend_framework"]
] + [("plain", "vite", {"jwt_library": "knox", "api_prefix": "/v1/2fa/"})]


def variant_id(kit: str, framework: str, answers: dict) -> str:
    parts = (str(value).strip("/").replace("/", "_") for value in answers.values())
    return "-".join([kit, framework, *parts])


FEATURE = str(harness.FEATURE_PATH)


@pytest.fixture(scope="module", params=VARIANTS, ids=[variant_id(*v) for v in VARIANTS])
def app(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    npm_workspace: Callable[[str], Workspace],
) -> FrontendApp:
    kit, framework, answers = request.param
    name = variant_id(kit, framework, answers)
    variant = render(
        tmp_path_factory.mktemp(f"frontend-{name}"),
        ui_kit=kit,
        frontend_framework=framework,
        project_kind="existing",
        **answers,
    )
    feature = harness.feature_source(variant.feature_dir)
    return harness.assemble(npm_workspace(kit), framework, feature, name=name)


def test_typescript_strict(app: FrontendApp):
    result = app.tool("tsc", "--noEmit", "-p", ".")
    assert result.returncode == 0, str(result)


def test_eslint(app: FrontendApp):
    result = app.tool("eslint", "--max-warnings", "0", FEATURE)
    assert result.returncode == 0, str(result)


def test_prettier(app: FrontendApp):
    result = app.tool("prettier", "--check", FEATURE)
    assert result.returncode == 0, str(result)


def test_feature_tests_pass(app: FrontendApp):
    """The feature's own suite passes, and holds at least one test (none is a failure)."""
    app.vitest_passes(FEATURE)


def test_production_build(app: FrontendApp):
    result = app.tool(*harness.BUILD[app.framework])
    assert result.returncode == 0, str(result)
