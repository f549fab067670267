"""The Markdown people read: every relative link leads to a file of the repository (and
an anchor to a heading there), README.md stays short, and it starts with the two
commands that set up a fresh machine.

Links are checked as GitHub shows them: inline links and images ``[text](target)``,
reference definitions ``[name]: target`` and ``<target>`` autolinks, outside code blocks
and code spans. Web and mail links are left alone: only what a move or a rename in this
repository can break is checked.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from support.template import REPO_ROOT

README = REPO_ROOT / "README.md"
DOCS = sorted(
    [
        *(REPO_ROOT / name for name in ("README.md", "CONTRIBUTING.md", "CHANGELOG.md")),
        REPO_ROOT / "BENCHMARKS.md",
        *(REPO_ROOT / "docs").glob("*.md"),
    ]
)
README_MAX_BYTES = 10 * 1024
# What README.md's first code block must hold: the guide asks for two commands that do
# all set-up on a fresh machine, one running the default starter, one the whole suite.
README_COMMANDS = (
    "bash tests/try_default.sh   # render the default starter into build/acme and run it:"
    " open http://localhost:5173\n"
    "bash .ci/run                # install everything and run the template's whole test suite\n"
)

FENCE = re.compile(r"^ *(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
# [text](target) and ![alt](target); the text may hold one level of brackets, the target
# may be written <like this>, and a "title" may follow it.
INLINE_LINK = re.compile(
    r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(?:<([^<>]*)>|([^\s()]+))(?:\s+\"[^\"]*\")?\s*\)"
)
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?", re.MULTILINE)
AUTOLINK = re.compile(r"<([^<>\s]+)>")
EXTERNAL = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)
HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$")


def without_fences(text: str) -> str:
    """The text with its fenced code blocks blanked out, line for line."""
    kept, fence = [], None
    for line in text.splitlines():
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None and opening and opening.group(1) == fence:
            fence = None
        elif fence is None:
            kept.append(line)
            continue
        kept.append("")
    return "\n".join(kept)


def without_code(text: str) -> str:
    """The text without code blocks and code spans: a path written as code
    (``<api_prefix>schema/``) is not a link."""
    return CODE_SPAN.sub("", without_fences(text))


def link_targets(text: str) -> list[str]:
    """Every link target of a Markdown text, in order, code left out."""
    prose = without_code(text)
    found = [(m.start(), m.group(1) or m.group(2)) for m in INLINE_LINK.finditer(prose)]
    found += [(m.start(), m.group(1)) for m in REFERENCE.finditer(prose)]
    # An autolink is a URL or a path: it has a scheme, a slash or a dot. <dialog> or <br>
    # outside code would be HTML, not a link.
    found += [
        (m.start(), m.group(1))
        for m in AUTOLINK.finditer(prose)
        if re.search(r"[:/.]", m.group(1)) and not m.group(1).startswith("!--")
    ]
    return [target for _, target in sorted(found)]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: its text in lower case, punctuation but ``-`` and
    ``_`` dropped, spaces made ``-``."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link: its text
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """The anchors of a Markdown text's headings (code spans in them count, as text); a
    repeated heading gets -1, -2..."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in without_fences(text).splitlines():
        heading = HEADING.match(line)
        if not heading:
            continue
        name = slug(heading.group(1))
        count = seen.get(name, 0)
        seen[name] = count + 1
        found.add(name if count == 0 else f"{name}-{count}")
    return found


def broken_links(text: str, source: Path) -> list[str]:
    """The relative links of ``text`` (the content of ``source``) that lead nowhere in the
    repository, each with the reason."""
    problems = []
    for target in link_targets(text):
        if EXTERNAL.match(target):
            continue
        path_part, _, anchor = target.partition("#")
        path_part = unquote(path_part)
        if not path_part:  # an anchor of this very text
            if anchor not in anchors(text):
                problems.append(f"{target}: no heading #{anchor} in {source.name}")
            continue
        if path_part.startswith("/"):
            path = REPO_ROOT / path_part.lstrip("/")
        else:
            path = source.parent / path_part
        path = path.resolve()
        if not path.is_relative_to(REPO_ROOT) or not path.exists():
            problems.append(f"{target}: no such file or folder in the repository")
            continue
        if anchor and path.suffix == ".md" and path.is_file():
            if anchor not in anchors(path.read_text(encoding="utf-8")):
                problems.append(f"{target}: no heading #{anchor} in {path.name}")
    return problems


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.relative_to(REPO_ROOT).as_posix())
def test_relative_links_lead_somewhere(doc: Path):
    problems = broken_links(doc.read_text(encoding="utf-8"), doc)
    assert not problems, f"{doc.relative_to(REPO_ROOT)}:\n" + "\n".join(problems)


def test_broken_links_are_found():
    """The check above can fail: a scratch page in docs/ with good and broken links."""
    page = """# A page

## Render tests: `tests/render/`

See [the README](../README.md), [its answers](../README.md#answers),
[this page's heading](#render-tests-testsrender), [the tests](../tests/),
<../CHANGELOG.md>, <https://example.com/nowhere> and [mail](mailto:someone@example.com).

Broken: [a missing page](missing.md), [a missing heading](../README.md#no-such-heading),
![a missing image](img/none.png), [here](#nowhere), <../nowhere/file.md> and
[ref]: ../no-such-file.txt

Not links: `[code](nowhere.md)`, `<api_prefix>schema/`, and a fenced block:

```markdown
[fenced](nowhere-either.md)
```
"""
    problems = broken_links(page, REPO_ROOT / "docs" / "scratch.md")
    assert [problem.split(":")[0] for problem in problems] == [
        "missing.md",
        "../README.md#no-such-heading",
        "img/none.png",
        "#nowhere",
        "../nowhere/file.md",
        "../no-such-file.txt",
    ]


def test_slugs_follow_github():
    assert slug("Render tests: `tests/render/`") == "render-tests-testsrender"
    assert slug("The variant matrix: `tests/matrix/test_matrix.py`") == (
        "the-variant-matrix-testsmatrixtest_matrixpy"
    )
    assert slug("What Copier does") == "what-copier-does"
    assert anchors("# Notes\n## Notes\n```\n# not a heading\n```\n") == {"notes", "notes-1"}


def test_readme_is_at_most_10_kb():
    size = len(README.read_bytes())
    assert size <= README_MAX_BYTES, (
        f"README.md is {size} bytes, more than {README_MAX_BYTES}: it is for users; "
        "move the details into docs/"
    )


def test_readme_starts_with_the_two_commands():
    lines = README.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if FENCE.match(line))
    end = next(i for i in range(start + 1, len(lines)) if FENCE.match(lines[i]))
    assert not [line for line in lines[1:start] if HEADING.match(line)], (
        "only the title and a short introduction come before the two commands"
    )
    assert "".join(lines[start + 1 : end]) == README_COMMANDS
    assert (REPO_ROOT / "tests/try_default.sh").is_file()
    assert (REPO_ROOT / ".ci/run").is_file()
