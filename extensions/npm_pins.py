"""The npm pins of extensions/npm_packages.yml, merged for one set of answers.

The one reader of that file: the context hook renders the starter's package.json and the
after-copy npm steps from it, and the template's tests install the same ranges
(tests/support/frontend/packages.py), so what is tested is what users get.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

PACKAGES_FILE = Path(__file__).resolve().parent / "npm_packages.yml"
SECTIONS = ("dependencies", "devDependencies")

DependencyMaps = dict[str, dict[str, str]]


@cache
def load() -> dict:
    # libyaml's loader where there is one, as registries.py reads the other registries.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(PACKAGES_FILE.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader


def _sections(pins: dict, kit: str, framework: str) -> list[dict]:
    kit_pins = pins.get("ui_kit", {}).get(kit, {})
    return [
        pins.get("common", {}),
        kit_pins,
        kit_pins.get("frameworks", {}).get(framework, {}),
        pins.get("frontend_framework", {}).get(framework, {}),
    ]


def parts(kit: str, framework: str, starter: bool = False) -> list[dict]:
    """The sections of the yml that apply to one (ui_kit, frontend_framework) answer."""
    pins = load()
    if kit not in pins["ui_kit"]:
        raise KeyError(f"{PACKAGES_FILE.name} has no ui_kit {kit!r}")
    if framework not in pins["frontend_framework"]:
        raise KeyError(f"{PACKAGES_FILE.name} has no frontend_framework {framework!r}")
    found = _sections(pins, kit, framework)
    if starter:
        found += _sections(pins["starter"], kit, framework)
    return found


def merge(sections: Iterable[dict]) -> DependencyMaps:
    """Join sections; one package pinned twice must have the same range both times."""
    merged: DependencyMaps = {section: {} for section in SECTIONS}
    ranges: dict[str, str] = {}
    for part in sections:
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


def dependencies(kit: str, framework: str, starter: bool = False) -> DependencyMaps:
    """package.json's ``dependencies`` and ``devDependencies`` for one rendered frontend."""
    return merge(parts(kit, framework, starter))
