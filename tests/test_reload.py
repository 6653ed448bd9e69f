"""The preview server loads the content again after each save, in the same process
(`sitrep serve`, loader.keeping_validated): it validates again only the files that changed, and
reports every error as a cold load does."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import generators.content.loader as loader
from generators.content.loader import keeping_validated, load_site
from generators.errors import ContentInvalid
from tests.sitebuild import SITES, build, edit

SIEGE = "events/2016/08/2016-08-06-siege-broken.yaml"


@pytest.fixture
def content(copy_site) -> Iterator[Path]:
    with keeping_validated():
        yield copy_site("minimal") / "content"


def test_unchanged_files_keep_their_items_and_a_changed_file_is_read_again(content):
    first = load_site(content)
    edit(content / SIEGE, "title: Siege", "title: Edited siege")
    second = load_site(content)
    assert second.events["2016-08-06-siege-broken"].title.startswith("Edited siege")
    assert first.events["2016-08-06-siege-broken"] is not second.events["2016-08-06-siege-broken"]
    others = [key for key in first.events if key != "2016-08-06-siege-broken"]
    assert others and all(first.events[key] is second.events[key] for key in others)
    assert all(first.actors[key] is second.actors[key] for key in first.actors)


def test_errors_are_reported_after_a_reload_as_on_a_cold_load(content):
    load_site(content)
    edit(content / SIEGE, "place: ", "place: nowhere-")  # a reference into another file
    with pytest.raises(ContentInvalid) as reloaded:
        load_site(content)
    loader._validated.clear()
    with pytest.raises(ContentInvalid) as cold:
        load_site(content)
    assert [e.format() for e in reloaded.value.errors] == [e.format() for e in cold.value.errors]
    assert "unknown place 'nowhere-" in reloaded.value.errors[0].format()


def test_a_file_fixed_after_an_error_is_read_again(content):
    load_site(content)
    original = (content / SIEGE).read_text(encoding="utf-8")
    (content / SIEGE).write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentInvalid, match=r"2016-08-06-siege-broken\.yaml:2:1"):
        load_site(content)
    (content / SIEGE).write_text(original, encoding="utf-8")
    assert load_site(content).events["2016-08-06-siege-broken"].title


def test_outside_the_preview_server_every_load_validates_again(copy_site):
    content = copy_site("minimal") / "content"
    with keeping_validated():
        load_site(content)
    first, second = load_site(content), load_site(content)
    assert first.events["2016-08-06-siege-broken"] is not second.events["2016-08-06-siege-broken"]


def _written(folder: Path, before: dict[str, int]) -> set[str]:
    """The files of `folder` that are new or another file than in `before` (inodes)."""
    now = {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*.html")}
    return {name for name, inode in now.items() if before.get(name) != inode}


def _rebuilt_after_an_edit(content: Path, output: Path) -> set[str]:
    build(content, output)
    before = {p.relative_to(output).as_posix(): p.stat().st_ino for p in output.rglob("*.html")}
    edit(content / SIEGE, "title: Siege", "title: Edited siege")
    build(content, output)
    return _written(output, before)


def test_the_preview_rebuilds_after_a_cold_build_what_a_new_build_would(tmp_path):
    """The preview server's first build, and the next one after a save, run in one process:
    the items the first build read must count as they did, or the second renders them all
    again (reading an item's `id` once changed how its fields were hashed)."""
    for name in ("preview", "fresh"):
        shutil.copytree(SITES / "minimal", tmp_path / name)
    with keeping_validated():
        in_preview = _rebuilt_after_an_edit(tmp_path / "preview" / "content", tmp_path / "a")
    # Without keeping_validated, each build validates every file again: new items, as a
    # new process has.
    fresh = _rebuilt_after_an_edit(tmp_path / "fresh" / "content", tmp_path / "b")
    pages = sum(1 for _ in (tmp_path / "a").rglob("*.html"))
    assert fresh and len(fresh) < pages
    assert in_preview == fresh


def test_after_a_save_only_the_saved_files_are_read_again(content):
    first = load_site(content)
    edit(content / SIEGE, "title: Siege", "title: Saved siege")
    loader.expect_changes([content / SIEGE])
    second = load_site(content)
    assert second.events["2016-08-06-siege-broken"].title.startswith("Saved siege")
    others = [key for key in first.events if key != "2016-08-06-siege-broken"]
    assert all(first.events[key] is second.events[key] for key in others)


def test_a_new_file_the_watcher_names_is_read(content):
    load_site(content)
    added = content / "events/2016/08/2016-08-06-another.yaml"
    shutil.copy(content / SIEGE, added)
    loader.expect_changes([added])
    assert "2016-08-06-another" in load_site(content).events


def test_a_saved_file_that_became_a_link_out_of_the_content_is_not_read(content, tmp_path):
    load_site(content)
    outside = tmp_path / "secret.yaml"
    text = (content / SIEGE).read_text(encoding="utf-8").replace("type: ", "type: secret-", 1)
    outside.write_text(text, encoding="utf-8")  # an error would quote the value
    (content / SIEGE).unlink()
    (content / SIEGE).symlink_to(outside)
    loader.expect_changes([content / SIEGE])
    with pytest.raises(ContentInvalid) as refused:
        load_site(content)
    said = "\n".join(e.format() for e in refused.value.errors)
    assert "outside the content folder" in said and "secret" not in said
