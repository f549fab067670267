"""The variant matrix of tests/variants.yml: its pairs cover what it claims, and every
variant is a project Copier renders whose backend compiles and passes ruff and whose
rendered text holds no Jinja.

Each variant's own backend and frontend suites (checks, migrations, pytest, tsc, ESLint,
Vitest, builds) are the next step of the matrix; today tests/test_backend*.py,
tests/test_frontend.py and tests/test_starter*.py run them on one value at a time.
"""

from __future__ import annotations

import compileall
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import matrix
from conftest import CHOICES, RENDERED_RUFF_CONFIG, render

VARIANTS = matrix.load()
JINJA_LEFTOVER = re.compile(r"\{\{|\{%|\{#")
TEXT_SUFFIXES = {".py", ".ts", ".tsx", ".css", ".md", ".txt", ".json", ".html", ".sh"}


def test_every_pair_of_values_is_in_a_variant():
    questions = {question: CHOICES[question] for question in matrix.PAIRWISE_QUESTIONS}
    covered = set().union(
        *(matrix.pairs_of(answers) for answers in yaml_pairwise_variants().values())
    )
    missing = matrix.all_pairs(questions) - covered
    assert not missing, f"pairs no variant has: {sorted(missing)[:10]}"


def test_every_value_of_every_choice_question_is_in_a_variant():
    for question, values in CHOICES.items():
        seen = {answers.get(question) for answers in VARIANTS.values()}
        missing = set(values) - seen - {None}
        if question == "anymail_esp":
            continue  # one esp in the extras; tests/test_backend_providers.py runs others
        assert not missing, f"{question}: {sorted(missing)} in no variant"


def yaml_pairwise_variants() -> dict[str, dict]:
    return yaml.safe_load(matrix.VARIANTS_FILE.read_text(encoding="utf-8"))["pairwise"]


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_renders_clean(name: str, tmp_path: Path):
    variant = render(tmp_path / name, **VARIANTS[name])
    for question, value in VARIANTS[name].items():
        # sms_provider is not asked without a phone field: then there is no SMS channel.
        recorded = variant.answers.get(question, "none" if question == "sms_provider" else None)
        assert recorded == value, question
    assert compileall.compile_dir(str(variant.dest), quiet=1, force=True)
    leftovers = [
        path
        for path in variant.dest.rglob("*")
        if path.suffix in TEXT_SUFFIXES
        and path.is_file()
        and JINJA_LEFTOVER.search(path.read_text(encoding="utf-8"))
    ]
    assert not leftovers, leftovers
    # ruff as the project runs it: from the backend folder, the app's package first-party
    first_party = f"lint.isort.known-first-party = [{variant.top_package!r}]"
    for command in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--no-cache", "--config",
             str(RENDERED_RUFF_CONFIG), "--config", first_party, "."],
            cwd=variant.backend_dir,
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
