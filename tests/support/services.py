"""Servers the tests start of their own, on free loopback ports: Redis and gunicorn
(PostgreSQL is in support/postgres.py)."""

from __future__ import annotations

import http.client
import itertools
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


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
