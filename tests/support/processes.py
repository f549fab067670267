"""Running what a rendered project runs, in an environment of the tests' choosing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from support.render import Variant

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


@dataclass
class Result:
    """A finished command, printable as a failure message with all of its output."""

    args: Sequence[str]
    returncode: int
    output: str
    cwd: Path | None = None
    seconds: float = 0.0

    def __str__(self) -> str:
        command = " ".join(str(arg) for arg in self.args)
        where = f"cd {self.cwd} && " if self.cwd else ""
        return (
            f"$ {where}{command}\n(exit code {self.returncode}, {self.seconds:.1f}s)\n{self.output}"
        )


def run(
    args: Sequence[str | Path],
    cwd: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 900,
) -> Result:
    """Run a command, its stderr merged into its stdout; never raises on a failing exit.

    ``env`` is the whole environment; by default the tests' own, cleaned of what would
    change a project (``clean_environment``)."""
    started = time.monotonic()
    completed = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=dict(clean_environment() if env is None else env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Result(
        args=[str(arg) for arg in args],
        returncode=completed.returncode,
        output=completed.stdout,
        cwd=cwd,
        seconds=time.monotonic() - started,
    )


def output(result: subprocess.CompletedProcess) -> str:
    """A finished command's exit code and output (each stream on its own, for the tests
    that tell them apart), for an assertion's message."""
    return f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


def run_starter(variant: Variant, *args: str, **env: str) -> subprocess.CompletedProcess:
    """``python *args`` in the starter's backend, in development mode (DJANGO_DEBUG=true,
    as dev.sh runs it) unless ``env`` says otherwise. Its stdout and stderr are kept
    apart: the tests check what goes to which (a warning, never a password on stdout)."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=variant.backend_dir,
        env={**clean_environment(), "DJANGO_DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
