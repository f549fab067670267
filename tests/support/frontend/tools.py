"""npm workspaces of the template's own test tools: ``template_tests`` in
extensions/npm_packages.yml, which no rendered project installs.

Each entry gets a folder of its own beside the kits' (workspace.py), holding its packages
and the TypeScript of ``common``, so a check compiles with the TypeScript projects use.
npm runs again only when that package.json changes, as for the kits.
"""

from __future__ import annotations

import json

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
    return workspace.prepare(name, package_json(name))
