"""Shared machinery of the template's tests: rendering, the Django harness and Redis.

- ``render(dest, **answers)`` renders the template (the checkout, with its uncommitted
  changes) into ``dest`` and returns a ``Variant``.
- ``prepare_backend(variant, redis_url=...)`` copies the harness project from
  ``tests/harness`` next to the rendered app and returns a ``Backend`` that runs
  ``manage.py`` and pytest there, in subprocesses, with the ``HARNESS_*`` variables set.
- the session fixture ``redis_server`` starts a real ``redis-server`` on a free port and
  hands out one database number per variant.
"""

from __future__ import annotations

import http.client
import importlib.util
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from copier import run_copy

REPO_ROOT = Path(__file__).resolve().parents[1]
HARNESS_DIR = REPO_ROOT / "tests" / "harness"
RENDERED_RUFF_CONFIG = REPO_ROOT / "tests" / "rendered-ruff.toml"
ANSWERS_FILE = ".copier-answers.django-react-2fa.yml"
# Files of the harness copied next to every rendered app, and the user app each of the
# harness's own user models needs (users/ for users.User, accounts/ for accounts.EmailUser).
HARNESS_ITEMS = ("manage.py", "harness_project", "pytest.ini")
HARNESS_USER_MODEL = "users.User"
HARNESS_USER_APPS = {HARNESS_USER_MODEL: "users", "accounts.EmailUser": "accounts"}

COPIER_CONFIG: dict = yaml.safe_load((REPO_ROOT / "copier.yml").read_text(encoding="utf-8"))
# The machine values of every choice question, read from copier.yml.
CHOICES: dict[str, list[str]] = {
    name: list(question["choices"].values())
    if isinstance(question["choices"], dict)
    else list(question["choices"])
    for name, question in COPIER_CONFIG.items()
    if isinstance(question, dict) and "choices" in question
}
# Answers that make a follow-up question apply, so that its own answer is used and checked.
CHOICE_CONTEXT: dict[str, dict] = {"anymail_esp": {"email_provider": "anymail"}}

# copier clones the checkout and commits its uncommitted changes in that clone: git needs
# an identity for that commit, which a fresh CI machine may not have.
for _name, _value in {
    "GIT_AUTHOR_NAME": "template tests",
    "GIT_AUTHOR_EMAIL": "template-tests@localhost",
    "GIT_COMMITTER_NAME": "template tests",
    "GIT_COMMITTER_EMAIL": "template-tests@localhost",
}.items():
    os.environ.setdefault(_name, _value)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--write-renders",
        action="store_true",
        help="rewrite tests/render/renders/ from the checkout's renders instead of comparing",
    )


def pytest_configure(config: pytest.Config) -> None:
    # pytest-copie renders --template, "." by default: point it at this checkout so the
    # tests also work when pytest is started from another folder.
    template = Path(getattr(config.option, "template", None) or ".")
    if not (template / "copier.yml").is_file():
        config.option.template = str(REPO_ROOT)


# Rendering ----------------------------------------------------------------------------


@dataclass
class Variant:
    """A rendered copy of the template and the answers it was rendered with."""

    dest: Path
    answers: dict

    @property
    def backend_dir(self) -> Path:
        return (self.dest / self.answers["backend_dir"]).resolve()

    @property
    def app_path(self) -> str:
        return self.answers["django_app"].replace(".", "/")

    @property
    def app_dir(self) -> Path:
        return self.backend_dir / self.app_path

    @property
    def feature_dir(self) -> Path:
        """The frontend feature folder: frontend_dir / frontend_feature_dir."""
        answers = self.answers
        return (self.dest / answers["frontend_dir"] / answers["frontend_feature_dir"]).resolve()

    @property
    def top_package(self) -> str:
        return self.answers["django_app"].split(".")[0]

    @property
    def is_starter(self) -> bool:
        """A whole project of its own (project_kind=starter), not an app for the user's."""
        return self.answers["project_kind"] == "starter"


