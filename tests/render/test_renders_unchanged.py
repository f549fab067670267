"""Every variant of tests/variants.yml renders the files recorded in tests/render/renders/.

A change to the template's own machinery (registries, context, file names) must leave
users' projects as they were: this compares each variant's render with its record, file
by file (a digest of each file's bytes and its executable bit). A change meant to alter
the output rewrites the records, and the diff of renders/ shows which files it touched:

    pytest tests/render/test_renders_unchanged.py --write-renders
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import matrix
from support.render import render, snapshot

RECORDS = Path(__file__).resolve().parent / "renders"
VARIANTS = matrix.load()


def read_record(name: str) -> dict[str, str]:
    lines = (RECORDS / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return {path: value for value, _, path in (line.rpartition(" ") for line in lines)}


def write_record(name: str, files: dict[str, str]) -> None:
    RECORDS.mkdir(exist_ok=True)
    text = "".join(f"{value} {path}\n" for path, value in files.items())
    (RECORDS / f"{name}.txt").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", list(VARIANTS))
def test_render_matches_its_record(name, tmp_path, request):
    files = snapshot(render(tmp_path / name, **VARIANTS[name]).dest)
    if request.config.getoption("write_renders"):
        write_record(name, files)
        return
    assert (RECORDS / f"{name}.txt").is_file(), (
        f"no record of {name}: run pytest {__file__} --write-renders"
    )
    recorded = read_record(name)
    problems = [f"new file {path}" for path in files.keys() - recorded.keys()]
    problems += [f"file gone {path}" for path in recorded.keys() - files.keys()]
    problems += [
        f"changed {path}"
        for path in files.keys() & recorded.keys()
        if files[path] != recorded[path]
    ]
    assert not problems, (
        f"{name} renders differently from tests/render/renders/{name}.txt:\n  "
        + "\n  ".join(sorted(problems))
        + "\nIf the change is meant, rewrite the records with --write-renders."
    )


def test_every_record_is_a_variant():
    """A variant dropped from variants.yml takes its record with it."""
    stale = {path.stem for path in RECORDS.glob("*.txt")} - set(VARIANTS)
    assert not stale, f"records of no variant in tests/variants.yml: {sorted(stale)}"
