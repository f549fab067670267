"""Python run inside a rendered project's ``manage.py shell``, kept in real files (in
``shell_scripts/``, or beside the tests that use them) so that ruff checks them and a
traceback names their lines.

A script reads its arguments from the JSON in ``$SHELL_SCRIPT_PARAMS``::

    params = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])

and prints its answer as JSON on its last line (``last_json``). It may import the files
beside it by name.
"""

from __future__ import annotations

import json
from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parent / "shell_scripts"
PARAMS_ENV = "SHELL_SCRIPT_PARAMS"


def script(name: str) -> Path:
    """A script of ``shell_scripts/`` by its file name."""
    path = SCRIPTS_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"no shell script {path}")
    return path


def arguments(path: Path) -> list[str]:
    """manage.py's arguments that run ``path`` in its shell, Django set up as the shell
    sets it up: by its path (runpy), its folder first on sys.path as ``python file``
    would put it, so that it imports the files beside it by name."""
    code = (
        f"import runpy, sys; sys.path.insert(0, {str(path.parent)!r}); "
        f"runpy.run_path({str(path)!r}, run_name='__main__')"
    )
    return ["shell", "--no-startup", "-c", code]


def environment(**params: object) -> dict[str, str]:
    """The variable that gives a script its arguments."""
    return {PARAMS_ENV: json.dumps(params)}


def last_json(output: str):
    """What a script printed on its last line, read as JSON."""
    lines = output.strip().splitlines()
    if not lines:
        raise ValueError("the script printed nothing")
    return json.loads(lines[-1])
