"""HTTP races against a served project: requests from threads released together by a
barrier, each on a connection of its own from a loopback address of its choosing, and
the users they sign in as, made in the project's database in one ``manage.py shell``
(shell_scripts/make_users.py)."""

from __future__ import annotations

import http.client
import json
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import shell

# Users with one password and a credential each: Backend.shell_json(MAKE_USERS,
# password=..., names=[...], credential="jwt" or "knox") -> {username: [pk, credential]}.
MAKE_USERS = shell.script("make_users.py")


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict
    retry_after: str | None = None

    @property
    def code(self) -> str | None:
        return self.body.get("code")


def post_json(
    port: int, path: str, body: dict, *, log: Path, authorization: str = "", source: str
) -> Reply:
    """One POST from the loopback address ``source``, on a connection of its own."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=60, source_address=(source, 0)
    )
    headers = {"Content-Type": "application/json"}
    if authorization:
        headers["Authorization"] = authorization
    try:
        connection.request("POST", path, json.dumps(body), headers)
        response = connection.getresponse()
        status, raw = response.status, response.read()
        retry_after = response.getheader("Retry-After")
    finally:
        connection.close()
    if status >= 500:  # a bug whatever the race: fail with the server's side of it
        server_log = "\n".join(log.read_text(errors="replace").splitlines()[-60:])
        pytest.fail(f"{status} from {path}:\n{server_log}")
    try:
        data = json.loads(raw)
    except ValueError:
        data = {"not_json": raw.decode("utf-8", "replace")[:300]}
    return Reply(status, data if isinstance(data, dict) else {"body": data}, retry_after)


def race(calls: list[Callable[[], Reply]]) -> list[Reply]:
    """Each call from a thread of its own, all released at once by a barrier."""
    barrier = threading.Barrier(len(calls))

    def released(call: Callable[[], Reply]) -> Reply:
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(released, calls))


def tally(replies: list[Reply]) -> Counter:
    return Counter(f"{reply.status} {reply.code or ''}".strip() for reply in replies)
