"""Rendering the template as users do: ``render(dest, **answers)`` is ``copier copy --trust``
of this checkout, its uncommitted changes included, and returns a ``Variant``.

The one way the tests render (pytest-copie is not used: its fixture renders into pytest's
own folders with its own defaults, where a render here is a plain ``run_copy`` any test,
script or benchmark can make, into the folder it chooses).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from copier import run_copy

from support.template import REPO_ROOT

ANSWERS_FILE = ".copier-answers.django-react-2fa.yml"

# copier clones the checkout and commits its uncommitted changes in that clone: git needs
# an identity for that commit, which a fresh CI machine may not have.
for _name, _value in {
    "GIT_AUTHOR_NAME": "template tests",
    "GIT_AUTHOR_EMAIL": "template-tests@localhost",
    "GIT_COMMITTER_NAME": "template tests",
    "GIT_COMMITTER_EMAIL": "template-tests@localhost",
}.items():
    os.environ.setdefault(_name, _value)


@dataclass
class Variant:
    """A rendered copy of the template and the answers it was rendered with."""

    dest: Path
    answers: dict

    @property
    def backend_dir(self) -> Path:
        return (self.dest / self.answers["backend_dir"]).resolve()

    @property
    def app_path(self) -> str:
        return self.answers["django_app"].replace(".", "/")

    @property
    def app_dir(self) -> Path:
        return self.backend_dir / self.app_path

    @property
    def feature_dir(self) -> Path:
        """The frontend feature folder: frontend_dir / frontend_feature_dir."""
        answers = self.answers
        return (self.dest / answers["frontend_dir"] / answers["frontend_feature_dir"]).resolve()

    @property
    def top_package(self) -> str:
        return self.answers["django_app"].split(".")[0]

    @property
    def is_starter(self) -> bool:
        """A whole project of its own (project_kind=starter), not an app for the user's."""
        return self.answers["project_kind"] == "starter"


def read_answers(dest: Path) -> dict:
    answers = yaml.safe_load((dest / ANSWERS_FILE).read_text(encoding="utf-8"))
    return {key: value for key, value in answers.items() if not key.startswith("_")}


def render(dest: Path, **answers: object) -> Variant:
    """Render the checkout at HEAD plus its uncommitted changes, as ``copier copy --trust``."""
    run_copy(
        src_path=str(REPO_ROOT),
        dst_path=str(dest),
        data=answers,
        defaults=True,
        unsafe=True,
        vcs_ref="HEAD",
        quiet=True,
    )
    return Variant(dest=dest, answers=read_answers(dest))


# The answers file names the template's commit and where it was copied from: neither is
# the template's output.
VOLATILE_ANSWERS = re.compile(rb"^_(commit|src_path): .*\n", re.MULTILINE)


def digest(path: Path, relative: str) -> str:
    content = path.read_bytes()
    if relative.endswith(ANSWERS_FILE):
        content = VOLATILE_ANSWERS.sub(b"", content)
    mode = "x" if os.access(path, os.X_OK) else "-"
    return f"{hashlib.sha256(content).hexdigest()[:16]} {mode}"


def snapshot(dest: Path) -> dict[str, str]:
    """``relative path -> digest`` of every file of a render."""
    found = {}
    for path in sorted(dest.rglob("*")):
        if path.is_file():
            relative = path.relative_to(dest).as_posix()
            found[relative] = digest(path, relative)
    return found
