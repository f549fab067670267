"""The rendered API's OpenAPI schema (drf-spectacular) against the HTTP contract, and the
frontend feature's types.ts against the schema.

For a few variants (a starter per jwt_library, whose token responses differ; with and
without the SMS and email channels; tokens straight from login/; and an existing project,
the harness, whose users sign in with their email address):

- ``manage.py spectacular --validate --fail-on-warn``: a valid OpenAPI 3 document, and
  not one warning from drf-spectacular;
- every endpoint of the contract is in it with its method, its security, its bodies and
  its error responses, the machine codes as an enum, the token shape of the library,
  and no secret outside setup; the starter serves it while DEBUG is on, and only then;
- types.ts against it: openapi-typescript turns the schema into TypeScript, and a file
  of type assertions (what each endpoint sends fits the type types.ts gives it, what the
  frontend sends fits what the endpoint accepts) must compile with ``tsc --strict``. A
  scratch copy of types.ts with one field broken must not.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from support import shell
from support.backend import Backend, prepare_backend, starter_backend
from support.processes import run
from support.render import Variant, render
from support.services import RedisServer

pytestmark = pytest.mark.backend

VARIANTS: dict[str, dict] = {
    # simplejwt, SMS to the log and email through Django: the defaults
    "simplejwt-sms-email": {},
    "djoser-no-channel-direct-tokens": {
        "jwt_library": "djoser",
        "sms_provider": "none",
        "email_provider": "none",
        "otp_for_all_users": False,
    },
    "dj_rest_auth-sms": {"jwt_library": "dj_rest_auth", "email_provider": "none"},
    "knox-email-no-passkeys": {"jwt_library": "knox", "sms_provider": "none", "passkeys": False},
    # inside the harness (an existing project), users signing in with their email address
    "existing-email-user": {
        "project_kind": "existing",
        "user_model": "accounts.EmailUser",
        "user_phone_field": "mobile",
        "api_prefix": "/api/security/",
    },
}

# The endpoints of the HTTP contract (api-contract.md), under api_prefix: method, the
# frontend's request type (types.ts, None: no body) and response type.
CONTRACT = {
    "totp/status/": ("get", None, "TotpStatus"),
    "totp/setup/": ("post", None, "TotpSetup"),
    "totp/enable/": ("post", "EnableTotpRequest", "EnableTotpResponse"),
    "totp/disable/": ("post", "CodeRequest", "DisableTotpResponse"),
    "totp/backup-codes/regenerate/": ("post", "ProofRequest", "BackupCodesResponse"),
    "passkeys/": ("get", None, "PasskeyList"),
    "passkeys/register/options/": ("post", None, "PasskeyCreationOptions"),
    "passkeys/register/": ("post", "RegisterPasskeyRequest", "RegisterPasskeyResponse"),
    "passkeys/reauthenticate/options/": ("post", None, "PasskeyRequestOptions"),
    "passkeys/{passkey_id}/rename/": ("post", "RenamePasskeyRequest", "RenamePasskeyResponse"),
    "passkeys/{passkey_id}/remove/": ("post", "ProofRequest", "RemovePasskeyResponse"),
    "login/": ("post", "LoginRequest", "LoginResponse"),
    "login/verify/": ("post", "VerifyLoginRequest", "LoginVerified"),
    "login/resend/": ("post", "ResendLoginCodeRequest", "ResendLoginCodeResponse"),
    "login/passkey/options/": ("post", "PasskeyLoginOptionsRequest", "PasskeyRequestOptions"),
    "login/passwordless/options/": ("post", None, "PasskeyRequestOptions"),
    "login/passwordless/": ("post", "PasswordlessRequest", "LoginVerified"),
}
# The contract's machine codes, and the app's 503s: a provider that fails, a deployment
# whose encryption keys are missing or wrong, a cache or database that can't be reached.
CONTRACT_CODES = {
    "invalid_code", "code_reused", "no_pending_setup", "already_enabled", "not_enabled",
    "challenge_invalid", "too_many_attempts", "channel_unavailable", "throttled",
    "invalid_credentials",
}  # fmt: skip
APP_CODES = CONTRACT_CODES | {
    "delivery_failed", "configuration_error", "service_unavailable", "passkey_invalid",
    "passkey_unknown",
}  # fmt: skip
TOKEN_FIELDS = {
    "simplejwt": {"access", "refresh", "user"},
    "djoser": {"access", "refresh", "user"},
    "dj_rest_auth": {"access", "refresh", "user", "access_expiration", "refresh_expiration"},
    "knox": {"token", "expiry", "user"},
}
# drf-spectacular's names of the token libraries' authentication schemes.
TOKEN_SCHEMES = {
    "simplejwt": "jwtAuth",
    "djoser": "jwtAuth",
    "dj_rest_auth": "jwtHeaderAuth",
    "knox": "knoxApiToken",
}
# Responses whose type in types.ts is exactly the server's, so they are checked both ways;
# the others hold `user` (the tokens, also the `credentials` of enable, disable and
# regenerate), which types.ts keeps open to any USERNAME_FIELD: one way only.
EXACT_RESPONSES = {"TotpStatus", "TotpSetup", "ResendLoginCodeResponse"}
# The endpoints a project rendered with passkeys=no leaves out.
PASSKEY_PATHS = {path for path in CONTRACT if "passkey" in path or "passwordless" in path}


def contract(variant: Variant) -> dict[str, tuple[str, str | None, str]]:
    """The contract's endpoints this variant has."""
    if variant.answers["passkeys"]:
        return CONTRACT
    return {path: spec for path, spec in CONTRACT.items() if path not in PASSKEY_PATHS}


