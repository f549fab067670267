"""Each kit's dialogs in a real browser: Debian's headless Chromium, driven by Playwright.

jsdom has no focus trap to show (no inert content, no top layer), so what the feature's
own tests can't see is checked here, keyboard only, on the production build of the Vite
harness app (tests/support/frontend/apps), served by `vite preview`: a confirm dialog opens from
a button, takes focus, keeps Tab inside, closes on Escape and hands focus back, then
confirms a typed code. The page has no API behind it; this dialog needs none.

axe-core (the starter's own dev dependency, from the kit's npm install) checks the page,
which draws every component of the feature, and the open dialog: no serious or critical
violation of WCAG 2.2 A/AA in any kit. The dialog speaks through a live region of its own.

Each kit's starter is walked too (``test_starter_pages_light_and_dark``): its Vite app
built and served the same way, the API answered by the test (``StarterApi``, the HTTP
contract's shapes), in light and in dark: the sign-in, the code step, a backup code
signing in and the notice of the codes left, the security page, the setup dialog's three
steps. Every page and open dialog passes axe-core in both schemes; the toggle in the
header switches the scheme and the choice outlives a reload; the manual key is grouped
in fours and spelled out to screen readers; "Open in authenticator app" is offered on a
phone's screen only.

Screenshots of each step go to build/browser-artifacts/<kit>/ and
build/browser-artifacts/starter-look/<kit>/<scheme>/.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support.frontend import harness, workspace
from support.frontend.harness import FrontendApp
from support.frontend.workspace import WorkspaceError
from support.render import render
from support.services import free_port
from support.template import CHOICES, REPO_ROOT

pytestmark = [pytest.mark.frontend, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The flags the machine's Chromium needs as root, without a network to phone home to.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO_ROOT / "build" / "browser-artifacts"
# How the kits mark their dialog: role="dialog" on a container, or a native <dialog>.
IN_DIALOG = "() => Boolean(document.activeElement?.closest('[role=dialog], dialog'))"
IN_CODE_FIELD = "() => Boolean(document.activeElement?.closest('[role=group]'))"
DIALOG_NAME = "Delete account"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_BARRIERS = """async (tags) => {
  const { violations } = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return violations
    .filter(({ impact }) => impact === "serious" || impact === "critical")
    .map(({ id, help, nodes }) =>
      `${id}: ${help} (${nodes.map(({ target }) => target.join(" ")).join(", ")})`);
}"""
# Transitions over; endless animations (a spinner, a caret) are not waited for.
# Still, and no dialog waiting to come in: antd's Modal spends a frame or two at opacity 0
# before its zoom starts, and a click then misses it.
FINISHED_ANIMATIONS = """() => document.getAnimations().every((animation) =>
  animation.playState !== "running" || animation.effect?.getTiming().iterations === Infinity)
  && [...document.querySelectorAll("[role=dialog], [role=alertdialog]")].every((dialog) =>
    !dialog.checkVisibility() || getComputedStyle(dialog).opacity === "1")"""
# The live region a screen reader can hear inside the open dialog (the page's is hidden).
DIALOG_ANNOUNCER = (
    "() => Boolean(document.querySelector('[role=dialog], dialog[open]')"
    "?.querySelector('[data-two-factor-announcer] [aria-live]'))"
)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"vite preview exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 (loopback only)
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing answered at {url} within {timeout} s")


@pytest.fixture(scope="module", params=CHOICES["ui_kit"])
def kit(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def npm(kit: str) -> workspace.Workspace:
    try:
        return workspace.prepare(kit)
    except WorkspaceError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def served(kit: str, npm, tmp_path_factory) -> Iterator[tuple[str, str, Path]]:
    """The kit's Vite harness app, built and served on a free loopback port."""
    variant = render(tmp_path_factory.mktemp(f"browser-{kit}"), ui_kit=kit, project_kind="existing")
    app: FrontendApp = harness.assemble(
        npm, "vite", harness.feature_source(variant.feature_dir), name=f"browser-{kit}"
    )
    with preview(app) as url:
        yield kit, url, npm.dir / "node_modules" / "axe-core" / "axe.min.js"


