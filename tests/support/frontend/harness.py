"""A rendered 2FA feature inside a minimal app of its framework, ready to check and build.

The app shells live in ``tests/support/frontend/apps/``, copied in this order into a fresh folder
of the frontends' shared workspace (tests/support/frontend/workspace.py):

- ``shared/``: lint and format configs, and the page and providers both frameworks use;
- ``vite/`` or ``nextjs/``: the framework's own files, and a package.json whose scripts
  check the feature as a starter's check its whole app (typecheck, lint, format:check,
  test, build);
- ``kits/<kit>/src/``: what the kit needs around its components (``src/kit.tsx``);
- ``kits/<kit>/<framework>/``: the kit's build plugins for that framework, when any;
- for shadcn/ui, the project's own components at ``src/components/ui`` (see
  ``_project_shadcn_components``);

then the feature itself goes to ``src/features/two-factor``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from support.processes import Result, clean_environment, run
from support.template import REPO_ROOT

from . import vitest_memo
from .workspace import Workspace

APPS_DIR = Path(__file__).resolve().parent / "apps"
FEATURE_PATH = Path("src/features/two-factor")
# The feature's own copies of the shadcn/ui components, rendered when shadcn_ui_import is
# empty: where they agree with shadcn/ui's, they stand in for a project's as well.
SHADCN_COPIES = (
    REPO_ROOT
    / "template/{{ frontend_dir }}/{{ frontend_feature_dir }}"
    / "{% if ui_kit == 'shadcn' %}components{% endif %}"
    / "{% if not shadcn_project_ui %}ui{% endif %}"
)
# A folder to use instead of the rendered feature: for trying the harness out on a
# hand-made feature.
FEATURE_ENV = "TEMPLATE_FRONTEND_FEATURE"
# no colour codes in the output shown on failure (COLORS: Testing Library's DOM dumps)
TOOL_ENV = {"NEXT_TELEMETRY_DISABLED": "1", "NO_COLOR": "1", "FORCE_COLOR": "0", "COLORS": "false"}


def feature_source(rendered_feature: Path) -> Path:
    """The rendered feature folder, or the one $TEMPLATE_FRONTEND_FEATURE points at."""
    override = os.environ.get(FEATURE_ENV)
    return Path(override).resolve() if override else rendered_feature


@dataclass
class FrontendApp:
    """A frontend app folder inside the frontends' workspace, holding the feature."""

    workspace: Workspace
    framework: str
    dir: Path
    env: dict[str, str] = field(default_factory=lambda: dict(TOOL_ENV), repr=False)

    @property
    def feature_dir(self) -> Path:
        return self.dir / FEATURE_PATH

    def tool(self, name: str, *args: str, timeout: float = 900) -> Result:
        """Run a tool of the workspace's node_modules/.bin (as npx would, without a download)."""
        executable = self.workspace.bin(name)
        if not executable.exists():
            raise FileNotFoundError(f"{executable} is missing: is {name} in npm_packages.yml?")
        return run([executable, *args], self.dir, env=self.environment(), timeout=timeout)

    def npm_run(self, script: str, *args: str, timeout: float = 900) -> Result:
        """``npm run <script>`` as the project's own CI would: the script of the app's
        package.json, with the workspace's node_modules/.bin found by walking up."""
        if script not in self.scripts():
            raise KeyError(f"{self.dir}/package.json has no {script!r} script")
        command = ["npm", "run", "--silent", script, *(["--", *args] if args else [])]
        return run(command, self.dir, env=self.environment(), timeout=timeout)

    def environment(self) -> dict[str, str]:
        return {**clean_environment(), **self.env}

    def scripts(self) -> dict[str, str]:
        package = json.loads((self.dir / "package.json").read_text(encoding="utf-8"))
        return package.get("scripts", {})

    def vitest_passes(
        self, record: vitest_memo.Record | None = None, variant: str = ""
    ) -> tuple[int, int, str]:
        """``npm test`` (Vitest) exits cleanly with some tests passed and none failed
        (none at all would be a failure too); the message shows its whole output.

        With a ``record`` (vitest_memo.py), the test files whose input has passed already in
        this run are left out, and the files that pass are added under ``variant``. Returns
        how many test files ran, of how many, and a line saying where the others passed."""
        tests = vitest_memo.test_files(self.dir, self._test_dir())
        assert tests, f"no test file in {self.dir}"
        scope = self.workspace.installed
        passed_in = {test: record.passed_in(scope, test) if record else None for test in tests}
        to_run = [test for test in tests if passed_in[test] is None]
        reused = sorted({variant for variant in passed_in.values() if variant})
        note = (
            f"{len(tests) - len(to_run)} of {len(tests)} test files passed with the same input"
            f" in {', '.join(reused)}"
            if reused
            else ""
        )
        if not to_run:
            return 0, len(tests), note
        # Only files as filters: every file is the script's whole run, as the user has it.
        filters = [test.path.as_posix() for test in to_run] if reused else []
        # The report goes beside the app: in it, Prettier and ESLint would check it.
        report = self.dir.with_name(f"{self.dir.name}-vitest.json")
        result = self.npm_run(
            "test", "--reporter=default", "--reporter=json", f"--outputFile.json={report}", *filters
        )
        assert result.returncode == 0, str(result)
        summary = json.loads(report.read_text(encoding="utf-8"))
        assert summary["numFailedTests"] == 0, str(result)
        assert summary["numPassedTests"] > 0, f"no test ran\n{result}"
        ran = {Path(file["name"]).resolve() for file in summary["testResults"]}
        wanted = {(self.dir / test.path).resolve() for test in to_run}
        assert ran == wanted, f"Vitest ran {sorted(ran)}, not {sorted(wanted)}\n{result}"
        if record is not None:
            for test in to_run:
                record.add(scope, test, variant)
        return len(to_run), len(tests), note

    def _test_dir(self) -> str | None:
        """The folder the test script's ``--dir`` names, if any."""
        found = re.search(r"--dir[= ](\S+)", self.scripts().get("test", ""))
        return found.group(1) if found else None


