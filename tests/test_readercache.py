"""Pelican's reader cache of the analyses (generators/readercache.py): a rebuild reads only
the analyses that changed, and a change of settings starts a new cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pelican.readers import MarkdownReader

from tests.sitebuild import ROOT, build, tree


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The name of each Markdown file Pelican's reader parses."""
    parsed: list[str] = []
    read = MarkdownReader.read

    def counted(self, source_path):
        parsed.append(Path(source_path).name)
        return read(self, source_path)

    monkeypatch.setattr(MarkdownReader, "read", counted)
    return parsed


def test_a_rebuild_reads_only_the_analysis_that_changed(tmp_path, reads):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    analyses = sorted(p.name for p in (content / "analyses").rglob("*.md"))
    build(content, tmp_path / "output", SITREP_SEARCH=False)
    assert sorted(reads) == analyses

    reads.clear()
    build(content, tmp_path / "output", SITREP_SEARCH=False)
    assert reads == []

    edited = next((content / "analyses").rglob("siege-broken-day.md"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA line added later.\n", "utf-8")
    reads.clear()
    output = build(content, tmp_path / "output", SITREP_SEARCH=False)
    assert reads == ["siege-broken-day.md"]
    cold = build(
        content, tmp_path / "cold" / "output", SITREP_SEARCH=False, SITREP_READER_CACHE=False
    )
    assert tree(output) == tree(cold)
    assert "A line added later." in (output / "analyses/siege-broken-day/index.html").read_text()


def test_a_settings_change_reads_every_analysis_again_in_a_new_cache(tmp_path, reads):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    build(content, tmp_path / "output", SITREP_SEARCH=False)
    first = list((tmp_path / ".output.readers").iterdir())
    reads.clear()
    build(content, tmp_path / "output", SITREP_SEARCH=False, SITENAME="Another desk")
    assert len(reads) == len(list((content / "analyses").rglob("*.md")))
    (now,) = (tmp_path / ".output.readers").iterdir()
    assert first != [now]  # the old cache is gone


def test_off_by_setting_and_when_pelican_caching_is_configured(tmp_path, reads):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    build(content, tmp_path / "output", SITREP_SEARCH=False, SITREP_READER_CACHE=False)
    assert not (tmp_path / ".output.readers").exists()
    own = tmp_path / "own-cache"
    build(
        content, tmp_path / "output", SITREP_SEARCH=False, CACHE_CONTENT=True, CACHE_PATH=str(own)
    )
    assert not (tmp_path / ".output.readers").exists() and own.is_dir()
