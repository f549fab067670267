"""The variant matrix of tests/variants.yml: its pairs cover what it claims, and every
variant passes the checks a project of its own would run in its CI.

Each variant is rendered once; then, in order:

- record: the files as tests/matrix/renders/<variant>.txt records them (support/records.py);
- render+ruff: the recorded answers, no Jinja left, Python that compiles and passes ruff;
- checks: ``manage.py check`` (warnings fail), migrations in sync with the models, a
  fresh ``migrate``; for a starter also its cache table and demo user;
- pytest: the rendered app's own suite, and for a starter its project's session tests;
- deploy: a starter's ``manage.py check --deploy`` with production settings (an existing
  project's deploy settings are its own, so that check is the user's);

and tests/frontend/test_frontend_variants.py checks each variant's frontend. The backend
of an ``existing`` variant runs inside the harness project (tests/support/harness); a
starter runs its own project.

``pytest tests/matrix tests/frontend -k <variant name>`` runs one variant; ``-k
renders_clean`` only renders and lints them all (a few seconds each). The run ends with a
table of both modules' checks (conftest.py).
"""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml
from cryptography.fernet import Fernet

from support import matrix, records
from support.backend import Backend, prepare_backend, starter_backend
from support.checks import compile_backend, ruff, template_leftovers
from support.render import Variant, render, snapshot
from support.services import RedisServer
from support.template import CHOICES, extension

VARIANTS = matrix.load()

REGISTRIES = extension("registries")


def provider_credentials(answers: dict) -> dict[str, str]:
    """Made-up credentials of the variant's providers (their placeholders in
    extensions/providers.yml), for the system checks that require them; nothing is sent,
    since the rendered tests stub each provider's HTTP layer. Environment variables, which
    the app reads when the settings don't name them, so one set serves the harness and the
    starters alike."""
    sms = REGISTRIES.providers()["sms"][answers.get("sms_provider", "none")]
    env = {setting["name"]: setting["placeholder"] for setting in sms["settings"]}
    if answers["email_provider"] == "anymail":
        env["TWO_FACTOR_EMAIL_FROM"] = "security@example.com"
        # amazon_ses has none: boto3's credential chain, which the checks can't see
        esp = REGISTRIES.providers()["anymail_esp"][answers["anymail_esp"]]
        if esp["credential"]:
            env[f"ANYMAIL_{esp['credential']}"] = "matrix-key"
    return env


# Fixtures: one render per variant, and its backend and frontend made ready once --------


@pytest.fixture(scope="module", params=list(VARIANTS))
def name(request: pytest.FixtureRequest) -> str:
    return request.param


# Each variant's files as rendered, before any check adds to them (bytecode, installs).
RENDERED: dict[str, dict[str, str]] = {}


@pytest.fixture(scope="module")
def variant(name: str, tmp_path_factory: pytest.TempPathFactory) -> Variant:
    rendered = render(tmp_path_factory.mktemp(f"matrix-{name}") / "project", **VARIANTS[name])
    RENDERED[name] = snapshot(rendered.dest)
    return rendered


@pytest.fixture(scope="module")
def backend(variant: Variant, redis_server: RedisServer) -> Backend:
    """The starter's own project, or the harness around an existing variant's app; with
    the providers' credentials in its environment, for the system checks."""
    if variant.is_starter:
        project = starter_backend(variant)
    else:
        project = prepare_backend(variant, redis_url=redis_server.next_url())
    env = {**project.env, **provider_credentials(variant.answers)}
    return dataclasses.replace(project, env=env)


# What the set covers --------------------------------------------------------------------


def test_every_pair_of_values_is_in_a_variant():
    """And every app shape (ui_kit x frontend_framework x project_kind), as matrix.py says."""
    questions = {question: matrix.values(question) for question in matrix.PAIRWISE_QUESTIONS}
    covered = set().union(
        *(matrix.combinations_of(answers) for answers in yaml_pairwise_variants().values())
    )
    missing = matrix.all_combinations(questions) - covered
    assert not missing, f"combinations no variant has: {sorted(missing)[:10]}"


def test_every_value_of_every_choice_question_is_in_a_variant():
    for question, values in CHOICES.items():
        seen = {answers.get(question) for answers in VARIANTS.values()}
        missing = set(values) - seen - {None}
        if question == "anymail_esp":
            continue  # one esp in the extras; tests/backend/test_backend_providers.py runs others
        assert not missing, f"{question}: {sorted(missing)} in no variant"


def yaml_pairwise_variants() -> dict[str, dict]:
    return yaml.safe_load(matrix.VARIANTS_FILE.read_text(encoding="utf-8"))["pairwise"]


# Each variant's checks, in the order they run -------------------------------------------


def test_renders_as_recorded(name: str, variant: Variant, request: pytest.FixtureRequest):
    """Users' projects change only when a change means them to (support/records.py)."""
    if request.config.getoption("write_renders"):
        records.write(name, RENDERED[name])
        return
    differences = records.differences(name, RENDERED[name])
    assert not differences, (
        f"{name} renders differently from tests/matrix/renders/{name}.txt:\n  "
        + "\n  ".join(differences)
        + f"\nIf the change is meant, rewrite the records with {records.WRITE_OPTION}."
    )


