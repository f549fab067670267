"""Every token library (the answer jwt_library) in the harness, against a real Redis: the
rendered app passes the system checks, its migrations match its models, and its own test
suite passes, with the library installed and authenticating the API as a project would.

The user models alternate between variants (users.User with a phone number, as a starter
has; auth.User, as many existing projects have), so each is covered with more than one
library.
"""

from __future__ import annotations

import re

import pytest

from conftest import CHOICES, Backend, RedisServer, render_backend

pytestmark = pytest.mark.backend

PROJECT_KINDS = {"simplejwt": "existing", "djoser": "starter", "dj_rest_auth": "existing"}
VARIANTS = {
    library: {"jwt_library": library, "project_kind": PROJECT_KINDS.get(library, "starter")}
    for library in CHOICES["jwt_library"]
}


@pytest.fixture(scope="module", params=list(VARIANTS), ids=list(VARIANTS))
def backend(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    redis_server: RedisServer,
) -> Backend:
    name = f"tokens-{request.param}"
    return render_backend(tmp_path_factory, redis_server, name, **VARIANTS[request.param])


def test_every_library_is_covered():
    assert set(VARIANTS) == {"simplejwt", "djoser", "dj_rest_auth", "knox"}
    assert {answers["project_kind"] for answers in VARIANTS.values()} == {"starter", "existing"}


def test_harness_uses_the_chosen_library(backend: Backend):
    library = backend.variant.answers["jwt_library"]
    assert backend.env["HARNESS_JWT_LIBRARY"] == library
    adapter = (backend.variant.app_dir / "tokens.py").read_text(encoding="utf-8")
    expected_import = {
        "simplejwt": "rest_framework_simplejwt",
        "djoser": "rest_framework_simplejwt",
        "dj_rest_auth": "dj_rest_auth",
        "knox": "knox",
    }[library]
    assert f"from {expected_import}." in adapter


def test_requirements_list_only_the_chosen_library(backend: Backend):
    requirements = (backend.variant.app_dir / "requirements.txt").read_text(encoding="utf-8")
    listed = {
        re.split(r"[<>=\[]", line, maxsplit=1)[0].strip().lower()
        for line in requirements.splitlines()
        if line.strip() and not line.startswith("#")
    }
    expected = {
        "simplejwt": {"djangorestframework-simplejwt"},
        "djoser": {"djoser", "djangorestframework-simplejwt"},
        "dj_rest_auth": {"dj-rest-auth", "djangorestframework-simplejwt"},
        "knox": {"django-rest-knox"},
    }[backend.variant.answers["jwt_library"]]
    libraries = {"djangorestframework-simplejwt", "djoser", "dj-rest-auth", "django-rest-knox"}
    assert listed & libraries == expected, requirements


def test_system_checks_are_clean(backend: Backend):
    backend.assert_checks_clean()


def test_committed_migrations_match_the_models(backend: Backend):
    backend.assert_migrations_in_sync()


def test_rendered_app_tests_pass(backend: Backend):
    tests_dir = f"{backend.variant.app_path}/tests"
    tokens_test = backend.dir / tests_dir / "test_tokens.py"
    assert tokens_test.is_file(), f"no token tests in {tests_dir}"
    result = backend.run_rendered_tests("-q", "-rs")
    # No token test was skipped (dj-rest-auth's cookie test needs JWTCookieAuthentication,
    # which the harness configures).
    skipped = [line for line in result.output.splitlines() if line.startswith("SKIPPED")]
    assert not [line for line in skipped if "test_tokens.py" in line], str(result)
