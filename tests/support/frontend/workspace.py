"""One shared npm install for every ui_kit, and rendered frontends placed inside it.

Installing a frontend's packages takes far longer than checking it, so every variant (each
kit, vite and nextjs alike) shares one ``node_modules``: the folder holds a package.json
with the packages of every kit and both frameworks, and each variant is a subfolder,
where Node, tsc, vite and next find ``node_modules`` by walking up. The kits' packages
live side by side (one React, one TypeScript), and an app imports only its own kit's. npm
runs again only when that package.json changes (a stamp file keeps its hash).

The folders live under ``build/npm-workspaces/`` (ignored by git), or under
``$TEMPLATE_NPM_CACHE_DIR`` when set, so CI can keep them between runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from support.file_lock import exclusive
from support.processes import Result, run
from support.template import REPO_ROOT

from . import packages

CACHE_ENV = "TEMPLATE_NPM_CACHE_DIR"
DEFAULT_CACHE_DIR = REPO_ROOT / "build" / "npm-workspaces"
MIN_NODE = (20, 19)
STAMP = ".installed-package-json.sha256"
# The folder of the kits' shared install.
FRONTENDS = "frontends"
# Where the rendered frontends go inside a workspace: runs/<pid of the test process>/<name>.
RUNS = "runs"
INSTALL_TIMEOUT = 1800


class WorkspaceError(RuntimeError):
    pass


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE_DIR).resolve()


def check_node() -> str:
    """Node's version; too old or missing is an error saying what to install."""
    node = shutil.which("node")
    if node is None or shutil.which("npm") is None:
        raise WorkspaceError("node and npm are needed for the frontend tests: install Node 20.19+")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True)
    found = re.match(r"v(\d+)\.(\d+)", version.stdout.strip())
    if not found or tuple(int(part) for part in found.groups()) < MIN_NODE:
        wanted = ".".join(map(str, MIN_NODE))
        raise WorkspaceError(f"Node {version.stdout.strip()} is too old: install Node {wanted}+")
    return version.stdout.strip()


def package_json() -> str:
    content = {
        "name": "two-factor-frontends-workspace",
        "private": True,
        "type": "module",
        **packages.workspace_dependencies(),
    }
    return json.dumps(content, indent=2) + "\n"


@dataclass
class Workspace:
    """The folder holding node_modules; rendered frontends go into its subfolders. ``kit``:
    the UI kit of the frontends asked for through it (its harness shells)."""

    kit: str
    dir: Path
    install: Result | None = field(default=None, repr=False)  # None: the stamp matched

    def variant_dir(self, name: str) -> Path:
        """A folder of this process's own: test runs sharing the cache (two developers'
        runs, or pytest-xdist's workers) never build in each other's folders."""
        return self.dir / RUNS / str(os.getpid()) / name

    def bin(self, name: str) -> Path:
        return self.dir / "node_modules" / ".bin" / name

    @property
    def installed(self) -> str:
        """The digest of the package.json the node_modules were installed from."""
        return f"{self.dir.name}-{(self.dir / STAMP).read_text().strip()}"


def prepare(kit: str, content: str | None = None) -> Workspace:
    """The workspace of the kits' frontends, for ``kit``'s; installed with npm unless its
    package.json is unchanged.

    ``content``: another package.json than the frontends' (tools.py's, for the template's
    own test tools, each in a folder named after ``kit``, then a tool's name)."""
    check_node()
    folder = cache_dir() / (FRONTENDS if content is None else kit)
    folder.mkdir(parents=True, exist_ok=True)
    content = package_json() if content is None else content
    digest = hashlib.sha256(content.encode()).hexdigest()
    stamp = folder / STAMP
    with exclusive(folder / ".lock"):
        _remove_finished_runs(folder / RUNS)
        installed = stamp.is_file() and stamp.read_text().strip() == digest
        if installed and (folder / "node_modules").is_dir():
            return Workspace(kit=kit, dir=folder)
        stamp.unlink(missing_ok=True)
        (folder / "package.json").write_text(content, encoding="utf-8")
        # --prefer-offline: package metadata from npm's cache when it is there, not asked
        # of the registry again for every package (half of an install's time).
        command = ["npm", "install", "--no-audit", "--no-fund", "--prefer-offline"]
        result = run(command, folder, timeout=INSTALL_TIMEOUT)
        if result.returncode != 0:
            raise WorkspaceError(f"npm install failed in {folder}:\n{result}")
        stamp.write_text(digest + "\n")
        return Workspace(kit=kit, dir=folder, install=result)


def _remove_finished_runs(runs: Path) -> None:
    """The folders of test processes that have ended (a run that was killed leaves its own)."""
    if not runs.is_dir():
        return
    for folder in runs.iterdir():
        if folder.name.isdigit() and not _process_alive(int(folder.name)):
            shutil.rmtree(folder, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
