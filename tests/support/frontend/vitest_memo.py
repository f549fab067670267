"""Which of a frontend's Vitest files have passed already in this run, with the same input.

Thirty variants render thirty frontends, but a test file sees only what it imports: most of
a kit's variants give a test file the very same code (they differ in a constant, a token
helper or a ``"use client"`` line). A test file's *input* is the content of every file of
the app it reaches through relative and ``@/`` imports, the app's test configuration (its
Vite or Vitest config and what that imports, tsconfig.json, package.json) and the npm
install. When a file with that input has passed in another variant of this run, its
result is known: the variant runs only the files whose input is new.

The record is kept for one pytest run only (the session's temporary folder, which
pytest-xdist's workers share), and only for files that passed: a failure is run again in
every variant that has it, and a new run starts from nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Vitest's default include (vitest.dev/config/include) and the folders its default exclude
# and the frameworks' outputs put aside.
TEST_FILE = re.compile(r"\.(test|spec)\.[cm]?[jt]sx?$")
SKIPPED_FOLDERS = {"node_modules", "dist", ".next", ".git", "coverage"}
CONFIGS = (
    "package.json",
    "tsconfig.json",
    "vite.config.ts",
    "vite.config.mts",
    "vitest.config.ts",
    "vitest.config.mts",
)
SOURCE_SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
# import/export ... from "x", import "x", import("x"), vi.mock("x"), require("x")
SPECIFIER = re.compile(
    r"""(?:\bfrom\s*|\bimport\s*\(?\s*|\bvi\.mock\(\s*|\brequire\(\s*)["']([^"'\n]+)["']"""
)
# A module's "use client" or "use server" directive: Next.js's bundler reads it, Vitest
# runs it as a bare string expression that does nothing.
DIRECTIVE = re.compile(r"""\A(?:\s*["']use (?:client|server)["'];?[ \t]*\n)+\s*""")


@dataclass(frozen=True)
class TestFile:
    path: Path  # relative to the app
    input: str  # sha256 of everything the file's result depends on


def test_files(app_dir: Path, under: str | None = None) -> list[TestFile]:
    """The app's Vitest files (those under ``under`` when its test script names a --dir),
    each with the digest of its input."""
    root = app_dir / under if under else app_dir
    shared = _shared_input(app_dir)
    found = []
    for path in sorted(_walk(root)):
        if TEST_FILE.search(path.name):
            reached, complete = _closure(app_dir, [path])
            digest = hashlib.sha256(shared.encode())
            for file in sorted(reached):
                digest.update(f"\0{file.relative_to(app_dir).as_posix()}\0".encode())
                digest.update(_normalized(file))
            # An import this module cannot follow: the file's input is not known, and it
            # runs in every variant ("" is never recorded).
            found.append(
                TestFile(path.relative_to(app_dir), digest.hexdigest() if complete else "")
            )
    return found


def _shared_input(app_dir: Path) -> str:
    """What every test file of the app depends on: its configs and what they import."""
    configs = [app_dir / name for name in CONFIGS if (app_dir / name).is_file()]
    digest = hashlib.sha256()
    for path in sorted(_closure(app_dir, configs)[0]):
        digest.update(f"\0{path.relative_to(app_dir).as_posix()}\0".encode())
        digest.update(_normalized(path))
    return digest.hexdigest()


def _walk(folder: Path) -> Iterator[Path]:
    for entry in folder.iterdir():
        if entry.is_dir():
            if entry.name not in SKIPPED_FOLDERS:
                yield from _walk(entry)
        elif entry.is_file():
            yield entry


def _closure(app_dir: Path, start: Iterable[Path]) -> tuple[set[Path], bool]:
    """The files reached from ``start`` through relative and ``@/`` imports, and whether
    every such import was found. Packages are left out: the variants share one npm
    install."""
    seen: set[Path] = set()
    complete = True
    pending = [path.resolve() for path in start]
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        if path.suffix not in SOURCE_SUFFIXES:
            continue  # styles, images, JSON: their bytes count, they import nothing
        text = path.read_text(encoding="utf-8", errors="replace")
        for specifier in SPECIFIER.findall(text):
            if not specifier.startswith((".", "@/")):
                continue
            target = _resolve(app_dir, path.parent, specifier)
            if target is None:
                complete = False
            else:
                pending.append(target)
    return seen, complete


def _resolve(app_dir: Path, folder: Path, specifier: str) -> Path | None:
    if specifier.startswith("."):
        base = folder / specifier
    elif specifier.startswith("@/"):
        base = app_dir / "src" / specifier[2:]
    else:
        return None
    candidates = [base, *(base.with_name(base.name + suffix) for suffix in SOURCE_SUFFIXES)]
    candidates += [base / f"index{suffix}" for suffix in SOURCE_SUFFIXES]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    return None


def _normalized(path: Path) -> bytes:
    content = path.read_bytes()
    if path.suffix in SOURCE_SUFFIXES:
        text = content.decode("utf-8", errors="replace")
        content = DIRECTIVE.sub("", text, count=1).encode()
    return content


class Record:
    """The inputs that have passed in this run, one file each in a folder the run's
    processes share; a file names the variant that ran them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def passed_in(self, scope: str, test: TestFile) -> str | None:
        if not test.input:
            return None
        entry = self.folder / f"{scope}-{test.input}"
        return entry.read_text(encoding="utf-8") if entry.is_file() else None

    def add(self, scope: str, test: TestFile, variant: str) -> None:
        if not test.input:
            return
        entry = self.folder / f"{scope}-{test.input}"
        # A name of this process's own: two workers may record one input at once.
        temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        temporary.write_text(variant, encoding="utf-8")
        temporary.replace(entry)
