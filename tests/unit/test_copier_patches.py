"""extensions/compile_cache.py, file_mode_once.py and render_once.py: what each patch of
Copier's behaviour does, and that it steps aside rather than break a copy. A render is the
same with or without them: tests/render/test_renders_without_patches.py."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import Environment
from jinja2.ext import Extension

from support.template import extension

compile_cache = extension("compile_cache")
file_mode_once = extension("file_mode_once")
render_once = extension("render_once")


class CountsPreprocess(Extension):
    """Stands in for an extension whose preprocess hook keeps state (Copier's yield tag)."""

    calls = 0

    def preprocess(self, source, name, filename=None):
        type(self).calls += 1
        return source


def environment() -> Environment:
    return Environment(  # noqa: S701 (templates of code and text, not HTML)
        extensions=[compile_cache.CompileCache, CountsPreprocess], keep_trailing_newline=True
    )


def test_a_string_is_compiled_once_and_renders_the_same():
    env = environment()
    source = "{{ name }}/{% if flag %}on{% endif %}"
    first, again = env.from_string(source), env.from_string(source)
    assert first.render(name="a", flag=True) == again.render(name="a", flag=True) == "a/on"
    assert first.root_render_func.__code__ is again.root_render_func.__code__


def test_a_cache_hit_still_runs_the_preprocess_hooks():
    env = environment()
    CountsPreprocess.calls = 0
    env.from_string("{{ x }}")
    env.from_string("{{ x }}")
    assert CountsPreprocess.calls == 2


def test_different_strings_are_different_templates():
    env = environment()
    assert env.from_string("{{ a }}").render(a=1, b=2) == "1"
    assert env.from_string("{{ b }}").render(a=1, b=2) == "2"


def test_the_environment_variable_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(file_mode_once.PATCHES_ENV, "0")
    env = environment()
    assert "compile" not in vars(env), "Environment.compile left as Jinja has it"
    plain = Environment()  # noqa: S701
    assert env.from_string("{{ 1 + 1 }}").render() == plain.from_string("{{ 1 + 1 }}").render()


@pytest.fixture
def wrapped(monkeypatch: pytest.MonkeyPatch):
    """The wrapper around a stand-in for Copier's method, which records its calls; and a
    ``core.fileMode`` lookup that counts its own."""
    internals = file_mode_once._copier_internals()
    if internals is None:
        pytest.skip("this Copier has no method the wrapper knows (it leaves Copier alone)")
    worker_class, _, get_git, process_error = internals
    synced: list[tuple] = []
    lookups: list[Path] = []

    def original(self, *args):
        synced.append(args)

    monkeypatch.setattr(worker_class, "_sync_git_index_executable_bit", original)

    def fake_git(context_dir):
        lookups.append(context_dir)
        return lambda *args: "false\n" if context_dir.name == "modes-ignored" else "true\n"

    monkeypatch.setattr("copier._vcs.get_git", fake_git)
    assert file_mode_once.install()
    method = worker_class._sync_git_index_executable_bit
    assert getattr(method, file_mode_once.WRAPPED)
    return SimpleNamespace(method=method, synced=synced, lookups=lookups)


# copier.yml's _jinja_extensions, as Copier hands them over
OURS = (
    "copier_template_extensions.TemplateExtensionLoader",
    "extensions/file_mode_once.py:FileModeOnce",
)


def test_modes_kept_means_one_lookup_and_nothing_for_copier_to_do(wrapped, tmp_path):
    worker = SimpleNamespace(
        template=SimpleNamespace(jinja_extensions=OURS),
        subproject=SimpleNamespace(local_abspath=tmp_path / "modes-kept"),
    )
    for name in ("a.py", "b.py", "c.py"):
        assert wrapped.method(worker, Path(name), 0o644) is None
    assert wrapped.lookups == [tmp_path / "modes-kept"]
    assert wrapped.synced == []


def test_modes_ignored_hands_every_file_to_copier(wrapped, tmp_path):
    worker = SimpleNamespace(
        template=SimpleNamespace(jinja_extensions=OURS),
        subproject=SimpleNamespace(local_abspath=tmp_path / "modes-ignored"),
    )
    wrapped.method(worker, Path("a.sh"), 0o755)
    wrapped.method(worker, Path("b.sh"), 0o755)
    assert len(wrapped.lookups) == 1
    assert wrapped.synced == [(Path("a.sh"), 0o755), (Path("b.sh"), 0o755)]


def test_another_templates_copy_gets_copiers_own_method(wrapped, tmp_path):
    worker = SimpleNamespace(
        template=SimpleNamespace(jinja_extensions=("some_other.Extension",)),
        subproject=SimpleNamespace(local_abspath=tmp_path / "modes-kept"),
    )
    wrapped.method(worker, Path("a.py"), 0o644)
    assert wrapped.synced == [(Path("a.py"), 0o644)] and wrapped.lookups == []


def test_a_surprise_inside_copier_falls_back_to_its_own_method(wrapped):
    worker = SimpleNamespace()  # no template, no subproject: not the Worker it knows
    wrapped.method(worker, Path("a.py"), 0o644)
    assert wrapped.synced == [(Path("a.py"), 0o644)]


def test_the_environment_variable_turns_the_wrapper_off(wrapped, tmp_path, monkeypatch):
    monkeypatch.setenv(file_mode_once.PATCHES_ENV, "0")
    worker = SimpleNamespace(
        template=SimpleNamespace(jinja_extensions=OURS),
        subproject=SimpleNamespace(local_abspath=tmp_path / "modes-kept"),
    )
    wrapped.method(worker, Path("a.py"), 0o644)
    assert wrapped.synced == [(Path("a.py"), 0o644)] and wrapped.lookups == []
    assert file_mode_once.install() is False


def test_another_copier_is_left_alone(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(file_mode_once, "version", lambda name: "10.0.0")
    assert file_mode_once._copier_internals() is None
    assert file_mode_once.install() is False


# render_once.py -------------------------------------------------------------------------

RENDER_ONCE_OURS = ("extensions/render_once.py:RenderOnce",)


@pytest.fixture
def render_wrapped(monkeypatch: pytest.MonkeyPatch):
    """The wrappers around stand-ins for Copier's _render_string and answers_relpath,
    which record their calls; and the Phase to render in."""
    internals = render_once._copier_internals()
    if internals is None:
        pytest.skip("this Copier has no method the wrapper knows (it leaves Copier alone)")
    worker_class, _, phase = internals
    rendered: list[tuple] = []

    def original(self, string, extra_context=None):
        rendered.append((string, extra_context))
        return f"<{string}>"

    def answers_path(self):
        rendered.append(("answers file", None))
        return Path(".copier-answers.yml")

    monkeypatch.setattr(worker_class, "_render_string", original)
    monkeypatch.setattr(worker_class, "answers_relpath", property(answers_path))
    assert render_once.install()
    return SimpleNamespace(worker_class=worker_class, phase=phase, rendered=rendered)


def copier_worker(extensions=RENDER_ONCE_OURS, **envops) -> SimpleNamespace:
    preprocessed: list[str] = []
    env = Environment(**envops)  # noqa: S701 - paths, not HTML
    env.preprocess = lambda source, *args: preprocessed.append(source)
    return SimpleNamespace(
        template=SimpleNamespace(jinja_extensions=extensions),
        jinja_env=env,
        preprocessed=preprocessed,
    )


def render(wrapped, worker, string, extra_context=None):
    return wrapped.worker_class._render_string(worker, string, extra_context)


def test_a_segment_renders_once_per_copy_while_the_files_render(render_wrapped):
    wrapped, worker, other_copy = render_wrapped, copier_worker(), copier_worker()
    with wrapped.phase.use(wrapped.phase.RENDER):
        assert [render(wrapped, worker, "{{ a }}") for _ in range(3)] == ["<{{ a }}>"] * 3
        render(wrapped, other_copy, "{{ a }}")
        assert wrapped.worker_class.answers_relpath.fget(worker) == Path(".copier-answers.yml")
        wrapped.worker_class.answers_relpath.fget(worker)
    assert wrapped.rendered == [("{{ a }}", None), ("{{ a }}", None), ("answers file", None)]
    # A kept segment still resets what a render resets (the yield tag's state).
    assert worker.preprocessed == ["{{ a }}", "{{ a }}"]


def test_a_segment_without_jinja_is_kept_as_it_is(render_wrapped):
    wrapped, worker = render_wrapped, copier_worker()
    with wrapped.phase.use(wrapped.phase.RENDER):
        assert render(wrapped, worker, "migrations") == "migrations"
        assert render(wrapped, worker, "migrations") == "migrations"
        # Jinja would change these: a delimiter, a newline it normalizes.
        assert render(wrapped, worker, "{# a #}x") == "<{# a #}x>"
        assert render(wrapped, worker, "a\r\nb") == "<a\r\nb>"
        # Under a line statement prefix, plain-looking text is a statement.
        prefixed = copier_worker(line_statement_prefix="%")
        assert render(wrapped, prefixed, "% if a") == "<% if a>"
    assert wrapped.rendered == [("{# a #}x", None), ("a\r\nb", None), ("% if a", None)]
    # Its preprocess hooks ran all the same, each time.
    assert worker.preprocessed[:2] == ["migrations", "migrations"]


def test_what_may_change_is_rendered_every_time(render_wrapped):
    wrapped, worker = render_wrapped, copier_worker()
    with wrapped.phase.use(wrapped.phase.PROMPT):
        render(wrapped, worker, "{{ a }}")
        render(wrapped, worker, "{{ a }}")
    with wrapped.phase.use(wrapped.phase.RENDER):
        render(wrapped, worker, "{{ a }}", {"item": 1})
        render(wrapped, worker, "{{ a }}", {"item": 2})
        render(wrapped, worker, "{% yield item from items %}{{ item }}{% endyield %}")
        render(wrapped, worker, "{% yield item from items %}{{ item }}{% endyield %}")
    assert len(wrapped.rendered) == 6


def test_another_templates_copy_renders_as_copier_does(render_wrapped, monkeypatch):
    wrapped = render_wrapped
    with wrapped.phase.use(wrapped.phase.RENDER):
        for worker in (copier_worker(("some_other.Extension",)), SimpleNamespace()):
            render(wrapped, worker, "{{ a }}")
            render(wrapped, worker, "{{ a }}")
        monkeypatch.setenv(render_once.PATCHES_ENV, "0")
        worker = copier_worker()
        render(wrapped, worker, "{{ a }}")
        render(wrapped, worker, "{{ a }}")
    assert len(wrapped.rendered) == 6
    assert render_once.install() is False


def test_another_copier_is_left_alone_by_render_once(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(render_once, "version", lambda name: "10.0.0")
    assert render_once._copier_internals() is None
    assert render_once.install() is False
