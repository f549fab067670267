"""The template's registries: one YAML file per extension point, read here only.

- providers.yml        the SMS and email providers, and django-anymail's ESPs
- kits.yml             the UI kits
- token_libraries.yml  the token libraries
- python_packages.yml  the Python packages' ranges (the app) and pins (the starter)

The context hook hands the entries the answers chose to the templates; the template's
tests read the same entries, so a provider or a kit is described once. npm_packages.yml
has a reader of its own (npm_pins.py), shared with the frontend tests' installs.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
# libyaml's loader where PyYAML was built with it (its wheels are): the registries are
# read on every copy, and the pure-Python loader is a good part of a copy's start.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> dict:
    """The registry extensions/<name>.yml."""
    text = (HERE / f"{name}.yml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - SAFE_LOADER is a safe loader


def providers() -> dict:
    return load("providers")


def kits() -> dict:
    return load("kits")


def token_libraries() -> dict:
    return load("token_libraries")


def python_packages() -> dict:
    return load("python_packages")


def requirement(package: str, *, pinned: bool = False, extra: str = "") -> str:
    """``package>=range`` for the app (``package==pin`` for the starter), with an extra."""
    versions = python_packages()[package]
    name = f"{package}[{extra}]" if extra else package
    return f"{name}=={versions['pin']}" if pinned else f"{name}{versions['range']}"
