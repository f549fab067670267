"""Every question and every choice of copier.yml is named in docs/questions.md and in
README.md's answers table: a new choice is not done until users can read about it."""

from __future__ import annotations

from support.docs import undocumented_answers
from support.template import REPO_ROOT


def test_every_answer_is_documented():
    assert undocumented_answers(REPO_ROOT) == []
