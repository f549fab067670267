"""The npm packages of a rendered frontend, read from extensions/npm_packages.yml.

That file is the one list of pins: the template renders it into the frontend's
package.json, and the tests install the same ranges, so what is tested is what users get.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGES_FILE = REPO_ROOT / "extensions" / "npm_packages.yml"
SECTIONS = ("dependencies", "devDependencies")

DependencyMaps = dict[str, dict[str, str]]


@cache
def load() -> dict:
    return yaml.safe_load(PACKAGES_FILE.read_text(encoding="utf-8"))


def _parts(kit: str, framework: str) -> list[dict]:
    """The sections of the yml that apply to one (ui_kit, frontend_framework) answer."""
    pins = load()
    if kit not in pins["ui_kit"]:
        raise KeyError(f"{PACKAGES_FILE.name} has no ui_kit {kit!r}")
    if framework not in pins["frontend_framework"]:
        raise KeyError(f"{PACKAGES_FILE.name} has no frontend_framework {framework!r}")
    kit_pins = pins["ui_kit"][kit]
    return [
        pins["common"],
        kit_pins,
        kit_pins.get("frameworks", {}).get(framework, {}),
        pins["frontend_framework"][framework],
    ]


def _merge(parts: Iterable[dict]) -> DependencyMaps:
    """Join the sections; one package pinned twice must have the same range both times."""
    merged: DependencyMaps = {section: {} for section in SECTIONS}
    ranges: dict[str, str] = {}
    for part in parts:
        for section in SECTIONS:
            for name, version in (part.get(section) or {}).items():
                if ranges.setdefault(name, str(version)) != str(version):
                    raise ValueError(
                        f"{PACKAGES_FILE.name} pins {name} as both {ranges[name]} and {version}"
                    )
                merged[section][name] = str(version)
    # a package both a dependency and a devDependency is a dependency
    for name in merged["dependencies"]:
        merged["devDependencies"].pop(name, None)
    return {section: dict(sorted(merged[section].items())) for section in SECTIONS}


def dependencies(kit: str, framework: str) -> DependencyMaps:
    """package.json's ``dependencies`` and ``devDependencies`` for one rendered frontend."""
    return _merge(_parts(kit, framework))


def kit_packages(kit: str, framework: str) -> list[str]:
    """The runtime packages the kit adds (what a bundle of the feature leaves external)."""
    kit_pins = load()["ui_kit"][kit]
    framework_pins = kit_pins.get("frameworks", {}).get(framework, {})
    return sorted({*kit_pins.get("dependencies", {}), *framework_pins.get("dependencies", {})})


def workspace_dependencies(kit: str) -> DependencyMaps:
    """What one kit's shared install holds: the kit's packages with every framework's."""
    frameworks = load()["frontend_framework"]
    return _merge(part for framework in frameworks for part in _parts(kit, framework))
