"""The default starter on each supported Django: 4.2 and 5.2 (LTS) on this Python, and 6.x
on Python 3.12 (pyenv's, when this Python is older).

Each runs in its own virtualenv under build/venvs/ (made once, reused while the list
stays the same) holding that Django, the 2FA app's own requirements (its ranges, not the
starter's pins: DRF 3.18 no longer supports Django 4.2, and a project on 4.2 has an older
one) and what the starter project adds; then ``check``, ``makemigrations --check``,
``migrate`` and the project's and the app's tests.
"""

from __future__ import annotations

import pytest

from support.render import Variant, render
from support.venvs import python_at_least, run, virtualenv

pytestmark = pytest.mark.backend

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


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Variant:
    return render(tmp_path_factory.mktemp("starter-django"))


@pytest.mark.parametrize("version", list(DJANGO_VERSIONS))
def test_starter_on_django(starter: Variant, version: str):
    requirement, minimum_python = DJANGO_VERSIONS[version]
    python = python_at_least(*minimum_python)
    if python is None:
        wanted = ".".join(map(str, minimum_python))
        pytest.skip(f"Django {version} needs Python {wanted} or newer, and none is installed")
    app_requirements = starter.app_dir / "requirements.txt"
    ranges = app_requirements.read_text(encoding="utf-8").splitlines()
    wanted = [line for line in ranges if line and not line.startswith("#")]
    venv_python = virtualenv(python, [requirement, *wanted, *STARTER_EXTRAS])

    installed = run([str(venv_python), "-m", "django", "--version"], cwd=starter.backend_dir)
    assert installed.output.startswith(version.replace(".x", ".")), str(installed)
    for step in (
        ["manage.py", "check", "--fail-level", "WARNING"],
        ["manage.py", "makemigrations", "--check", "--dry-run"],
        ["manage.py", "migrate", "--no-input"],
        ["manage.py", "createcachetable"],
        ["-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "config", starter.app_path],
    ):
        result = run([str(venv_python), *step], cwd=starter.backend_dir)
        assert result.returncode == 0, str(result)
    assert " passed" in result.output, str(result)
