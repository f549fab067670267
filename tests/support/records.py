"""The records of what each variant of tests/variants.yml renders: tests/matrix/renders/
<variant>.txt, a digest of each file's bytes and its executable bit, one line per file.

A change to the template's own machinery (registries, context, file names) must leave
users' projects as they were, and the matrix compares each render with its record. A
change meant to alter the output rewrites the records, and the diff of renders/ shows
which files it touched:

    pytest tests/matrix -k renders_as_recorded --write-renders
"""

from __future__ import annotations

from support.template import REPO_ROOT

RECORDS = REPO_ROOT / "tests" / "matrix" / "renders"
WRITE_OPTION = "--write-renders"


def read(name: str) -> dict[str, str] | None:
    """``relative path -> digest`` as recorded, or None when the variant has no record."""
    path = RECORDS / f"{name}.txt"
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return {file: value for value, _, file in (line.rpartition(" ") for line in lines)}


def write(name: str, files: dict[str, str]) -> None:
    RECORDS.mkdir(exist_ok=True)
    text = "".join(f"{value} {path}\n" for path, value in files.items())
    (RECORDS / f"{name}.txt").write_text(text, encoding="utf-8")


def differences(name: str, files: dict[str, str]) -> list[str]:
    """What a render has that its record has not, and the reverse; [] when they agree."""
    recorded = read(name)
    if recorded is None:
        return [f"no record of {name}: run pytest with {WRITE_OPTION}"]
    found = [f"new file {path}" for path in files.keys() - recorded.keys()]
    found += [f"file gone {path}" for path in recorded.keys() - files.keys()]
    found += [
        f"changed {path}"
        for path in files.keys() & recorded.keys()
        if files[path] != recorded[path]
    ]
    return sorted(found)
