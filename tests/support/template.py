"""The template's own Python (extensions/), imported by path as Copier imports it.

Copier loads each extension file by its path, not as a package, so the tests do the
same: ``extension("context")`` is the module Copier's context hook lives in.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
EXTENSIONS = REPO_ROOT / "extensions"
COPIER_CONFIG: dict = yaml.safe_load((REPO_ROOT / "copier.yml").read_text(encoding="utf-8"))


@cache
def extension(name: str) -> ModuleType:
    """extensions/<name>.py, loaded once per test process."""
    spec = importlib.util.spec_from_file_location(
        f"template_extension_{name}", EXTENSIONS / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def questions() -> dict[str, dict]:
    """copier.yml's questions (its settings, the keys starting with '_', left out)."""
    return {
        name: question
        for name, question in COPIER_CONFIG.items()
        if not name.startswith("_") and isinstance(question, dict)
    }


def choices(question: str) -> list[str]:
    """The machine values of a choice question."""
    found = questions()[question]["choices"]
    return list(found.values()) if isinstance(found, dict) else list(found)


# The machine values of every choice question, read from copier.yml.
CHOICES: dict[str, list[str]] = {
    name: choices(name) for name, question in questions().items() if "choices" in question
}
# Answers that make a follow-up question apply, so that its own answer is used and checked.
CHOICE_CONTEXT: dict[str, dict] = {"anymail_esp": {"email_provider": "anymail"}}
