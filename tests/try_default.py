"""Render the template with its defaults into build/acme and run the starter there.

Renders like ``copier copy --trust --defaults <checkout> build/acme`` (the default
project_kind is ``starter``: a Django project and a Vite app around the 2FA feature), then
runs the project's own ``dev.sh``: it installs the backend's packages into
build/acme/backend/.venv and the frontend's into build/acme/frontend/node_modules, migrates,
creates the demo user and serves both until Ctrl+C. Run it through tests/try_default.sh,
which first installs what the checkout needs.

A second run renders afresh over build/acme and keeps what the first one made (the
database, so an authenticator app set up against it keeps working, and the installs).
``--fresh`` deletes build/acme first; ``--setup`` stops before starting the servers.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

# Run as a script, this file's folder (tests/) is on sys.path: the tests' support library.
from support.render import render
from support.template import REPO_ROOT

DEST = REPO_ROOT / "build" / "acme"
# Settings of the starter a shell may hold that would take this run out of development
# mode or onto another database; the user's provider credentials pass through to dev.sh.
STARTER_VARIABLES = (
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "TWO_FACTOR_ENCRYPTION_KEYS",
    "DATABASE_URL",
    "REDIS_URL",
)


def main(args: list[str]) -> int:
    if "--fresh" in args:
        shutil.rmtree(DEST, ignore_errors=True)
    DEST.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=DEST.parent) as scratch:
        rendered = Path(scratch) / "acme"
        render(rendered)
        shutil.copytree(rendered, DEST, dirs_exist_ok=True)
    print(f"Rendered the template's defaults into {DEST}", flush=True)
    env = {k: v for k, v in os.environ.items() if k not in STARTER_VARIABLES}
    env.setdefault("PYTHON", sys.executable)
    dev_args = ["--setup"] if "--setup" in args else []
    os.chdir(DEST)
    # dev.sh serves until Ctrl+C: hand this process over to it.
    os.execvpe("bash", ["bash", "dev.sh", *dev_args], env)  # noqa: S606 (our own script)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
