"""Figures the benchmarks print: a value, its unit, and the goal it is read against.

A goal is a verdict (met / not met) worked out from figures of the same run, never an
assertion: timings on a shared machine vary too much to fail a build on.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    goal: str = ""
    met: bool | None = None  # None: no goal for this figure

    @property
    def shown(self) -> str:
        if self.unit == "ms":
            return f"{self.value:.1f} ms"
        if self.unit == "s":
            return f"{self.value:.2f} s"
        if self.unit == "x":
            return f"{self.value:.2f}x"
        return f"{self.value:g} {self.unit}".strip()

    @property
    def verdict(self) -> str:
        if self.met is None:
            return ""
        return "met" if self.met else "NOT MET"


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile: p50 of 5 samples is the 3rd smallest."""
    ordered = sorted(samples)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def p50_p90(name: str, samples_s: list[float]) -> list[Figure]:
    """Two figures in milliseconds, named '<name> p50' and '<name> p90'."""
    return [
        Figure(f"{name} p50", percentile(samples_s, 0.5) * 1000, "ms"),
        Figure(f"{name} p90", percentile(samples_s, 0.9) * 1000, "ms"),
    ]


def timed(call: Callable[[], object]) -> float:
    """Seconds one call takes, on the monotonic clock."""
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def table(figures: list[Figure]) -> str:
    """Aligned text: figure, value, goal, verdict."""
    rows = [("figure", "value", "goal", "")]
    rows += [(f.name, f.shown, f.goal, f.verdict) for f in figures]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  "
        + row[3]
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)
