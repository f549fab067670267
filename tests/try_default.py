"""Render the template with its defaults into build/acme and try the starter project there.

Renders like ``copier copy --trust --defaults <checkout> build/acme`` (the default
project_kind is ``starter``: a whole Django project around the 2FA app), then, with the
starter's own ``manage.py`` and development defaults (SQLite, the database cache, codes
written to the console): ``check``, ``makemigrations --check``, ``migrate``,
``createcachetable``, ``seed_demo`` (which prints the demo user's credentials) and the
2FA app's own tests. Run it through tests/try_default.sh, which installs what it needs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import REPO_ROOT, render  # noqa: E402
from test_starter import STARTER_VARIABLES  # noqa: E402


def main() -> int:
    dest = Path(sys.argv[1] if len(sys.argv) > 1 else REPO_ROOT / "build" / "acme").resolve()
    if dest.exists():
        shutil.rmtree(dest)
    variant = render(dest)
    backend = variant.backend_dir
    print(f"Rendered the defaults into {dest}; the Django project is in {backend}")
    env = {k: v for k, v in os.environ.items() if k not in STARTER_VARIABLES}
    steps = [
        ("manage.py", "check", "--fail-level", "WARNING"),
        ("manage.py", "makemigrations", "--check", "--dry-run"),
        ("manage.py", "migrate", "--no-input"),
        ("manage.py", "createcachetable"),
        ("manage.py", "seed_demo"),
        ("-m", "pytest", "-q", "-p", "no:cacheprovider", variant.app_path),
    ]
    for step in steps:
        print(f"$ python {' '.join(step)}", flush=True)
        result = subprocess.run([sys.executable, *step], cwd=backend, env=env, check=False)
        if result.returncode != 0:
            return result.returncode
    print(f"All good. Start the API with: cd {backend} && python manage.py runserver")
    return 0


if __name__ == "__main__":
    sys.exit(main())
