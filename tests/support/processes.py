"""Running what a rendered project runs, in an environment of the tests' choosing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass

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
    args: Sequence[str]
    returncode: int
    output: str

    def __str__(self) -> str:
        command = " ".join(str(arg) for arg in self.args)
        return f"$ python {command}\n(exit code {self.returncode})\n{self.output}"


def output(result: subprocess.CompletedProcess) -> str:
    """A finished command's exit code and output, for an assertion's message."""
    return f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


def run_starter(variant: Variant, *args: str, **env: str) -> subprocess.CompletedProcess:
    """``python *args`` in the starter's backend, in development mode (DJANGO_DEBUG=true,
    as dev.sh runs it) unless ``env`` says otherwise."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=variant.backend_dir,
        env={**clean_environment(), "DJANGO_DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
