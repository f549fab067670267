"""``copier update`` of a generated project, with real git repositories in tmp folders.

The template is this checkout (uncommitted changes included) copied into a git repository
and tagged ``1.0.0``; a project is rendered from it and committed, then edited the way a
user edits it. Version ``1.1.0`` of the template changes other lines of the same files,
and one line the user changed too. After ``copier update``: the user's edits are still
there, the template's changes arrived, and the line both changed is left between Copier's
conflict markers, not silently resolved. Changing an answer on update (``-d ui_kit=mui``)
swaps the kit's files; a release's ``_migrations`` run once, whether they move the user's
data or carry an answer over to a question's new name; and the feature added to a project
of the user's own (``existing``) updates without touching the user's files. Copier's
per-file ``core.fileMode`` lookup runs once per copy (extensions/file_mode_once.py), and
where git ignores modes an executable bit still reaches the index. A project made before
the app had packages (an earlier commit of this repository) takes the new layout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cryptography.fernet import Fernet

from support import shell
from support.git import (
    ANSWERS_FILE,
    GIT_ENV,
    commit_all,
    copier,
    generate,
    git,
    has_commit,
    release,
    release_checkout,
    replace,
    tagged_checkout,
    tagged_commit,
    update,
)
from support.processes import clean_environment, run
from support.template import extension

SETTINGS = "backend/config/settings.py"
SETTINGS_TEMPLATE = (
    "template/{{ backend_dir }}/{% if project_kind == 'starter' %}config{% endif %}/"
    "settings.py.jinja"
)
VIEWS = "backend/two_factor_auth/views.py"
CARD = "frontend/src/features/two-factor/components/security-settings-card.tsx"
# The last commit whose app was one flat package, before delivery/ took its providers.
FLAT_LAYOUT = "c4cf392f2e08f144ca7587b4c750d06136e2f32e"


@pytest.fixture
def template_repo(tmp_path: Path) -> Path:
    """This checkout's files as they are now, in a git repository tagged 1.0.0."""
    return tagged_checkout(tmp_path / "template")


def test_update_keeps_user_edits_and_marks_a_true_conflict(template_repo: Path, tmp_path: Path):
    project = generate(template_repo, tmp_path / "acme")
    # The user's edits: a setting, a view of their own, a comment on a component.
    replace(project / SETTINGS, 'TIME_ZONE = "UTC"', 'TIME_ZONE = "Europe/Paris"')
    with (project / VIEWS).open("a", encoding="utf-8") as views:
        views.write("\n\ndef acme_health(request):\n    return None\n")
    card = project / CARD
    card.write_text("// Acme: reviewed by our security team.\n" + card.read_text("utf-8"), "utf-8")
    commit_all(project, "Our edits")

    # 1.1.0 changes other lines of the same files, and the one setting the user changed.
    views_template = "template/{{ backend_dir }}/{{ app_path }}/views.py"
    card_template = (
        "template/{{ frontend_dir }}/{{ frontend_feature_dir }}/"
        "{% if ui_kit == 'shadcn' %}components{% endif %}/security-settings-card.tsx.jinja"
    )
    first_view_line = (template_repo / views_template).read_text("utf-8").splitlines()[0]
    release(
        template_repo,
        "1.1.0",
        [
            (SETTINGS_TEMPLATE, 'STATIC_URL = "static/"', 'STATIC_URL = "/static/"'),
            (
                SETTINGS_TEMPLATE,
                'TIME_ZONE = "UTC"',
                'TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")',
            ),
            (views_template, first_view_line, first_view_line + "  # 1.1.0"),
            (
                card_template,
                "export function SecuritySettingsCard() {",
                "// The card of 1.1.0.\nexport function SecuritySettingsCard() {",
            ),  # fmt: skip
        ],
    )

    update(project, "--vcs-ref", "1.1.0")

    settings = (project / SETTINGS).read_text("utf-8")
    assert 'STATIC_URL = "/static/"' in settings  # the template's change arrived
    # Both changed TIME_ZONE: Copier keeps both, between its markers, for the user to choose.
    assert "<<<<<<<" in settings and ">>>>>>>" in settings, settings
    assert 'TIME_ZONE = "Europe/Paris"' in settings
    assert 'TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")' in settings

    views = (project / VIEWS).read_text("utf-8")
    assert "def acme_health(request):" in views
    assert views.splitlines()[0].endswith("  # 1.1.0")
    assert "<<<<<<<" not in views

    card_text = card.read_text("utf-8")
    assert card_text.startswith("// Acme: reviewed by our security team.\n")
    assert "// The card of 1.1.0.\nexport function SecuritySettingsCard() {" in card_text
    assert "<<<<<<<" not in card_text

    answers = (project / ANSWERS_FILE).read_text("utf-8")
    assert "_commit: 1.1.0" in answers


