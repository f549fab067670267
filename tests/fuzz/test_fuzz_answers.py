"""Random answers to every free-text question of copier.yml: each is either refused with
Copier's validation message (and nothing rendered) or renders a starter whose backend
passes ``manage.py check`` and compiles (or, for a question only an existing project is
asked, the feature that uses it). An answer that looks like Jinja is kept as text,
never evaluated.
"""

from __future__ import annotations

import compileall
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.processes import output, run_starter
from support.render import render
from support.template import COPIER_CONFIG

pytestmark = pytest.mark.backend

# The questions answered by typing, read from copier.yml: strings without choices.
FREE_TEXT = [
    name
    for name, question in COPIER_CONFIG.items()
    if isinstance(question, dict) and question.get("type") == "str" and "choices" not in question
]
TRICKY = [
    "{{ 7 * 7 }}",
    "{% if true %}x{% endif %}",
    "{{ _copier_conf }}",
    "{# x #}",
    "a'b\"c",
    "a/b",
    "a\\b",
    " padded ",
    "x" * 300,
    "é/ü",
    "users.User",
    "app_1.x",
    "/api/{{ x }}/",
]
# Questions a starter is not asked, with the answers that ask them.
ASKED_WITH = {"shadcn_ui_import": {"project_kind": "existing", "ui_kit": "shadcn"}}
answers = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=30),
    st.text(alphabet="abcXYZ_019./-{}%# '\"\\", max_size=30),
    st.lists(st.sampled_from(TRICKY), min_size=2, max_size=3).map("".join),
)


@pytest.mark.parametrize("question", FREE_TEXT)
def test_random_answer_is_refused_or_renders_a_working_project(question: str):
    assert {"project_name", "backend_dir", "django_app", "api_prefix"} <= set(FREE_TEXT)

    @settings(
        max_examples=8,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(value=answers)
    def answer(value: str):
        with tempfile.TemporaryDirectory() as tmp:
            check_answer(Path(tmp) / "dest", question, value)

    answer()


def check_answer(dest: Path, question: str, value: str) -> None:
    context = ASKED_WITH.get(question, {})
    try:
        variant = render(dest, **context, **{question: value})
    except ValueError as refused:
        # Copier's validation refusal names the question; nothing is left behind.
        assert f"'{question}'" in str(refused), refused
        assert not dest.exists() or not any(dest.iterdir()), "nothing may be rendered"
        return
    # Kept as typed: a Jinja-looking answer was not evaluated.
    assert variant.answers[question] == value, (variant.answers[question], value)
    if question == "shadcn_ui_import":
        # An accepted import path is written into the imports as it is.
        button = variant.feature_dir / "components" / "backup-code-entry.tsx"
        imported = f'from "{value or "./ui"}/button";'
        assert imported in button.read_text(encoding="utf-8"), value
        return
    result = run_starter(variant, "manage.py", "check")
    assert result.returncode == 0, (value, output(result))
    assert compileall.compile_dir(variant.backend_dir, quiet=1, force=True), value
