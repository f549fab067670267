"""Render each path segment of the template once per copy, not once per file under it.

Copier renders a file's path segment by segment, and every file below a folder renders
that folder's name again: the default starter's 270 files make some 1,500 renders of a
few dozen strings (``{{ backend_dir }}``, ``{{ app_path }}``, ``{% if include_tests
%}tests{% endif %}``...), each with a fresh context built from every answer, and after
each segment the answers file's name is rendered too. While Copier renders the files
(its render phase), the answers and the context no longer change, so a segment renders
to the same text every time: this extension keeps what each segment rendered to, and the
answers file's path, on Copier's ``Worker`` for that copy.

It fails safe, as file_mode_once.py does:

- Copier's private names are looked up when the extension loads. In a Copier release
  other than 9.x, or one that renamed any of them, nothing is wrapped.
- Only copies of a template that loads this extension, only the render phase, only a
  string rendered without extra context and without a ``yield`` tag (whose state Copier
  reads after each render) are kept; a kept string still runs the environment's
  ``preprocess`` hooks, which reset that state as a render would.
- A segment with no Jinja in it (most are) is kept as it is, never compiled: Jinja would
  render it to itself.
- ``DJANGO_REACT_2FA_COPIER_PATCHES=0`` in the environment turns it off; the output is the
  same either way (tests/render/test_renders_without_patches.py).
"""

from __future__ import annotations

import functools
import os
from importlib.metadata import version
from typing import Any

from jinja2.ext import Extension

WRAPPED = "_rendered_once"
ANSWERS_PATH = ("answers file",)  # its key among the kept strings
WRAPPED_MAJOR = "9"
PATCHES_ENV = "DJANGO_REACT_2FA_COPIER_PATCHES"
EXTENSION_NAME = "render_once.py:RenderOnce"


def patches_enabled() -> bool:
    return os.environ.get(PATCHES_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def is_plain(environment: Any, string: str) -> bool:
    """Whether ``string`` is text Jinja would give back unchanged: no delimiter, no line
    statement or comment prefix, no newline (which Jinja would normalize)."""
    marks = (
        environment.block_start_string,
        environment.variable_start_string,
        environment.comment_start_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        "\n",
        "\r",
    )
    return not any(mark and mark in string for mark in marks)


def _copier_internals() -> tuple[Any, Any, Any] | None:
    """Copier's Worker, its _render_string and its Phase, or None when this Copier is not
    the one the wrapper was written against."""
    try:
        if version("copier").split(".")[0] != WRAPPED_MAJOR:
            return None
        from copier._main import Worker
        from copier._types import Phase
    except Exception:  # noqa: BLE001 - any surprise: leave Copier as it is
        return None
    render_string = getattr(Worker, "_render_string", None)
    answers_relpath = getattr(Worker, "answers_relpath", None)
    if not callable(render_string) or not isinstance(answers_relpath, property):
        return None
    if getattr(Phase, "RENDER", None) is None or not callable(getattr(Phase, "current", None)):
        return None
    return Worker, render_string, Phase


def install() -> bool:
    """Wrap Copier's methods, once per process; True when the wrappers are in place."""
    internals = _copier_internals() if patches_enabled() else None
    if internals is None:
        return False
    worker, render_string, phase = internals
    if getattr(render_string, WRAPPED, False):
        return True
    answers_relpath = worker.answers_relpath.fget

    def rendering(self: Any) -> dict | None:
        """This copy's kept renders while it renders our template's files, else None."""
        try:
            extensions = self.template.jinja_extensions
            ours = any(str(name).endswith(EXTENSION_NAME) for name in extensions)
            if ours and patches_enabled() and phase.current() == phase.RENDER:
                # Worker is a pydantic dataclass that forbids unknown fields; its __dict__
                # is where functools.cached_property keeps values too.
                return self.__dict__.setdefault(WRAPPED, {})
        except Exception:  # noqa: BLE001, S110 - any surprise: Copier renders as it does
            pass
        return None

    @functools.wraps(render_string)
    def render_string_once(self: Any, string: Any, extra_context: Any = None) -> Any:
        kept = rendering(self) if not extra_context and isinstance(string, str) else None
        if kept is None or "yield" in string:
            return render_string(self, string, extra_context)
        key = ("string", string)
        if key in kept:
            self.jinja_env.preprocess(string)
            return kept[key]
        if is_plain(self.jinja_env, string):
            # Most segments (``migrations``, ``views.py``) hold no Jinja and render as
            # themselves: kept without compiling them. The extensions' preprocess hooks
            # still run (Copier's yield tag resets its state in one).
            self.jinja_env.preprocess(string)
            kept[key] = string
            return string
        kept[key] = render_string(self, string, extra_context)
        return kept[key]

    @functools.wraps(answers_relpath)
    def answers_relpath_once(self: Any) -> Any:
        kept = rendering(self)
        if kept is None:
            return answers_relpath(self)
        if ANSWERS_PATH not in kept:
            kept[ANSWERS_PATH] = answers_relpath(self)
        return kept[ANSWERS_PATH]

    setattr(render_string_once, WRAPPED, True)
    worker._render_string = render_string_once
    worker.answers_relpath = property(answers_relpath_once)
    return True


class RenderOnce(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        install()
