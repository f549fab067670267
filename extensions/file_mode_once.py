"""Ask git for the destination's ``core.fileMode`` once per copy, not once per file.

Copier (9.19 here; the change is copier-org/copier#2605) runs ``git config --get
core.fileMode`` in the destination after writing each file: when git ignores file modes
there, Copier moves the file's executable bit into the index itself. That is a subprocess
per file, about 180 for the default starter and a fifth of its copy. The answer is the
same for every file of a run, so this extension looks it up once per run (Copier's
``Worker``) and destination, and only when it is ``false``, the one case Copier acts on,
hands the file to Copier's own method, which reads the setting again and updates the
index as before.

It is a Jinja extension only because that is how a template runs code in Copier, and it
fails safe:

- Copier's private names are looked up when the extension loads. In a Copier release
  other than 9.x, or one that renamed any of them, nothing is wrapped and every copy
  simply pays the subprocesses again.
- The wrapper acts only for copies of a template that loads this extension; other
  templates rendered in the same process get Copier's own method.
- Anything unexpected while it looks the setting up hands the file to Copier's own method.
- ``DJANGO_REACT_2FA_COPIER_PATCHES=0`` in the environment turns it (and compile_cache.py)
  off; the output is the same either way (tests/render/test_renders_without_patches.py).
"""

from __future__ import annotations

import functools
import os
from importlib.metadata import version
from pathlib import Path
from typing import Any

from jinja2.ext import Extension

WRAPPED = "_file_mode_asked_once"
# The Copier major version whose _sync_git_index_executable_bit this mirrors.
WRAPPED_MAJOR = "9"
PATCHES_ENV = "DJANGO_REACT_2FA_COPIER_PATCHES"
# How the template names this extension in copier.yml's _jinja_extensions.
EXTENSION_NAME = "file_mode_once.py:FileModeOnce"


def patches_enabled() -> bool:
    """False when the environment turns the template's Copier patches off."""
    return os.environ.get(PATCHES_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def _copier_internals() -> tuple[Any, Any, Any, type[Exception]] | None:
    """Copier's Worker, its method, its git runner and plumbum's error, or None when this
    Copier is not the one the wrapper was written against."""
    try:
        if version("copier").split(".")[0] != WRAPPED_MAJOR:
            return None
        from copier._main import Worker
        from copier._vcs import get_git
        from plumbum import ProcessExecutionError
    except Exception:  # noqa: BLE001 - any surprise: leave Copier as it is
        return None
    sync = getattr(Worker, "_sync_git_index_executable_bit", None)
    if not callable(sync):
        return None
    return Worker, sync, get_git, ProcessExecutionError


def install() -> bool:
    """Wrap Copier's method, once per process; True when the wrapper is in place."""
    internals = _copier_internals() if patches_enabled() else None
    if internals is None:
        return False
    worker, sync, get_git, process_error = internals
    if getattr(sync, WRAPPED, False):
        return True

    def modes_ignored(destination: Path) -> bool:
        """What Copier checks before syncing a bit: core.fileMode is set, and to false."""
        try:
            setting = get_git(context_dir=destination)(
                "config", "--type=bool", "--get", "core.fileMode"
            )
        except process_error:
            # Unset: git's default is true, and Copier does nothing.
            return False
        return setting.strip() == "false"

    @functools.wraps(sync)
    def sync_when_modes_ignored(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            extensions = self.template.jinja_extensions
            ours = any(str(name).endswith(EXTENSION_NAME) for name in extensions)
            if ours and patches_enabled():
                destination = self.subproject.local_abspath
                # Worker is a pydantic dataclass that forbids unknown fields; its __dict__
                # is where functools.cached_property keeps values too.
                asked: dict[Path, bool] = self.__dict__.setdefault(WRAPPED, {})
                if destination not in asked:
                    asked[destination] = modes_ignored(destination)
                if not asked[destination]:
                    return None
        except Exception:  # noqa: BLE001, S110 - any surprise: Copier's own method decides
            pass
        return sync(self, *args, **kwargs)

    setattr(sync_when_modes_ignored, WRAPPED, True)
    worker._sync_git_index_executable_bit = sync_when_modes_ignored
    return True


class FileModeOnce(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        install()
