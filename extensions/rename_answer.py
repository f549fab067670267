"""Move a project's answer from a question's old name to its new one.

Usage::

    python rename_answer.py ANSWERS_FILE OLD_NAME NEW_NAME

A release that renames a question runs this from a ``_migrations`` entry of copier.yml
before ``copier update`` renders (docs/releasing.md shows the entry). Without it the
renamed question would not find the project's answer and would fall back to its default,
and the update would silently change the user's files. It takes the names as arguments
so that every later rename reuses it, and it lives in extensions/, outside template/, so
it is never rendered into a project. Copier runs it from the template's own files
(``{{ _copier_conf.src_path }}``) with the Python that runs Copier
(``{{ _copier_python }}``), which has PyYAML because Copier needs it.

- The old name is in the file: its answer moves to the new name and the file is written
  again. An answer already recorded under the new name wins over the old one, whose
  line is dropped.
- The old name is not in the file: the file is left as it is. So a second run changes
  nothing; the entry's ``version`` already keeps Copier from running it twice.

Comment lines (Copier's "Changes here will be overwritten" warning) stay at the top.
The rest of the file need not keep its layout: Copier writes it again once the update
has rendered.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

USAGE = "usage: rename_answer.py ANSWERS_FILE OLD_NAME NEW_NAME"


def rename_answer(answers_file: Path, old: str, new: str) -> bool:
    """Move the answer recorded as ``old`` to ``new``; True when the file was written."""
    text = answers_file.read_text(encoding="utf-8")
    answers = yaml.safe_load(text) or {}
    if old not in answers:
        return False
    answers.setdefault(new, answers.pop(old))
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    body = yaml.safe_dump(answers, sort_keys=False, allow_unicode=True)
    answers_file.write_text(header + body, encoding="utf-8")
    return True


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(USAGE, file=sys.stderr)
        return 2
    answers_file, old, new = Path(argv[0]), argv[1], argv[2]
    if rename_answer(answers_file, old, new):
        # Copier shows a migration's output: the user sees what happened to the answer.
        print(f"{answers_file}: {old} is now {new}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
