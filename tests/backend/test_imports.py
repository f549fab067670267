"""import_two_factor moves second factors from django-otp (with django-otp-webauthn),
django-trench and django-allauth.

For each library, on SQLite and on PostgreSQL: the default variant in the harness, run
by a virtualenv of its own under build/venvs/ (made once, reused while its requirements
stay the same) holding the app's requirements and that library. The data is made with
the library's own code: a confirmed authenticator with backup codes (one of them used),
an unconfirmed device or an unsupported one, and a user already enrolled in this app.
Then the command runs with --dry-run (nothing written), for real with the library gone
from INSTALLED_APPS (the command reads its tables, not its models), and again (nothing
changes); and the imported authenticator, backup codes and passkeys sign in through the
login endpoints (the passkeys after the password and alone, answered by the app's own test
authenticator).
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest

from support import shell
from support.backend import Backend, render_backend
from support.processes import output
from support.venvs import python_at_least, virtualenv

pytestmark = pytest.mark.backend

PASSWORD = "correct horse battery staple"  # noqa: S105

# Each library with the Django and Python it is tried on: django-trench's last release
# (0.3.1) names Django 3.2 at most, so it gets the oldest Django the app supports; the
# others the newest LTS. django-allauth's latest releases need Python 3.11.
LIBRARIES = {
    "django_otp": {
        "requirements": ["Django>=5.2,<5.3", "django-otp>=1.5", "django-otp-webauthn>=0.10"],
        "python": (3, 10),
        "apps": [
            "django_otp",
            "django_otp.plugins.otp_totp",
            "django_otp.plugins.otp_static",
            "django_otp.plugins.otp_hotp",
            "django_otp_webauthn",
        ],
        "middleware": [],
        # What django-otp-webauthn's system checks ask for.
        "settings": {
            "OTP_WEBAUTHN_RP_ID": "testserver",
            "OTP_WEBAUTHN_RP_NAME": "Acme",
            "OTP_WEBAUTHN_ALLOWED_ORIGINS": ["https://testserver"],
        },
    },
    "trench": {
        "requirements": ["Django>=4.2,<4.3", "django-trench>=0.3"],
        "python": (3, 10),
        "apps": ["trench"],
        "middleware": [],
    },
    "allauth": {
        "requirements": ["Django>=5.2,<5.3", "django-allauth[mfa]>=65"],
        "python": (3, 11),
        "apps": ["allauth", "allauth.account", "allauth.mfa"],
        "middleware": ["allauth.account.middleware.AccountMiddleware"],
    },
}

# The Python these tests run in `manage.py shell` (support/shell.py): real files, so that
# ruff checks them and a traceback names their lines.
SCRIPTS = Path(__file__).resolve().parent / "imports_scripts"


@dataclass
class Project:
    """The harness with the rendered app, run by a library's virtualenv."""

    backend: Backend
    python: Path
    library: dict

    def manage(
        self,
        *args: str,
        installed: bool = True,
        settings: dict | None = None,
        params: dict | None = None,
    ):
        """Run manage.py; ``installed``: with the library in INSTALLED_APPS; ``params``: a
        shell script's arguments."""
        env = dict(self.backend.env)
        if installed:
            env["HARNESS_EXTRA_APPS"] = ",".join(self.library["apps"])
            env["HARNESS_EXTRA_MIDDLEWARE"] = ",".join(self.library["middleware"])
            settings = {**self.library.get("settings", {}), **(settings or {})}
        if settings:
            env["HARNESS_SETTINGS_JSON"] = json.dumps(settings)
        if params is not None:
            env.update(shell.environment(**params))
        return subprocess.run(
            [str(self.python), "manage.py", *args],
            cwd=self.backend.dir,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def ok(self, *args: str, **options) -> str:
        result = self.manage(*args, **options)
        assert result.returncode == 0, output(result)
        return result.stdout

    def script(self, name: str, params: dict | None = None, **options):
        """A script of imports_scripts/ in `manage.py shell`; what its last line prints, as
        JSON. Every script gets the users' password (the prelude reads it)."""
        path = SCRIPTS / name
        assert path.is_file(), path
        params = {"password": PASSWORD, **(params or {})}
        output = self.ok(*shell.arguments(path), params=params, **options)
        return shell.last_json(output)

    def state(self) -> dict:
        return self.script("app_state.py", installed=False)

    def import_from(self, source: str, *extra: str, **options) -> str:
        return self.ok("import_two_factor", "--from", source, *extra, **options)

    def sign_in(self, *attempts: tuple[str, str]) -> list[int]:
        return self.script("sign_in.py", {"attempts": list(attempts)}, installed=False)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request) -> str:
    """The harness's database: SQLite, or a PostgreSQL database of each project's own
    (the command reads the other library's tables with SQL of its own)."""
    return request.param


