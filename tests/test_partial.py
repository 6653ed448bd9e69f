"""The preview server's partial rebuilds (generators/rebuild.py) give, byte for byte, the
site a cold build of the same content gives.

On the minimal site: what a partial rebuild writes, and when it declines or fails.

The chain (slow): one preview session runs over a copy of the demo desk, as `sitrep serve`
does: a whole build, then after each edit of test_incremental.py's chain that touches a
content item's file, `Session.rebuild` with the files the edit changed (what the watcher
reports), or a whole build when it declines. The site it leaves is compared with a cold
build of the edited desk. Most edits must be partial (an event's title, an actor's name): a
session that declined every time would prove nothing.
"""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

import generators.content.loader as loader
import generators.rebuild as rebuild
from generators.content.loader import keeping_validated
from generators.errors import ContentInvalid
from generators.pages.base import SitrepGenerator
from generators.rebuild import Session, session
from tests.sitebuild import build, differences, edit, page, tree
from tests.test_incremental import EDITS, Desk, Edit, Steps, in_processes

# The chain's edits of content items' files (what a partial rebuild may follow), and a few
# it must decline: an analysis, a template, an area's outline, a new and a deleted file.
DECLINED = {
    "analysis-body",
    "theme-template",
    "area-geometry",
    "event-file-added",
    "event-file-deleted",
}


def _followed(case: Edit) -> bool:
    return case.id.split("-")[0] in ("event", "actor", "place", "source", "indicator")


CASES = [case for case in EDITS if _followed(case) or case.id in DECLINED]