def test_changing_the_ui_kit_on_update_swaps_the_kit_files(template_repo: Path, tmp_path: Path):
    project = generate(template_repo, tmp_path / "acme")
    components = project / "frontend/src/features/two-factor/components"
    assert (components / "ui").is_dir()  # shadcn's primitives
    package_json = project / "frontend/package.json"
    assert '"radix-ui"' in package_json.read_text("utf-8")

    update(project, "--vcs-ref", "1.0.0", "-d", "ui_kit=mui")

    assert not (components / "ui").exists(), "shadcn's files must go"
    assert (components / "security-settings-card.tsx").read_text("utf-8").count("@mui/material")
    dependencies = package_json.read_text("utf-8")
    assert '"@mui/material"' in dependencies and '"radix-ui"' not in dependencies
    assert "ui_kit: mui" in (project / ANSWERS_FILE).read_text("utf-8")
    assert git(project, "status", "--porcelain").strip(), "the update leaves changes to review"


MOVE_DATABASE = """
_migrations:
  # 1.1.0 keeps the development database in var/: move the user's, which no render holds.
  - version: "1.1.0"
    when: "{{ _stage == 'after' }}"
    command: >-
      python3 -c "import pathlib;
      old = pathlib.Path('{{ backend_dir }}/db.sqlite3');
      new = pathlib.Path('{{ backend_dir }}/var/db.sqlite3');
      new.parent.mkdir(exist_ok=True);
      old.exists() and not new.exists() and old.rename(new)"
"""


def test_a_migration_moves_user_data_once(template_repo: Path, tmp_path: Path):
    """A release's _migrations run on the update that crosses their version, only then."""
    project = generate(template_repo, tmp_path / "acme")
    database = project / "backend/db.sqlite3"  # ignored by git: the user's data
    database.write_bytes(b"the user's development data")
    assert not git(project, "status", "--porcelain").strip()

    with (template_repo / "copier.yml").open("a", encoding="utf-8") as config:
        config.write(MOVE_DATABASE)
    release(
        template_repo,
        "1.1.0",
        [
            (
                SETTINGS_TEMPLATE,
                "f\"sqlite:///{BASE_DIR / 'db.sqlite3'}\"",
                "f\"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}\"",
            )
        ],  # fmt: skip
    )
    update(project, "--vcs-ref", "1.1.0")
    moved = project / "backend/var/db.sqlite3"
    assert not database.exists()
    assert moved.read_bytes() == b"the user's development data"
    assert "'var' / 'db.sqlite3'" in (project / SETTINGS).read_text("utf-8")
    commit_all(project, "Update to 1.1.0")

    # The next release does not run 1.1.0's migration again.
    database.write_bytes(b"a new database made after 1.1.0")
    release(
        template_repo,
        "1.2.0",
        [(SETTINGS_TEMPLATE, 'STATIC_URL = "static/"', 'STATIC_URL = "/static/"')],
    )
    update(project, "--vcs-ref", "1.2.0")
    assert database.read_bytes() == b"a new database made after 1.1.0"
    assert moved.read_bytes() == b"the user's development data"


# A release renaming a question runs the template's extensions/rename_answer.py from its
# _migrations, with the answers file, the old name and the new one (docs/releasing.md).
RENAME_ISSUER = """
_migrations:
  # 1.1.0 renames issuer_name to totp_issuer. Before the update renders, so that the new
  # question reads the project's answer instead of falling back to its default.
  - version: "1.1.0"
    when: "{{ _stage == 'before' }}"
    command:
      - "{{ _copier_python }}"
      - "{{ _copier_conf.src_path }}/extensions/rename_answer.py"
      - "{{ _copier_conf.answers_file }}"
      - issuer_name
      - totp_issuer
"""
ISSUER_SETTING = 'return _setting("ISSUER_NAME", "Globex Security")'
ISSUER_MESSAGE = 'const ISSUER = "Globex Security";'


