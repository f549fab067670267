"""BENCHMARKS.md: the figures of one run, the command, and the machine they came from."""

from __future__ import annotations

import datetime
import os
import platform
from pathlib import Path

import django
from figures import Figure


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> str:
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def machine_lines() -> list[str]:
    return [
        f"- cores: {os.cpu_count()}, CPU: {cpu_model()}",
        f"- load average (1, 5, 15 min) when written: {load_average()}",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}, Django {django.get_version()} "
        "(the template's venv; the other libraries' venvs name theirs in their figures)",
    ]


def figure_rows(figures: list[Figure]) -> list[str]:
    rows = ["| figure | value | goal | verdict |", "|---|---|---|---|"]
    rows += [f"| {f.name} | {f.shown} | {f.goal} | {f.verdict} |" for f in figures]
    return rows


def write_markdown(
    path: Path, command: str, results: list[tuple[str, list[Figure], float]], failed: list[str]
) -> None:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmarks",
        "",
        "Written by `tests/bench/run.py` (see its docstring for what each figure measures).",
        "Regenerate with:",
        "",
        "```bash",
        f".venv/bin/{command} --write BENCHMARKS.md",
        "```",
        "",
        f"Run on {now} on:",
        "",
        *machine_lines(),
        "",
        "**Noise.** Latencies are from one machine, client and server on the same cores, and",
        "a sample per user (each user's code is used once): p90 of a few dozen samples moves",
        "with whatever else runs. Read them as orders of magnitude and ratios taken in the",
        "same run, not as absolute figures. A goal's verdict is computed, never asserted.",
        "",
        "**login/ and the hasher.** With the project's own hasher, slow by design, a request's",
        "time moves by a few milliseconds either way, more than what `login/` adds to the",
        "password check; that addition is read on the same project served with MD5 as its",
        "hasher, from `login/` and a password-only request sent in pairs. Every project",
        "measured here, django-allauth's and django-trench's too, uses the starter's Redis",
        "cache backend (`config/redis_cache.py`), so that only the libraries differ, and",
        "the starter's SQLite settings where its Django has them (5.1+: a write-ahead log,",
        "no flush per commit; django-trench's Django 4.2 keeps SQLite's rollback journal).",
    ]
    for title, figures, seconds in results:
        took = [f"Measured in {seconds:.0f} s.", ""] if seconds else []
        lines += ["", f"## {title}", "", *took, *figure_rows(figures)]
    if failed:
        lines += ["", "## Not measured in this run", "", *(f"- {title}" for title in failed)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
