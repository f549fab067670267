"""Values derived from the answers, computed once for every template."""

from __future__ import annotations

import importlib.util
import json
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from copier_template_extensions import ContextHook


def _load_sibling(name: str):
    """Import extensions/<name>.py: Copier loads this file by path, not as a package."""
    spec = importlib.util.spec_from_file_location(
        f"django_react_2fa_{name}", Path(__file__).with_name(f"{name}.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The frontend's npm pins, shared with the template's tests (tests/support/frontend/packages.py).
npm_pins = _load_sibling("npm_pins")
NPM_PINS = npm_pins.load()
# What the project has already when it picked the framework and the kit: not reinstalled.
NPM_PROJECT_OWNED = {
    "react",
    "react-dom",
    "tailwindcss",
    "@tailwindcss/vite",
    "@tailwindcss/postcss",
    "postcss",
}
NPM_TEST_PACKAGES = (
    "vitest",
    "jsdom",
    "@testing-library/react",
    "@testing-library/user-event",
    "@testing-library/dom",
    "@testing-library/jest-dom",
    "msw",
)

registries = _load_sibling("registries")
# The app's own packages, whatever the answers (python_packages.yml has their ranges).
APP_PACKAGES = ("djangorestframework", "pyotp", "qrcode", "cryptography", "webauthn")


def token_authentication(jwt_library: str, django_app: str) -> str:
    """The dotted path of the DRF authentication class for ``jwt_library``'s tokens."""
    library = registries.token_libraries().get(jwt_library, {})
    return library.get("authentication", "").format(app=django_app)


def provider_entries(answers: dict[str, Any], sms_enabled: bool) -> dict[str, Any]:
    """The registry entries of the chosen SMS provider, email provider and ESP.

    Unknown choices get an empty entry: the hook also runs while answers are validated,
    and Copier refuses them there.
    """
    providers = registries.providers()
    sms_provider = str(answers.get("sms_provider") or "none") if sms_enabled else "none"
    email_provider = str(answers.get("email_provider") or "none")
    esp = str(answers.get("anymail_esp") or "amazon_ses")
    return {
        "sms": providers["sms"].get(sms_provider, providers["sms"]["none"]),
        "email": providers["email"].get(email_provider, providers["email"]["none"]),
        "esp": providers["anymail_esp"].get(esp, {"name": esp, "credential": None}),
    }


def python_requirements(
    jwt_library: str, entries: dict[str, Any], esp: str, *, pinned: bool = False
) -> list[str]:
    """The app's requirements for one set of answers (ranges, or the starter's pins)."""
    library = registries.token_libraries().get(jwt_library, {})
    packages = [*APP_PACKAGES, *library.get("packages", [])]
    packages += entries["sms"]["packages"]
    found = [registries.requirement(name, pinned=pinned) for name in packages]
    # django-anymail with the chosen ESP's extra: the one provider package with one
    found += [
        registries.requirement(name, pinned=pinned, extra=esp)
        for name in entries["email"]["packages"]
    ]
    return found


def provider_settings(entries: dict[str, Any]) -> list[str]:
    """What the chosen providers need configured, as the next steps and READMEs list it."""
    names = [setting["name"] for setting in entries["sms"]["settings"]]
    names += [entries["sms"]["credentials"]] if entries["sms"].get("credentials") else []
    if entries["email"]["packages"]:  # django-anymail: the ESP's credential, a sender
        credential = entries["esp"]["credential"]
        names.append(
            f"ANYMAIL_{credential}" if credential else "AWS credentials (boto3's usual chain)"
        )
        names.append("TWO_FACTOR_EMAIL_FROM (or DEFAULT_FROM_EMAIL)")
    return names


def npm_feature_packages(ui_kit: str, framework: str) -> list[str]:
    """``name@range`` of what the 2FA feature itself imports, for ``npm install``."""
    kit = NPM_PINS["ui_kit"].get(ui_kit, {})
    pins = {
        **NPM_PINS["common"]["dependencies"],
        **kit.get("dependencies", {}),
        **kit.get("frameworks", {}).get(framework, {}).get("dependencies", {}),
    }
    return [
        f"{name}@{version}"
        for name, version in sorted(pins.items())
        if name not in NPM_PROJECT_OWNED
    ]


def npm_test_packages(framework: str) -> list[str]:
    """``name@range`` of what the feature's tests need besides the feature's packages.

    A Vite project has Vite's React plugin already; Vitest in a Next.js project needs it
    to compile the tests' JSX (its vitest.config).
    """
    pins = NPM_PINS["common"]["devDependencies"]
    names = [*NPM_TEST_PACKAGES, *(["@vitejs/plugin-react"] if framework == "nextjs" else [])]
    return [f"{name}@{pins[name]}" for name in names]


def starter_scripts(framework: str) -> dict[str, str]:
    """package.json's scripts: npm run dev / build / lint / format / typecheck / test / e2e."""
    common = {
        "lint": "eslint . --max-warnings 0",
        "format": "prettier --write .",
        "format:check": "prettier --check .",
        "typecheck": "tsc --noEmit -p .",
        "test": "vitest run",
        "e2e": "playwright test",
    }
    if framework == "nextjs":
        return {"dev": "next dev", "build": "next build", "start": "next start", **common}
    build = "tsc --noEmit -p . && vite build"
    return {"dev": "vite", "build": build, "preview": "vite preview", **common}


def starter_package_json(project_name: str, kit: str, framework: str) -> str:
    """The starter frontend's package.json: scripts and every pin of npm_packages.yml."""
    name = re.sub(r"[^a-z0-9-]+", "-", project_name.lower()).strip("-") or "app"
    content = {
        "name": f"{name}-frontend",
        "private": True,
        "version": "0.1.0",
        "type": "module",
        "engines": {"node": ">=20.19"},
        "scripts": starter_scripts(framework),
        **npm_pins.dependencies(kit, framework, starter=True),
    }
    return json.dumps(content, indent=2) + "\n"


# The answers the derived values are computed from: derived_values is given these only,
# so an answer it reads must be listed here.
DERIVED_FROM = (
    "project_kind",
    "project_name",
    "django_app",
    "user_model",
    "user_phone_field",
    "jwt_library",
    "sms_provider",
    "email_provider",
    "anymail_esp",
    "api_prefix",
    "frontend_framework",
    "frontend_feature_dir",
    "shadcn_ui_import",
    "ui_kit",
)


def derived_values(answers: dict[str, Any]) -> dict[str, Any]:
    """The values the templates use besides the answers, for one set of answers."""
    derived: dict[str, Any] = {}
    django_app = str(answers.get("django_app") or "two_factor_auth")
    user_model = str(answers.get("user_model") or "auth.User")
    api_prefix = str(answers.get("api_prefix") or "/api/auth/")
    phone_field = str(answers.get("user_phone_field") or "")
    sms_provider = str(answers.get("sms_provider") or "none")
    email_provider = str(answers.get("email_provider") or "none")
    jwt_library = str(answers.get("jwt_library") or "simplejwt")

    derived["app_label"] = django_app.rsplit(".", 1)[-1]
    derived["app_path"] = django_app.replace(".", "/")
    user_app_label, _, user_model_name = user_model.partition(".")
    derived["user_app_label"] = user_app_label
    derived["user_model_name"] = user_model_name
    derived["url_route"] = api_prefix[1:]
    derived["sms_enabled"] = bool(phone_field) and sms_provider != "none"
    derived["email_enabled"] = email_provider != "none"
    derived["sms_module"] = f"sms_{sms_provider}" if derived["sms_enabled"] else "sms_none"
    derived["email_module"] = f"email_{email_provider}"
    derived["token_library"] = registries.token_libraries().get(jwt_library, {})
    derived["token_library_apps"] = derived["token_library"].get("apps", [])
    # The flags of the token library's files (never a list of libraries in a file name).
    derived["token_files"] = derived["token_library"].get("files", "")
    derived["token_jwt"] = bool(derived["token_library"].get("jwt"))
    derived["token_authentication"] = token_authentication(jwt_library, django_app)
    # React components need this first line under Next.js's app router, and only there.
    is_next = answers.get("frontend_framework") == "nextjs"
    derived["use_client"] = '"use client";\n\n' if is_next else ""
    framework = str(answers.get("frontend_framework") or "vite")
    kit = str(answers.get("ui_kit") or "shadcn")
    derived["npm_feature_packages"] = npm_feature_packages(kit, framework)
    derived["npm_test_packages"] = npm_test_packages(framework)

    # Where the shadcn/ui components come from: an existing project's own (its
    # components.json alias), or the feature's copies in components/ui/ ("./ui").
    project_ui = str(answers.get("shadcn_ui_import") or "").rstrip("/")
    uses_project_ui = (
        kit == "shadcn" and answers.get("project_kind") == "existing" and bool(project_ui)
    )
    derived["shadcn_ui"] = project_ui if uses_project_ui else "./ui"
    derived["shadcn_project_ui"] = uses_project_ui

    # The starter's frontend app: which one to render ('' for an existing project), and
    # the import path of the feature from its src/ folder.
    is_starter = answers.get("project_kind") == "starter"
    derived["starter_app"] = framework if is_starter else ""
    feature_dir = str(answers.get("frontend_feature_dir") or "src/features/two-factor")
    feature_import = posixpath.relpath(feature_dir, "src")
    derived["feature_import"] = (
        feature_import if feature_import.startswith("../") else f"./{feature_import}"
    )
    # The dev server proxies this path to Django: the API prefix's first segment.
    derived["api_proxy_path"] = "/" + api_prefix.strip("/").split("/")[0]
    # The framework's name and its dev server's default port, as dev.sh and READMEs say them.
    derived["framework_name"] = "Next.js" if is_next else "Vite"
    derived["web_port"] = 3000 if is_next else 5173
    # The hook also runs while answers are validated: an unknown choice is refused there.
    if is_starter and kit in NPM_PINS["ui_kit"] and framework in NPM_PINS["frontend_framework"]:
        derived["starter_package_json"] = starter_package_json(
            str(answers.get("project_name") or "app"), kit, framework
        )

    entries = provider_entries(answers, derived["sms_enabled"])
    derived.update(entries)
    esp = str(answers.get("anymail_esp") or "amazon_ses")
    derived["python_requirements"] = python_requirements(jwt_library, entries, esp)
    derived["python_pins"] = {
        name: versions["pin"] for name, versions in registries.python_packages().items()
    }
    derived["python_test_requirements"] = [
        registries.requirement(name) for name in ["pytest-django", *entries["sms"]["test_packages"]]
    ]
    derived["provider_settings"] = provider_settings(entries)
    # The kit's entry, and the flags of its files (never a list of kits in a file name).
    derived["kit"] = registries.kits().get(kit, {})
    derived["kit_test_provider"] = bool(derived["kit"].get("test_provider"))
    derived["kit_nextjs_layout"] = bool(derived["kit"].get("nextjs_layout"))
    return derived


@lru_cache(maxsize=64)
def _cached_derived_values(key: tuple) -> dict[str, Any]:
    return derived_values(dict(zip(DERIVED_FROM, key, strict=True)))


class DerivedContext(ContextHook):
    """Puts the derived values into the context of every render.

    Copier renders each segment of each template path, the answers file's name and each
    file with a context of its own, so this hook runs thousands of times per copy with
    the same answers: the values are computed once per set of answers.
    """

    def hook(self, context: dict[str, Any]) -> None:
        key = tuple(map(context.get, DERIVED_FROM))
        try:
            derived = _cached_derived_values(key)
        except TypeError:  # an unhashable answer (a list or dict given as data): no cache
            derived = _cached_derived_values.__wrapped__(key)
        # Each render gets lists of its own, as when the hook built them for it.
        context.update(
            {
                name: list(value) if isinstance(value, list) else value
                for name, value in derived.items()
            }
        )
