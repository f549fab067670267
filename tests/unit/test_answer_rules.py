"""extensions/answer_rules.py: each validator accepts good answers with '' and refuses bad
ones with a message saying what is wrong and what would do. tests/render/test_answers.py
shows, one copy per rule, that Copier shows these messages and renders nothing."""

from __future__ import annotations

import pytest

from support.template import extension

rules = extension("answer_rules")

REFUSED = [
    # (rule, arguments, fragment of the message)
    (rules.issuer_problem, ("",), "1 to 64 characters"),
    (rules.issuer_problem, ("x" * 65,), "1 to 64 characters"),
    (rules.issuer_problem, ("Acme:Corp",), "must not contain ':'"),
    (rules.issuer_problem, (" Acme",), "must not start or end with spaces"),
    (rules.relative_dir_problem, ("", "backend_dir"), "'.' means the destination itself"),
    (rules.relative_dir_problem, ("", "d", False), "d must not be empty."),
    (rules.relative_dir_problem, ("../x", "d"), "'..' is not allowed"),
    (rules.relative_dir_problem, ("/abs", "d"), "must be a relative path"),
    (rules.relative_dir_problem, ("C:/x", "d"), "must be a relative path"),
    (rules.relative_dir_problem, ("a/../b", "d"), "'..' is not allowed"),
    (rules.relative_dir_problem, ("a\\b", "d"), "must use '/' as the separator"),
    (rules.relative_dir_problem, ("a//b", "d"), "must not contain empty or '.' segments"),
    (rules.relative_dir_problem, (".", "d", False), "must not contain empty or '.' segments"),
    (rules.relative_dir_problem, ("server/", "d"), "must not end with '/' (write 'server')"),
    (rules.relative_dir_problem, ("a b", "d"), "segment 'a b' is not allowed"),
    (rules.django_app_problem, ("1abc",), "dotted Python import path"),
    (rules.django_app_problem, ("a-b",), "dotted Python import path"),
    (rules.django_app_problem, ("a..b",), "dotted Python import path"),
    (rules.django_app_problem, ("",), "dotted Python import path"),
    (rules.django_app_problem, ("class.x",), "Python keyword 'class'"),
    *[
        (rules.django_app_problem, (label,), "already used by Django")
        for label in ("auth", "admin", "two_factor", "otp_totp", "mfa", "knox", "x.sessions")
    ],
    (rules.user_model_problem, ("User",), "app_label.ModelName"),
    (rules.user_model_problem, ("a.b.c",), "app_label.ModelName"),
    (rules.user_model_problem, ("a-b.User",), "app_label.ModelName"),
    (rules.user_model_problem, ("auth.User", "starter", "tfa"), "renders its own user model"),
    (rules.user_model_problem, ("class.User", "starter", "tfa"), "renders its own user model"),
    (rules.user_model_problem, ("tfa.User", "starter", "apps.tfa"), "is the 2FA app"),
    (rules.phone_field_problem, ("1x", "users.User"), "must be a field name"),
    (rules.phone_field_problem, ("phone number", "users.User"), "must be a field name"),
    (rules.phone_field_problem, ("def", "users.User"), "must be a field name"),
    (rules.phone_field_problem, ("phone", "auth.User"), "auth.User has no phone field"),
    (rules.api_prefix_problem, ("api/auth/",), "must start and end with '/'"),
    (rules.api_prefix_problem, ("/api/auth",), "must start and end with '/'"),
    (rules.api_prefix_problem, ("/api//auth/",), "segment '' is not allowed"),
    (rules.api_prefix_problem, ("/a b/",), "segment 'a b' is not allowed"),
    (rules.api_prefix_problem, ("/../",), "segment '..' is not allowed"),
    (rules.import_path_problem, ("@/components/ui/",), "must not end with '/' (write '@/compo"),
    (rules.import_path_problem, ("./components/ui",), "an import path, not a file path"),
    (rules.import_path_problem, ("/src/components/ui",), "an import path, not a file path"),
    (rules.import_path_problem, ("@\\ui",), "an import path, not a file path"),
    (rules.import_path_problem, ("@/components//ui",), "segment '' is not allowed"),
    (rules.import_path_problem, ("@/compo nents/ui",), "must not contain spaces"),
    (rules.import_path_problem, ("@/components\n/ui",), "must not contain spaces"),
    (rules.import_path_problem, ("@/components/ui'",), 'segment "ui\'" is not allowed'),
    (rules.import_path_problem, ("@/../ui",), "segment '..' is not allowed"),
]

ACCEPTED = [
    (rules.issuer_problem, ("x" * 64,)),
    (rules.issuer_problem, ("Acme Corp (staging) & Co é",)),
    (rules.relative_dir_problem, (".", "backend_dir")),
    (rules.relative_dir_problem, ("src/server/django", "backend_dir")),
    (rules.relative_dir_problem, ("app/security/2fa", "d", False)),
    (rules.django_app_problem, ("apps.security.two_factor_auth",)),
    (rules.user_model_problem, ("auth.User",)),
    (rules.user_model_problem, ("users.User", "starter", "two_factor_auth")),
    (rules.phone_field_problem, ("", "auth.User")),
    (rules.phone_field_problem, ("mobile", "accounts.EmailUser")),
    (rules.api_prefix_problem, ("/",)),
    (rules.api_prefix_problem, ("/v1/2fa.auth_~x/",)),
    (rules.import_path_problem, ("",)),
    (rules.import_path_problem, ("~/ui",)),
    (rules.import_path_problem, ("#ui",)),
    (rules.import_path_problem, ("@acme/design-system/ui",)),
]


def case_id(case) -> str:
    return f"{case[0].__name__}{case[1]!r}"


@pytest.mark.parametrize(("rule", "arguments", "fragment"), REFUSED, ids=map(case_id, REFUSED))
def test_a_bad_answer_is_refused_with_a_message(rule, arguments, fragment):
    message = rule(*arguments)
    assert fragment in message
    assert message.endswith((".", ")")), "a whole sentence"


@pytest.mark.parametrize(("rule", "arguments"), ACCEPTED, ids=map(case_id, ACCEPTED))
def test_a_good_answer_is_accepted(rule, arguments):
    assert rule(*arguments) == ""


def test_every_rule_is_a_filter_copier_yml_can_use():
    from jinja2 import Environment

    environment = Environment(autoescape=False)  # noqa: S701 (validators return text)
    rules.AnswerRules(environment)
    names = [name for name in dir(rules) if name.endswith("_problem")]
    assert names and all(environment.filters[name] is getattr(rules, name) for name in names)