def test_a_renamed_question_keeps_the_users_answer(template_repo: Path, tmp_path: Path):
    """A release renaming a question carries the answer over with a _migrations entry."""
    # Not the default (project_name, "Acme"): a lost answer would show in the files.
    project = generate(template_repo, tmp_path / "acme", "-d", "issuer_name=Globex Security")
    app_settings = project / "backend/two_factor_auth/app_settings.py"
    messages = project / "frontend/src/features/two-factor/messages.ts"
    assert ISSUER_SETTING in app_settings.read_text("utf-8")
    assert ISSUER_MESSAGE in messages.read_text("utf-8")

    # 1.1.0: the question's key and every template expression reading it get the new name.
    readers = [
        path.relative_to(template_repo).as_posix()
        for path in sorted((template_repo / "template").rglob("*.jinja"))
        if "{{ issuer_name" in path.read_text("utf-8")
    ]
    assert readers, "no template file reads issuer_name"
    script = template_repo / "extensions/rename_answer.py"  # copied with the checkout
    assert script.is_file()
    with (template_repo / "copier.yml").open("a", encoding="utf-8") as config:
        config.write(RENAME_ISSUER)
    release(
        template_repo,
        "1.1.0",
        [
            ("copier.yml", "\nissuer_name:\n", "\ntotp_issuer:\n"),
            ("copier.yml", "{{ issuer_name |", "{{ totp_issuer |"),
            *((path, "{{ issuer_name", "{{ totp_issuer") for path in readers),
        ],
    )
    assert not any(
        re.search(r"\{[{%].*\bissuer_name\b", path.read_text("utf-8"))
        for path in (template_repo / "template").rglob("*.jinja")
    ), "a template expression still reads the old name"

    result = update(project, "--vcs-ref", "1.1.0")
    assert "rename_answer.py" in result.stderr  # Copier names each migration it runs
    answers = yaml.safe_load((project / ANSWERS_FILE).read_text("utf-8"))
    assert answers["totp_issuer"] == "Globex Security"
    assert "issuer_name" not in answers
    assert answers["_commit"] == "1.1.0"
    # The rename changes no rendered file: only the answers file differs.
    changed = {line[3:] for line in git(project, "status", "--porcelain").splitlines()}
    assert changed == {ANSWERS_FILE}
    assert ISSUER_SETTING in app_settings.read_text("utf-8")
    assert ISSUER_MESSAGE in messages.read_text("utf-8")
    # Run again on a migrated project, the script leaves the file as it is.
    migrated = (project / ANSWERS_FILE).read_text("utf-8")
    subprocess.run(
        [sys.executable, str(script), ANSWERS_FILE, "issuer_name", "totp_issuer"],
        cwd=project,
        check=True,
    )
    assert (project / ANSWERS_FILE).read_text("utf-8") == migrated
    commit_all(project, "Update to 1.1.0")

    # 1.2.0 changes something else; 1.1.0's migration is behind the project and is skipped.
    release(
        template_repo,
        "1.2.0",
        [(SETTINGS_TEMPLATE, 'STATIC_URL = "static/"', 'STATIC_URL = "/static/"')],
    )
    result = update(project, "--vcs-ref", "1.2.0")
    assert "rename_answer.py" not in result.stderr
    assert 'STATIC_URL = "/static/"' in (project / SETTINGS).read_text("utf-8")
    answers = yaml.safe_load((project / ANSWERS_FILE).read_text("utf-8"))
    assert answers["totp_issuer"] == "Globex Security" and "issuer_name" not in answers
    assert ISSUER_SETTING in app_settings.read_text("utf-8")
    assert ISSUER_MESSAGE in messages.read_text("utf-8")


VITE_APP = {
    "package.json": '{\n  "name": "shop-frontend",\n  "private": true,\n  "type": "module"\n}\n',
    "index.html": '<div id="root"></div>\n<script type="module" src="/src/main.tsx"></script>\n',
    "src/main.tsx": 'import { createRoot } from "react-dom/client";\n\n'
    'createRoot(document.getElementById("root")!).render(<h1>Shop</h1>);\n',
}
WIRING = """
INSTALLED_APPS += [
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "two_factor_auth",
]
TWO_FACTOR_ENCRYPTION_KEYS = ["{key}"]
REST_FRAMEWORK = {{
    "DEFAULT_AUTHENTICATION_CLASSES": ["two_factor_auth.authentication.TwoFactorJWTAuthentication"],
}}
"""


