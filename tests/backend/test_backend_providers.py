"""Every SMS and email provider (the answers sms_provider, email_provider and anymail_esp)
in the harness, against a real Redis: only the chosen provider's module and tests are
rendered, a missing credential is a system check error naming the setting, the checks are
clean once the provider's settings are given, and the rendered suite passes, with the
provider's own tests (which stub its SDK's HTTP layer) among the tests that ran.

anymail is run with two ESPs: mailgun (an API key) and amazon_ses (no key: boto3's chain).
The other ESPs differ only in the setting their key is read from; tests/render/test_render.py
renders and lints each of them.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from support.backend import Backend, render_backend
from support.services import RedisServer
from support.template import extension

pytestmark = pytest.mark.backend


@dataclasses.dataclass(frozen=True)
class Provider:
    answers: dict
    # Settings the harness needs for `manage.py check` to be clean (HARNESS_SETTINGS_JSON).
    settings: dict
    # The rendered provider modules and their test files, relative to the app.
    modules: tuple[str, ...]
    tests: tuple[str, ...] = ()
    # What `manage.py check` names when the settings are missing.
    missing: tuple[str, ...] = ()
    # The provider packages the rendered requirements.txt lists (responses: for the tests).
    requirements: tuple[str, ...] = ()


def sms_provider(name: str) -> Provider:
    """An SMS provider of extensions/providers.yml, with the placeholders of its settings:
    a provider added there is tested here without an edit."""
    entry = REGISTRIES.providers()["sms"][name]
    names = [setting["name"] for setting in entry["settings"]]
    return Provider(
        answers={"sms_provider": name},
        settings={setting["name"]: setting["placeholder"] for setting in entry["settings"]},
        modules=(f"sms_{name}.py", "email_django.py"),
        tests=(f"test_sms_{name}.py", "test_email_django.py"),
        missing=tuple(names),
        requirements=(*entry["packages"], *entry["test_packages"]),
    )


REGISTRIES = extension("registries")
# The SMS providers that send (console and none are below, with the email providers).
SENDING_SMS = [name for name, entry in REGISTRIES.providers()["sms"].items() if entry["settings"]]
PROVIDER_PACKAGES = {
    package
    for kind in ("sms", "email")
    for entry in REGISTRIES.providers()[kind].values()
    for package in (*entry["packages"], *entry["test_packages"])
}

VARIANTS = {
    **{name: sms_provider(name) for name in SENDING_SMS},
    "anymail-mailgun": Provider(
        answers={"email_provider": "anymail", "anymail_esp": "mailgun"},
        settings={
            "ANYMAIL": {"MAILGUN_API_KEY": "harness-key"},
            "DEFAULT_FROM_EMAIL": "security@example.com",
        },
        modules=("sms_console.py", "email_anymail.py"),
        tests=("test_sms_console.py", "test_email_anymail.py"),
        missing=("MAILGUN_API_KEY", "DEFAULT_FROM_EMAIL"),
        requirements=("django-anymail[mailgun]",),
    ),
    # auth.User: no phone field, so email is the only channel.
    "anymail-amazon_ses": Provider(
        answers={
            "project_kind": "existing",
            "email_provider": "anymail",
            "anymail_esp": "amazon_ses",
        },
        settings={"TWO_FACTOR_EMAIL_FROM": "security@example.com"},
        modules=("sms_none.py", "email_anymail.py"),
        tests=("test_email_anymail.py",),
        missing=("TWO_FACTOR_EMAIL_FROM",),
        requirements=("django-anymail[amazon_ses]",),
    ),
    "sms-console-email-none": Provider(
        answers={"email_provider": "none"},
        settings={},
        modules=("sms_console.py", "email_none.py"),
        tests=("test_sms_console.py",),
    ),
    # A phone field, but no SMS provider: codes go by email only.
    "sms-none-email-django": Provider(
        answers={"sms_provider": "none"},
        settings={},
        modules=("sms_none.py", "email_django.py"),
        tests=("test_email_django.py",),
    ),
}

PROVIDER_MODULE = re.compile(r"^(sms|email)_\w+\.py$")
PROVIDER_TEST = re.compile(r"^test_(sms|email)_\w+\.py$")


@pytest.fixture(scope="module", params=list(VARIANTS), ids=list(VARIANTS))
def provider(request: pytest.FixtureRequest) -> Provider:
    return VARIANTS[request.param]


@pytest.fixture(scope="module")
def bare_backend(
    provider: Provider,
    tmp_path_factory: pytest.TempPathFactory,
    redis_server: RedisServer,
) -> Backend:
    """The rendered backend in the harness, without any provider setting."""
    backend = render_backend(tmp_path_factory, redis_server, "providers", **provider.answers)
    # Credentials of the machine running the tests must not fill in for missing settings.
    env = {
        key: value
        for key, value in backend.env.items()
        if not key.startswith(("TWO_FACTOR_", "ANYMAIL_", "AWS_"))
    }
    return dataclasses.replace(backend, env=env)


@pytest.fixture(scope="module")
def backend(provider: Provider, bare_backend: Backend) -> Backend:
    """The same backend, with the provider's settings given as a project would."""
    env = {**bare_backend.env, "HARNESS_SETTINGS_JSON": json.dumps(provider.settings)}
    return dataclasses.replace(bare_backend, env=env)


def test_only_the_chosen_providers_are_rendered(provider: Provider, backend: Backend):
    app_dir = backend.variant.app_dir
    delivery_dir = app_dir / "delivery"
    modules = sorted(
        path.name for path in delivery_dir.iterdir() if PROVIDER_MODULE.match(path.name)
    )
    assert modules == sorted(provider.modules)
    tests = sorted(
        path.name for path in (delivery_dir / "tests").iterdir() if PROVIDER_TEST.match(path.name)
    )
    assert tests == sorted(provider.tests)
    delivery = (delivery_dir / "__init__.py").read_text(encoding="utf-8")
    for module in provider.modules:
        assert f"from . import {module.removesuffix('.py')} as " in delivery


def test_requirements_list_the_providers_package(provider: Provider, backend: Backend):
    requirements = (backend.variant.app_dir / "requirements.txt").read_text(encoding="utf-8")
    names = [line.split(">=")[0] for line in requirements.splitlines()]
    provider_packages = [name for name in names if name.split("[")[0] in PROVIDER_PACKAGES]
    assert provider_packages == list(provider.requirements), requirements


def test_missing_settings_are_check_errors_naming_them(provider: Provider, bare_backend):
    result = bare_backend.manage("check")
    if not provider.missing:
        assert result.returncode == 0, str(result)
        assert "two_factor.E006" not in result.output, str(result)
        return
    assert result.returncode != 0, str(result)
    errors = [line for line in result.output.splitlines() if "two_factor.E006" in line]
    for setting in provider.missing:
        assert any(setting in line for line in errors), str(result)


def test_system_checks_are_clean(backend: Backend):
    backend.assert_checks_clean()


def test_committed_migrations_match_the_models(backend: Backend):
    backend.assert_migrations_in_sync()


def test_rendered_app_tests_pass(provider: Provider, backend: Backend):
    result = backend.run_rendered_tests("-v")
    for test_file in provider.tests:
        ran = re.findall(rf"{re.escape(test_file)}::\S+ PASSED", result.output)
        assert ran, f"{test_file} did not run:\n{result}"
