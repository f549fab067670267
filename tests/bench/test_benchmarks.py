"""tests/bench/run.py in its short mode: it runs through and prints every figure.

The figures' values are never checked: timings on a shared machine vary too much, and
the goals' verdicts are for people to read (BENCHMARKS.md). What is checked is that no
measurement broke: the script exits 0 and every figure's line is in its output.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from support.template import REPO_ROOT

pytestmark = pytest.mark.backend

# One line per figure the short mode prints, starting with its name.
FIGURES = [
    "copier copy, one-file template (median)",
    "copier copy, default starter (median)",
    "copier copy, starter / one-file",
    "copier update 1.0.0 -> 1.1.0, default starter (median)",
    "copier update / copier copy",
    "ours: login/ (password step) p50",
    "ours: login/ (password step) p90",
    "password only: the user and one pbkdf2_sha256 check, same server p50",
    "password only: the user and one pbkdf2_sha256 check, same server p90",
    "one check_password",
    "with MD5 as the hasher: login/ p50",
    "with MD5 as the hasher: password only p50",
    "with MD5 as the hasher: plain DRF endpoint p50",
    "with MD5 as the hasher: login/ less password only, same pair, p50",
    "ours: login/verify/ with a TOTP code p50",
    "ours: login/verify/ with a TOTP code p90",
    "ours: login/verify/ with a backup code p50",
    "ours: login/verify/ with a backup code p90",
    "ours: login/passkey/options/ p50",
    "ours: login/passkey/options/ p90",
    "ours: login/verify/ with a passkey p50",
    "ours: login/verify/ with a passkey p90",
    "ours: totp/status/ p50",
    "ours: totp/status/ p90",
    "plain DRF endpoint, same server (JWT auth) p50",
    "plain DRF endpoint, same server (JWT auth) p90",
    "ours: queries per login/verify/ (TOTP code), reading or writing rows",
    "ours: queries per login/verify/ (backup code), reading or writing rows",
    "ours: queries per login/verify/ (passkey), reading or writing rows",
    "ours: queries per totp/status/, reading or writing rows",
    "frontend feature's own code, ui_kit=shadcn, gzip",
    "npm packages it brings, ui_kit=shadcn, gzip",
    "second step with a TOTP code, ours / allauth (p50)",
    "second step with a backup code, ours / allauth (p50)",
    "second step with a passkey, ours / allauth (p50)",
    "second step with a passkey less ours with a TOTP code (p50)",
]
# The other libraries' figures: "<library> (Django <version>): <what>".
LIBRARY_FIGURES = [
    (library, f"{step} {percentile}")
    for library in ("django-allauth", "django-trench")
    for step in ("password step", "second step with a TOTP code", "second step with a backup code")
    for percentile in ("p50", "p90")
] + [("django-allauth", f"second step with a passkey {p}") for p in ("p50", "p90")]


def test_short_benchmarks_print_every_figure(tmp_path):
    written = tmp_path / "BENCHMARKS.md"
    result = subprocess.run(
        [sys.executable, "tests/bench/run.py", "--short", "--write", str(written)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    shown = f"(exit {result.returncode})\n{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, shown
    lines = result.stdout.splitlines()
    for figure in FIGURES:
        assert any(line.startswith(figure) for line in lines), f"{figure!r} not printed:\n{shown}"
    for library, what in LIBRARY_FIGURES:
        printed = any(
            line.startswith(f"{library} (Django ") and line.split("): ", 1)[-1].startswith(what)
            for line in lines
        )
        assert printed, f"{library}: {what!r} not printed:\n{shown}"
    report = written.read_text(encoding="utf-8")
    assert "python tests/bench/run.py --short" in report
    assert "cores:" in report