def test_an_existing_project_updates_cleanly(template_repo: Path, tmp_path: Path):
    """The feature added to a project of the user's own (django-admin startproject and a
    Vite app), wired by hand as the after-copy steps say, then updated to a new release."""
    project = tmp_path / "shop"
    backend = project / "backend"
    backend.mkdir(parents=True)
    subprocess.run(
        [sys.executable, "-m", "django", "startproject", "shop", str(backend)], check=True
    )
    for name, text in VITE_APP.items():
        (project / "frontend" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "frontend" / name).write_text(text, encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "The shop, before 2FA")

    copier(tmp_path, "copy", "--trust", "--defaults", "--vcs-ref", "1.0.0",
           "-d", "project_kind=existing", str(template_repo), str(project))  # fmt: skip
    settings = backend / "shop/settings.py"
    with settings.open("a", encoding="utf-8") as wiring:
        wiring.write(WIRING.format(key=Fernet.generate_key().decode()))
    replace(
        backend / "shop/urls.py",
        "    path('admin/', admin.site.urls),\n",
        "    path('admin/', admin.site.urls),\n"
        "    path('api/auth/', include('two_factor_auth.urls')),\n",
    )
    replace(
        backend / "shop/urls.py",
        "from django.urls import path",
        "from django.urls import include, path",
    )
    commit_all(project, "Add two-factor authentication")
    wired = settings.read_text("utf-8")

    views_template = "template/{{ backend_dir }}/{{ app_path }}/views.py"
    first_view_line = (template_repo / views_template).read_text("utf-8").splitlines()[0]
    release(
        template_repo, "1.1.0", [(views_template, first_view_line, first_view_line + "  # 1.1.0")]
    )
    update(project, "--vcs-ref", "1.1.0")

    status = git(project, "status", "--porcelain")
    assert "two_factor_auth/views.py" in status
    assert not list(project.rglob("*.rej")), "every change applied"
    changed = [line[3:] for line in status.splitlines()]
    assert all(not path.startswith(("backend/shop/", "frontend/src/main.tsx")) for path in changed)
    assert settings.read_text("utf-8") == wired
    views = (backend / "two_factor_auth/views.py").read_text("utf-8")
    assert views.splitlines()[0].endswith("  # 1.1.0") and "<<<<<<<" not in views
    check = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=backend, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_copy_asks_git_for_the_file_mode_once(template_repo: Path, tmp_path: Path):
    """extensions/file_mode_once.py: Copier would run ``git config core.fileMode`` once
    per written file; a git on PATH that logs its arguments counts the lookups."""
    if extension("file_mode_once")._copier_internals() is None:
        pytest.skip("this Copier has no per-file core.fileMode lookup the wrapper knows")
    shim = tmp_path / "bin" / "git"
    shim.parent.mkdir()
    log = tmp_path / "git-calls.log"
    real_git = shutil.which("git")
    shim.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real_git}" "$@"\n', "utf-8")
    shim.chmod(0o755)
    subprocess.run(
        [sys.executable, "-m", "copier", "copy", "--trust", "--defaults", "--vcs-ref", "1.0.0",
         str(template_repo), str(tmp_path / "acme")],
        env={
            **os.environ, **GIT_ENV, "PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}",
            # The machine's own git config could set core.fileMode=false: Copier then asks
            # again for every file, as it should.
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        },
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    written = sum(1 for path in (tmp_path / "acme").rglob("*") if path.is_file())
    lookups = log.read_text("utf-8").count("core.fileMode")
    assert written > 100 and lookups == 1, f"{lookups} lookups for {written} files"


def test_an_executable_bit_reaches_the_index_when_git_ignores_modes(
    template_repo: Path, tmp_path: Path
):
    """With core.fileMode=false, git never sees a chmod: Copier writes the bit into the
    index itself, and file_mode_once.py must still let it."""
    project = tmp_path / "acme"
    copier(tmp_path, "copy", "--trust", "--defaults", "--vcs-ref", "1.0.0",
           str(template_repo), str(project))  # fmt: skip
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "core.fileMode", "false")
    commit_all(project, "Generated from django-react-2fa 1.0.0")
    assert git(project, "ls-files", "--stage", VIEWS).startswith("100644")

    views_template = "template/{{ backend_dir }}/{{ app_path }}/views.py"
    first_view_line = (template_repo / views_template).read_text("utf-8").splitlines()[0]
    (template_repo / views_template).chmod(0o755)
    release(template_repo, "1.1.0", [(views_template, first_view_line, first_view_line + " ")])

    update(project, "--vcs-ref", "1.1.0")

    assert git(project, "ls-files", "--stage", VIEWS).startswith("100755")
    assert os.access(project / VIEWS, os.X_OK)