def test_renders_clean(name: str, variant: Variant):
    for question, value in VARIANTS[name].items():
        # sms_provider is not asked without a phone field: then there is no SMS channel.
        recorded = variant.answers.get(question, "none" if question == "sms_provider" else None)
        assert recorded == value, question
    result = compile_backend(variant)
    assert result.returncode == 0, result.stdout
    leftovers = template_leftovers(variant)
    assert not leftovers, "\n".join(leftovers)
    for command in (["check"], ["format", "--check"]):
        result = ruff(variant, *command)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.backend
def test_backend_checks(backend: Backend):
    variant = backend.variant
    requirements = variant.app_dir / "requirements.txt"
    listed = {
        re.split(r"[<>=\[]", line, maxsplit=1)[0].strip().lower()
        for line in requirements.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    libraries = {
        name: {package.lower() for package in library["packages"]}
        for name, library in REGISTRIES.token_libraries().items()
    }
    assert listed & set().union(*libraries.values()) == libraries[variant.answers["jwt_library"]]

    backend.assert_checks_clean()
    backend.assert_migrations_in_sync()
    (backend.dir / "db.sqlite3").unlink(missing_ok=True)
    steps = [("migrate", "--no-input")]
    if variant.is_starter:
        steps += [("createcachetable",), ("seed_demo",)]
    for step in steps:
        result = backend.manage(*step)
        assert result.returncode == 0, str(result)
    app_label = variant.answers["django_app"].rsplit(".", 1)[-1]
    shown = backend.manage("showmigrations", app_label)
    assert "[X] 0001_initial" in shown.output and "[ ]" not in shown.output, str(shown)


@pytest.mark.backend
def test_backend_tests(backend: Backend):
    """The app's suite with the credentials left out, as its tests set what they need."""
    credentials = provider_credentials(backend.variant.answers)
    env = {key: value for key, value in backend.env.items() if key not in credentials}
    bare = dataclasses.replace(backend, env=env)
    result = bare.run_rendered_tests("-q", "-rs")
    # No token test was skipped (dj-rest-auth's cookie test needs JWTCookieAuthentication,
    # which the harness and the starter configure).
    skipped = [line for line in result.output.splitlines() if line.startswith("SKIPPED")]
    assert not [line for line in skipped if "test_tokens.py" in line], str(result)
    if backend.variant.is_starter:
        session = bare.run("-m", "pytest", "-q", "-p", "no:cacheprovider", "config")
        assert session.returncode == 0 and " passed" in session.output, str(session)


def deploy_warnings(backend: Backend) -> list[str]:
    """The ids of what ``check --deploy`` warns about; it must not fail."""
    result = backend.manage("check", "--deploy")
    assert result.returncode == 0, str(result)
    return sorted(re.findall(r"\((\w+\.[EW]\d+)\)", result.output))


@pytest.mark.backend
def test_deploy_checks(backend: Backend):
    answers = backend.variant.answers
    if answers["project_kind"] != "starter":
        pytest.skip("an existing project's deploy settings are its own")
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": Fernet.generate_key().decode() + "-matrix-production-key",
        "DJANGO_ALLOWED_HOSTS": "app.example.com",
        "TWO_FACTOR_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    }
    deployed = dataclasses.replace(backend, env={**backend.env, **production})
    # The app's own warnings, whatever the environment says: SMS codes that would go to
    # the log in production.
    app_warnings = []
    if answers.get("sms_provider") == "console":
        app_warnings.append("two_factor.W003")
    # What the environment below sets right:
    unset = [
        # HSTS preloading is the domain owner's decision (hstspreload.org): off by default.
        "security.W021",
        # Without DJANGO_NUM_PROXIES the proxy count is a guess (0, trusting no
        # X-Forwarded-For entry).
        "two_factor.W004",
        # Without REDIS_URL the cache is the database's, whose incr() the throttles cannot
        # count on across workers.
        "two_factor.W005",
    ]
    if answers["passkeys"]:
        # Without WEBAUTHN_RP_ID passkeys are bound to the host each request names.
        unset.append("two_factor.W007")
    if answers["email_provider"] == "django":
        # Without EMAIL_BACKEND the starter prints mail to the console, which delivers no
        # login code in production.
        unset.append("two_factor.W006")
    assert deploy_warnings(deployed) == sorted([*unset, *app_warnings])
    preloaded = dataclasses.replace(
        deployed,
        env={
            **deployed.env,
            "DJANGO_SECURE_HSTS_PRELOAD": "true",
            "DJANGO_NUM_PROXIES": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "REDIS_URL": "redis://127.0.0.1:6379/0",  # not connected to by the checks
            "WEBAUTHN_RP_ID": "example.com",
            "WEBAUTHN_ORIGINS": "https://app.example.com",
        },
    )
    assert deploy_warnings(preloaded) == sorted(app_warnings)
