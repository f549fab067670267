"""What the template's own docs must say: every question and every choice of copier.yml
appears in docs/questions.md and in README.md's answers table."""

from __future__ import annotations

from pathlib import Path

import yaml

# The documents that list the answers, relative to the repository.
ANSWER_DOCS = ("docs/questions.md", "README.md")


def undocumented_answers(root: Path) -> list[str]:
    """``doc: question`` or ``doc: question=value`` for each answer a doc does not name
    (as `question` or `value`, in backticks), for the checkout at ``root``."""
    config = yaml.safe_load((root / "copier.yml").read_text(encoding="utf-8"))
    missing = []
    for doc in ANSWER_DOCS:
        text = (root / doc).read_text(encoding="utf-8")
        for name, question in config.items():
            if name.startswith("_") or not isinstance(question, dict):
                continue
            if f"`{name}`" not in text:
                missing.append(f"{doc}: {name}")
            choices = question.get("choices") or {}
            values = choices.values() if isinstance(choices, dict) else choices
            missing += [f"{doc}: {name}={value}" for value in values if f"`{value}`" not in text]
    return missing
