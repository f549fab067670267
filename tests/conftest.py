"""pytest's side of the template's tests: options, the session's servers, markers by folder
and the matrix's table. The machinery itself is in tests/support/, which test modules
import; they never import one another.

- the session fixture ``redis_server`` starts a real ``redis-server`` on a free port and
  hands out one database number per variant; ``postgres_server`` a PostgreSQL of its own;
- ``npm_workspace(kit)`` is the frontends' shared npm install, for ``kit``'s frontends,
  made the first time it is asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from support.services import RedisError, RedisServer, start_redis
from support.tiers import TIERS


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--write-renders",
        action="store_true",
        help="rewrite tests/matrix/renders/ from the variants' renders instead of comparing",
    )


# The session's servers --------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A real redis-server for the whole session; each variant takes its own database."""
    try:
        server = start_redis(tmp_path_factory.mktemp("redis"))
    except RedisError as error:
        pytest.fail(str(error))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL of the tests' own (tests/support/postgres.py) for the whole session,
    stopped and deleted at its end."""
    from support.postgres import PostgresError, start_postgres

    try:
        server = start_postgres()
    except PostgresError as error:
        pytest.fail(str(error))
    try:
        yield server
    finally:
        server.stop()


# npm --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def npm_workspace():
    """The frontends' shared npm install (tests/support/frontend/workspace.py), for a kit's
    frontends, prepared the first time a test asks; a missing or too old Node fails the
    test with what to do."""
    from support.frontend import workspace  # the npm machinery, for frontend tests only

    @cache
    def prepare(kit: str) -> workspace.Workspace:
        try:
            return workspace.prepare(kit)
        except workspace.WorkspaceError as error:
            pytest.fail(str(error))

    return prepare


# Running on several cores (pytest-xdist) ------------------------------------------------


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its folder's tier (support/tiers.py). Keep what shares a
    module-scoped fixture on one worker: a test module's tests, and a parametrized module's
    tests by parameter (one variant's checks share one render)."""
    tests_dir = Path(__file__).resolve().parent
    for item in items:
        folder = Path(item.path).resolve().relative_to(tests_dir).parts[0]
        if folder in TIERS:
            item.add_marker(folder)
        callspec = getattr(item, "callspec", None)
        group = item.nodeid.split("::", 1)[0]
        if callspec is not None:
            group += f"[{callspec.id}]"
        item.add_marker(pytest.mark.xdist_group(group))


# The matrix's table ---------------------------------------------------------------------

MATRIX_MODULES = ("tests/matrix/test_matrix.py::", "tests/frontend/test_frontend_variants.py::")
# The checks of each variant (those modules' test functions) and their columns.
MATRIX_COLUMNS = {
    "test_renders_as_recorded": "record",
    "test_renders_clean": "render+ruff",
    "test_backend_checks": "checks",
    "test_backend_tests": "pytest",
    "test_deploy_checks": "deploy",
    "test_frontend_scripts": "tsc+lint",
    "test_frontend_tests": "vitest",
    "test_frontend_build": "build",
}
MATRIX_RESULTS: dict[str, dict[str, str]] = {}
# Vitest files run and found, by variant (support/frontend/vitest_memo.py)
VITEST_FILES: dict[str, tuple[int, int]] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Collect the outcome of each check of each variant, for the table below."""
    module = next((module for module in MATRIX_MODULES if module in report.nodeid), None)
    if module is None:
        return
    test, _, rest = report.nodeid.partition(module)[2].partition("[")
    if test not in MATRIX_COLUMNS or not rest:
        return
    variant = rest.rstrip("]")
    if report.when == "call" or report.outcome != "passed":
        outcome = "skipped" if report.skipped else report.outcome
        if report.when != "call" and report.outcome == "failed":
            outcome = "error"
        MATRIX_RESULTS.setdefault(variant, {})[MATRIX_COLUMNS[test]] = outcome
    for key, value in report.user_properties:
        if key == "vitest_files":
            VITEST_FILES[variant] = tuple(value)


MARKS = {"passed": "ok", "failed": "FAIL", "error": "ERROR", "skipped": "-"}


def pytest_terminal_summary(terminalreporter) -> None:
    """A table of the matrix's variants and how each check ended, when any of them ran."""
    if not MATRIX_RESULTS:
        return
    width = max(len(name) for name in MATRIX_RESULTS)
    columns = list(MATRIX_COLUMNS.values())
    terminalreporter.section("variant matrix (tests/variants.yml)")
    terminalreporter.write_line(f"{'variant':<{width}}  " + "  ".join(columns))
    for name, outcomes in sorted(MATRIX_RESULTS.items()):
        cells = (f"{MARKS.get(outcomes.get(column, ''), ''):<{len(column)}}" for column in columns)
        terminalreporter.write_line(f"{name:<{width}}  " + "  ".join(cells).rstrip())
    good = {"passed", "skipped"}
    passed = sum(set(outcomes.values()) <= good for outcomes in MATRIX_RESULTS.values())
    terminalreporter.write_line(
        f"{passed} of {len(MATRIX_RESULTS)} variants passed every check that ran "
        "(ok: passed, -: not for this variant, blank: not run)"
    )
    if VITEST_FILES:
        ran = sum(counts[0] for counts in VITEST_FILES.values())
        found = sum(counts[1] for counts in VITEST_FILES.values())
        terminalreporter.write_line(
            f"vitest: {ran} of the variants' {found} test files ran; the others had passed "
            "with the same input in another variant (tests/support/frontend/vitest_memo.py)"
        )
