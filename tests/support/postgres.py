"""A PostgreSQL server of the tests' own, from Debian's ``postgresql`` package.

``start_postgres()`` runs initdb into a fresh folder under /tmp and starts ``postgres`` on
a free loopback port, with trust authentication from 127.0.0.1 only and the durability
settings a throwaway test server doesn't need turned off; ``PostgresServer.stop()`` shuts
it down and deletes its data. tests/backend/test_postgres.py has the session fixture around it
(move that fixture to tests/conftest.py for one server shared by several modules).

PostgreSQL refuses to run as root, and CI runs as root: then initdb and postgres run as the
``postgres`` user that the Debian package creates. A normal user runs them directly.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

from support.services import free_port

INSTALL_HINT = "apt-get install postgresql (the tests start a server of their own)"
SERVER_USER = "postgres"  # the system user the server runs as when the tests run as root
ROLE = "postgres"  # the superuser initdb creates, whom every URL names
# A server that lives for one test session: nothing has to survive a crash.
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}
# Trust from the loopback address only. No "local" line: nothing connects by socket.
HBA = "host all all 127.0.0.1/32 trust\n"


class PostgresError(RuntimeError):
    pass


@dataclass
class PostgresServer:
    """A postgres process of our own, on a free loopback port, with its data under /tmp."""

    process: subprocess.Popen = field(repr=False)
    port: int
    workdir: Path

    def url(self, dbname: str) -> str:
        return f"postgres://{ROLE}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        with self._connect() as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def databases(self) -> set[str]:
        with self._connect() as connection:
            rows = connection.execute("SELECT datname FROM pg_database WHERE NOT datistemplate")
            return {name for (name,) in rows}

    def _connect(self, timeout: int = 10) -> psycopg.Connection:
        # CREATE DATABASE can't run inside a transaction.
        return psycopg.connect(self.url("postgres"), autocommit=True, connect_timeout=timeout)

    def ready(self) -> bool:
        try:
            with self._connect(timeout=1):
                return True
        except psycopg.OperationalError:
            return False

    def shut_down(self) -> None:
        """Fast shutdown: SIGINT disconnects the clients instead of waiting for them."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def start(self, timeout: float = 60) -> None:
        """Start it again after shut_down(), on the same port and data, as a restarted
        server comes back. Returns once it accepts connections."""
        if self.process.poll() is None:
            return
        self.process = _run_postgres(self.workdir, self.port)
        deadline = time.monotonic() + timeout
        while not self.ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.shut_down()
                log = (self.workdir / "postgres.log").read_text(errors="replace")
                raise PostgresError(f"postgres did not come back:\n{log}")
            time.sleep(0.1)

    def stop(self) -> None:
        """Shut down and delete the data."""
        self.shut_down()
        shutil.rmtree(self.workdir, ignore_errors=True)


def find_bindir() -> Path:
    """The folder of initdb and postgres: pg_config's, else Debian's newest version."""
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        # libpq-dev's pg_config answers even without the server: hence the checks below.
        bindir = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if bindir:
            candidates.append(Path(bindir))
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(versions, key=lambda path: _version(path.parent.name), reverse=True)
    for bindir in candidates:
        if all((bindir / name).is_file() for name in ("initdb", "postgres")):
            return bindir
    raise PostgresError(f"PostgreSQL's initdb and postgres were not found: {INSTALL_HINT}")


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def server_user() -> dict:
    """Popen's arguments that run the server unprivileged: as postgres when we are root."""
    if os.geteuid() != 0:
        return {}
    try:
        entry = pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise PostgresError(
            f"running as root, and PostgreSQL refuses to: it runs as the {SERVER_USER} user,"
            f" which does not exist: {INSTALL_HINT}, or run the tests as a normal user"
        ) from None
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def start_postgres(*, attempts: int = 5, timeout: float = 60) -> PostgresServer:
    """initdb a fresh cluster, start postgres on a free port and wait until it accepts."""
    bindir = find_bindir()
    as_user = server_user()
    # Not pytest's tmp folder: as root that is private to root, and the socket path must
    # stay short. mkdtemp makes it 0700, so the server's files are the server user's own.
    workdir = Path(tempfile.mkdtemp(prefix="pytest-postgres-"))
    if as_user:
        os.chown(workdir, as_user["user"], as_user["group"])
    datadir, log_path = workdir / "data", workdir / "postgres.log"

    def log_text() -> str:
        return log_path.read_text(errors="replace") if log_path.exists() else ""

    with log_path.open("w") as log:
        initdb = [bindir / "initdb", "-D", datadir, "-U", ROLE, "--auth", "trust"]
        initdb += ["-E", "UTF8", "--locale", "C", "--no-sync"]
        completed = subprocess.run(
            initdb, cwd=workdir, stdout=log, stderr=subprocess.STDOUT, check=False, **as_user
        )
    if completed.returncode != 0:
        text = log_text()
        shutil.rmtree(workdir, ignore_errors=True)
        raise PostgresError(f"initdb failed (exit {completed.returncode}):\n{text}")
    # Written by us as whichever user we are; the server only needs to read them.
    settings = {**SETTINGS, "unix_socket_directories": f"'{workdir}'"}
    with (datadir / "postgresql.conf").open("a") as conf:
        conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
    (datadir / "pg_hba.conf").write_text(HBA)

    for _attempt in range(attempts):
        port = free_port()
        process = _run_postgres(workdir, port)
        server = PostgresServer(process=process, port=port, workdir=workdir)
        deadline = time.monotonic() + timeout
        while process.poll() is None and time.monotonic() < deadline:
            if server.ready():
                return server
            time.sleep(0.1)
        # The port was taken meanwhile, or the server did not come up: retry on another.
        server.shut_down()
    text = log_text()
    shutil.rmtree(workdir, ignore_errors=True)
    raise PostgresError(f"postgres did not accept connections:\n{text}")


def _run_postgres(workdir: Path, port: int) -> subprocess.Popen:
    """postgres on the cluster in ``workdir``, its output appended to postgres.log there."""
    with (workdir / "postgres.log").open("a") as log:
        return subprocess.Popen(
            [find_bindir() / "postgres", "-D", workdir / "data", "-p", str(port)],
            cwd=workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
            **server_user(),
        )