def is_enrollment(path: str) -> bool:
    return path.startswith(("totp/", "passkeys/"))


# One render and one schema per variant -------------------------------------------------


@pytest.fixture(scope="module", params=list(VARIANTS))
def name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def variant(name: str, tmp_path_factory: pytest.TempPathFactory) -> Variant:
    return render(tmp_path_factory.mktemp(f"openapi-{name}") / "project", **VARIANTS[name])


@pytest.fixture(scope="module")
def backend(variant: Variant, redis_server: RedisServer) -> Backend:
    """A starter's own project, or the harness around an existing variant's app, with
    drf-spectacular installed as the app's README says."""
    if variant.is_starter:
        return starter_backend(variant)
    project = prepare_backend(variant, redis_url=redis_server.next_url())
    # HARNESS_SETTINGS_JSON replaces the harness's REST_FRAMEWORK whole: its authentication
    # class (the token library's) is repeated.
    rest_framework = {
        "DEFAULT_AUTHENTICATION_CLASSES": [project.env["HARNESS_AUTHENTICATION"]],
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    }
    spectacular = {
        "HARNESS_EXTRA_APPS": "drf_spectacular",
        "HARNESS_SETTINGS_JSON": json.dumps({"REST_FRAMEWORK": rest_framework}),
    }
    return dataclasses.replace(project, env={**project.env, **spectacular})


@pytest.fixture(scope="module")
def schema_file(variant: Variant, backend: Backend) -> Path:
    """The schema as the READMEs say to write it, in JSON."""
    target = variant.dest / "schema.json"
    result = backend.manage(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(target),
    )
    if result.returncode != 0:
        pytest.fail(f"the schema is invalid or drf-spectacular warned:\n{result}")
    return target


@pytest.fixture(scope="module")
def schema(schema_file: Path) -> dict:
    return json.loads(schema_file.read_text(encoding="utf-8"))


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def body(schema: dict, container: dict) -> dict:
    """The JSON schema of a request body or response, references resolved."""
    return resolve(schema, container["content"]["application/json"]["schema"])


# The schema against the contract --------------------------------------------------------


def test_an_openapi_3_document(schema: dict):
    # the fixture ran spectacular --validate --fail-on-warn: valid, and no warning
    assert schema["openapi"].startswith("3.")
    assert schema["paths"] and schema["components"]["schemas"]


