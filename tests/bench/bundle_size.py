"""What the 2FA feature adds to an app's JavaScript, per ui_kit, against a 15 kB budget.

    .venv/bin/python tests/bench/bundle_size.py [--kit KIT ...]

For each kit: render the Vite variant, put its feature in the kit's npm workspace
(tests/support/frontend/workspace.py), build its index.ts with Vite in library mode (ESM,
minified) with React, TanStack Query and the kit left external (an app has them anyway:
the kit's packages, and for shadcn/ui the project's own components, which the feature
imports), and gzip what comes out (JavaScript and CSS, level 9).

The figure is the feature as an app that uses all of it ships it. An app's build links
the feature's functions in place, so it leaves out what only a library file carries, and
an app's own build does not (checked on the harness app's build, 2026-12-04): the export
statement naming every export (about 375 bytes gzipped, cut in shipped()), the
/* @__PURE__ */ marks kept for a later bundler (about 150, left out by the build) and
Vite's mark at the end of the CSS. Until 2026-12-04 this script measured the library
file with all of these, about 525 bytes more per kit.

The budget is for the feature's own code, as the frontend issue set it. The npm packages
the feature brings (@simplewebauthn/browser, loaded with the first passkey prompt) come
out in a chunk of their own and are printed beside it, outside the budget. It prints
figures and is not a timed test; it exits nonzero only when a build fails.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS_DIR))

from support.frontend import harness, packages, workspace  # noqa: E402
from support.render import render  # noqa: E402
from support.template import CHOICES  # noqa: E402

# copier renders from a clone of HEAD plus the uncommitted changes, and says so
warnings.filterwarnings("ignore", message="Dirty template changes")

BUDGET_GZIP_BYTES = 15 * 1024
CONFIG = Path(__file__).resolve().parent / "vite.bundle.config.ts"
OUT_DIR = "dist-bundle"
# What every app around the feature already has, besides the kit's packages.
APP_PACKAGES = ("react", "react-dom", "@tanstack/react-query")


# The chunk of the feature's own code (vite.bundle.config.ts's lib.fileName).
MAIN_CHUNK = "two-factor.js"
# The chunk vite.bundle.config.ts puts the npm packages the feature brings in.
PACKAGES_CHUNK = "npm-packages"


@dataclass
class Size:
    kit: str
    raw: int
    gzip: int
    # What the feature's npm packages add, outside the budget.
    packages_raw: int
    packages_gzip: int

    @property
    def within_budget(self) -> bool:
        return self.gzip <= BUDGET_GZIP_BYTES


# A shadcn/ui project's own components, which the feature imports (shadcn_ui_import):
# shadcn/ui's packages are copied into the project rather than installed.
PROJECT_KIT_MODULES = {"shadcn": ("@/components/ui", "@/lib/utils")}


def externals(kit: str) -> list[str]:
    return sorted(
        {*APP_PACKAGES, *packages.kit_packages(kit, "vite"), *PROJECT_KIT_MODULES.get(kit, ())}
    )


def measure(kit: str) -> Size:
    """Build the kit's feature as an app would ship it and add up its output files' sizes."""
    npm = workspace.prepare(kit)
    with tempfile.TemporaryDirectory(prefix=f"bundle-{kit}-") as tmp:
        variant = render(Path(tmp), ui_kit=kit, frontend_framework="vite", project_kind="existing")
        feature = harness.feature_source(variant.feature_dir)
        app = harness.assemble(npm, "vite", feature, name=f"bundle-size-{kit}")
    shutil.copy2(CONFIG, app.dir / CONFIG.name)
    app.env["BUNDLE_EXTERNALS"] = ",".join(externals(kit))
    result = app.tool("vite", "build", "--config", CONFIG.name)
    if result.returncode != 0:
        raise workspace.WorkspaceError(f"the build failed for ui_kit={kit}:\n{result}")
    files = [path for path in (app.dir / OUT_DIR).rglob("*") if path.is_file()]
    if [path.name for path in files].count(MAIN_CHUNK) != 1:
        raise workspace.WorkspaceError(f"the build wrote no {MAIN_CHUNK}:\n{result}")
    own = [shipped(path) for path in files if not path.name.startswith(PACKAGES_CHUNK)]
    brought = [path.read_bytes() for path in files if path.name.startswith(PACKAGES_CHUNK)]
    return Size(
        kit=kit,
        raw=_raw(own),
        gzip=_gzipped(own),
        packages_raw=_raw(brought),
        packages_gzip=_gzipped(brought),
    )


# The export statement a library ends with, naming every export: an app's build links
# the feature's functions in place and has none.
EXPORT_STATEMENT = re.compile(rb"export\{[^}]*\};?\s*\Z")
# Vite's mark at the end of a library's CSS file, for the bundler that splits it later.
VITE_CSS_MARK = re.compile(rb"/\*\$vite\$:\d+\*/\s*\Z")


def shipped(path: Path) -> bytes:
    """An output file of the feature as an app ships it: without the export statement nor
    Vite's CSS mark."""
    content = path.read_bytes()
    if path.name == MAIN_CHUNK:
        content, found = EXPORT_STATEMENT.subn(b"", content)
        if found != 1:
            raise workspace.WorkspaceError(
                f"{MAIN_CHUNK} does not end with its export statement:\n"
                f"...{content[-300:].decode(errors='replace')}"
            )
    elif path.suffix == ".css":
        content = VITE_CSS_MARK.sub(b"", content)
    return content


def _raw(contents: list[bytes]) -> int:
    return sum(len(content) for content in contents)


def _gzipped(contents: list[bytes]) -> int:
    return sum(len(gzip.compress(content, compresslevel=9)) for content in contents)


def print_table(sizes: list[Size]) -> None:
    print(
        f"{'ui_kit':<10} {'raw bytes':>10} {'gzip bytes':>11}  budget ({BUDGET_GZIP_BYTES} gz)"
        "  npm packages (gzip)"
    )
    for size in sizes:
        verdict = "within" if size.within_budget else "OVER"
        print(
            f"{size.kit:<10} {size.raw:>10} {size.gzip:>11}  {verdict:<19}"
            f"  {size.packages_gzip:>19}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--kit", action="append", choices=CHOICES["ui_kit"], help="a ui_kit (default: every one)"
    )
    args = parser.parse_args(argv)
    sizes, failed = [], []
    for kit in args.kit or CHOICES["ui_kit"]:
        try:
            sizes.append(measure(kit))
        except (workspace.WorkspaceError, FileNotFoundError) as error:
            print(error, file=sys.stderr)
            failed.append(kit)
    print_table(sizes)
    if failed:
        print(f"build failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