@pytest.fixture(scope="module")
def project_for(request, tmp_path_factory, redis_server, database):
    def make(source: str) -> Project:
        backend = render_backend(tmp_path_factory, redis_server, f"import-{source}")
        if database == "postgresql":
            server = request.getfixturevalue("postgres_server")
            url = server.create_database(f"import_{source}")
            backend.env["HARNESS_DATABASE_URL"] = url
        library = LIBRARIES[source]
        ranges = (backend.variant.app_dir / "requirements.txt").read_text(encoding="utf-8")
        app_requirements = [line for line in ranges.splitlines() if line and line[0] != "#"]
        # redis: the harness's cache; psycopg: its PostgreSQL.
        requirements = [
            *library["requirements"], *app_requirements, "redis>=5.0", "psycopg[binary]>=3.1"
        ]  # fmt: skip
        python = python_at_least(*library["python"])
        if python is None:
            pytest.skip(f"{source} needs Python {library['python']} or newer: none is installed")
        project = Project(backend, virtualenv(python, requirements), library)
        project.ok("migrate", "--no-input")
        return project

    return make


def assert_dry_run_then_import(project: Project, source: str, expected: list[str]) -> dict:
    """--dry-run reports ``expected`` and writes nothing; the run writes it, with the
    library no longer installed; a second run changes nothing. Returns this app's profiles
    after, by username: ``[totp_enabled, secret, totp_last_counter]``."""
    before = project.state()
    dry = project.import_from(source, "--dry-run")
    for line in expected:
        line = line.replace(": imported ", ": would import ")
        assert line.replace("  imported: ", "  would be imported: ") in dry, dry
    assert "Dry run: nothing was written." in dry, dry
    assert project.state() == before

    done = project.import_from(source, installed=False)
    for line in expected:
        assert line in done, done
    after = project.state()
    assert after != before

    again = project.import_from(source, installed=False)
    assert "Nothing to import: nothing was changed." in again, again
    assert "alice: already imported, unchanged" in again, again
    assert project.state() == after
    return {row[0]: row[1:] for row in after["profiles"]}


def assert_passkey_signs_in(project: Project, username: str, authenticator: dict) -> None:
    """The imported passkey (``authenticator``: prelude.authenticator_state) signs its user
    in through the endpoints, after the password and alone."""
    signed_in = project.script(
        "passkey_sign_in.py",
        {"username": username, "authenticator": authenticator},
        installed=False,
    )
    assert signed_in == {
        "methods": ["passkey", "backup_code"],
        "second_step": 200,
        "passwordless": 200,
        "user": username,
    }


