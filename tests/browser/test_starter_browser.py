"""The starter's own browser test, run the way its users run it.

The variant is rendered; ``bash dev.sh --setup`` installs what the project needs (a venv
with requirements.txt, ``npm install``), migrates and creates the demo user; then
``npm run e2e`` in the frontend: Playwright starts both dev servers through dev.sh (on
ports of their own, with a fresh database, emails written to files and the development
SMS bypass on) and drives Debian's headless Chromium through the demo user's story: sign
in with an emailed code, turn on an authenticator app from the key the page shows, sign
in with it and with a backup code, see used codes refused, make new backup codes, turn it
off, and stay signed in through both although each revokes the session's credentials.
Every page and open dialog of the story is checked with axe-core as its screenshot is
taken, in the system's dark and light scheme: no serious or critical violation of WCAG 2.2
A/AA. On the way: "Not you? Start over" goes back to the password, and the page after a
backup code says how many are left. A second story gives the demo user a passkey, held by
Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain): added from the
security page with its backup codes, renamed, used after the password and then alone
(passwordless), and removed with a fresh touch, which turns 2FA off.

Two variants, as each costs a venv, an npm install and minutes: the default, and a
starter whose SMS go through Twilio (another kit and framework). Its dev.sh first stops
for want of Twilio's settings and names them, then runs with them, as its user would;
its e2e runs with none, since it brings placeholders of its own and sends no SMS.

Screenshots of each step go to build/browser-artifacts/starter/ (the default) and
build/browser-artifacts/starter-<variant>/.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from support import processes
from support.processes import clean_environment
from support.render import render
from support.services import free_port
from support.template import REPO_ROOT, extension

pytestmark = [pytest.mark.frontend, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO_ROOT / "build" / "browser-artifacts"

VARIANTS = {
    "default": {},
    # Without passkeys too: the login page and the settings then have none to offer.
    "twilio": {
        "sms_provider": "twilio",
        "ui_kit": "mantine",
        "frontend_framework": "nextjs",
        "passkeys": False,
    },
}
# What a user with a Twilio account exports before dev.sh: its placeholders, as nothing is
# sent (extensions/providers.yml).
TWILIO_SETTINGS = {
    setting["name"]: setting["placeholder"]
    for setting in extension("registries").providers()["sms"]["twilio"]["settings"]
}


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float, expect: int = 0) -> str:
    """The command's output; it must exit with ``expect``."""
    result = processes.run(args, cwd, env=env, timeout=timeout)
    assert result.returncode == expect, str(result)
    return str(result)


@pytest.mark.parametrize("name", VARIANTS)
def test_demo_user_story_in_chromium(tmp_path: Path, name: str):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    variant = render(tmp_path / "acme", **VARIANTS[name])
    # Nothing of the machine's own: no starter setting, and no provider credential.
    env = clean_environment() | {
        "PYTHON": sys.executable,
        "CHROMIUM_PATH": CHROMIUM,
        "E2E_WEB_PORT": str(free_port()),
        "E2E_API_PORT": str(free_port()),
        "NO_COLOR": "1",
        "CI": "1",
        # dev.sh's npm install takes package metadata from npm's cache when it is there (the
        # frontend tests' installs put it there) instead of asking the registry for each
        # package again: half of the install's time.
        "npm_config_prefer_offline": "true",
    }
    if name == "twilio":
        # The first run installs everything, then the checks stop it: dev.sh says what to set.
        refused = run(["bash", "dev.sh", "--setup"], variant.dest, env, timeout=1200, expect=1)
        for setting in TWILIO_SETTINGS:
            assert f"two_factor.E006) {setting} is not set" in refused, refused
            assert f"export {setting}=" in refused, refused
        run(["bash", "dev.sh", "--setup"], variant.dest, env | TWILIO_SETTINGS, timeout=600)
    else:
        run(["bash", "dev.sh", "--setup"], variant.dest, env, timeout=1200)

    frontend = variant.dest / "frontend"
    artifacts = ARTIFACTS / ("starter" if name == "default" else f"starter-{name}")
    try:
        output = run(["npm", "run", "e2e"], frontend, env, timeout=900)
    finally:
        shutil.rmtree(artifacts, ignore_errors=True)
        for image in sorted((frontend / "test-results").rglob("*.png")):
            artifacts.mkdir(parents=True, exist_ok=True)
            shutil.copy2(image, artifacts / image.name)
    # The sign-in story, and the passkey story where there are passkeys.
    stories = 2 if VARIANTS[name].get("passkeys", True) else 1
    assert re.search(rf"\b{stories} passed\b", output), output
    assert " failed" not in output and "flaky" not in output, output
    # The first code was asked for by SMS, and the bypass sent none.
    assert "SMS_VERIFICATION_BYPASS: no SMS sent" in output, output
    steps = sorted(path.name for path in artifacts.glob("*.png"))
    assert steps[0].startswith("01-") and steps[-1].endswith("-security-off-light.png"), steps
    # Every step in both schemes.
    light = {name.removesuffix("-light.png") for name in steps if name.endswith("-light.png")}
    dark = {name.removesuffix("-dark.png") for name in steps if name.endswith("-dark.png")}
    assert light == dark and len(light) * 2 == len(steps), steps