def read_answers(dest: Path) -> dict:
    answers = yaml.safe_load((dest / ANSWERS_FILE).read_text(encoding="utf-8"))
    return {key: value for key, value in answers.items() if not key.startswith("_")}


def render(dest: Path, **answers: object) -> Variant:
    """Render the checkout at HEAD plus its uncommitted changes, as ``copier copy --trust``."""
    run_copy(
        src_path=str(REPO_ROOT),
        dst_path=str(dest),
        data=answers,
        defaults=True,
        unsafe=True,
        vcs_ref="HEAD",
        quiet=True,
    )
    return Variant(dest=dest, answers=read_answers(dest))


def render_backend(
    tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer, name: str, **answers
) -> Backend:
    """Render a variant into a fresh folder and put the harness beside its app.

    The harness stands in for the project around the app. A starter renders a project of
    its own, which would clash with the harness, so a starter variant is rendered here as
    ``existing`` with the starter's user model (users.User, with its phone number);
    tests/test_starter.py runs the starter's own project.
    """
    if answers.get("project_kind", "starter") == "starter":
        answers = {**answers, "project_kind": "existing"}
        answers.setdefault("user_model", HARNESS_USER_MODEL)
    variant = render(tmp_path_factory.mktemp(name), **answers)
    return prepare_backend(variant, redis_url=redis_server.next_url())


# The harness --------------------------------------------------------------------------


@dataclass
class Result:
    args: Sequence[str]
    returncode: int
    output: str

    def __str__(self) -> str:
        command = " ".join(str(arg) for arg in self.args)
        return f"$ python {command}\n(exit code {self.returncode})\n{self.output}"


@dataclass
class Backend:
    """The rendered backend folder with the harness project copied in."""

    variant: Variant
    env: dict[str, str] = field(repr=False)

    @property
    def dir(self) -> Path:
        return self.variant.backend_dir

    def run(self, *args: str, timeout: float = 600) -> Result:
        completed = subprocess.run(
            [sys.executable, *args],
            cwd=self.dir,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            check=False,
        )
        return Result(args=args, returncode=completed.returncode, output=completed.stdout)

    def manage(self, *args: str) -> Result:
        return self.run("manage.py", *args)

    def shell_json(self, script: str):
        """What the last line ``script`` prints in ``manage.py shell``, read as JSON."""
        result = self.manage("shell", "-c", script)
        assert result.returncode == 0, str(result)
        return json.loads(result.output.strip().splitlines()[-1])

    def assert_checks_clean(self) -> None:
        result = self.manage("check", "--fail-level", "WARNING")
        assert result.returncode == 0, str(result)
        assert "System check identified no issues" in result.output, str(result)

    def assert_migrations_in_sync(self) -> None:
        result = self.manage("makemigrations", "--check", "--dry-run")
        assert result.returncode == 0, str(result)
        assert "No changes detected" in result.output, str(result)

    def run_rendered_tests(self, *pytest_args: str) -> Result:
        """The rendered app's own suite; it must pass and run at least one test.

        pytest's exit code 5 (nothing collected) is a failure here too.
        """
        tests_dir = f"{self.variant.app_path}/tests"
        assert (self.dir / tests_dir).is_dir(), f"no rendered tests in {tests_dir}"
        result = self.run("-m", "pytest", "-p", "no:cacheprovider", *pytest_args, tests_dir)
        assert result.returncode == 0, str(result)
        summary = result.output.strip().splitlines()[-1] if result.output.strip() else ""
        passed = re.search(r"\b(\d+) passed\b", summary)
        assert passed and int(passed.group(1)) > 0, str(result)
        return result


