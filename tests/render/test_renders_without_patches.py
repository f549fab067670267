"""The template's Copier patches (extensions/compile_cache.py, file_mode_once.py,
render_once.py) change how fast a copy is, never what it writes: a render with them and one without
(DJANGO_REACT_2FA_COPIER_PATCHES=0) are the same, file by file, executable bits included."""

from __future__ import annotations

import pytest

from support.render import render, snapshot
from support.template import extension

PATCHES_ENV = extension("file_mode_once").PATCHES_ENV


@pytest.mark.parametrize(
    "answers",
    [{}, {"project_kind": "existing", "ui_kit": "mantine", "frontend_framework": "nextjs"}],
    ids=["starter", "existing"],
)
def test_a_render_is_the_same_without_the_patches(tmp_path, monkeypatch, answers):
    patched = snapshot(render(tmp_path / "patched", **answers).dest)
    monkeypatch.setenv(PATCHES_ENV, "0")
    plain = snapshot(render(tmp_path / "plain", **answers).dest)
    assert len(patched) > 50
    assert patched == plain
