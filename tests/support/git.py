"""Copies of this template in git repositories of their own, tagged as releases, and the
projects generated from them: what ``copier update`` needs (tests/render/test_update.py,
and the benchmarks' timing of copies and updates)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from support.render import ANSWERS_FILE
from support.template import REPO_ROOT

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Template Tests",
    "GIT_AUTHOR_EMAIL": "tests@example.com",
    "GIT_COMMITTER_NAME": "Template Tests",
    "GIT_COMMITTER_EMAIL": "tests@example.com",
}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"git {' '.join(args)}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def copier(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "copier", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"copier {' '.join(args)}\n{result.stdout}\n{result.stderr}"
    return result


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def tagged_checkout(repo: Path) -> Path:
    """This checkout's files, uncommitted changes included, committed and tagged 1.0.0 in
    ``repo`` (the benchmarks time copies and updates of it too)."""
    _copy_checkout(repo)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "1.0.0")
    git(repo, "tag", "1.0.0")
    return repo


def tagged_commit(repo: Path, commit: str) -> Path:
    """The files of one of this repository's commits, committed and tagged 1.0.0 in
    ``repo``: a release with an earlier layout, to update from."""
    repo.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=REPO_ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(repo)], input=archive, check=True)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "1.0.0")
    git(repo, "tag", "1.0.0")
    return repo


def release_checkout(repo: Path, version: str) -> None:
    """This checkout's files, as they are now, as the next release of ``repo``: files it
    no longer has are gone from the release too."""
    git(repo, "rm", "-r", "-q", ".")
    _copy_checkout(repo)
    commit_all(repo, version)
    git(repo, "tag", version)


def has_commit(commit: str) -> bool:
    """Whether this repository's history holds ``commit`` (a shallow clone may not)."""
    found = subprocess.run(
        ["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=REPO_ROOT, capture_output=True
    )
    return found.returncode == 0


def _copy_checkout(repo: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)


def release(repo: Path, version: str, edits: list[tuple[str, str, str]]) -> None:
    """Change the template's files (path, old text, new text) and tag the commit."""
    for path, old, new in edits:
        replace(repo / path, old, new)
    commit_all(repo, version)
    git(repo, "tag", version)


def generate(template: Path, dest: Path, *answers: str) -> Path:
    copier(template.parent, "copy", "--trust", "--defaults", "--vcs-ref", "1.0.0",
           *answers, str(template), str(dest))  # fmt: skip
    git(dest, "init", "-q", "-b", "main")
    commit_all(dest, "Generated from django-react-2fa 1.0.0")
    return dest


def update(project: Path, *args: str) -> subprocess.CompletedProcess:
    return copier(project, "update", "--trust", "--defaults", "--answers-file", ANSWERS_FILE, *args)
