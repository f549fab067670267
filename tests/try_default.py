"""Render the template with its defaults into build/acme and try the backend there.

Renders like ``copier copy --trust --defaults <checkout> build/acme``, copies the test
harness (a minimal Django project) next to the rendered app, starts a redis-server of its
own, then runs ``manage.py check``, ``makemigrations --check``, ``migrate`` and the
rendered app's tests. Run it through tests/try_default.sh, which installs what it needs.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import REPO_ROOT, prepare_backend, render, start_redis  # noqa: E402


def main() -> int:
    dest = Path(sys.argv[1] if len(sys.argv) > 1 else REPO_ROOT / "build" / "acme").resolve()
    if dest.exists():
        shutil.rmtree(dest)
    variant = render(dest)
    print(f"Rendered the defaults into {dest}; the app is in {variant.app_dir}")
    with tempfile.TemporaryDirectory(prefix="try-default-redis-") as workdir:
        redis = start_redis(Path(workdir))
        try:
            backend = prepare_backend(variant, redis_url=redis.url(0))
            steps = [
                ("manage.py", "check", "--fail-level", "WARNING"),
                ("manage.py", "makemigrations", "--check", "--dry-run"),
                ("manage.py", "migrate", "--no-input"),
                ("-m", "pytest", "-q", "-p", "no:cacheprovider", f"{variant.app_path}/tests"),
            ]
            for step in steps:
                result = backend.run(*step)
                print(result)
                if result.returncode != 0:
                    return result.returncode
        finally:
            redis.stop()
    print(f"All good. The rendered backend, with the harness project, is in {backend.dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