def next_code(secret: str) -> str:
    """The authenticator's code of the next time step: the import counted the current one used."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_import_from_django_otp(project_for):
    project = project_for("django_otp")
    data = project.script("make_django_otp_data.py")
    profiles = assert_dry_run_then_import(
        project,
        "django_otp",
        [
            'alice: imported authenticator "phone" and 4 backup codes\n  - authenticator '
            '"tablet" not imported: this app keeps one per user, and authenticator "phone" was '
            "used more recently",
            'bob: nothing imported\n  - authenticator "new phone" not imported: not confirmed',
            'carol: nothing imported\n  - authenticator "key fob" not imported: 8-digit codes',
            "dave: skipped: has two-factor authentication in this app already",
            'erin: nothing imported\n  - HOTP device "key ring" not imported',
            'frank: imported passkey "Phone" and 0 backup codes\n  - passkey "old key" not '
            "imported: not confirmed",
            "  imported: 2 users, 4 backup codes\n",
        ],
    )
    # django-otp's last accepted time step came along: its code is not accepted again.
    assert profiles["alice"][:2] == [True, data["secret"]]
    assert profiles["alice"][2] >= 0
    assert profiles["dave"][:2] == [True, data["dave"]]
    assert set(profiles) == {"alice", "dave", "frank"}

    fresh = next_code(data["secret"])
    used, unused = data["tokens"][0], data["tokens"][1]
    assert project.sign_in(
        ("alice", data["used_code"]),
        ("alice", fresh),
        ("alice", used),
        ("alice", unused),
        ("alice", unused.upper()),
    ) == [400, 200, 400, 200, 400]
    # His passkey, with django-otp-webauthn's user handle and count: after the password,
    # and alone.
    assert_passkey_signs_in(project, "frank", data["frank"])

    # Bad input is a message, not a traceback.
    wrong = project.manage("import_two_factor", "--from", "django_two_factor", installed=False)
    assert wrong.returncode != 0 and "invalid choice: 'django_two_factor'" in wrong.stderr
    missing = project.manage("import_two_factor", "--from", "trench", installed=False)
    assert missing.returncode == 1, output(missing)
    assert "CommandError: The table trench_mfamethod of django-trench" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_import_from_trench(project_for):
    project = project_for("trench")
    # Backup codes hashed (trench's default), and in plain text in a second project setting.
    hashed = project.script("make_trench_hashed.py")
    plain = project.script(
        "make_trench_plain.py", settings={"TRENCH_AUTH": {"ENCRYPT_BACKUP_CODES": False}}
    )

    # A period other than 30 seconds is refused for each authenticator.
    refused = project.import_from(
        "trench",
        "--dry-run",
        settings={"TRENCH_AUTH": {"MFA_METHODS": {"app": {"VALIDITY_PERIOD": 60}}}},
    )
    assert 'authenticator "app" not imported: a 60-second period' in refused, refused

    started = int(time.time() // 30)
    profiles = assert_dry_run_then_import(
        project,
        "trench",
        [
            'alice: imported authenticator "app" and 0 backup codes\n  - 5 backup codes not '
            "imported: django-trench stores them hashed",
            'bob: nothing imported\n  - authenticator "app" not imported: not confirmed',
            "dave: skipped: has two-factor authentication in this app already",
            'erin: imported authenticator "app" and 5 backup codes',
            "  imported: 2 users, 5 backup codes\n",
            "need new ones: alice.",
        ],
    )
    # django-trench keeps no last step: the import's own counts as used.
    assert profiles["alice"][2] >= started
    assert profiles["alice"][:2] == [True, hashed["alice"]]
    assert profiles["erin"][:2] == [True, plain["secret"]]
    assert profiles["dave"][:2] == [True, hashed["dave"]]

    fresh = next_code(plain["secret"])
    backup = plain["codes"][0]
    assert project.sign_in(("erin", fresh), ("erin", backup), ("erin", backup)) == [200, 200, 400]


def test_import_from_allauth(project_for):
    project = project_for("allauth")
    data = project.script("make_allauth_data.py")

    refused = project.import_from("allauth", "--dry-run", settings={"MFA_TOTP_DIGITS": 8})
    assert "alice: nothing imported\n  - authenticator not imported: 8-digit codes" in refused

    started = int(time.time() // 30)
    profiles = assert_dry_run_then_import(
        project,
        "allauth",
        [
            "alice: imported authenticator and 9 backup codes",
            "bob: nothing imported\n  - 10 backup codes not imported: no authenticator app or "
            "passkey came",
            "dave: skipped: has two-factor authentication in this app already",
            'erin: imported passkey "Laptop" and 10 backup codes',
            "  imported: 2 users, 19 backup codes\n",
        ],
    )
    # django-allauth remembers used codes in its cache only: the import's step counts as used.
    assert profiles["alice"][2] >= started
    assert profiles["alice"][:2] == [True, data["secret"]]
    assert profiles["dave"][:2] == [True, data["dave"]]

    fresh = next_code(data["secret"])
    used, unused = data["codes"][0], data["codes"][1]
    assert project.sign_in(
        ("alice", fresh), ("alice", used), ("alice", unused), ("alice", unused)
    ) == [200, 400, 200, 400]
    # Her passkey, with the user handle allauth gave it: after the password, and alone.
    assert_passkey_signs_in(project, "erin", data["erin"])