def _copy_into(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


def _project_shadcn_components(src: Path) -> None:
    """A project's ``@/components/ui`` and ``@/lib/utils``, which the feature imports when
    shadcn_ui_import is set, as a shadcn/ui project has them.

    The feature's copies keep to shadcn/ui's API and defaults (no default Button type, div
    Cards, a Dialog that returns focus only to its trigger), so they go in as a project
    has them (``"use client"``, ``cn`` from ``@/lib/utils``). Where shadcn/ui's own differ
    (its Alert's fainter description), ``kits/shadcn/src/components/ui/`` has them, copied
    there already: the feature must look and work right with either.
    """
    ui = src / "components" / "ui"
    ui.mkdir(parents=True, exist_ok=True)
    for copy in sorted(SHADCN_COPIES.iterdir()):
        name = copy.name.removesuffix(".jinja")
        if name == "utils.ts":
            (src / "lib").mkdir(exist_ok=True)
            shutil.copyfile(copy, src / "lib" / name)
        elif not (ui / name).exists():
            text = copy.read_text(encoding="utf-8")
            text = text.replace("{{ use_client }}", '"use client";\n\n')
            text = text.replace('from "./utils"', 'from "@/lib/utils"')
            (ui / name).write_text(text, encoding="utf-8")


def assemble(workspace: Workspace, framework: str, feature: Path, *, name: str) -> FrontendApp:
    """A fresh app folder ``<workspace>/<name>`` with the harness files and the feature."""
    if not (feature / "index.ts").is_file():
        raise FileNotFoundError(f"no feature at {feature}: it has no index.ts")
    app_dir = workspace.variant_dir(name)
    shutil.rmtree(app_dir, ignore_errors=True)
    app_dir.mkdir(parents=True)
    kit_dir = APPS_DIR / "kits" / workspace.kit
    _copy_into(APPS_DIR / "shared", app_dir)
    _copy_into(APPS_DIR / framework, app_dir)
    _copy_into(kit_dir / "src", app_dir / "src")
    _copy_into(kit_dir / framework, app_dir)
    if workspace.kit == "shadcn":
        _project_shadcn_components(app_dir / "src")
    shutil.copytree(feature, app_dir / FEATURE_PATH)
    return FrontendApp(workspace=workspace, framework=framework, dir=app_dir)
