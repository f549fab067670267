"""Ask git for the destination's ``core.fileMode`` once per copy, not once per file.

Copier (9.19 here; the change is copier-org/copier#2605) runs ``git config --get
core.fileMode`` in the destination after writing each file: when git ignores file modes
there, Copier moves the file's executable bit into the index itself. That is a subprocess
per file, about 180 for the default starter and a fifth of its copy. The answer is the
same for every file of a run, so this extension looks it up once per run (Copier's
``Worker``) and destination, and only when it is ``false``, the one case Copier acts on,
hands the file to Copier's own method, which reads the setting again and updates the
index as before.

It is a Jinja extension only because that is how a template runs code in Copier. It
wraps a private method, and only in the Copier releases it was read against (9.x): in
another, or when the method is renamed, nothing is wrapped and every copy simply pays the
subprocesses again.
"""

from __future__ import annotations

import functools
from importlib.metadata import version
from pathlib import Path
from typing import Any

from jinja2.ext import Extension

WRAPPED = "_file_mode_asked_once"
# The Copier major version whose _sync_git_index_executable_bit this mirrors.
WRAPPED_MAJOR = "9"


def modes_ignored(destination: Path) -> bool:
    """What Copier checks before syncing a bit: core.fileMode is set, and to false."""
    from copier._vcs import get_git
    from plumbum import ProcessExecutionError

    try:
        setting = get_git(context_dir=destination)(
            "config", "--type=bool", "--get", "core.fileMode"
        )
    except ProcessExecutionError:
        # Unset: git's default is true, and Copier does nothing.
        return False
    return setting.strip() == "false"


def install() -> None:
    try:
        from copier._main import Worker
    except ImportError:
        return
    if version("copier").split(".")[0] != WRAPPED_MAJOR:
        return
    sync = getattr(Worker, "_sync_git_index_executable_bit", None)
    if sync is None or getattr(sync, WRAPPED, False):
        return

    @functools.wraps(sync)
    def sync_when_modes_ignored(self: Any, *args: Any, **kwargs: Any) -> Any:
        destination = self.subproject.local_abspath
        # Worker is a pydantic dataclass that forbids unknown fields; its __dict__ is
        # where functools.cached_property keeps values too.
        asked: dict[Path, bool] = self.__dict__.setdefault(WRAPPED, {})
        if destination not in asked:
            asked[destination] = modes_ignored(destination)
        if asked[destination]:
            return sync(self, *args, **kwargs)
        return None

    setattr(sync_when_modes_ignored, WRAPPED, True)
    Worker._sync_git_index_executable_bit = sync_when_modes_ignored


class FileModeOnce(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        install()
