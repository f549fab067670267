"""The registries of extensions/ agree with copier.yml, with one another and with the
template's files: a choice without an entry (or an entry without a choice) fails here,
in a second, rather than halfway through a copy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.template import REPO_ROOT, choices, extension, questions

registries = extension("registries")
npm_pins = extension("npm_pins")
FEATURE = REPO_ROOT / "template" / "{{ frontend_dir }}" / "{{ frontend_feature_dir }}"
APP = REPO_ROOT / "template" / "{{ backend_dir }}" / "{{ app_path }}"
# What every kit's components/ holds: one drawing of each headless hook.
COMMON_COMPONENTS = {
    "backup-code-entry.tsx",
    "backup-codes-display.tsx",
    "passkey-list.tsx",
    "security-settings-card.tsx",
    "setup-totp-modal.tsx",
    "totp-code-confirm-dialog.tsx",
    "totp-code-input.tsx",
    "totp-nudge-banner.tsx",
    "totp-verification-view.tsx",
}
# A template file's name once rendered: its Jinja conditions and the .jinja suffix dropped.
CONDITION = re.compile(r"\{%[^%]*%\}")


def rendered_name(path: Path) -> str:
    return CONDITION.sub("", path.name).removesuffix(".jinja")


@pytest.mark.parametrize(
    ("question", "registry"),
    [
        ("sms_provider", lambda: registries.providers()["sms"]),
        ("email_provider", lambda: registries.providers()["email"]),
        ("anymail_esp", lambda: registries.providers()["anymail_esp"]),
        ("ui_kit", registries.kits),
        ("jwt_library", registries.token_libraries),
    ],
)
def test_every_choice_has_an_entry_and_every_entry_a_choice(question, registry):
    assert sorted(choices(question)) == sorted(registry())


def test_every_kit_has_npm_pins():
    for name, kit in registries.kits().items():
        section, _, key = kit["npm"].partition(".")
        assert key == name and section == "ui_kit"
        assert name in npm_pins.load()["ui_kit"]
    assert sorted(npm_pins.load()["ui_kit"]) == sorted(registries.kits())


def test_every_kit_lists_the_files_of_its_components_folder():
    for name, kit in registries.kits().items():
        folder = FEATURE / f"{{% if ui_kit == '{name}' %}}components{{% endif %}}"
        found = {rendered_name(path) + ("/" if path.is_dir() else "") for path in folder.iterdir()}
        assert found == COMMON_COMPONENTS | set(kit["components"]), name


def test_a_kits_flags_match_its_own_files():
    support = FEATURE / "{% if include_tests %}__tests__{% endif %}" / "support"
    app = next((REPO_ROOT / "template").rglob("{% if starter_app == 'nextjs' %}app{% endif %}"))
    for name, kit in registries.kits().items():
        own_provider = support / f"{{% if ui_kit == '{name}' %}}kit-provider.tsx{{% endif %}}"
        assert own_provider.exists() == kit["test_provider"], name
        own_layout = app / f"{{% if ui_kit == '{name}' %}}layout.tsx{{% endif %}}.jinja"
        assert own_layout.exists() == kit["nextjs_layout"], name


def test_no_file_name_lists_choices():
    """A file name tests one choice or a registry's flag, never a list of choices (or all
    but one): adding a choice then renames nothing users already have."""
    names = [path.name for path in (REPO_ROOT / "template").rglob("*")]
    asked = "|".join(name for name, question in questions().items() if "choices" in question)
    listing = re.compile(rf"\b({asked}) (not in|in|!=)")
    assert not [name for name in names if listing.search(name)]


def test_a_token_librarys_files_exist():
    template = REPO_ROOT / "template"
    for name, library in registries.token_libraries().items():
        files = list(template.rglob(f"*{{% if token_files == '{library['files']}' %}}*"))
        assert files, f"{name}: no file is named for token_files == {library['files']!r}"


def test_every_sms_provider_that_sends_has_a_module_its_tests_and_settings():
    for name, entry in registries.providers()["sms"].items():
        module = (
            APP / "delivery" / f"{{% if sms_module == 'sms_{name}' %}}sms_{name}.py{{% endif %}}"
        )
        assert module.exists() or module.with_name(module.name + ".jinja").exists(), name
        for setting in entry["settings"]:
            assert re.fullmatch(r"[A-Z][A-Z0-9_]+", setting["name"]), setting
            assert setting["meaning"] and setting["example"] and setting["note"], setting
            assert str(setting["placeholder"]), setting
        if entry["settings"]:
            test = APP / "delivery/{% if include_tests %}tests{% endif %}"
            test /= f"{{% if sms_module == 'sms_{name}' %}}test_sms_{name}.py{{% endif %}}.jinja"
            assert test.exists(), name
            assert entry["name"] and entry["env_intro"], name


def test_every_package_named_has_a_range_and_a_pin():
    packages = registries.python_packages()
    named = [
        package
        for kind in ("sms", "email")
        for entry in registries.providers()[kind].values()
        for package in (*entry["packages"], *entry["test_packages"])
    ]
    named += [
        package
        for library in registries.token_libraries().values()
        for package in library["packages"]
    ]
    assert set(named) <= set(packages)
    for name, versions in packages.items():
        assert re.fullmatch(r">=\d+(\.\d+)*", versions["range"]), name
        assert re.fullmatch(r"\d+(\.\d+)*", versions["pin"]), name
        floor = tuple(map(int, versions["range"][2:].split(".")))
        assert tuple(map(int, versions["pin"].split("."))) >= floor, f"{name}: pin under range"


def test_the_template_tests_install_the_ranges_the_app_asks_for():
    """pyproject.toml's dev group: what the template's tests run the app with."""
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11's")
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    dev = {}
    for requirement in pyproject["dependency-groups"]["dev"]:
        name, version = re.match(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?(.*)", requirement).groups()
        dev[name.lower()] = version
    for name, versions in registries.python_packages().items():
        base = name.split("[")[0].lower()
        assert dev.get(base) == versions["range"], f"pyproject.toml's {base}: {dev.get(base)}"


def test_every_token_library_names_its_apps_and_authentication():
    for name, library in registries.token_libraries().items():
        assert library["apps"] and library["packages"], name
        assert re.fullmatch(r"[\w{}]+(\.\w+)+", library["authentication"]), name


def test_the_lock_pins_every_dev_dependency_within_its_range():
    """.ci/constraints.txt: what .ci/run installs the dev group at."""
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11's")
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    lines = (REPO_ROOT / ".ci/constraints.txt").read_text(encoding="utf-8").splitlines()
    pinned = {
        canonicalize_name(name): version
        for name, _, version in (line.partition("==") for line in lines)
        if version and not name.startswith("#")
    }
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for line in pyproject["dependency-groups"]["dev"]:
        requirement = Requirement(line)
        version = pinned.get(canonicalize_name(requirement.name))
        assert version, f"{requirement.name} is not in .ci/constraints.txt"
        assert requirement.specifier.contains(version), f"{requirement.name}=={version}: {line}"
