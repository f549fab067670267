"""import_two_factor moves second factors from django-otp, django-trench and django-allauth.

For each library, on SQLite and on PostgreSQL: the default variant in the harness, run
by a virtualenv of its own under build/venvs/ (made once, reused while its requirements
stay the same) holding the app's requirements and that library. The data is made with
the library's own code: a confirmed authenticator with backup codes (one of them used),
an unconfirmed device or an unsupported one, and a user already enrolled in this app.
Then the command runs with --dry-run (nothing written), for real with the library gone
from INSTALLED_APPS (the command reads its tables, not its models), and again (nothing
changes); and the imported authenticator and backup codes sign in through the login
endpoints.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest

from support.backend import Backend, render_backend
from support.venvs import python_at_least, shown, virtualenv

pytestmark = pytest.mark.backend

PASSWORD = "correct horse battery staple"  # noqa: S105

# Each library with the Django and Python it is tried on: django-trench's last release
# (0.3.1) names Django 3.2 at most, so it gets the oldest Django the app supports; the
# others the newest LTS. django-allauth's latest releases need Python 3.11.
LIBRARIES = {
    "django_otp": {
        "requirements": ["Django>=5.2,<5.3", "django-otp>=1.5"],
        "python": (3, 10),
        "apps": [
            "django_otp",
            "django_otp.plugins.otp_totp",
            "django_otp.plugins.otp_static",
            "django_otp.plugins.otp_hotp",
        ],
        "middleware": [],
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

# Run in `manage.py shell` before each script below: users, and enrolling in this app.
PRELUDE = f"""
import importlib, json, time
import pyotp
from django.conf import settings
from django.contrib.auth import get_user_model

PASSWORD = {PASSWORD!r}
models = importlib.import_module(settings.HARNESS_APP + ".models")
secret_storage = importlib.import_module(settings.HARNESS_APP + ".secret_storage")

def make_user(name):
    return get_user_model().objects.create_user(
        username=name, email=name + "@example.com", password=PASSWORD
    )

def enrol_here(user):
    secret = pyotp.random_base32()
    models.TwoFactorProfile.objects.create(
        user=user, totp_enabled=True, totp_secret_encrypted=secret_storage.encrypt_secret(secret)
    )
    return secret
"""

# This app's tables, to compare before and after a run.
STATE = """
profiles = models.TwoFactorProfile.objects.order_by("user__username")
codes = models.BackupCode.objects.order_by("user__username", "code_hash")
print(json.dumps({
    "profiles": [
        [p.user.username, p.totp_enabled, secret_storage.decrypt_secret(p.totp_secret_encrypted)
         if p.totp_secret_encrypted else "", p.totp_last_counter]
        for p in profiles
    ],
    "codes": [[c.user.username, c.code_hash, str(c.used_at)] for c in codes],
}))
"""

# Signs in with the password, then each code in turn; prints the status of each verify.
SIGN_IN = """
from django.test import Client

