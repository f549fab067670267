"""extensions/npm_pins.py: the pins of npm_packages.yml, merged for one frontend."""

from __future__ import annotations

import pytest

from support.template import choices, extension

npm_pins = extension("npm_pins")


def test_merge_joins_sections_and_sorts():
    merged = npm_pins.merge(
        [
            {"dependencies": {"b": "^2"}, "devDependencies": {"vitest": "^4"}},
            {"dependencies": {"a": "^1"}},
        ]
    )
    assert merged == {"dependencies": {"a": "^1", "b": "^2"}, "devDependencies": {"vitest": "^4"}}
    assert list(merged["dependencies"]) == ["a", "b"]


def test_a_package_pinned_twice_must_agree():
    with pytest.raises(ValueError, match="pins react as both"):
        npm_pins.merge([{"dependencies": {"react": "^19"}}, {"dependencies": {"react": "^18"}}])


def test_a_dependency_is_not_also_a_dev_dependency():
    merged = npm_pins.merge(
        [{"devDependencies": {"postcss": "^8"}}, {"dependencies": {"postcss": "^8"}}]
    )
    assert merged == {"dependencies": {"postcss": "^8"}, "devDependencies": {}}


def test_unknown_kit_or_framework_is_named():
    with pytest.raises(KeyError, match="no ui_kit 'bogus'"):
        npm_pins.parts("bogus", "vite")
    with pytest.raises(KeyError, match="no frontend_framework 'remix'"):
        npm_pins.parts("mui", "remix")


@pytest.mark.parametrize("kit", choices("ui_kit"))
@pytest.mark.parametrize("framework", choices("frontend_framework"))
def test_every_answer_pair_merges(kit, framework):
    """No two sections of the yml disagree for any kit and framework a user can pick."""
    starter = npm_pins.dependencies(kit, framework, starter=True)
    feature = npm_pins.dependencies(kit, framework)
    assert "react" in starter["dependencies"]
    for section in npm_pins.SECTIONS:
        assert feature[section].items() <= {**starter["dependencies"], **starter[section]}.items()
    framework_package = {"vite": "vite", "nextjs": "next"}[framework]
    assert framework_package in {**starter["dependencies"], **starter["devDependencies"]}
