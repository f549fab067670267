"""The checks every render gets, written once: no Jinja left, Python that compiles, and
ruff as the project runs it."""

from __future__ import annotations

import re
import subprocess
import sys

from support.render import Variant
from support.template import REPO_ROOT

# The starter's ruff.toml, which an existing project's app is checked with too (a starter
# is checked with its own rendered copy).
STARTER_RUFF_CONFIG = (
    REPO_ROOT / "template/{{ backend_dir }}/{% if project_kind == 'starter' %}ruff.toml{% endif %}"
)
JINJA_LEFTOVER = re.compile(r"\{\{|\{%|\{#")
# The rendered files that are text Jinja could be left in.
TEXT_SUFFIXES = {
    *(".py", ".ts", ".tsx", ".mts", ".mjs", ".css", ".md", ".txt", ".json", ".sh"),
    *(".toml", ".yml", ".html"),
}


def template_leftovers(variant: Variant) -> list[str]:
    """Template file names and lines of Jinja that rendering left behind. Django templates
    (the admin sign-in's, in a templates/ folder) are written in {% %} on purpose."""
    found = []
    for path in sorted(variant.dest.rglob("*")):
        relative = path.relative_to(variant.dest)
        if path.name.endswith(".jinja") or JINJA_LEFTOVER.search(str(relative)):
            found.append(f"{relative}: template file name")
        elif path.is_file() and path.suffix in TEXT_SUFFIXES and "templates" not in relative.parts:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if JINJA_LEFTOVER.search(line):
                    found.append(f"{relative}:{number}: {line.strip()}")
    return found


def compile_backend(variant: Variant) -> subprocess.CompletedProcess:
    """``python -m compileall`` over the rendered backend."""
    return subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(variant.backend_dir)],
        cwd=variant.dest,
        capture_output=True,
        text=True,
        check=False,
    )


def ruff(variant: Variant, *args: str) -> subprocess.CompletedProcess:
    """ruff as the project runs it, from the backend folder: a starter with its own
    ruff.toml; an existing project's app with the same rules, its package first-party."""
    if variant.is_starter:
        # named, though ruff would find it: a starter without it must fail, not fall back
        options = ["--config", str(variant.backend_dir / "ruff.toml")]
    else:
        first_party = f"lint.isort.known-first-party = [{variant.top_package!r}]"
        options = ["--config", str(STARTER_RUFF_CONFIG), "--config", first_party]
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache", *options, "."],
        cwd=variant.backend_dir,
        capture_output=True,
        text=True,
        check=False,
    )
