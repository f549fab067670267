"""The npm packages of a rendered frontend, as extensions/npm_pins.py reads them.

That module is the one reader of extensions/npm_packages.yml: the template renders the
pins into the starter's package.json and the after-copy steps, and the tests install the
same ranges, so what is tested is what users get.
"""

from __future__ import annotations

from support.template import extension

npm_pins = extension("npm_pins")
DependencyMaps = npm_pins.DependencyMaps
load = npm_pins.load


def kit_packages(kit: str, framework: str) -> list[str]:
    """The runtime packages the kit adds (what a bundle of the feature leaves external)."""
    kit_pins = load()["ui_kit"][kit]
    framework_pins = kit_pins.get("frameworks", {}).get(framework, {})
    return sorted({*kit_pins.get("dependencies", {}), *framework_pins.get("dependencies", {})})


def workspace_dependencies() -> DependencyMaps:
    """What the frontends' shared install holds: every kit's and every framework's
    packages, the starter's included."""
    pins = load()
    return npm_pins.merge(
        part
        for kit in pins["ui_kit"]
        for framework in pins["frontend_framework"]
        for part in npm_pins.parts(kit, framework, starter=True)
    )
