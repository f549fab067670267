"""The tests' own layout: a folder per tier, a support library, no test module importing
another, and names pytest can tell apart."""

from __future__ import annotations

import re
from collections import Counter

from support import matrix
from support.template import REPO_ROOT
from support.tiers import TEST_FOLDERS

TESTS = REPO_ROOT / "tests"
IMPORTS_A_TEST = re.compile(r"^\s*(from|import) (conftest|test_\w+)\b", re.MULTILINE)
# Scripts run as `python tests/bench/<name>.py`: their folder, not tests/, is on sys.path.
# support/shell.py edits the sys.path of the project's shell it runs a script in, not ours.
SYS_PATH_ALLOWED = {"tests/bench/run.py", "tests/bench/bundle_size.py", "tests/support/shell.py"}


def python_files():
    return [
        path
        for path in TESTS.rglob("*.py")
        if "harness" not in path.relative_to(TESTS).parts and "node_modules" not in path.parts
    ]


def test_every_test_module_is_in_a_tier_folder():
    misplaced = [
        path.relative_to(REPO_ROOT).as_posix()
        for path in TESTS.rglob("test_*.py")
        if path.relative_to(TESTS).parts[0] not in (*TEST_FOLDERS, "support")
    ]
    assert not misplaced


def test_test_module_names_are_unique():
    """pytest imports test modules by their basename: two alike would clash."""
    names = Counter(path.name for path in TESTS.rglob("test_*.py") if "support" not in path.parts)
    assert [name for name, count in names.items() if count > 1] == []


def test_no_module_imports_a_test_module_or_conftest():
    offenders = [
        path.relative_to(REPO_ROOT).as_posix()
        for path in python_files()
        if IMPORTS_A_TEST.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_only_the_bench_entry_points_edit_sys_path():
    """The tests import through tests/ alone (pytest's rootdir and prepend import mode)."""
    editing = {
        path.relative_to(REPO_ROOT).as_posix()
        for path in python_files()
        if re.search(r"sys\.path(\.insert|\.append|\[)", path.read_text(encoding="utf-8"))
    }
    assert editing <= SYS_PATH_ALLOWED


def test_every_render_record_is_a_variant():
    """A variant dropped from tests/variants.yml takes its record with it (a variant
    without one fails in the matrix, which says how to write it)."""
    records = {path.stem for path in (TESTS / "matrix" / "renders").glob("*.txt")}
    assert records <= set(matrix.load())
