"""Property-based fuzzing of the validator (Hypothesis): malformed YAML values, shapes,
characters and file names dropped into real content. The property an author relies on:
`load_site` (what `sitrep validate` and `sitrep build` run) either accepts the content, and
then the site builds, or raises `ContentInvalid` whose every error is one well-formed
`path:line:col: error: ...` line about the file that was broken; it never raises anything
else, and it never reports an error in a file that is fine.

The default run tries a few hundred cases; `-m slow` runs the long ones (thousands).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generators.content.loader import load_site
from generators.content.yamlsource import parse_yaml
from generators.errors import ContentInvalid
from tests.sitebuild import ROOT, SITES, build

ERROR_LINE = re.compile(r"^[^\n:]+:[1-9][0-9]*:[1-9][0-9]*: error: [^\n]+$")
QUICK = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
LONG = settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
LANGUAGES = ("en", "ar")

# Characters that have broken validators: controls, direction controls, zero-width ones,
# YAML's indicators, quotes, line breaks of other systems, and some ordinary text.
HOSTILE = "\x00\x01\x08\x0b\x1b\x7f\x85\x9b\u2028\u202e\u2066\u200b\ufeff\t\r\n:-[]{}&*!|>'\"%@`#,?"
ORDINARY = "abcz09 -éح"
chars = st.sampled_from(HOSTILE + ORDINARY)
text = st.one_of(
    st.text(chars, max_size=12),
    st.sampled_from(["", "~", "null", "2016-08-06", "9999-12-31", "0001-01-01", "-1", "1e999",
                     "2016-08-06T25:00:00+03:00", "9999-12-31T23:00:00-05:00", "draft", "x" * 400]),
)  # fmt: skip
values = st.recursive(
    st.none() | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=12,
)


def deep(depth: int) -> Any:
    value: Any = "x"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


shapes = st.one_of(values, st.integers(20, 150).map(deep))  # deeper: see text_mutations


def paths(data: Any, loc: tuple = ()) -> Iterator[tuple]:
    yield loc
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, (*loc, i))


def replaced(data: Any, loc: tuple, value: Any) -> Any:
    if not loc:
        return value
    head, *rest = loc
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = replaced(data[head], tuple(rest), value)
    return copy


class Content:
    """A copy of a fixture site's content, each case writing one file and putting it back."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".md"))
        self.data = {
            p: parse_yaml(p.read_text(encoding="utf-8"), "x")[0].data
            for p in self.files
            if p.suffix == ".yaml"
        }

    @contextmanager
    def written(self, path: Path, data: bytes) -> Iterator[str]:
        before = path.read_bytes() if path.exists() else None
        path.write_bytes(data)
        try:
            yield path.relative_to(self.folder.parent).as_posix()
        finally:
            if before is None:
                path.unlink()
            else:
                path.write_bytes(before)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Content:
    folder = tmp_path_factory.mktemp("fuzz-demo") / "content"
    shutil.copytree(ROOT / "content", folder)
    return Content(folder)


@pytest.fixture(scope="module")
def minimal(tmp_path_factory) -> Content:
    folder = tmp_path_factory.mktemp("fuzz-minimal") / "content"
    shutil.copytree(SITES / "minimal" / "content", folder)
    return Content(folder)


@st.composite
def value_mutations(draw, content: Content) -> tuple[Path, bytes]:
    """One field of one YAML file replaced by a value of any shape."""
    path = draw(st.sampled_from(sorted(content.data)))
    data = content.data[path]
    loc = draw(st.sampled_from([loc for loc in paths(data) if loc]))
    value = draw(shapes)
    dumped = yaml.safe_dump(replaced(data, loc, value), allow_unicode=True, width=1000)
    return path, dumped.encode("utf-8", errors="surrogatepass")


@st.composite
def text_mutations(draw, content: Content) -> tuple[Path, bytes]:
    """Characters inserted into, or cut out of, the text of a YAML file or an analysis."""
    path = draw(st.sampled_from(content.files))
    raw = path.read_text(encoding="utf-8")
    at = draw(st.integers(0, len(raw)))
    how = draw(st.sampled_from(["insert", "cut", "nest"]))
    if how == "nest":  # brackets past any limit, libyaml's 1,000 levels included
        depth = draw(st.integers(30, 3000))
        raw = raw[:at] + "[" * depth + "]" * depth + raw[at:]
    elif how == "insert":
        raw = raw[:at] + draw(st.text(chars, min_size=1, max_size=4)) + raw[at:]
    else:
        raw = raw[:at] + raw[at + draw(st.integers(1, 40)) :]
    return path, raw.encode("utf-8", errors="surrogatepass")


@st.composite
def new_files(draw, content: Content) -> tuple[Path, bytes]:
    """A file of any name in a folder of the content: its name is its id."""
    folder = draw(st.sampled_from(sorted({p.parent for p in content.files})))
    stem = draw(st.text(st.sampled_from("aZ0-._ ~#\u202e\u200b\x01é"), min_size=1, max_size=12))
    suffix = draw(st.sampled_from([".yaml", ".md", ".yml", ".yaml~", ".swp", ""]))
    name = stem + suffix
    if name in (".", "..") or "/" in name or (folder / name).exists():
        name = "new-item.yaml"
    body = draw(
        st.sampled_from([b"", b"title: x\n", b"name: [\n", b"Title: x\nDate: 2016-08-06\n"])
    )
    return folder / name, body


def check(content: Content, mutation: tuple[Path, bytes], *, builds: bool = False, tmp=None):
    path, data = mutation
    with content.written(path, data) as shown:
        try:
            load_site(content.folder, LANGUAGES)
        except ContentInvalid as exc:
            assert exc.errors
            for error in exc.errors:
                line = error.format()
                assert ERROR_LINE.match(line), line
                # No false error: every error is in the broken file.
                assert error.path.encode("unicode_escape") == shown.encode("unicode_escape") or (
                    error.path == shown.encode("ascii", "backslashreplace").decode()
                ), line
            return
        if builds:
            output = build(content.folder, tmp / "output", SITREP_SEARCH=False)
            assert (output / "index.html").is_file()


def test_the_validator_never_raises_on_a_value_of_any_shape(demo):
    @QUICK
    @given(st.data())
    def case(data):
        check(demo, data.draw(value_mutations(demo)))

    case()


def test_the_validator_never_raises_on_hostile_text_or_file_names(demo):
    @QUICK
    @given(st.data())
    def case(data):
        check(demo, data.draw(st.one_of(text_mutations(demo), new_files(demo))))

    case()


def test_what_validates_builds(minimal, tmp_path):
    @settings(QUICK, max_examples=40)
    @given(st.data())
    def case(data):
        mutation = data.draw(st.one_of(value_mutations(minimal), text_mutations(minimal)))
        check(minimal, mutation, builds=True, tmp=tmp_path)

    case()


@pytest.mark.slow
def test_the_validator_never_raises_long_run(demo):
    @LONG
    @given(st.data())
    def case(data):
        mutation = st.one_of(value_mutations(demo), text_mutations(demo), new_files(demo))
        check(demo, data.draw(mutation))

    case()


@pytest.mark.slow
def test_what_validates_builds_long_run(minimal, tmp_path):
    @settings(LONG, max_examples=400)
    @given(st.data())
    def case(data):
        mutation = data.draw(st.one_of(value_mutations(minimal), text_mutations(minimal)))
        check(minimal, mutation, builds=True, tmp=tmp_path)

    case()
