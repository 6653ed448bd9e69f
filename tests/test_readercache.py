"""Analyses are converted from Markdown once and kept between builds
(generators/build/readercache.py): a rebuild converts only the analyses that changed, and a
change of settings converts them all again."""

from __future__ import annotations

import shutil

import pytest
from markdown import Markdown

from tests.sitebuild import ROOT, build, tree


@pytest.fixture
def converted(monkeypatch) -> list[str]:
    """The first line of each Markdown text converted (bodies and metadata fields)."""
    texts: list[str] = []
    convert = Markdown.convert

    def counted(self, source):
        texts.append(source.partition("\n")[0])
        return convert(self, source)

    monkeypatch.setattr(Markdown, "convert", counted)
    return texts


def bodies(texts: list[str]) -> list[str]:
    """The analyses' titles among `texts`: their files start with a Title line."""
    return sorted(t for t in texts if t.startswith("Title:"))


@pytest.fixture
def content(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def test_a_rebuild_converts_only_the_analysis_that_changed(content, tmp_path, converted):
    titles = sorted(
        p.read_text(encoding="utf-8").partition("\n")[0]
        for p in (content / "analyses").rglob("*.md")
    )
    assert len(titles) >= 2
    build(content, tmp_path / "output", SITREP_SEARCH=False)
    assert bodies(converted) == titles

    converted.clear()
    build(content, tmp_path / "output", SITREP_SEARCH=False)
    assert bodies(converted) == []

    edited = next((content / "analyses").rglob("siege-broken-day.md"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA line added later.\n", "utf-8")
    converted.clear()
    output = build(content, tmp_path / "output", SITREP_SEARCH=False)
    assert bodies(converted) == [edited.read_text(encoding="utf-8").partition("\n")[0]]
    assert "A line added later." in (output / "analyses/siege-broken-day/index.html").read_text()
    assert tree(output) == tree(build(content, tmp_path / "cold" / "output", SITREP_SEARCH=False))


def test_a_settings_change_converts_every_analysis_again(content, tmp_path, converted):
    build(content, tmp_path / "output", SITREP_SEARCH=False)
    converted.clear()
    build(content, tmp_path / "output", SITREP_SEARCH=False, SITENAME="Another desk")
    assert len(bodies(converted)) == len(list((content / "analyses").rglob("*.md")))