@contextmanager
def preview(app: FrontendApp) -> Iterator[str]:
    """The app's production build, served by `vite preview` on a free loopback port."""
    built = app.tool("vite", "build")
    assert built.returncode == 0, str(built)
    port = free_port()
    vite = str(app.workspace.bin("vite"))
    command = [vite, "preview", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(  # noqa: S603 (the workspace's own vite)
        [*command, "--strictPort"],
        cwd=app.dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def axe_barriers(page, axe_script: Path) -> list[str]:
    """The serious and critical axe-core violations on the page, once its transitions are
    over (a dialog fading in has the contrast of neither state)."""
    page.wait_for_function(FINISHED_ANIMATIONS)
    if not page.evaluate("() => 'axe' in window"):
        page.add_script_tag(path=str(axe_script))
    return page.evaluate(AXE_BARRIERS, AXE_TAGS)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_component_and_dialog_passes_axe(browser, served, scheme: str):
    """In the system's light and dark scheme, which the harness's kit follows."""
    kit, url, axe_script = served
    page = browser.new_page(color_scheme=scheme)
    try:
        # The settings card shows the API's status: 2FA on, with few backup codes left.
        page.route(
            "**/api/auth/totp/status/",
            lambda route: route.fulfill(
                json={
                    "totp_enabled": True,
                    "backup_codes_remaining": 2,
                    "account": "demo",
                    "two_factor_enabled": True,
                    "passkeys": 0,
                }
            ),
        )
        page.goto(url)
        page.get_by_role("button", name="Regenerate backup codes").wait_for()
        barriers = axe_barriers(page, axe_script)
        assert barriers == [], f"the page ({kit}, {scheme}):\n" + "\n".join(barriers)

        page.get_by_role("button", name=DIALOG_NAME, exact=True).click()
        page.get_by_role("dialog", name=DIALOG_NAME).wait_for(state="visible")
        page.wait_for_function(IN_DIALOG)
        page.wait_for_function(DIALOG_ANNOUNCER)
        barriers = axe_barriers(page, axe_script)
        assert barriers == [], f"the open dialog ({kit}, {scheme}):\n" + "\n".join(barriers)
    finally:
        page.close()


def test_confirm_dialog_by_keyboard(browser, served):
    kit, url, _ = served
    shots = ARTIFACTS / kit
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    try:
        page.goto(url)
        opener = page.get_by_role("button", name=DIALOG_NAME, exact=True)
        opener.focus()
        page.keyboard.press("Enter")
        dialog = page.get_by_role("dialog", name=DIALOG_NAME)
        dialog.wait_for(state="visible")
        page.wait_for_function(IN_DIALOG)
        page.screenshot(path=shots / "1-dialog-open.png")

        # Tab and Shift+Tab go round inside the dialog, never out to the page.
        for key in ["Tab"] * 8 + ["Shift+Tab"] * 8:
            page.keyboard.press(key)
            assert page.evaluate(IN_DIALOG), f"{key} left the dialog ({kit})"

        page.keyboard.press("Escape")
        dialog.wait_for(state="hidden")
        page.wait_for_function("(el) => document.activeElement === el", arg=opener.element_handle())
        page.screenshot(path=shots / "2-closed-focus-back.png")

        # Open again: the code field has focus, and a typed code confirms.
        page.keyboard.press("Enter")
        dialog.wait_for(state="visible")
        page.wait_for_function(IN_DIALOG)
        page.wait_for_function(IN_CODE_FIELD)
        page.keyboard.type("123456")
        page.get_by_text("confirmed with 6 characters").wait_for()
        dialog.wait_for(state="hidden")
        page.screenshot(path=shots / "3-confirmed.png")
    finally:
        page.close()


# Each kit's starter, light and dark ------------------------------------------------------

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (a made-up TOTP key)
GROUPS = ("ACDEF", "GHJKM", "NPQRT", "WXY34", "679AC", "DEFGH", "JKMNP", "QRTWX", "Y3467", "9ACDE")
BACKUP_CODES = [f"{group}-{group[::-1]}" for group in GROUPS]
QR_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="4" height="4"/></svg>'
)
# Where the story is shown: a laptop's window, and a phone's for the otpauth:// link.
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@dataclass
class StarterApi:
    """The 2FA API as the HTTP contract shapes it, answered inside the browser (page.route)
    for the demo user: enough of it for the starter's pages, without a backend."""

    prefix: str = "/api/auth/"
    enabled: bool = False
    requests: list[str] = field(default_factory=list)
    # The demo user's passkeys, as passkeys/ lists them, and their credential ids: the
    # browser's authenticator signs, and this API takes an answer of one of them as right.
    passkeys: list[dict] = field(default_factory=list)
    credential_ids: list[str] = field(default_factory=list)

    def tokens(self) -> dict:
        user = {"id": 1, "username": "demo", "email": "demo@example.com"}
        user["totp_enabled"] = self.enabled
        return {"access": "access", "refresh": "refresh", "user": user}

    def request_options(self) -> dict:
        allowed = [{"id": id_, "type": "public-key"} for id_ in self.credential_ids]
        return {"challenge": "Y2hhbGxlbmdlLW9mLWEtdGVzdA", "timeout": 300000, "rpId": "localhost",
                "allowCredentials": allowed, "userVerification": "preferred"}  # fmt: skip

    def signed(self, body: dict) -> bool:
        answer = body.get("passkey")
        return isinstance(answer, dict) and answer.get("id") in self.credential_ids

    def answer(self, method: str, path: str, body: dict) -> tuple[int, dict]:
        if (method, path) == ("POST", "login/"):
            channels = {"phone_masked": None, "has_phone": False, "email_masked": None}
            methods = ["passkey"] if self.passkeys else []
            return 200, {
                "otp_required": True, "challenge": "challenge",
                "otp_channel": "passkey" if self.passkeys else "totp",
                "methods": [*methods, "totp", "backup_code"], **channels, "channels": ["email"],
                "resend_cooldown": 0, "resend_cooldowns": {"email": 0},
            }  # fmt: skip
        if (method, path) == ("POST", "login/passkey/options/"):
            return 200, self.request_options()
        if (method, path) == ("POST", "login/passwordless/options/"):
            # No one named, as the API's: the authenticator offers its own passkeys.
            options = self.request_options() | {"allowCredentials": []}
            return 200, options | {"userVerification": "required"}
        if (method, path) in {("POST", "login/verify/"), ("POST", "login/passwordless/")} and (
            self.signed(body)
        ):
            return 200, self.tokens()
        if (method, path) == ("POST", "login/verify/"):
            code = re.sub(r"[^A-Z0-9]", "", str(body.get("code", "")).upper())
            if code in {c.replace("-", "") for c in BACKUP_CODES}:
                return 200, self.tokens() | {"backup_codes_remaining": 3}
            if code == "123456":
                return 200, self.tokens()
            detail = "That code is not valid."
            return 400, {"detail": detail, "code": "invalid_code", "attempts_remaining": 4}
        if (method, path) == ("GET", "passkeys/"):
            return 200, {"passkeys": self.passkeys}
        if (method, path) == ("POST", "passkeys/register/options/"):
            return 200, {
                "rp": {"id": "localhost", "name": "Acme"},
                "user": {"id": "ZGVtby1oYW5kbGU", "name": "demo", "displayName": "demo"},
                "challenge": "Y2hhbGxlbmdlLW9mLWEtdGVzdA",
                "pubKeyCredParams": [{"type": "public-key", "alg": -7}],
                "timeout": 300000, "excludeCredentials": [], "attestation": "none",
                "authenticatorSelection": {"residentKey": "required", "requireResidentKey": True,
                                           "userVerification": "preferred"},
            }  # fmt: skip
        if (method, path) == ("POST", "passkeys/reauthenticate/options/"):
            return 200, self.request_options()
        if (method, path) == ("POST", "passkeys/register/"):
            first = not (self.enabled or self.passkeys)
            passkey = {"id": len(self.passkeys) + 1, "name": "Passkey",
                       "created_at": "2026-12-03T10:00:00Z", "last_used_at": None,
                       "backup_eligible": False, "backed_up": False}  # fmt: skip
            self.passkeys.append(passkey)
            self.credential_ids.append(body["credential"]["id"])
            codes = BACKUP_CODES if first else []
            return 200, {"passkey": passkey, "backup_codes": codes,
                         "credentials": self.tokens() if first else None}  # fmt: skip
        if method == "POST" and re.fullmatch(r"passkeys/\d+/rename/", path):
            passkey = self.passkeys[int(path.split("/")[1]) - 1]
            passkey["name"] = body["name"].strip()
            return 200, {"passkey": passkey}
        if method == "POST" and re.fullmatch(r"passkeys/\d+/remove/", path) and self.signed(body):
            self.passkeys.clear()
            self.credential_ids.clear()
            return 200, {"two_factor_enabled": self.enabled, "credentials": self.tokens()}
        if (method, path) == ("GET", "totp/status/"):
            remaining = 3 if self.enabled or self.passkeys else 0
            status = {"totp_enabled": self.enabled, "backup_codes_remaining": remaining}
            on = {"two_factor_enabled": self.enabled or bool(self.passkeys)}
            return 200, status | on | {"passkeys": len(self.passkeys), "account": "demo"}
        if (method, path) == ("POST", "totp/setup/"):
            qr_code = base64.b64encode(QR_SVG.encode()).decode()
            return 200, {
                "secret": SECRET,
                "otpauth_uri": f"otpauth://totp/Acme:demo?secret={SECRET}&issuer=Acme",
                "qr_code": f"data:image/svg+xml;base64,{qr_code}",
            }
        if (method, path) == ("POST", "totp/enable/") and body.get("code") == "123456":
            self.enabled = True
            enabled = {"totp_enabled": True, "backup_codes": BACKUP_CODES}
            return 200, enabled | {"credentials": self.tokens()}
        return 400, {"detail": "That code is not valid.", "code": "invalid_code"}

    def route(self, route) -> None:
        request = route.request
        path = request.url.split(self.prefix, 1)[1].split("?", 1)[0]
        self.requests.append(f"{request.method} {path}")
        status, body = self.answer(request.method, path, json.loads(request.post_data or "{}"))
        headers = {"Cache-Control": "no-store"}
        route.fulfill(status=status, json=body, headers=headers)


@pytest.fixture(scope="module")
def starter_served(kit: str, npm, tmp_path_factory) -> Iterator[tuple[str, str, Path]]:
    """The kit's starter frontend (Vite), built and served; its API is the test's."""
    variant = render(tmp_path_factory.mktemp(f"starter-{kit}") / "acme", ui_kit=kit)
    app_dir = npm.variant_dir(f"starter-look-{kit}")
    shutil.rmtree(app_dir, ignore_errors=True)
    shutil.copytree(variant.dest / variant.answers["frontend_dir"], app_dir)
    app = FrontendApp(workspace=npm, framework="vite", dir=app_dir)
    with preview(app) as url:
        yield kit, url, npm.dir / "node_modules" / "axe-core" / "axe.min.js"
    shutil.rmtree(app_dir, ignore_errors=True)


def html_scheme(page) -> str:
    return page.evaluate("() => document.documentElement.dataset.theme")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_starter_pages_light_and_dark(browser, starter_served, scheme: str):
    kit, url, axe_script = starter_served
    shots = ARTIFACTS / "starter-look" / kit / scheme
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    api = StarterApi()
    # The system's scheme, as a visitor who never touched the toggle has it.
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    page.route(f"**{api.prefix}**", api.route)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    taken = 0

    def step(name: str) -> None:
        nonlocal taken
        taken += 1
        page.wait_for_function(FINISHED_ANIMATIONS)
        page.screenshot(path=shots / f"{taken:02}-{name}.png", full_page=True, caret="initial")
        barriers = axe_barriers(page, axe_script)
        assert barriers == [], f"{kit}, {scheme}, {name}:\n" + "\n".join(barriers)

    try:
        page.goto(url + "login")
        page.get_by_role("heading", name="Sign in", level=1).wait_for()
        assert html_scheme(page) == scheme
        # The page's background fills the window, not only the height of the content.
        colour, height, window_height = page.evaluate(
            "() => [getComputedStyle(document.body).backgroundColor,"
            " document.body.getBoundingClientRect().height, window.innerHeight]"
        )
        filled = colour != "rgba(0, 0, 0, 0)" and height >= window_height
        assert filled, f"{kit}: the page's background ({colour}, {height} of {window_height} px)"
        step("sign-in")

        page.get_by_label("Username").fill("demo")
        page.get_by_label("Password").fill("demo-password-2fa")
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.get_by_role("heading", name="Two-step verification", level=1).wait_for()
        page.get_by_role("button", name="Not you? Start over").wait_for()
        step("code-step")

        page.get_by_role("button", name="Use a backup code").click()
        page.get_by_label("Backup code", exact=True).fill(BACKUP_CODES[0])
        step("backup-code-entry")
        page.get_by_role("button", name="Verify").click()
        # The notice says how many codes the one just spent left.
        notice = page.get_by_role("region", name="Backup code used")
        notice.get_by_text("3 backup codes left").wait_for()
        step("signed-in-with-backup-code")

        page.get_by_role("link", name="Security", exact=True).click()
        page.get_by_role("heading", name="Security", level=1).wait_for()
        page.get_by_role("button", name="Turn on").wait_for()
        step("security-off")

        page.get_by_role("button", name="Turn on").click()
        dialog = page.get_by_role("dialog", name="Set up two-factor authentication")
        dialog.get_by_role("img", name=re.compile("QR code")).wait_for()
        # The key in fours for the eye, one character at a time for a screen reader.
        grouped = " ".join(re.findall(".{4}", SECRET))
        dialog.get_by_text(grouped, exact=True).wait_for()
        spoken = ", ".join(" ".join(group) for group in re.findall(".{4}", SECRET))
        assert dialog.get_by_text(spoken, exact=True).count() == 1, f"{kit}: key not spelled out"
        # A laptop can't scan its own screen either, but it has no authenticator app to open.
        assert dialog.get_by_role("link", name="Open in authenticator app").is_hidden()
        step("setup-scan")
        page.set_viewport_size(PHONE)
        link = dialog.get_by_role("link", name="Open in authenticator app")
        link.wait_for()
        assert link.get_attribute("href", timeout=1000).startswith("otpauth://totp/")
        step("setup-scan-phone")
        page.set_viewport_size(DESKTOP)

        dialog.get_by_role("button", name="Next").click()
        dialog.get_by_role("heading", name="Enter the code from your app").wait_for()
        step("setup-verify")
        # Focus is on the new step's heading; the field is a click away, as for a person.
        dialog.get_by_role("group", name="Authentication code").click()
        page.keyboard.type("123456")
        dialog.get_by_role("list", name="Backup codes").wait_for()
        step("setup-backup-codes")
        dialog.get_by_role("checkbox", name="I have saved these codes").check()
        dialog.get_by_role("button", name="Done").click()
        dialog.wait_for(state="hidden")
        page.get_by_role("button", name="Turn off").wait_for()
        step("security-on")

        # The toggle: the other scheme at once, and still after a reload.
        other = "light" if scheme == "dark" else "dark"
        toggle = page.get_by_role("button", name="Dark mode")
        assert toggle.get_attribute("aria-pressed") == str(scheme == "dark").lower()
        toggle.click()
        page.wait_for_function(f"() => document.documentElement.dataset.theme === '{other}'")
        page.reload()
        page.get_by_role("button", name="Turn off").wait_for()
        assert html_scheme(page) == other
        assert toggle.get_attribute("aria-pressed") == str(other == "dark").lower()
        step(f"security-on-toggled-{other}")
        assert errors == [], errors
    finally:
        context.close()


def test_starter_passkeys(browser, starter_served):
    """The kit's passkey screens in Chromium, a virtual authenticator (the DevTools
    protocol's WebAuthn domain) holding the passkey, the API answered by the test: added
    from the security page, renamed in place, used to sign in without a password and as
    the second step, and removed with a fresh touch. Every step passes axe-core in both
    schemes. The page is opened as localhost: an RP ID can't be an IP address."""
    kit, url, axe_script = starter_served
    url = url.replace("127.0.0.1", "localhost")
    shots = ARTIFACTS / "starter-passkeys" / kit
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    api = StarterApi()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.route(f"**{api.prefix}**", api.route)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    devtools = context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    options = {"protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
               "hasUserVerification": True, "isUserVerified": True,
               "automaticPresenceSimulation": True}  # fmt: skip
    authenticator = devtools.send("WebAuthn.addVirtualAuthenticator", {"options": options})

    def touch_at_once(enabled: bool) -> None:
        # On, Chromium answers the login page's passkey autofill at once: off there.
        devtools.send(
            "WebAuthn.setAutomaticPresenceSimulation",
            {"authenticatorId": authenticator["authenticatorId"], "enabled": enabled},
        )

    def step(name: str) -> None:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.wait_for_function(f"() => document.documentElement.dataset.theme === '{scheme}'")
            page.wait_for_function(FINISHED_ANIMATIONS)
            page.screenshot(path=shots / f"{name}-{scheme}.png", full_page=True, caret="initial")
            barriers = axe_barriers(page, axe_script)
            assert barriers == [], f"{kit}, {scheme}, {name}:\n" + "\n".join(barriers)

    def focused_name() -> str:
        return page.evaluate("() => document.activeElement?.textContent?.trim() ?? ''")

    try:
        touch_at_once(False)
        page.goto(url + "login")
        page.get_by_label("Username").fill("demo")
        page.get_by_label("Password").fill("demo-password-2fa")
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.get_by_role("button", name="Use a backup code").click()
        page.get_by_label("Backup code", exact=True).fill(BACKUP_CODES[0])
        page.get_by_role("button", name="Verify").click()
        page.get_by_role("link", name="Security", exact=True).click()
        passkeys = page.get_by_role("region", name="Passkeys")
        passkeys.get_by_text("You have no passkeys yet.").wait_for()

        # Added: the first second factor, so its backup codes are shown once.
        touch_at_once(True)
        passkeys.get_by_role("button", name="Add a passkey").click()
        codes = page.get_by_role("dialog", name="Your new backup codes")
        codes.get_by_role("list", name="Backup codes").wait_for()
        step("00-passkey-backup-codes")
        codes.get_by_role("checkbox", name="I have saved these codes").check()
        codes.get_by_role("button", name="Done").click()
        codes.wait_for(state="hidden")
        passkeys.get_by_role("button", name="Rename Passkey").click()
        field_ = passkeys.get_by_label("Passkey name")
        field_.fill("Laptop")
        field_.press("Enter")
        rename = passkeys.get_by_role("button", name="Rename Laptop")
        rename.wait_for()
        page.wait_for_function(
            "() => document.activeElement?.getAttribute('aria-label') === 'Rename Laptop'"
        )
        step("01-passkey-listed")

        # Signed in with the passkey alone, then with it as the second step.
        touch_at_once(False)
        page.get_by_role("button", name="Sign out").click()
        passwordless = page.get_by_role("button", name="Sign in with a passkey")
        passwordless.wait_for()
        step("02-login-page")
        touch_at_once(True)
        passwordless.click()
        page.get_by_role("heading", name=re.compile("^Welcome")).wait_for()
        touch_at_once(False)
        page.get_by_role("button", name="Sign out").click()
        page.get_by_label("Password").fill("demo-password-2fa")
        page.get_by_label("Username").fill("demo")
        page.get_by_role("button", name="Sign in", exact=True).click()
        use_passkey = page.get_by_role("button", name="Use a passkey")
        use_passkey.wait_for()
        assert focused_name() == "Use a passkey", f"{kit}: focus on {focused_name()!r}"
        step("03-second-step")
        touch_at_once(True)
        use_passkey.click()
        page.get_by_role("heading", name=re.compile("^Welcome")).wait_for()

        # Removed with a fresh touch: the passkey's own button, focused in its dialog.
        page.get_by_role("link", name="Security", exact=True).click()
        passkeys.get_by_role("button", name="Remove Laptop").click()
        confirm = page.get_by_role("dialog", name="Remove Laptop")
        confirm.get_by_role("button", name="Use your passkey").wait_for()
        page.wait_for_function(
            "() => document.activeElement?.textContent?.trim() === 'Use your passkey'"
        )
        step("04-confirm-remove")
        confirm.get_by_role("button", name="Use your passkey").click()
        confirm.wait_for(state="hidden")
        passkeys.get_by_text("You have no passkeys yet.").wait_for()
        assert "POST passkeys/1/remove/" in api.requests, api.requests
        step("05-removed")
        assert errors == [], errors
    finally:
        context.close()
