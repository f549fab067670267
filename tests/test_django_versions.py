"""The default starter on each supported Django: 4.2 and 5.2 (LTS) on this Python, and 6.x
on Python 3.12 (pyenv's, when this Python is older).

Each runs in its own virtualenv under build/venvs/ (made once, reused while the list
stays the same) holding that Django, the 2FA app's own requirements (its ranges, not the
starter's pins: DRF 3.18 no longer supports Django 4.2, and a project on 4.2 has an older
one) and what the starter project adds; then ``check``, ``makemigrations --check``,
``migrate`` and the project's and the app's tests.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT, Variant, render
from file_lock import exclusive
from test_starter import STARTER_VARIABLES

pytestmark = pytest.mark.backend

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


DJANGO_VERSIONS = {
    "4.2": ("Django>=4.2,<4.3", (3, 10)),
    "5.2": ("Django>=5.2,<5.3", (3, 10)),
    "6.x": ("Django>=6.0,<7", (3, 12)),
}


# What the starter project needs besides the app: its settings' packages and its tests'.
STARTER_EXTRAS = [
    "django-cors-headers",
    "dj-database-url",
    "drf-spectacular",
    "pytest",
    "pytest-django",
]


def run(args: list[str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in STARTER_VARIABLES}
    env["DJANGO_DEBUG"] = "true"  # the starter in development mode, as dev.sh runs it
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def shown(result: subprocess.CompletedProcess) -> str:
    return (
        f"$ {' '.join(result.args)}\n(exit {result.returncode})\n{result.stdout}\n{result.stderr}"
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
            assert made.returncode == 0, shown(made)
            install = run(
                [str(venv / "bin/python"), "-m", "pip", "install", "--quiet",
                 "--disable-pip-version-check", *requirements],
                cwd=REPO_ROOT,
            )  # fmt: skip
            assert install.returncode == 0, shown(install)
            marker.write_text("\n".join(requirements), encoding="utf-8")
    return venv / "bin/python"


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Variant:
    return render(tmp_path_factory.mktemp("starter-django"))


@pytest.mark.parametrize("version", list(DJANGO_VERSIONS))
def test_starter_on_django(starter: Variant, version: str):
    requirement, minimum_python = DJANGO_VERSIONS[version]
    python = python_at_least(*minimum_python)
    if python is None:
        pytest.fail(f"Django {version} needs Python {minimum_python}: none found")
    app_requirements = starter.app_dir / "requirements.txt"
    ranges = app_requirements.read_text(encoding="utf-8").splitlines()
    wanted = [line for line in ranges if line and not line.startswith("#")]
    venv_python = virtualenv(python, [requirement, *wanted, *STARTER_EXTRAS])

    installed = run([str(venv_python), "-m", "django", "--version"], cwd=starter.backend_dir)
    assert installed.stdout.startswith(version.replace(".x", ".")), shown(installed)
    for step in (
        ["manage.py", "check", "--fail-level", "WARNING"],
        ["manage.py", "makemigrations", "--check", "--dry-run"],
        ["manage.py", "migrate", "--no-input"],
        ["manage.py", "createcachetable"],
        ["-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "config", starter.app_path],
    ):
        result = run([str(venv_python), *step], cwd=starter.backend_dir)
        assert result.returncode == 0, shown(result)
    assert " passed" in result.stdout, shown(result)
