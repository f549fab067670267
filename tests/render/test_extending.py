"""docs/extending.md's checklist for a new SMS provider, followed in a scratch copy of the
template with a made-up provider ("acme"): the unit tier accepts the copy, the matrix
gives the provider a variant, the docs check wants it named until it is, and a starter
rendered with it carries its module, tests, settings, packages and docs, and stops at the
system checks until its setting is given."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from copier import run_copy

from support import processes
from support.docs import ANSWER_DOCS, undocumented_answers
from support.processes import Result, output, run_starter
from support.render import Variant, read_answers
from support.template import REPO_ROOT

pytestmark = pytest.mark.backend  # one manage.py check of the rendered starter

APP = "template/{{ backend_dir }}/{{ app_path }}"
SETTING = "TWO_FACTOR_ACME_API_KEY"

PROVIDER_ENTRY = f"""\
  acme:
    name: Acme
    packages: [acme-sms]
    test_packages: []
    settings:
      - name: {SETTING}
        meaning: the Acme API key
        example: ak_…
        note: the account's API key
        placeholder: ak_placeholder
    optional_settings: []
    credentials: ""
    env_intro:
      - "Acme sends the SMS login codes: the project refuses to start without its key."
    env_extra: []
    readme_notes: []
    debug_logger: ""
"""
MODULE = f'''"""SMS through Acme, a provider the template's tests make up."""

from ..app_settings import setting_or_env

API_KEY = "{SETTING}"


def send_sms(to: str, text: str) -> None:
    missing = credential_problems()
    if missing:
        raise RuntimeError(" ".join(missing))
    raise RuntimeError("Acme is made up: nothing can be sent")


def credential_problems() -> list[str]:
    return [] if setting_or_env(API_KEY) else [f"{{API_KEY}} is not set."]
