"""The bad-input corpus: each file in tests/bad/ breaks one rule and says what sitrep must
answer. A file's first lines are its instructions:

    # target: events/bad-date.yaml          (where it goes inside the minimal site's content)
    # expect: content/events/bad-date.yaml:5:7: error: date: expected ...   (one or more)

The test drops the file into a copy of tests/sites/minimal, validates the whole site and
compares the complete list of errors (every error, in order), exactly. Then it builds the
same content over a previous build and checks that the build is refused with the same errors
and leaves that output byte-identical.

- YAML cases keep their instruction lines (YAML comments), so line numbers count them.
- Markdown cases (analyses) must start with their metadata: the instruction lines are
  removed before the file is written, and line numbers count from the first line after them.
- Binary cases (a byte-order mark, bytes that are not UTF-8) are written byte for byte; their
  instructions are read with undecodable bytes replaced and a leading BOM ignored.
- The case over the size limit is generated below rather than committed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generators.cli.commands import read_settings
from generators.content.i18n import site_languages
from generators.content.loader import load_site
from generators.content.yamlsource import MAX_FILE_BYTES
from generators.errors import ContentInvalid
from tests.sitebuild import ROOT, build

BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(p for p in BAD.iterdir() if p.is_file())
INSTRUCTION = ("# target: ", "# expect: ")


def instructions(case: Path) -> tuple[str, list[str]]:
    text = case.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    target, expected = "", []
    for line in text.splitlines():
        if line.startswith("# target: "):
            target = line.removeprefix("# target: ").strip()
        elif line.startswith("# expect: "):
            expected.append(line.removeprefix("# expect: ").strip())
    return target, expected


def write_case(case: Path, destination: Path) -> None:
    """Put the case into a content folder, as an author would have saved it."""
    raw = case.read_bytes()
    if case.suffix == ".md":
        lines = raw.splitlines(keepends=True)
        while lines and lines[0].decode("utf-8", errors="replace").startswith(INSTRUCTION):
            lines.pop(0)
        raw = b"".join(lines)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(raw)


# The project's languages, as `sitrep validate` and the build read them from the settings.
LANGUAGES = site_languages(read_settings(str(ROOT / "pelicanconf.py")))


def errors_for(content: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        load_site(content, LANGUAGES)
    return [error.format() for error in caught.value.errors]


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def refused_build_keeps_output(content: Path, previous: Path, workdir: Path) -> list[str]:
    """Build bad content over a copy of a good build; return its errors, check the copy."""
    output = workdir / "output"
    shutil.copytree(previous, output)
    before = tree(output)
    with pytest.raises(ContentInvalid) as caught:
        build(content, output)
    assert tree(output) == before
    left = sorted(p.name for p in workdir.iterdir())
    assert left == sorted(["output", ".sitrep-cache", content.parent.name])  # no staging folder
    return [error.format() for error in caught.value.errors]


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_bad_file_gives_exact_errors(case, copy_site, minimal_site, tmp_path):
    target, expected = instructions(case)
    assert target and expected, f"{case.name} lacks '# target:' or '# expect:' lines"
    content = copy_site("minimal") / "content"
    write_case(case, content / target)
    assert errors_for(content) == expected
    assert refused_build_keeps_output(content, minimal_site, tmp_path) == expected


def test_file_over_the_size_limit(copy_site):
    content = copy_site("minimal") / "content"
    size = MAX_FILE_BYTES + 1
    text = "title: Too big\nsummary: " + "x" * (size - len("title: Too big\nsummary: \n")) + "\n"
    (content / "events" / "huge.yaml").write_text(text, encoding="ascii")
    assert errors_for(content) == [
        f"content/events/huge.yaml:1:1: error: file is {size:,} bytes, over the limit of "
        f"{MAX_FILE_BYTES:,} (hint: split the item or move long text into an analysis)"
    ]


def test_corpus_is_large():
    assert len(CASES) >= 40
    assert {case.suffix for case in CASES} >= {".yaml", ".md"}
