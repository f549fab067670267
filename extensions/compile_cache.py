"""Compile each template string once per copy, however often Copier renders it.

Copier renders every segment of every path in template/ with ``from_string``, and after
each segment the answers file's name too, so a copy compiles the same few dozen strings
(``{{ backend_dir }}``, ``migrations``, ``.copier-answers.django-react-2fa.yml``...) some
two thousand times; Jinja caches the templates it loads by name, never ``from_string``'s.
This extension keeps the code ``Environment.compile`` made for a source and hands it back
for the same source: the code depends on nothing but the source and the environment's
settings, so the rendered output is the same. A cache hit still runs the extensions'
``preprocess`` hooks, for what they do besides returning the source (Copier's yield tag
resets its state there).

``DJANGO_REACT_2FA_COPIER_PATCHES=0`` in the environment leaves ``compile`` as Jinja has
it (and file_mode_once.py's wrapper out); the output is the same either way
(tests/render/test_renders_without_patches.py).
"""

from __future__ import annotations

import os
from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension

PATCHES_ENV = "DJANGO_REACT_2FA_COPIER_PATCHES"


class CompileCache(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        if os.environ.get(PATCHES_ENV, "1").strip().lower() in ("0", "false", "no", "off"):
            return
        compile_source = environment.compile
        compiled: dict[tuple, Any] = {}

        def compile(  # noqa: A001 - stands in for Environment.compile
            source: str | nodes.Template,
            name: str | None = None,
            filename: str | None = None,
            raw: bool = False,
            defer_init: bool = False,
        ) -> Any:
            if not isinstance(source, str):
                return compile_source(source, name, filename, raw, defer_init)
            key = (source, name, filename, raw, defer_init)
            if key in compiled:
                environment.preprocess(source, name, filename)
                return compiled[key]
            code = compile_source(source, name, filename, raw, defer_init)
            compiled[key] = code
            return code

        environment.compile = compile