def _stamps(folder: Path) -> dict[str, tuple[int, int, int]]:
    return {
        str(p): (p.stat().st_ino, p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def _cold(desk: Desk, output: Path) -> None:
    """A cold build of `desk` (in a process forked from the preview's): nothing of the
    preview session is used, not even the items it validated."""
    loader._keeping = False
    loader._validated.clear()
    rebuild._session = None
    desk.build(output)


@dataclass
class Outcome:
    partial: bool  # the rebuild was partial
    written: int  # files it wrote
    differences: str  # from the cold build ("" when none)
    said: str  # why it was whole, or what it made (Session.last)


class Preview(Steps[Outcome | None]):
    """A preview session over a desk, and the edits applied to it so far (only those of
    CASES are compared with a cold build)."""

    def __init__(self, folder: Path, builds: Session):
        super().__init__()
        self.folder, self.builds = folder, builds
        self.desk = Desk(folder / "desk")
        self.site = folder / "preview" / "output"
        self.desk.build(self.site)

    def compared(self, case: Edit) -> Outcome:
        found = self.outcome(case)
        assert found is not None
        return found

    def apply(self, step: Edit) -> Outcome | None:
        return self._apply(step, compare=step in CASES)

    def _apply(self, step: Edit, compare: bool) -> Outcome | None:
        watched = [self.desk.content, self.desk.folder / "theme"]
        before = {name: stamp for folder in watched for name, stamp in _stamps(folder).items()}
        step.make(self.desk)
        after = {name: stamp for folder in watched for name, stamp in _stamps(folder).items()}
        changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
        written = self.builds.rebuild(changed) if changed else None
        if written is None:
            self.desk.build(self.site)
        if not compare:
            return None
        cold = self.folder / f"cold-{len(self.done)}" / "output"
        in_processes(partial(_cold, self.desk, cold))
        found = differences(tree(self.site), tree(cold), ("partial", "cold"))
        if found:  # go on from a right site: one stale page must not fail every case after
            self.desk.build(self.site)
        shutil.rmtree(cold.parent)
        return Outcome(written is not None, len(written or ()), found, self.builds.last)


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Iterator[Preview]:
    with keeping_validated(), session() as builds:
        yield Preview(tmp_path_factory.mktemp("partial"), builds)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_preview_rebuild_after_the_edit_is_the_cold_build(preview, case):
    outcome = preview.compared(case)
    assert not outcome.differences, (
        f"after {case.id}, the rebuild ({outcome.said}) is not the cold build:\n"
        f"{outcome.differences}"
    )
    if case.id in DECLINED:
        assert not outcome.partial, f"{case.id} cannot be followed partially"


@pytest.mark.slow
def test_most_content_edits_are_rebuilt_partially(preview):
    followed = [preview.compared(case) for case in CASES if case.id not in DECLINED]
    partial = [outcome for outcome in followed if outcome.partial]
    said = "\n".join(sorted({outcome.said for outcome in followed if not outcome.partial}))
    assert len(partial) >= len(followed) * 0.6, f"{len(partial)} of {len(followed)}:\n{said}"
    assert all(outcome.written for outcome in partial)


OLD_NAME = "events/2016-07-20-old-name.yaml"  # linked by no analysis
LINKED = "events/2016/08/2016-08-06-siege-broken.yaml"  # linked by the-day.md


@dataclass
class Minimal:
    content: Path
    site: Path
    builds: Session
    folder: Path

    def build(self, output: Path | None = None) -> None:
        build(self.content, output or self.site, SITREP_SEARCH=False)

    def cold(self) -> dict[str, bytes | None]:
        output = self.folder / f"cold-{len(list(self.folder.glob('cold-*')))}" / "output"
        in_processes(partial(_cold_minimal, self.content, output))
        return tree(output)


def _cold_minimal(content: Path, output: Path) -> None:
    loader._keeping = False
    loader._validated.clear()
    rebuild._session = None
    build(content, output, SITREP_SEARCH=False)


@pytest.fixture
def minimal(copy_site, tmp_path) -> Iterator[Minimal]:
    content = copy_site("minimal") / "content"
    with keeping_validated(), session() as builds:
        found = Minimal(content, tmp_path / "preview" / "output", builds, tmp_path)
        found.build()
        yield found


def test_an_edited_event_is_rebuilt_partially_pages_first(minimal):
    edit(minimal.content / OLD_NAME, "title: ", "title: Renamed ")
    shown: list[list[str]] = []
    written = minimal.builds.rebuild([str(minimal.content / OLD_NAME)], shown.append)
    assert written is not None, minimal.builds.last
    # The edited event's own page is served first, alone, in each language; then the
    # lists that show it, and the data files last.
    assert shown[:2] == [
        ["events/2016-07-20-old-name/index.html"],
        ["ar/events/2016-07-20-old-name/index.html"],
    ]
    pages = [name for made in shown for name in made if name.endswith(".html")]
    data = [n for n, made in enumerate(shown) for name in made if name.startswith("data/")]
    assert data and min(data) > 2, shown
    assert "actors/new-front/index.html" in pages
    assert "data/events.json" in written
    pages = [name for name in written if name.endswith(".html")]
    assert len(pages) < len(list(minimal.site.rglob("*.html"))) / 2  # only what shows it
    assert "Renamed" in page(minimal.site, "/events/2016-07-20-old-name/").h1.get_text()
    assert tree(minimal.site) == minimal.cold()


def test_an_event_an_analysis_links_is_renamed_in_the_analysis_too(minimal):
    edit(minimal.content / LINKED, "title: Siege said", "title: Siege declared")
    assert minimal.builds.rebuild([str(minimal.content / LINKED)]) is not None
    body = page(minimal.site, "/analyses/the-day/").get_text()
    assert "Siege declared to be broken" in body
    assert tree(minimal.site) == minimal.cold()


def test_a_bad_save_leaves_the_site_and_the_next_save_is_partial_again(minimal):
    before = tree(minimal.site)
    path = minimal.content / OLD_NAME
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("type: ", "type: not-a-type-", 1), encoding="utf-8")
    with pytest.raises(ContentInvalid, match=r"2016-07-20-old-name\.yaml:\d+"):
        minimal.builds.rebuild([str(path)])
    assert tree(minimal.site) == before
    path.write_text(original.replace("title: ", "title: Fixed ", 1), encoding="utf-8")
    assert minimal.builds.rebuild([str(path)]) is not None, minimal.builds.last
    assert tree(minimal.site) == minimal.cold()


@pytest.mark.parametrize(
    "changed",
    ["analyses/the-day.md", "events/2016-07-21-new-event.yaml", "places/gone.yaml"],
)
def test_what_a_partial_rebuild_cannot_follow_gets_a_whole_build(minimal, changed):
    if changed.startswith("events/"):  # a new event: new pages
        (minimal.content / changed).write_text(
            (minimal.content / OLD_NAME).read_text(encoding="utf-8"), encoding="utf-8"
        )
    before = tree(minimal.site)
    assert minimal.builds.rebuild([str(minimal.content / changed)]) is None
    assert minimal.builds.last.startswith("a whole build")
    assert tree(minimal.site) == before  # nothing written: the whole build does it all


def test_a_site_another_build_replaced_gets_a_whole_build(minimal):
    minimal.build()  # `sitrep build` in another terminal, say: outside the session's notes
    edit(minimal.content / OLD_NAME, "title: ", "title: Renamed ")
    assert minimal.builds.rebuild([str(minimal.content / OLD_NAME)]) is not None
    minimal.builds.snapshot.stamp = (0, 1)  # as if the stamp of another build were there
    assert minimal.builds.rebuild([str(minimal.content / OLD_NAME)]) is None


def test_the_search_index_is_made_again_with_the_edited_page(copy_site, tmp_path):
    content = copy_site("minimal") / "content"
    site = tmp_path / "output"
    with keeping_validated(), session() as builds:
        build(content, site)
        edit(content / OLD_NAME, "title: ", "title: Zanzibarquux ")
        assert builds.rebuild([str(content / OLD_NAME)]) is not None, builds.last
    texts = [gzip.decompress(p.read_bytes()) for p in (site / "pagefind/fragment").iterdir()]
    assert any(b"Zanzibarquux" in text for text in texts)


def _doubled(items: list, factor: int) -> list:
    return [item * factor for item in items]


def test_again_gives_the_last_result_only_for_the_very_same_arguments():
    generator = SitrepGenerator.__new__(SitrepGenerator)  # `again` needs nothing else
    generator._made = {}
    a, b = "a", "b"
    first = generator.again("key", _doubled, [a, b], 2)
    assert generator.again("key", _doubled, [a, b], 2) is first  # a new list, the same items
    assert generator.again("key", _doubled, [a, "c"], 2) == ["aa", "cc"]
    assert generator.again("key", _doubled, [a, "c"], 3) == ["aaa", "ccc"]
    with pytest.raises(TypeError, match="module-level"):
        generator.again("key", lambda items: items, [a])


def test_a_file_saved_as_a_link_gets_a_whole_build(minimal, tmp_path):
    path = minimal.content / OLD_NAME
    target = minimal.content / "events/2016-07-20-old-name.txt"
    path.rename(target)
    path.symlink_to(target)
    assert minimal.builds.rebuild([str(path)]) is None
    assert minimal.builds.last.startswith("a whole build")
