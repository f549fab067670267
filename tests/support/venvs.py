"""Virtualenvs of their own under build/venvs/, for what must not share the tests' own
packages: other Django versions, the other 2FA libraries (imports, benchmarks)."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from support import processes
from support.file_lock import exclusive
from support.processes import Result
from support.template import REPO_ROOT

VENVS = REPO_ROOT / "build" / "venvs"
PYENV = Path.home() / ".pyenv" / "versions"


def python_at_least(major: int, minor: int) -> str | None:
    """This Python if it is new enough, else the newest pyenv one that is."""
    if sys.version_info >= (major, minor):
        return sys.executable
    candidates = sorted(PYENV.glob(f"{major}.*/bin/python"), reverse=True)
    found = [
        str(path)
        for path in candidates
        if tuple(int(part) for part in path.parent.parent.name.split(".")[:2]) >= (major, minor)
    ]
    return found[0] if found else shutil.which(f"python{major}.{minor}")


def run(args: list[str], cwd: Path, timeout: float = 900) -> Result:
    """In development mode, as dev.sh runs a project."""
    return processes.run(
        args, cwd, env={**processes.clean_environment(), "DJANGO_DEBUG": "true"}, timeout=timeout
    )


def virtualenv(python: str, requirements: list[str]) -> Path:
    """A venv with these requirements, made once per (python, requirements)."""
    digest = hashlib.sha256("\n".join([python, *requirements]).encode()).hexdigest()[:12]
    venv = VENVS / f"django-{digest}"
    marker = venv / ".installed"
    # Workers wanting the same venv (test_imports' two databases, the benchmark's
    # allauth) would otherwise both build it, one deleting the other's half-made pip.
    with exclusive(VENVS / f"django-{digest}.lock"):
        if not marker.exists():
            shutil.rmtree(venv, ignore_errors=True)
            made = run([python, "-m", "venv", str(venv)], cwd=REPO_ROOT)
            assert made.returncode == 0, str(made)
            install = run(
                [str(venv / "bin/python"), "-m", "pip", "install", "--quiet",
                 "--disable-pip-version-check", *requirements],
                cwd=REPO_ROOT,
            )  # fmt: skip
            assert install.returncode == 0, str(install)
            marker.write_text("\n".join(requirements), encoding="utf-8")
    return venv / "bin/python"