def test_every_contract_endpoint_with_its_method_security_and_bodies(
    variant: Variant, schema: dict
):
    prefix = variant.answers["api_prefix"]
    for path, (method, request_type, _response_type) in contract(variant).items():
        item = schema["paths"].get(prefix + path)
        assert item is not None, f"{prefix}{path} is not in the schema"
        assert set(item) - {"parameters"} == {method}, f"{prefix}{path}: {sorted(item)}"
        operation = item[method]
        where = f"{method.upper()} {prefix}{path}"
        assert operation["operationId"].startswith("two_factor_"), where
        assert operation["tags"] == [
            "Two-factor enrollment" if is_enrollment(path) else "Two-factor login"
        ], where
        assert operation.get("summary"), where
        if is_enrollment(path):
            # the project's own authentication (the token library's first), never anonymous
            security = operation["security"]
            assert security and {} not in security, where
            assert next(iter(security[0])) == TOKEN_SCHEMES[variant.answers["jwt_library"]], where
        else:
            assert operation["security"] == [{}], f"{where} must be anonymous"
        if request_type is None:
            assert "requestBody" not in operation, where
        else:
            request_body = operation["requestBody"]
            members = resolve(schema, body(schema, request_body)).get("oneOf", [])
            # drf-spectacular marks a body required by its required fields, which a oneOf
            # has in each of its members: there, each must need one.
            assert request_body.get("required") is True or (
                members and all(resolve(schema, member).get("required") for member in members)
            ), where
            assert set(operation["requestBody"]["content"]) == {"application/json"}, where
        success = body(schema, operation["responses"]["200"])
        assert "properties" in success or "oneOf" in success, where


def test_no_passkey_endpoint_without_passkeys(variant: Variant, schema: dict):
    prefix = variant.answers["api_prefix"]
    listed = {path.removeprefix(prefix) for path in schema["paths"]}
    expected = PASSKEY_PATHS if variant.answers["passkeys"] else set()
    assert listed & PASSKEY_PATHS == expected


def test_errors_are_the_contract_shape_with_their_codes(variant: Variant, schema: dict):
    components = schema["components"]["schemas"]
    assert set(components["TwoFactorErrorCode"]["enum"]) == APP_CODES
    prefix = variant.answers["api_prefix"]
    for path, (method, request_type, _response_type) in contract(variant).items():
        operation = schema["paths"][prefix + path][method]
        where = f"{method.upper()} {prefix}{path}"
        responses = operation["responses"]
        expected = {"200", "429", "503"} | ({"401", "403"} if is_enrollment(path) else set())
        assert expected <= set(responses), f"{where}: {sorted(responses)}"
        if request_type is not None:
            assert "400" in responses, where
        assert "Retry-After" in responses["429"]["headers"], where
        # every endpoint needs the cache or the database
        assert "`service_unavailable`" in responses["503"]["description"], where
        assert "Retry-After" in responses["503"]["headers"], where
        for status, response in responses.items():
            if status.startswith("2"):
                continue
            found = body(schema, response)
            for member in [resolve(schema, part) for part in found.get("oneOf", [found])]:
                if "additionalProperties" in member:  # DRF's field errors, as allowed
                    assert status == "400", where
                    continue
                assert {"detail", "code"} <= set(member["required"]), f"{where} {status}"
                assert resolve(schema, member["properties"]["code"])["enum"], f"{where} {status}"