def verify(username, code):
    client = Client()
    prefix = settings.HARNESS_API_PREFIX
    start = client.post(
        prefix + "login/", {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert start.status_code == 200 and start.json()["otp_channel"] == "totp", start.content
    answer = client.post(
        prefix + "login/verify/", {"challenge": start.json()["challenge"], "code": code},
        content_type="application/json",
    )
    return answer.status_code

print(json.dumps([verify(username, code) for username, code in ATTEMPTS]))
"""


@dataclass
class Project:
    """The harness with the rendered app, run by a library's virtualenv."""

    backend: Backend
    python: Path
    library: dict

    def manage(self, *args: str, installed: bool = True, settings: dict | None = None):
        """Run manage.py; ``installed``: with the library in INSTALLED_APPS."""
        env = dict(self.backend.env)
        if installed:
            env["HARNESS_EXTRA_APPS"] = ",".join(self.library["apps"])
            env["HARNESS_EXTRA_MIDDLEWARE"] = ",".join(self.library["middleware"])
        if settings:
            env["HARNESS_SETTINGS_JSON"] = json.dumps(settings)
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
        assert result.returncode == 0, shown(result)
        return result.stdout

    def script(self, code: str, **options):
        """A Python script in `manage.py shell`; what its last line prints, as JSON."""
        source = PRELUDE + textwrap.dedent(code)
        output = self.ok("shell", "--no-startup", "-c", source, **options)
        return json.loads(output.strip().splitlines()[-1])

    def state(self) -> dict:
        return self.script(STATE, installed=False)

    def import_from(self, source: str, *extra: str, **options) -> str:
        return self.ok("import_two_factor", "--from", source, *extra, **options)

    def sign_in(self, *attempts: tuple[str, str]) -> list[int]:
        return self.script(f"ATTEMPTS = {list(attempts)!r}\n" + SIGN_IN, installed=False)


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


def next_code(secret: str) -> str:
    """The authenticator's code of the next time step: the import counted the current one used."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_import_from_django_otp(project_for):
    project = project_for("django_otp")
    data = project.script("""
        import base64
        from django_otp.plugins.otp_hotp.models import HOTPDevice
        from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
        from django_otp.plugins.otp_totp.models import TOTPDevice

        alice = make_user("alice")
        TOTPDevice.objects.create(user=alice, name="tablet")
        device = TOTPDevice.objects.create(user=alice, name="phone")
        secret = base64.b32encode(device.bin_key).decode()
        used_code = pyotp.TOTP(secret).now()
        assert device.verify_token(used_code)
        backup = StaticDevice.objects.create(user=alice, name="backup")
        tokens = [StaticToken.random_token() for _ in range(5)]
        for token in tokens:
            backup.token_set.create(token=token)
        assert backup.verify_token(tokens[0])

        TOTPDevice.objects.create(user=make_user("bob"), name="new phone", confirmed=False)
        TOTPDevice.objects.create(user=make_user("carol"), name="key fob", digits=8)
        dave = make_user("dave")
        dave_secret = enrol_here(dave)
        TOTPDevice.objects.create(user=dave, name="old phone")
        HOTPDevice.objects.create(user=make_user("erin"), name="key ring")
        print(json.dumps({"secret": secret, "used_code": used_code, "tokens": tokens,
                          "dave": dave_secret}))
    """)
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
            "  imported: 1 user, 4 backup codes\n",
        ],
    )
    # django-otp's last accepted time step came along: its code is not accepted again.
    assert profiles["alice"][:2] == [True, data["secret"]]
    assert profiles["alice"][2] >= 0
    assert profiles["dave"][:2] == [True, data["dave"]]
    assert set(profiles) == {"alice", "dave"}

    fresh = next_code(data["secret"])
    used, unused = data["tokens"][0], data["tokens"][1]
    assert project.sign_in(
        ("alice", data["used_code"]),
        ("alice", fresh),
        ("alice", used),
        ("alice", unused),
        ("alice", unused.upper()),
    ) == [400, 200, 400, 200, 400]

    # Bad input is a message, not a traceback.
    wrong = project.manage("import_two_factor", "--from", "django_two_factor", installed=False)
    assert wrong.returncode != 0 and "invalid choice: 'django_two_factor'" in wrong.stderr
    missing = project.manage("import_two_factor", "--from", "trench", installed=False)
    assert missing.returncode == 1, shown(missing)
    assert "CommandError: The table trench_mfamethod of django-trench" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_import_from_trench(project_for):
    project = project_for("trench")
    make = """
        from trench.command.activate_mfa_method import activate_mfa_method_command
        from trench.command.create_mfa_method import create_mfa_method_command

        def enrol(user):
            method = create_mfa_method_command(user_id=user.pk, name="app")
            code = pyotp.TOTP(method.secret).now()
            codes = activate_mfa_method_command(user_id=user.pk, name="app", code=code)
            return method.secret, sorted(codes)
    """
    # Backup codes hashed (trench's default), and in plain text in a second project setting.
    hashed = project.script(
        make
        + """
        alice_secret, _ = enrol(make_user("alice"))
        create_mfa_method_command(user_id=make_user("bob").pk, name="app")
        dave = make_user("dave")
        dave_secret = enrol_here(dave)
        enrol(dave)
        print(json.dumps({"alice": alice_secret, "dave": dave_secret}))
    """
    )
    plain = project.script(
        make
        + """
        secret, codes = enrol(make_user("erin"))
        print(json.dumps({"secret": secret, "codes": codes}))
        """,
        settings={"TRENCH_AUTH": {"ENCRYPT_BACKUP_CODES": False}},
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
    data = project.script("""
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        alice = make_user("alice")
        secret = generate_totp_secret()
        TOTP.activate(alice, secret)
        recovery = RecoveryCodes.activate(alice)
        codes = recovery.get_unused_codes()
        assert recovery.validate_code(codes[0])

        RecoveryCodes.activate(make_user("bob"))  # recovery codes, no authenticator
        dave = make_user("dave")
        dave_secret = enrol_here(dave)
        TOTP.activate(dave, generate_totp_secret())
        print(json.dumps({"secret": secret, "codes": codes, "dave": dave_secret}))
    """)

    refused = project.import_from("allauth", "--dry-run", settings={"MFA_TOTP_DIGITS": 8})
    assert "alice: nothing imported\n  - authenticator not imported: 8-digit codes" in refused

    started = int(time.time() // 30)
    profiles = assert_dry_run_then_import(
        project,
        "allauth",
        [
            "alice: imported authenticator and 9 backup codes",
            "bob: nothing imported\n  - 10 backup codes not imported: no authenticator app came",
            "dave: skipped: has two-factor authentication in this app already",
            "  imported: 1 user, 9 backup codes\n",
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
