"""The starter's own browser test, run the way its users run it.

The default variant is rendered; ``bash dev.sh --setup`` installs what the project needs
(a venv with requirements.txt, ``npm install``), migrates and creates the demo user; then
``npm run e2e`` in the frontend: Playwright starts both dev servers through dev.sh (on
ports of their own, with a fresh database and emails written to files) and drives
Debian's headless Chromium through the demo user's story: sign in with an emailed code,
turn on an authenticator app from the key the page shows, sign in with it and with a
backup code, see used codes refused, turn it off.

Screenshots of each step go to build/browser-artifacts/starter/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT, free_port, render
from test_starter import STARTER_VARIABLES

pytestmark = [pytest.mark.frontend, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO_ROOT / "build" / "browser-artifacts" / "starter"


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float) -> str:
    result = subprocess.run(
        args,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = f"$ cd {cwd} && {' '.join(args)}\n(exit code {result.returncode})\n{result.stdout}"
    assert result.returncode == 0, output
    return output


def test_demo_user_story_in_chromium(tmp_path: Path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    variant = render(tmp_path / "acme")
    env = {key: value for key, value in os.environ.items() if key not in STARTER_VARIABLES}
    env |= {
        "PYTHON": sys.executable,
        "CHROMIUM_PATH": CHROMIUM,
        "E2E_WEB_PORT": str(free_port()),
        "E2E_API_PORT": str(free_port()),
        "NO_COLOR": "1",
        "CI": "1",
    }
    run(["bash", "dev.sh", "--setup"], variant.dest, env, timeout=1200)

    frontend = variant.dest / "frontend"
    try:
        output = run(["npm", "run", "e2e"], frontend, env, timeout=900)
    finally:
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
        for image in sorted((frontend / "test-results").rglob("*.png")):
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copy2(image, ARTIFACTS / image.name)
    assert re.search(r"\b1 passed\b", output), output
    assert " failed" not in output and "flaky" not in output, output
    steps = sorted(path.name for path in ARTIFACTS.glob("*.png"))
    assert steps[0].startswith("01-") and steps[-1].endswith("-security-off.png"), steps
