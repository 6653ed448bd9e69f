"""Plain-prose Markdown is rendered without the parser, exactly as the parser would."""

from __future__ import annotations

import markdown as md
import pytest
import yaml

from generators.views.markup import _MARKDOWN_SYNTAX, _paragraphs, markdown, sanitize
from tests.sitebuild import ROOT

SAMPLES = [
    "One sentence.",
    "one\ntwo\n\nthree",
    "  leading spaces\nnext line",
    "para one.\n\n\n\npara two.\n",
    "\n\nstarts blank\n",
    "1986 was a year; Tom - and Jerry - said \"so\" and 'so'.",
    "Fighters of one group attacked, sources said. At least 3 people were killed.",
]
# Text the fast path must leave to the parser.
SYNTAX = [
    "**bold**",
    "_em_",
    "a [link](https://example.org)",
    "AT&T",
    "<b>x</b>",
    "# heading",
    "- item",
    "1. item",
    "> quote",
    "a | b",
    "term\n: definition",
    "hard  \nbreak",
    "    code",
    "x {: .class}",
    "---",
]


def parser(text: str) -> str:
    return md.Markdown(extensions=["extra", "sane_lists"], output_format="html").convert(text)


def content_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "content").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [data[k] for k in ("summary", "description") if isinstance(data.get(k), str)]
    return texts


@pytest.mark.parametrize("text", SAMPLES + content_texts())
def test_fast_path_renders_like_the_parser(text):
    if not _MARKDOWN_SYNTAX.search(text):
        assert _paragraphs(text) == parser(text)
    assert markdown(text) == sanitize(parser(text))  # the whole pipeline, either path


@pytest.mark.parametrize("text", SYNTAX)
def test_anything_like_syntax_goes_to_the_parser(text):
    assert _MARKDOWN_SYNTAX.search(text)


def test_plain_samples_take_the_fast_path():
    assert not any(_MARKDOWN_SYNTAX.search(text) for text in SAMPLES)
