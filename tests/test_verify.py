"""`sitrep build --verify` renders every page, those the cache would keep too, and fails
listing the kept files that differ from their fresh render, leaving output/ as it was."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generators.build.digests import digest
from generators.build.store import OutputStore
from generators.errors import KeptFilesDiffer
from generators.pages.keys import Keys
from tests.sitebuild import ROOT, build, edit, page, tree

EVENT = "events/2016/08/2016-08-06-siege-declared-broken.yaml"
OLD, NEW = "title: Rebels and a monitor say", "title: Rebels and monitors say"


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return content, build(content, tmp_path / "output", SITREP_SEARCH=False)


def test_a_sound_cache_verifies(site, monkeypatch):
    """After an edit, a verifying build renders the pages the cache keeps (most of the
    site: --verify must not change their keys) and finds each the same as it was."""
    content, output = site
    edit(content / EVENT, OLD, NEW)
    build(content, output, SITREP_SEARCH=False)
    before = tree(output)
    kept: list[str] = []
    for way in ("_keep", "_reuse"):  # from the spare, or linked from output/
        monkeypatch.setattr(OutputStore, way, counted(getattr(OutputStore, way), kept))
    build(content, output, SITREP_SEARCH=False, SITREP_VERIFY=True)  # raises if any differs
    assert len(kept) > 100 and "ar/actors/index.html" in kept
    assert tree(output) == before


def counted(keeps, kept: list[str]):
    def keeping(self, name, key):
        found = keeps(self, name, key)
        if found:
            kept.append(name)
        return found

    return keeping


def test_a_cache_that_misses_an_input_fails_verification_and_keeps_the_site(site, monkeypatch):
    """A cache whose keys ignore what pages are handed and that records nothing they read
    (every page keyed by its name) keeps the edited event's pages stale; --verify names
    them and swaps nothing in."""
    content, output = site

    def by_name_only(self, name, template, variables):
        return digest([self.root, name.encode()])

    monkeypatch.setattr(Keys, "key", by_name_only)
    monkeypatch.setattr(OutputStore, "_inputs", lambda self, reads: frozenset())
    build(content, output, SITREP_SEARCH=False)  # the manifest now holds name-only keys
    edit(content / EVENT, OLD, NEW)
    build(content, output, SITREP_SEARCH=False)
    stale_title = page(output, "/events/2016-08-06-siege-declared-broken/").h1.get_text()
    assert "a monitor say" in stale_title  # the broken cache kept the old page
    before = tree(output)

    with pytest.raises(KeptFilesDiffer) as raised:
        build(content, output, SITREP_SEARCH=False, SITREP_VERIFY=True)
    names = raised.value.names
    assert "events/2016-08-06-siege-declared-broken/index.html" in names
    # Every page that shows the English title (the Arabic event page shows its Arabic one).
    assert "timeline/index.html" in names and "days/2016-08-06/index.html" in names
    assert tree(output) == before  # a failed verification leaves the previous site


def test_the_command_verifies_a_clean_rebuild(site, monkeypatch, tmp_path):
    """The command line: a clean rebuild verifies (exit 0); `--verify` is in --help."""
    content, output = site
    settings = tmp_path / "settings.py"
    settings.write_text(
        f"from pelicanconf import *\nPATH = {str(content)!r}\nOUTPUT_PATH = {str(output)!r}\n"
        f"SITREP_CACHE = {str(tmp_path / '.sitrep-cache')!r}\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "generators.cli", "-s", str(settings), "build"]
    done = subprocess.run(
        [*command, "--no-search", "--verify"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    shown = subprocess.run([*command, "--help"], cwd=ROOT, capture_output=True, text=True)
    assert "--verify" in shown.stdout