'''
MODULE_TEST = """\
from {{ django_app }}.delivery.sms_acme import credential_problems


def test_the_key_is_required(settings):
    settings.TWO_FACTOR_ACME_API_KEY = ""
    assert credential_problems()
"""


def insert_before(path: Path, marker: str, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert content.count(marker) == 1, f"{marker!r} in {path}"
    path.write_text(content.replace(marker, text + marker), encoding="utf-8")


def python(*args: str, cwd: Path) -> Result:
    return processes.run([sys.executable, *args], cwd)


@dataclass
class Scratch:
    root: Path
    undocumented: list[str]  # what the docs check said before step 7


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Scratch:
    """The checkout, copied, with the checklist's steps done for "acme"."""
    root = tmp_path_factory.mktemp("extending") / "template"
    ignored = shutil.ignore_patterns(".git", ".venv", "build", "node_modules", "__pycache__")
    shutil.copytree(REPO_ROOT, root, ignore=ignored)
    # 1. the choice
    insert_before(root / "copier.yml", '    "console (writes the message', '    "Acme": acme\n')
    # 2. the registry entry, 3. the package's range and pin (and the tests' dev group)
    insert_before(root / "extensions/providers.yml", "  console:\n", PROVIDER_ENTRY)
    with (root / "extensions/python_packages.yml").open("a", encoding="utf-8") as packages:
        packages.write('acme-sms: {range: ">=1.0", pin: "1.2.0"}\n')
    insert_before(root / "pyproject.toml", '    "boto3>=', '    "acme-sms>=1.0",\n')
    with (root / ".ci/constraints.txt").open("a", encoding="utf-8") as constraints:
        constraints.write("acme-sms==1.2.0\n")
    # 4. the module, 5. its tests
    app = root / APP
    (app / "delivery/{% if sms_module == 'sms_acme' %}sms_acme.py{% endif %}").write_text(MODULE)
    tests = app / "delivery/{% if include_tests %}tests{% endif %}"
    test_file = "{% if sms_module == 'sms_acme' %}test_sms_acme.py{% endif %}.jinja"
    (tests / test_file).write_text(MODULE_TEST)
    # 6. the matrix
    written = python("-m", "support.matrix", "--write", cwd=root / "tests")
    assert written.returncode == 0, str(written)
    # 7. the docs, which the check wanted before
    undocumented = undocumented_answers(root)
    for doc in ANSWER_DOCS:
        with (root / doc).open("a", encoding="utf-8") as text:
            text.write("\n`acme` sends SMS through Acme.\n")
    return Scratch(root, undocumented)


def test_the_unit_tier_accepts_the_copy(scratch: Scratch):
    """Registries against copier.yml, files, packages, pins and docs: all agree."""
    result = python(
        "-m", "pytest", "tests/unit", "-m", "unit", "-q", "-n", "0", "-p", "no:cacheprovider",
        # The new pairwise set renames variants: --write-renders records them anew, which
        # renders every variant, and is the real matrix's to do.
        "--deselect", "tests/unit/test_layout.py::test_every_render_record_is_a_variant",
        cwd=scratch.root,
    )  # fmt: skip
    assert result.returncode == 0, str(result)


def test_the_matrix_gives_the_provider_a_variant(scratch: Scratch):
    variants = yaml.safe_load((scratch.root / "tests/variants.yml").read_text(encoding="utf-8"))
    assert any(answers.get("sms_provider") == "acme" for answers in variants["pairwise"].values())


def test_the_docs_check_wanted_the_provider_named(scratch: Scratch):
    expected = [f"{doc}: sms_provider=acme" for doc in ANSWER_DOCS]
    assert sorted(scratch.undocumented) == sorted(expected)
    assert undocumented_answers(scratch.root) == []


@pytest.fixture(scope="module")
def starter(scratch: Scratch, tmp_path_factory: pytest.TempPathFactory) -> Variant:
    dest = tmp_path_factory.mktemp("extending-starter") / "acme"
    run_copy(
        str(scratch.root), str(dest), data={"sms_provider": "acme"}, defaults=True, unsafe=True,
        quiet=True,
    )  # fmt: skip
    return Variant(dest=dest, answers=read_answers(dest))


def test_the_render_carries_the_provider(starter: Variant):
    app, backend = starter.app_dir, starter.backend_dir
    assert (app / "delivery/sms_acme.py").is_file()
    assert (app / "delivery/tests/test_sms_acme.py").is_file()
    assert not list(app.glob("sms_twilio.py")) and not list(app.glob("sms_console.py"))
    assert "from . import sms_acme as sms_provider" in (app / "delivery/__init__.py").read_text()
    assert "acme-sms>=1.0" in (app / "requirements.txt").read_text().splitlines()
    assert "acme-sms==1.2.0" in (backend / "requirements.txt").read_text().splitlines()
    env_example = (backend / ".env.example").read_text()
    assert "# Acme sends the SMS login codes" in env_example and f"\n{SETTING}=\n" in env_example
    readme = (starter.dest / "README.md").read_text()
    assert f"export {SETTING}=ak_…" in readme and "Acme sends the SMS login codes" in readme
    assert f"| `{SETTING}` | (required) | the Acme API key |" in (app / "README.md").read_text()
    playwright = (starter.dest / "frontend/playwright.config.ts").read_text()
    assert f'{SETTING}: "ak_placeholder",' in playwright
    dev_sh = (starter.dest / "dev.sh").read_text()
    assert "Acme sends the SMS login codes" in dev_sh and SETTING in dev_sh


def test_the_checks_name_the_missing_setting(starter: Variant):
    result = run_starter(starter, "manage.py", "check")
    assert result.returncode != 0 and "two_factor.E006" in result.stderr, output(result)
    assert f"{SETTING} is not set." in result.stderr, output(result)
    given = run_starter(starter, "manage.py", "check", **{SETTING: "ak_placeholder"})
    assert given.returncode == 0, output(given)