def test_login_responses_carry_the_token_library_shape(variant: Variant, schema: dict):
    components = schema["components"]["schemas"]
    library = variant.answers["jwt_library"]
    assert set(components["LoginTokens"]["properties"]) == TOKEN_FIELDS[library]
    # keyed by the user model's USERNAME_FIELD, with its phone masked when it has one
    username = "email" if variant.answers["user_model"] == "accounts.EmailUser" else "username"
    phone = {"phone_masked"} if variant.answers["user_phone_field"] else set()
    user = components["TwoFactorUser"]["required"]
    assert set(user) == {"id", username, "email", "totp_enabled", *phone}
    challenge = components["LoginChallenge"]
    assert set(challenge["required"]) == {
        "otp_required",
        "challenge",
        "otp_channel",
        "phone_masked",
        "has_phone",
        "email_masked",
        "channels",
        "resend_cooldown",
        "resend_cooldowns",
        "methods",
    }
    resend = components["ResendLoginCodeResponse"]
    assert set(resend["required"]) >= {
        "channels",
        "resend_cooldown",
        "resend_cooldowns",
        "email_masked",
    }
    assert set(components["OtpChannel"]["enum"]) == {"passkey", "totp", "phone", "email"}
    assert components["SecondFactorMethod"]["enum"] == ["passkey", "totp", "backup_code"]
    login = schema["paths"][variant.answers["api_prefix"] + "login/"]["post"]
    answered = login["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    if variant.answers["otp_for_all_users"]:
        assert answered.endswith("/LoginChallenge")
    else:
        # users without an authenticator app get the tokens straight away
        either = resolve(schema, {"$ref": answered})["oneOf"]
        assert {part["$ref"].rsplit("/", 1)[-1] for part in either} == {
            "LoginChallenge",
            "LoginDirect",
        }
        assert set(components["LoginDirect"]["required"]) >= {"otp_required", "user"}


def test_no_secret_outside_setup(schema: dict):
    """Only totp/setup/ ever shows the secret; no hash or ciphertext field anywhere."""
    for component, definition in schema["components"]["schemas"].items():
        for field in definition.get("properties", {}):
            if component != "TotpSetup":
                assert "secret" not in field, f"{component}.{field}"
            assert not re.search(r"hash|encrypted|cipher", field), f"{component}.{field}"


GET = shell.script("get.py")


def test_starter_serves_the_schema_while_debug_only(variant: Variant, backend: Backend):
    if not variant.is_starter:
        pytest.skip("an existing project serves its schema as it decides")
    url = variant.answers["api_prefix"] + "schema/"
    assert backend.shell_json(GET, path=url) == [200, "openapi: 3"]
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": Fernet.generate_key().decode() + "-openapi-production-key",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "TWO_FACTOR_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    }
    deployed = dataclasses.replace(backend, env={**backend.env, **production})
    status, _ = deployed.shell_json(GET, path=url)
    assert status == 404


# types.ts against the schema ------------------------------------------------------------

CHECK_HEADER = """\
// Written by tests/backend/test_openapi.py for one rendered variant. Each Fits<A, B> compiles
// only when a value of type A is assignable to type B: what the server sends must fit
// the frontend's types, what the frontend sends must fit what the server accepts.
import type {{ components, operations }} from "./schema";
import type * as feature from "{feature}";

type Schemas = components["schemas"];
type Fits<From extends To, To> = [From, To];
"""


@dataclasses.dataclass
class Check:
    says: str
    source: str
    target: str


def type_checks(variant: Variant, schema: dict) -> list[Check]:
    """The assertions: each contract endpoint's bodies, its errors, the enums."""
    checks: list[Check] = []

    def fits(says: str, source: str, target: str, *, both_ways: bool = False) -> None:
        checks.append(Check(f"{says}: schema -> types.ts", source, target))
        if both_ways:
            checks.append(Check(f"{says}: types.ts -> schema", target, source))

    prefix = variant.answers["api_prefix"]
    for path, (method, request_type, response_type) in contract(variant).items():
        operation = schema["paths"][prefix + path][method]
        endpoint = f"{method.upper()} {prefix}{path}"
        types = f'operations["{operation["operationId"]}"]'
        for status in operation["responses"]:
            sent = f'{types}["responses"][{status}]["content"]["application/json"]'
            if status == "200":
                exact = response_type in EXACT_RESPONSES
                fits(
                    f"{endpoint} 200 {response_type}",
                    sent,
                    f"feature.{response_type}",
                    both_ways=exact,
                )
            else:
                fits(f"{endpoint} {status} ErrorBody", sent, "feature.ErrorBody")
        if request_type:
            accepted = f'NonNullable<{types}["requestBody"]>["content"]["application/json"]'
            fits(
                f"{endpoint} body {request_type}",
                accepted,
                f"feature.{request_type}",
                both_ways=True,
            )
    fits(
        "machine codes",
        'Schemas["TwoFactorErrorCode"]',
        "feature.TwoFactorErrorCode",
        both_ways=True,
    )
    # DRF's codes: types.ts has those the schema names, and those of the requests a
    # client should not make (a wrong method, media type or Accept header).
    fits("DRF's codes", 'Schemas["RequestErrorCode"]', "feature.RequestErrorCode")
    enums = ["OtpChannel", "DeliveryChannel", "SecondFactorMethod"]
    if variant.answers["passkeys"]:
        enums.append("PasskeyTransport")  # only the passkey endpoints' bodies have it
    for enum in enums:
        fits(enum, f'Schemas["{enum}"]', f"feature.{enum}", both_ways=True)
    return checks


