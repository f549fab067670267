"""npm workspaces of the template's own test tools: ``template_tests`` in
extensions/npm_packages.yml, which no rendered project installs.

Each entry gets a folder of its own beside the kits' (workspace.py), holding its packages
and the TypeScript of ``common``, so a check compiles with the TypeScript projects use.
npm runs again only when that package.json changes, as for the kits.
"""

from __future__ import annotations

import hashlib
import json

from file_lock import exclusive

from . import packages, workspace


def package_json(name: str) -> str:
    pins = packages.load()
    typescript = pins["common"]["devDependencies"]["typescript"]
    sections = [{"devDependencies": {"typescript": typescript}}, pins["template_tests"][name]]
    content = {
        "name": f"two-factor-{name}-tools",
        "private": True,
        "type": "module",
        **packages.npm_pins.merge(sections),
    }
    return json.dumps(content, indent=2) + "\n"


def prepare(name: str) -> workspace.Workspace:
    """The tool's workspace, installed with npm unless its package.json is unchanged."""
    workspace.check_node()
    folder = workspace.cache_dir() / name
    folder.mkdir(parents=True, exist_ok=True)
    content = package_json(name)
    digest = hashlib.sha256(content.encode()).hexdigest()
    stamp = folder / workspace.STAMP
    with exclusive(folder / ".lock"):
        installed = stamp.is_file() and stamp.read_text().strip() == digest
        if installed and (folder / "node_modules").is_dir():
            return workspace.Workspace(kit=name, dir=folder)
        stamp.unlink(missing_ok=True)
        (folder / "package.json").write_text(content, encoding="utf-8")
        result = workspace.run(
            ["npm", "install", "--no-audit", "--no-fund"], folder, timeout=workspace.INSTALL_TIMEOUT
        )
        if result.returncode != 0:
            raise workspace.WorkspaceError(f"npm install failed for {name}:\n{result}")
        stamp.write_text(digest + "\n")
        return workspace.Workspace(kit=name, dir=folder, install=result)
