"""How long Copier takes: the default starter against a one-file template, and an update.

Both templates are git repositories tagged 1.0.0 (the starter: this checkout's files, as
tests/test_update.py makes them), packed, so both copies pay the same kind of clone.
Every run is the command a user types, ``python -m copier ...`` in a subprocess,
interpreter start included. For the update, each round generates a project at 1.0.0 and
updates it to 1.1.0, a release changing one line of the app's views; the copy timed in
that round is the starter's copy figure.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from figures import Figure, median, timed

from support.git import commit_all, copier, git, release, tagged_checkout, update

VIEWS_TEMPLATE = "template/{{ backend_dir }}/{{ app_path }}/views.py"
ONE_FILE_COPIER_YML = "project_name:\n  type: str\n  default: Acme\n"
ONE_FILE_TEMPLATE = "{{ project_name }} was rendered by Copier.\n"
COPY_GOAL_RATIO = 3.0


def one_file_template(repo: Path) -> Path:
    """A template of one question and one file, tagged 1.0.0."""
    repo.mkdir(parents=True)
    (repo / "copier.yml").write_text(ONE_FILE_COPIER_YML, encoding="utf-8")
    (repo / "README.md.jinja").write_text(ONE_FILE_TEMPLATE, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "1.0.0")
    git(repo, "tag", "1.0.0")
    return repo


def copy(template: Path, dest: Path) -> None:
    copier(template.parent, "copy", "--trust", "--defaults", "--vcs-ref", "1.0.0",
           str(template), str(dest))  # fmt: skip


def measure(rounds: int) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-copier-") as tmp:
        work = Path(tmp)
        starter = tagged_checkout(work / "starter-template")
        tiny = one_file_template(work / "one-file-template")
        first_view_line = (starter / VIEWS_TEMPLATE).read_text("utf-8").splitlines()[0]
        release(starter, "1.1.0", [(VIEWS_TEMPLATE, first_view_line, first_view_line + " ")])
        # Packed, as a template a user copies from is (a clone, or Copier's mirror of a
        # remote one): the objects of a fresh commit are loose, and every copy's clone
        # would hard-link each of them, some 600 files.
        for repo in (starter, tiny):
            git(repo, "gc", "-q")

        tiny_copies, starter_copies, updates = [], [], []
        for n in range(rounds):
            tiny_copies.append(timed(lambda n=n: copy(tiny, work / f"tiny-{n}")))
            project = work / f"acme-{n}"
            starter_copies.append(timed(lambda project=project: copy(starter, project)))
            git(project, "init", "-q", "-b", "main")
            commit_all(project, "Generated from 1.0.0")
            updates.append(timed(lambda project=project: update(project)))
            # the update must have landed, or its time means nothing
            if git(project, "status", "--porcelain") == "":
                raise RuntimeError(f"copier update changed nothing in {project}")

    tiny_s, starter_s, update_s = median(tiny_copies), median(starter_copies), median(updates)
    ratio = starter_s / tiny_s
    return [
        Figure("copier copy, one-file template (median)", tiny_s, "s"),
        Figure("copier copy, default starter (median)", starter_s, "s"),
        Figure(
            "copier copy, starter / one-file",
            ratio,
            "x",
            goal=f"<= {COPY_GOAL_RATIO:g}x",
            met=ratio <= COPY_GOAL_RATIO,
        ),
        Figure("copier update 1.0.0 -> 1.1.0, default starter (median)", update_s, "s"),
        Figure("copier update / copier copy", update_s / starter_s, "x"),
    ]
