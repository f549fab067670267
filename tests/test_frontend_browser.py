"""Each kit's dialogs in a real browser: Debian's headless Chromium, driven by Playwright.

jsdom has no focus trap to show (no inert content, no top layer), so what the feature's
own tests can't see is checked here, keyboard only, on the production build of the Vite
harness app (tests/frontend/apps), served by `vite preview`: a confirm dialog opens from
a button, takes focus, keeps Tab inside, closes on Escape and hands focus back, then
confirms a typed code. The page has no API behind it; this dialog needs none.

axe-core (the starter's own dev dependency, from the kit's npm install) checks the page,
which draws every component of the feature, and the open dialog: no serious or critical
violation of WCAG 2.2 A/AA in any kit. The dialog speaks through a live region of its own.

Screenshots of each step go to build/browser-artifacts/<kit>/.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CHOICES, REPO_ROOT, free_port, render
from frontend import harness, workspace
from frontend.harness import FrontendApp
from frontend.workspace import WorkspaceError

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
FINISHED_ANIMATIONS = """() => document.getAnimations().every((animation) =>
  animation.playState !== "running" || animation.effect?.getTiming().iterations === Infinity)"""
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
def served(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[tuple[str, str, Path]]:
    """The kit's Vite harness app, built and served on a free loopback port."""
    kit = request.param
    try:
        npm = workspace.prepare(kit)
    except WorkspaceError as error:
        pytest.fail(str(error))
    variant = render(tmp_path_factory.mktemp(f"browser-{kit}"), ui_kit=kit, project_kind="existing")
    app: FrontendApp = harness.assemble(
        npm, "vite", harness.feature_source(variant.feature_dir), name="browser"
    )
    built = app.tool("vite", "build")
    assert built.returncode == 0, str(built)
    port = free_port()
    command = [str(npm.bin("vite")), "preview", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(  # noqa: S603 (the workspace's own vite)
        [*command, "--strictPort"],
        cwd=app.dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url, process)
        yield kit, url, npm.dir / "node_modules" / "axe-core" / "axe.min.js"
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


def test_every_component_and_dialog_passes_axe(browser, served):
    kit, url, axe_script = served
    page = browser.new_page()
    try:
        # The settings card shows the API's status: 2FA on, with few backup codes left.
        page.route(
            "**/api/auth/totp/status/",
            lambda route: route.fulfill(json={"totp_enabled": True, "backup_codes_remaining": 2}),
        )
        page.goto(url)
        page.get_by_role("button", name="Regenerate backup codes").wait_for()
        barriers = axe_barriers(page, axe_script)
        assert barriers == [], f"the page ({kit}):\n" + "\n".join(barriers)

        page.get_by_role("button", name=DIALOG_NAME, exact=True).click()
        page.get_by_role("dialog", name=DIALOG_NAME).wait_for(state="visible")
        page.wait_for_function(IN_DIALOG)
        page.wait_for_function(DIALOG_ANNOUNCER)
        barriers = axe_barriers(page, axe_script)
        assert barriers == [], f"the open dialog ({kit}):\n" + "\n".join(barriers)
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
