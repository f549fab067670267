"""A Django project served by gunicorn on loopback, and a client that times requests.

Every project the benchmarks compare is served the same way: two worker processes (the
machine has two cores), ``--preload`` so that Django is set up once before the fork, and
requests sent one after another on a fresh connection each, as a browser's first request
to an API would be.
"""

from __future__ import annotations

import http.client
import itertools
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from support.services import gunicorn_serving

WORKERS = 2


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict
    seconds: float


class Sources:
    """A loopback address per client: login throttles count per address, and a
    benchmark signs in far more often than one person would."""

    def __init__(self) -> None:
        pairs = itertools.product(range(256), range(1, 255))
        self._addresses = (f"127.3.{a}.{b}" for a, b in pairs)

    def take(self) -> str:
        return next(self._addresses)


@dataclass
class Server:
    port: int
    log: Path
    # sent with every request, e.g. the scheme a TLS-terminating proxy would pass on
    headers: dict = field(default_factory=dict)
    sources: Sources = field(default_factory=Sources)

    def request(
        self, method: str, path: str, body: dict | None = None, headers: dict | None = None
    ) -> Reply:
        """One request on a connection of its own, from an address of its own; the time is
        from sending the request to having read the whole response."""
        source = self.sources.take()
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(source, 0)
        )
        sent = {"Content-Type": "application/json", **self.headers, **(headers or {})}
        payload = json.dumps(body) if body is not None else None
        try:
            connection.connect()
            start = time.perf_counter()
            connection.request(method, path, payload, sent)
            response = connection.getresponse()
            raw = response.read()
            seconds = time.perf_counter() - start
            status = response.status
        finally:
            connection.close()
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            data = {"not_json": raw.decode("utf-8", "replace")[:300]}
        return Reply(status, data if isinstance(data, dict) else {"body": data}, seconds)

    def expect(self, status: int, reply: Reply, what: str) -> Reply:
        """A benchmark of failing requests measures nothing: stop with the server's log."""
        if reply.status != status:
            raise RuntimeError(
                f"{what}: {reply.status} (expected {status}) {reply.body}\n{self.tail()}"
            )
        return reply

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@contextmanager
def gunicorn(
    python: str,
    cwd: Path,
    env: dict[str, str],
    wsgi: str = "config.wsgi:application",
    headers: dict | None = None,
) -> Iterator[Server]:
    """conftest's gunicorn_serving with WORKERS workers, and a client for it."""
    log = cwd / "gunicorn.log"
    with gunicorn_serving(cwd, env, log, workers=WORKERS, wsgi=wsgi, python=python) as port:
        yield Server(port=port, log=log, headers=headers or {})