@dataclasses.dataclass
class TypeCheck:
    """check.ts compiled: the failed checks, each with tsc's words, and all of its output."""

    result: object
    failed: dict[str, list[str]]

    def report(self, title: str) -> str:
        lines = [title]
        for says, errors in self.failed.items():
            lines += [f"  {says}", *(f"      {line}" for line in errors)]
        return "\n".join([*lines, "", str(self.result)])


def compile_checks(
    tools, schema_file: Path, types_file: Path, checks: list[Check], workdir: Path
) -> TypeCheck:
    """openapi-typescript on the schema, then tsc --strict on check.ts beside it."""
    workdir.mkdir(parents=True, exist_ok=True)
    generated = run(
        [str(tools.bin("openapi-typescript")), str(schema_file), "-o", "schema.d.ts"], workdir
    )
    assert generated.returncode == 0, str(generated)
    feature = os.path.relpath(types_file.with_suffix(""), workdir)
    lines = CHECK_HEADER.format(feature=feature).splitlines()
    says_at: dict[int, str] = {}
    for number, check in enumerate(checks, start=1):
        lines.append(f"// {check.says}")
        lines.append(f"export type Check{number} = Fits<{check.source}, {check.target}>;")
        says_at[len(lines)] = check.says
    (workdir / "check.ts").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(
        [
            str(tools.bin("tsc")),
            "--strict",
            "--noEmit",
            "--pretty",
            "false",
            "--target",
            "ES2022",
            "--module",
            "ESNext",
            "--moduleResolution",
            "Bundler",
            "check.ts",
        ],
        workdir,
    )
    failed: dict[str, list[str]] = {}
    current: list[str] = []
    for line in result.output.splitlines():
        found = re.match(r"check\.ts\((\d+),\d+\): error", line)
        if found:
            current = failed.setdefault(says_at.get(int(found.group(1)), line), [])
        elif not line.startswith(" "):
            current = failed.setdefault("elsewhere", [])
        current.append(line.strip())
    return TypeCheck(result=result, failed=failed)


@pytest.fixture(scope="session")
def typescript_tools():
    """openapi-typescript and TypeScript, in a workspace of their own
    (tests/support/frontend/tools.py)."""
    from support.frontend import tools, workspace

    try:
        return tools.prepare("openapi")
    except workspace.WorkspaceError as error:
        pytest.fail(str(error))


@pytest.mark.frontend
def test_types_ts_fits_the_schema(
    name: str, variant: Variant, schema: dict, schema_file: Path, typescript_tools
):
    checked = compile_checks(
        typescript_tools,
        schema_file,
        variant.feature_dir / "types.ts",
        type_checks(variant, schema),
        variant.dest / "types-check",
    )
    assert checked.result.returncode == 0 and not checked.failed, checked.report(
        f"types.ts disagrees with the OpenAPI schema of {name}:"
    )


@pytest.mark.frontend
@pytest.mark.parametrize("name", ["simplejwt-sms-email"], indirect=True)
def test_the_type_check_catches_a_broken_field(
    variant: Variant, schema: dict, schema_file: Path, typescript_tools
):
    """A scratch copy of types.ts with the status's count as a string must fail the check."""
    scratch = variant.dest / "broken-feature"
    scratch.mkdir()
    for source in ("types.ts", "tokens.ts"):
        shutil.copy2(variant.feature_dir / source, scratch / source)
    types = scratch / "types.ts"
    text = types.read_text(encoding="utf-8")
    assert "backup_codes_remaining: number;" in text
    broken = text.replace("backup_codes_remaining: number;", "backup_codes_remaining: string;")
    types.write_text(broken, encoding="utf-8")
    checked = compile_checks(
        typescript_tools,
        schema_file,
        types,
        type_checks(variant, schema),
        variant.dest / "broken-check",
    )
    prefix = variant.answers["api_prefix"]
    assert set(checked.failed) == {
        f"GET {prefix}totp/status/ 200 TotpStatus: schema -> types.ts",
        f"GET {prefix}totp/status/ 200 TotpStatus: types.ts -> schema",
    }, checked.report("expected the broken field, and it alone, to fail:")
    said = "\n".join(line for errors in checked.failed.values() for line in errors)
    assert "backup_codes_remaining" in said, checked.report("tsc did not name the field:")