@cache
def template_context() -> ModuleType:
    """extensions/context.py, whose maps say what each answer brings into a project."""
    spec = importlib.util.spec_from_file_location(
        "template_context", REPO_ROOT / "extensions" / "context.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def harness_env(variant: Variant, redis_url: str) -> dict[str, str]:
    env = clean_environment()
    library = variant.answers.get("jwt_library", "simplejwt")
    context = template_context()
    env.update(
        HARNESS_APP=variant.answers["django_app"],
        HARNESS_USER_MODEL=variant.answers["user_model"],
        HARNESS_API_PREFIX=variant.answers["api_prefix"],
        # The token library's apps and authentication class, as the starter sets them.
        HARNESS_TOKEN_APPS=",".join(context.registries.token_libraries()[library]["apps"]),
        HARNESS_AUTHENTICATION=context.token_authentication(library, variant.answers["django_app"]),
        HARNESS_REDIS_URL=redis_url,
        DJANGO_SETTINGS_MODULE="harness_project.settings",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def prepare_backend(variant: Variant, *, redis_url: str) -> Backend:
    """Copy the harness project into the variant's backend_dir, beside the rendered app."""
    backend_dir = variant.backend_dir
    backend_dir.mkdir(parents=True, exist_ok=True)
    items = list(HARNESS_ITEMS)
    if user_app := HARNESS_USER_APPS.get(variant.answers["user_model"]):
        items.append(user_app)
    for item in items:
        source, target = HARNESS_DIR / item, backend_dir / item
        if target.exists():
            raise FileExistsError(f"the rendered backend already has {target}")
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    return Backend(variant=variant, env=harness_env(variant, redis_url))


# Variables of the machine running the tests that would change what a rendered project
# does: its settings (DJANGO_*, the starter's DATABASE_URL and REDIS_URL), and provider
# credentials, which must not fill in for settings a test leaves out.
PROJECT_VARIABLES = ("DATABASE_URL", "REDIS_URL", "EMAIL_BACKEND", "DEFAULT_FROM_EMAIL")
PROJECT_VARIABLE_PREFIXES = ("DJANGO_", "HARNESS_", "PYTEST_", "TWO_FACTOR_", "ANYMAIL_", "AWS_")


def clean_environment() -> dict[str, str]:
    return {
        key: value
        for key, value in os.environ.items()
        if key not in PROJECT_VARIABLES and not key.startswith(PROJECT_VARIABLE_PREFIXES)
    }


def starter_backend(variant: Variant) -> Backend:
    """A starter's own Django project (config/settings.py) in development mode, as dev.sh
    runs it (DJANGO_DEBUG=true; off is the settings' default): SQLite and the database
    cache."""
    assert variant.answers["project_kind"] == "starter", variant.answers
    env = {**clean_environment(), "DJANGO_DEBUG": "true", "PYTHONDONTWRITEBYTECODE": "1"}
    return Backend(variant=variant, env=env)


# gunicorn -----------------------------------------------------------------------------


@contextmanager
def gunicorn_serving(
    cwd: Path,
    env: dict[str, str],
    log: Path,
    *,
    workers: int,
    wsgi: str = "config.wsgi:application",
    python: str = sys.executable,
) -> Iterator[int]:
    """``wsgi`` served by gunicorn on a free loopback port, yielded once every worker
    answers; its output goes to ``log``. Stopped gracefully (SIGTERM) at the end."""
    port = free_port()
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [
                python, "-m", "gunicorn", wsgi, "--workers", str(workers),
                "--bind", f"127.0.0.1:{port}",
                # Django set up once, then forked: the workers boot fast on two cores.
                "--preload", "--timeout", "60", "--graceful-timeout", "5",
            ],
            cwd=cwd,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait_for_gunicorn(process, port, log, workers)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_gunicorn(process: subprocess.Popen, port: int, log: Path, workers: int) -> None:
    """Until every worker has booted (its log says so) and the server answers on ``port``."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()}")
        if log.read_text().count("Booting worker") >= workers:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/")
                connection.getresponse().read()
                connection.close()
                return
            except OSError:
                pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not start serving:\n{log.read_text()}")


# Redis --------------------------------------------------------------------------------

REDIS_DATABASES = 64


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisError(RuntimeError):
    pass


@dataclass
class RedisServer:
    """A redis-server process of our own, on a free loopback port, persisting nothing."""

    process: subprocess.Popen = field(repr=False)
    port: int
    _databases: Iterator[int] = field(default_factory=lambda: itertools.count(0), repr=False)
    # How it was started, for start() after stop()
    command: list[str] = field(default_factory=list, repr=False)
    log: Path | None = field(default=None, repr=False)

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def next_url(self) -> str:
        """A database of its own for one variant, so variants never share cache keys."""
        db = next(self._databases)
        if db >= REDIS_DATABASES:
            raise RedisError(f"more than {REDIS_DATABASES} Redis databases asked for")
        return self.url(db)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def start(self, timeout: float = 10) -> None:
        """Start it again after stop(), on the same port, as a restarted Redis comes back:
        empty, since it persists nothing. Returns once it answers PING."""
        if self.process.poll() is None:
            return
        with self.log.open("a") as log:
            self.process = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not redis_ping(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RedisError(f"redis-server did not come back:\n{self.log.read_text()}")
            time.sleep(0.05)


def start_redis(workdir: Path, *, attempts: int = 5, timeout: float = 10) -> RedisServer:
    """Start redis-server on a free port and wait until it answers PING."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise RedisError("redis-server is not installed: apt-get install redis-server")
    for _attempt in range(attempts):
        port = free_port()
        command = [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--databases", str(REDIS_DATABASES)]
        command += ["--dir", str(workdir)]
        log_path = workdir / f"redis-{port}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        server = RedisServer(process=process, port=port, command=command, log=log_path)
        deadline = time.monotonic() + timeout
        while process.poll() is None and time.monotonic() < deadline:
            if redis_ping(port):
                return server
            time.sleep(0.05)
        server.stop()  # the port was taken meanwhile, or redis did not come up: retry
    logs = "\n".join(path.read_text() for path in sorted(workdir.glob("redis-*.log")))
    raise RedisError(f"redis-server did not answer PING:\n{logs}")


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


# PostgreSQL ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL of the tests' own (tests/postgres.py) for the whole session,
    stopped and deleted at its end."""
    from postgres import PostgresError, start_postgres

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
    """The kit's shared npm install (tests/frontend/workspace.py), prepared the first time
    a test asks for that kit; a missing or too old Node fails the test with what to do."""
    from frontend import workspace  # the npm machinery, imported only by frontend tests

    @cache
    def prepare(kit: str) -> workspace.Workspace:
        try:
            return workspace.prepare(kit)
        except workspace.WorkspaceError as error:
            pytest.fail(str(error))

    return prepare


# Running on several cores (pytest-xdist) ------------------------------------------------


# The tier of a test, by its folder: `pytest -m unit` runs in seconds, without a copy.
TIERS = ("unit", "render", "backend", "frontend", "browser")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its folder's tier. Keep what shares a module-scoped fixture on
    one worker: a test module's tests, and a parametrized module's tests by parameter (one
    variant's checks share one render)."""
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

MATRIX_MODULE = "tests/test_matrix.py::"
# The checks of each variant (tests/test_matrix.py's test functions) and their columns.
MATRIX_COLUMNS = {
    "test_renders_clean": "render+ruff",
    "test_backend_checks": "checks",
    "test_backend_tests": "pytest",
    "test_deploy_checks": "deploy",
    "test_frontend_types_and_lint": "tsc+lint",
    "test_frontend_tests": "vitest",
    "test_frontend_build": "build",
}
MATRIX_RESULTS: dict[str, dict[str, str]] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Collect the outcome of each check of each variant, for the table below."""
    test, _, rest = report.nodeid.partition(MATRIX_MODULE)[2].partition("[")
    if test not in MATRIX_COLUMNS or not rest:
        return
    variant = rest.rstrip("]")
    if report.when == "call" or report.outcome != "passed":
        outcome = "skipped" if report.skipped else report.outcome
        if report.when != "call" and report.outcome == "failed":
            outcome = "error"
        MATRIX_RESULTS.setdefault(variant, {})[MATRIX_COLUMNS[test]] = outcome


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
