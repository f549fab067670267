"""extensions/context.py: the values the templates use besides the answers, computed
from the answers alone (no copy needed to see what a set of answers brings)."""

from __future__ import annotations

import json

import pytest

from support.template import extension

context = extension("context")


def derived(**answers):
    return context.derived_values(answers)


def test_defaults_of_an_unanswered_project():
    values = derived()
    assert values["app_label"] == "two_factor_auth"
    assert values["url_route"] == "api/auth/"
    assert values["sms_enabled"] is False  # no phone field
    assert values["sms_module"] == "sms_none"
    assert values["token_library_apps"] == ["rest_framework_simplejwt.token_blacklist"]


def test_nested_app_and_user_model():
    values = derived(django_app="apps.security.tfa", user_model="accounts.EmailUser")
    assert values["app_label"] == "tfa"
    assert values["app_path"] == "apps/security/tfa"
    assert (values["user_app_label"], values["user_model_name"]) == ("accounts", "EmailUser")
    authentication = values["token_authentication"]
    assert authentication == "apps.security.tfa.authentication.TwoFactorJWTAuthentication"


@pytest.mark.parametrize(
    ("answers", "sms"),
    [
        ({"user_phone_field": "phone", "sms_provider": "twilio"}, "sms_twilio"),
        ({"user_phone_field": "", "sms_provider": "twilio"}, "sms_none"),
        ({"user_phone_field": "phone", "sms_provider": "none"}, "sms_none"),
        ({"user_phone_field": "phone", "sms_provider": "console"}, "sms_console"),
    ],
)
def test_sms_needs_a_phone_field_and_a_provider(answers, sms):
    values = derived(**answers)
    assert values["sms_module"] == sms
    assert values["sms_enabled"] == (sms != "sms_none")
    # without SMS the provider's entry is the empty one: no settings, no packages
    if sms == "sms_none":
        assert values["sms"]["settings"] == [] and values["sms"]["packages"] == []


def test_requirements_follow_the_token_library_and_providers():
    values = derived(
        jwt_library="djoser",
        user_phone_field="phone",
        sms_provider="vonage",
        email_provider="anymail",
        anymail_esp="mailgun",
    )
    assert values["python_requirements"] == [
        "djangorestframework>=3.15",
        "pyotp>=2.9",
        "qrcode>=7.4",
        "cryptography>=42.0",
        "webauthn>=2.8",
        "djoser>=2.2",
        "djangorestframework-simplejwt>=5.3",
        "vonage>=4.0",
        "django-anymail[mailgun]>=12.0",
    ]
    assert values["python_test_requirements"] == ["pytest-django>=4.8", "responses>=0.25"]
    assert values["provider_settings"] == [
        "TWO_FACTOR_VONAGE_API_KEY",
        "TWO_FACTOR_VONAGE_API_SECRET",
        "TWO_FACTOR_VONAGE_FROM",
        "ANYMAIL_MAILGUN_API_KEY",
        "TWO_FACTOR_EMAIL_FROM (or DEFAULT_FROM_EMAIL)",
    ]
    assert values["python_pins"]["vonage"].count(".") >= 1


def test_amazon_services_name_boto3s_credentials():
    values = derived(
        user_phone_field="phone", sms_provider="aws_sns", email_provider="anymail"
    )  # anymail_esp's default: amazon_ses
    assert values["provider_settings"] == [
        "TWO_FACTOR_AWS_SNS_REGION",
        "AWS credentials (boto3's usual chain)",
        "AWS credentials (boto3's usual chain)",
        "TWO_FACTOR_EMAIL_FROM (or DEFAULT_FROM_EMAIL)",
    ]
    assert values["esp"]["credential"] is None


@pytest.mark.parametrize(
    ("kit", "test_provider", "nextjs_layout"),
    [("shadcn", False, False), ("mantine", True, True), ("antd", True, False)],
)
def test_kit_flags(kit, test_provider, nextjs_layout):
    values = derived(ui_kit=kit)
    assert values["kit_test_provider"] is test_provider
    assert values["kit_nextjs_layout"] is nextjs_layout


def test_shadcn_import_only_in_an_existing_shadcn_project():
    existing = {"project_kind": "existing", "ui_kit": "shadcn"}
    assert derived(**existing, shadcn_ui_import="@/components/ui/")["shadcn_ui"] == (
        "@/components/ui"
    )
    assert derived(**existing, shadcn_ui_import="")["shadcn_ui"] == "./ui"
    assert derived(project_kind="starter", shadcn_ui_import="@/ui")["shadcn_ui"] == "./ui"
    assert derived(**existing, shadcn_ui_import="@/ui")["shadcn_project_ui"] is True


@pytest.mark.parametrize(
    ("feature_dir", "feature_import"),
    [
        ("src/features/two-factor", "./features/two-factor"),
        ("app/security/2fa", "../app/security/2fa"),
    ],
)
def test_feature_import_is_relative_to_src(feature_dir, feature_import):
    assert derived(frontend_feature_dir=feature_dir)["feature_import"] == feature_import


def test_starter_package_json_only_for_a_starter_with_known_choices():
    starter = derived(project_kind="starter", project_name="Acme Corp!", ui_kit="mui")
    package = json.loads(starter["starter_package_json"])
    assert package["name"] == "acme-corp-frontend"
    assert package["scripts"]["typecheck"] == "tsc --noEmit -p ."
    assert "@mui/material" in package["dependencies"]
    assert "starter_package_json" not in derived(project_kind="existing")
    # an unknown choice while Copier validates: no package.json, no exception
    assert "starter_package_json" not in derived(project_kind="starter", ui_kit="bogus")


def test_unknown_choices_give_empty_entries_not_errors():
    values = derived(jwt_library="bogus", sms_provider="bogus", user_phone_field="p")
    assert values["token_library_apps"] == []
    assert values["token_authentication"] == ""
    assert values["sms"]["settings"] == []


def test_the_hook_caches_per_answers_but_hands_out_fresh_lists():
    hook = context.DerivedContext.__new__(context.DerivedContext)
    first, second = {"ui_kit": "mui"}, {"ui_kit": "mui"}
    hook.hook(first)
    hook.hook(second)
    assert first["npm_feature_packages"] == second["npm_feature_packages"]
    assert first["npm_feature_packages"] is not second["npm_feature_packages"]