def test_an_update_from_the_flat_layout_moves_the_files(tmp_path: Path):
    """A project made before the app had packages (and passkeys) takes the new layout on
    update: the moved modules and tests are gone from their old places, the new
    migrations apply to its database, and a user it enrolled still signs in."""
    if not has_commit(FLAT_LAYOUT):
        pytest.skip(f"the history does not reach {FLAT_LAYOUT[:7]} (a shallow clone)")
    template = tagged_commit(tmp_path / "template", FLAT_LAYOUT)
    project = generate(template, tmp_path / "acme", "-d", "sms_provider=twilio")
    app = project / "backend/two_factor_auth"
    # Old place: new place, relative to the app.
    moved = {
        "delivery.py": "delivery/__init__.py",
        "send_limits.py": "delivery/send_limits.py",
        "sms_twilio.py": "delivery/sms_twilio.py",
        "email_django.py": "delivery/email_django.py",
        "totp.py": "totp/codes.py",
        "qr.py": "totp/qr.py",
        "backup_codes.py": "backup_codes/codes.py",
        "login_services.py": "login/services.py",
        "login_views.py": "login/views.py",
        "challenges.py": "login/challenges.py",
        "login_codes.py": "login/sent_codes.py",
        "password_limit.py": "login/password_limit.py",
        "failure_limit.py": "login/failure_limit.py",
        "tests/conftest.py": "conftest.py",
        "tests/test_totp.py": "totp/tests/test_codes.py",
        "tests/test_login_api.py": "login/tests/test_api.py",
        "tests/test_sms_twilio.py": "delivery/tests/test_sms_twilio.py",
        "tests/test_import_two_factor.py": "importers/tests/test_import_two_factor.py",
    }
    assert all((app / old).is_file() for old in moved)
    replace(project / SETTINGS, 'TIME_ZONE = "UTC"', 'TIME_ZONE = "Europe/Paris"')
    commit_all(project, "Our edits")
    # Twilio's made-up credentials (extensions/providers.yml), which the checks require.
    twilio = extension("registries").providers()["sms"]["twilio"]["settings"]
    env = {setting["name"]: str(setting["placeholder"]) for setting in twilio}
    env = {**clean_environment(), "DJANGO_DEBUG": "true", **env}
    # The project's database as that release left it (its migrations, and its cache
    # table), with a user of the authenticator app and backup codes. db.sqlite3 is not in
    # git: the update keeps it.
    manage = [sys.executable, "manage.py"]
    for command in ("migrate", "createcachetable"):
        prepared = run([*manage, command], project / "backend", env=env)
        assert prepared.returncode == 0, str(prepared)
    enrol = shell.arguments(shell.script("enrol_flat_layout.py"))
    enrolled = run([*manage, *enrol], project / "backend", env=env)
    assert enrolled.returncode == 0, str(enrolled)
    enrolment = shell.last_json(enrolled.output)

    release_checkout(template, "1.1.0")
    update(project, "--vcs-ref", "1.1.0")

    assert not list(project.rglob("*.rej")), "every change applied"
    assert [old for old in moved if (app / old).exists()] == []
    assert [new for new in moved.values() if not (app / new).is_file()] == []
    assert 'TIME_ZONE = "Europe/Paris"' in (project / SETTINGS).read_text("utf-8")
    check = run([*manage, "check"], project / "backend", env=env)
    assert check.returncode == 0, str(check)
    # The new migrations (passkeys among them) apply to the old database, and leave
    # nothing for makemigrations to add.
    migrated = run([*manage, "migrate", "--noinput"], project / "backend", env=env)
    assert migrated.returncode == 0, str(migrated)
    assert "0007_passkeys... OK" in migrated.output, str(migrated)
    pending = run([*manage, "makemigrations", "--check", "--dry-run"], project / "backend", env=env)
    assert pending.returncode == 0, str(pending)
    # The user enrolled before signs in after, with the secret as that release encrypted
    # it and with a backup code as it hashed them; the login offers both.
    sign_in = shell.arguments(shell.script("sign_in_twice.py"))
    signed_in = run(
        [*manage, *sign_in], project / "backend", env={**env, **shell.environment(**enrolment)}
    )
    assert signed_in.returncode == 0, str(signed_in)
    offered = ["totp", "backup_code"]
    assert shell.last_json(signed_in.output) == [[200, offered, 200]] * 2
    # Every test module imports: none is left behind, importing a module that moved.
    tests = run(
        [sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider"],
        project / "backend",
        env=env,
    )
    assert tests.returncode == 0, str(tests)
    assert re.search(r"^\d{3,} tests collected", tests.output, re.M), str(tests)
