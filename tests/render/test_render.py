"""Renders the defaults, every value of every choice question and a nested layout; each
rendered backend must compile and pass ruff, already formatted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.checks import compile_backend, ruff, template_leftovers
from support.render import ANSWERS_FILE, Variant, render
from support.template import CHOICE_CONTEXT, CHOICES

# Answers some values need to be accepted (the OTP-for-everyone answer needs a channel).
VALUE_CONTEXT = {
    ("sms_provider", "none"): {"email_provider": "none", "otp_for_all_users": False},
    ("email_provider", "none"): {"sms_provider": "none", "otp_for_all_users": False},
}

VARIANTS: dict[str, dict] = {"defaults": {}}
for _question, _values in CHOICES.items():
    for _value in _values:
        VARIANTS[f"{_question}={_value}"] = {
            **CHOICE_CONTEXT.get(_question, {}),
            **VALUE_CONTEXT.get((_question, _value), {}),
            _question: _value,
        }
VARIANTS.update(
    {
        "otp_for_all_users=false": {"otp_for_all_users": False},
        "include_tests=false": {"include_tests": False},
        "nested": {"django_app": "apps.security.tfa", "backend_dir": "src/server"},
        "nested-existing": {
            "project_kind": "existing",
            "django_app": "apps.security.tfa",
            "backend_dir": "src/server",
            "api_prefix": "/v1/2fa/",
        },
        "backend_dir=.": {"backend_dir": ".", "frontend_dir": "web"},
    }
)

COMPONENTS = (
    "backup-code-entry",
    "backup-codes-display",
    "security-settings-card",
    "setup-totp-modal",
    "totp-code-confirm-dialog",
    "totp-nudge-banner",
    "totp-verification-view",
)


@pytest.fixture(scope="module", params=list(VARIANTS), ids=list(VARIANTS))
def variant(request: pytest.FixtureRequest, tmp_path_factory) -> Variant:
    return render(tmp_path_factory.mktemp("render") / "project", **VARIANTS[request.param])


def python_files(variant: Variant) -> list[Path]:
    return sorted(variant.backend_dir.rglob("*.py"))


def test_renders_with_the_answers_given(request: pytest.FixtureRequest, variant: Variant):
    for question, value in VARIANTS[request.node.callspec.id].items():
        assert variant.answers[question] == value


def test_app_lands_at_backend_dir_and_app_path(variant: Variant):
    backend_dir = variant.answers["backend_dir"].rstrip("/")
    expected = variant.dest / backend_dir / variant.answers["django_app"].replace(".", "/")
    assert expected.resolve() == variant.app_dir
    assert (variant.app_dir / "__init__.py").is_file()
    assert (variant.app_dir / "apps.py").is_file()


def test_answers_file_is_written(variant: Variant):
    answers_file = variant.dest / ANSWERS_FILE
    assert answers_file.is_file()
    assert "_src_path" in answers_file.read_text(encoding="utf-8")


def test_no_template_leftovers(variant: Variant):
    leftovers = template_leftovers(variant)
    assert not leftovers, "\n".join(leftovers)


def test_include_tests_answer(variant: Variant):
    has_tests = (variant.app_dir / "tests").is_dir()
    assert has_tests == variant.answers["include_tests"]


def test_backend_compiles(variant: Variant):
    assert python_files(variant)
    result = compile_backend(variant)
    assert result.returncode == 0, result.stdout


def test_ruff_check_passes(variant: Variant):
    result = ruff(variant, "check")
    assert result.returncode == 0, result.stdout


def test_ruff_format_has_nothing_to_change(variant: Variant):
    result = ruff(variant, "format", "--check", "--diff")
    assert result.returncode == 0, result.stdout


# The frontend feature ------------------------------------------------------------------


def feature_dir(variant: Variant) -> Path:
    answers = variant.answers
    return (variant.dest / answers["frontend_dir"] / answers["frontend_feature_dir"]).resolve()


def test_frontend_feature_has_the_chosen_kits_components(variant: Variant):
    components = feature_dir(variant) / "components"
    assert (feature_dir(variant) / "index.ts").is_file()
    for name in COMPONENTS:
        assert (components / f"{name}.tsx").is_file(), name
    # Only one kit is rendered: one folder of components, no kit's files in another name.
    assert sorted(p.name for p in feature_dir(variant).iterdir() if p.is_dir()) == (
        ["__tests__", "components", "logic"]
        if variant.answers["include_tests"]
        else ["components", "logic"]
    )


@pytest.mark.parametrize(
    ("answers", "imported_from"),
    [
        ({"project_kind": "existing"}, "@/components/ui"),
        ({"project_kind": "existing", "shadcn_ui_import": "~/ui"}, "~/ui"),
        ({"project_kind": "existing", "shadcn_ui_import": ""}, "./ui"),
        # The starter keeps its own copies: the question is not asked.
        ({"project_kind": "starter", "shadcn_ui_import": "@/components/ui"}, "./ui"),
    ],
    ids=["existing-default", "existing-alias", "existing-own-copies", "starter"],
)
def test_shadcn_components_import_the_projects_primitives(
    tmp_path: Path, answers: dict, imported_from: str
):
    variant = render(tmp_path, ui_kit="shadcn", **answers)
    components = feature_dir(variant) / "components"
    sources = "\n".join(path.read_text(encoding="utf-8") for path in components.glob("*.tsx"))
    primitive = r'from "(.+)/(?:alert|button|card|checkbox|dialog|input|input-otp|label)";'
    imported = set(re.findall(primitive, sources))
    assert imported == {imported_from}
    # The feature's own copies are rendered only when it imports them.
    assert (components / "ui").is_dir() == (imported_from == "./ui")


def test_use_client_only_in_nextjs_components(variant: Variant):
    feature = feature_dir(variant)
    marked = {
        path.relative_to(feature).as_posix()
        for path in feature.rglob("*.ts*")
        if path.read_text(encoding="utf-8").startswith('"use client";\n')
    }
    if variant.answers["frontend_framework"] == "nextjs":
        # The components a page imports, the providers and the live region (each makes a
        # React context, which a server component importing index.ts must not run):
        # kit primitives may add more.
        providers = {"context.tsx", "logic/announcer.tsx", "logic/messages.tsx"}
        public = {f"components/{name}.tsx" for name in COMPONENTS} | providers
        assert public <= marked
        assert all(name.startswith("components/") or name in providers for name in marked)
    else:
        assert not marked


def test_frontend_token_shape_follows_jwt_library(variant: Variant):
    tokens = (feature_dir(variant) / "tokens.ts").read_text(encoding="utf-8")
    if variant.answers["jwt_library"] == "knox":
        assert "token: string;" in tokens
        assert "`Token ${token}`" in tokens
    else:
        assert "access: string;" in tokens
        assert "`Bearer ${access}`" in tokens


def test_frontend_default_base_url_is_the_api_prefix(variant: Variant):
    config = (feature_dir(variant) / "config.ts").read_text(encoding="utf-8")
    assert (
        f"export const DEFAULT_BASE_URL = {variant.answers['api_prefix']!r};".replace("'", '"')
        in config
    )
