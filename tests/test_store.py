"""Rebuilds keep the previous build's unchanged files (generators/build/store.py) and still give
exactly the site a cold build gives: after each kind of edit an author makes, the rebuilt
tree is compared byte for byte with a cold build of the same content."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import hypothesis
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.sitebuild import ROOT, build, edit, tree

TEMPLATES = ROOT / "themes/sitrep/templates"

EVENTS = "events/2016/08"
EDITED = f"{EVENTS}/2016-08-06-siege-declared-broken.yaml"


def edit_title(content: Path) -> None:
    edit(content / EDITED, "title: Rebels and a monitor say", "title: Rebels and monitors say")


def move_to_another_day(content: Path) -> None:
    edit(content / EDITED, "date: 2016-08-06", "date: 2016-08-07")


def add_event(content: Path) -> None:
    shutil.copy(content / EDITED, content / EVENTS / "2016-08-06-siege-broken-copy.yaml")


def rename_event(content: Path) -> None:
    """The same bytes under another id: the pages that list it link to the new id."""
    old, new = "2016-09-04-government-retakes-ramousah", "2016-09-04-army-retakes-ramousah"
    (content / f"events/2016/09/{old}.yaml").rename(content / f"events/2016/09/{new}.yaml")
    edit(content / "events/2016/09/2016-09-04-siege-reimposed.yaml", old, new)


def delete_event(content: Path) -> None:
    (content / "events/2016/12/2016-12-01-eastern-aleppo-evacuated.yaml").unlink()
    edit(
        content / "events/2016/09/2016-09-04-siege-reimposed.yaml",
        "  - 2016-12-01-eastern-aleppo-evacuated\n",
        "",
    )


def deny_on_another_day(content: Path) -> None:
    """A denial dated 6 August of a July event: the 6 August page lists the contradiction."""
    edit(
        content / "events/2016/07/2016-07-17-siege-of-eastern-aleppo-begins.yaml",
        "    date: 2016-08-06\n",
        "    date: 2016-08-06\n  - by: reuters\n    stance: denies\n"
        "    statement: The road is still open.\n    source: reuters\n    date: 2016-08-06\n",
    )


def rename_actor(content: Path) -> None:
    edit(content / "actors/jaish-al-fath.yaml", "name: Jaish al-Fath", "name: Army of Conquest")


def edit_analysis(content: Path) -> None:
    path = next((content / "analyses").rglob("siege-broken-day.md"))
    path.write_text(path.read_text(encoding="utf-8") + "\nA line added later.\n", "utf-8")


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> tuple[Path, Path]:
    """The demo's content and a first build of it, to be copied by each case."""
    folder = tmp_path_factory.mktemp("first")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    build(content, folder / "output", SITREP_SEARCH=False)
    return content, folder / "output"


def rebuilt(first: tuple[Path, Path], folder: Path, change: Callable[[Path], None]):
    """The first build copied with its files' identities (hard links, as a previous build
    left them), the content changed, then rebuilt; and a cold build of the changed content."""
    content, output = first
    shutil.copytree(content, folder / "content")
    shutil.copytree(output, folder / "site" / "output", copy_function=os.link)
    shutil.copy(output.parent / ".output.manifest", folder / "site" / ".output.manifest")
    change(folder / "content")
    before = {p: p.stat().st_ino for p in (folder / "site" / "output").rglob("*") if p.is_file()}
    build(folder / "content", folder / "site" / "output", SITREP_SEARCH=False)
    cold = build(folder / "content", folder / "cold" / "output", SITREP_SEARCH=False)
    return folder / "site" / "output", cold, before


def kept(output: Path, before: dict[Path, int]) -> set[str]:
    """Files of the rebuild that are the very files of the first build."""
    return {
        p.relative_to(output).as_posix()
        for p, inode in before.items()
        if p.exists() and p.stat().st_ino == inode
    }


@pytest.mark.parametrize(
    ("change", "keeps_pages"),
    [
        (edit_title, True),
        (move_to_another_day, True),
        (add_event, True),
        (rename_event, True),
        (delete_event, True),
        (deny_on_another_day, True),
        # Only the pages that read the actor or show the analysis are rendered again.
        (rename_actor, True),
        (edit_analysis, True),
    ],
)
def test_a_rebuild_gives_the_site_a_cold_build_gives(first, tmp_path, change, keeps_pages):
    output, cold, before = rebuilt(first, tmp_path, change)
    assert tree(output) == tree(cold)
    pages = {p for p in kept(output, before) if p.endswith(".html")}
    assert len(pages) > 50 if keeps_pages else pages <= {"404.html", "ar/404.html"}


def test_an_edited_event_rewrites_only_the_pages_it_is_on(first, tmp_path):
    output, _, before = rebuilt(first, tmp_path, edit_title)
    same = kept(output, before)
    changed = {p.relative_to(output).as_posix() for p in before} - same
    page = "events/2016-08-06-siege-declared-broken/index.html"
    assert page in changed and f"ar/{page}" in changed
    assert "days/2016-08-06/index.html" in changed and "actors/jaish-al-fath/index.html" in changed
    # Pages the event is not on are the previous build's files, not rewritten copies.
    assert "events/2016-12-01-eastern-aleppo-evacuated/index.html" in same
    assert "days/2016-07-28/index.html" in same
    assert len(same) > len(changed)


def test_an_edited_event_makes_only_its_own_data_record_again(first, tmp_path, monkeypatch):
    """events.csv, .json and .geojson join each event's record kept from the previous build
    (store.remembered): an edit makes the edited event's record only, and the files are
    still those of a cold build (test above)."""
    import generators.pages.exports

    made: list[str] = []
    record = generators.pages.exports.event_record

    def counted(site, event, base, modified=None):
        made.append(event.id)
        return record(site, event, base, modified)

    monkeypatch.setattr(generators.pages.exports, "event_record", counted)
    _, cold, _ = rebuilt(first, tmp_path, edit_title)
    events = json.loads((cold / "data/events.json").read_text(encoding="utf-8"))["events"]
    # The rebuild made one record; the cold build beside it made every one.
    assert made == ["2016-08-06-siege-declared-broken", *(e["id"] for e in events)]


def test_a_settings_change_renders_every_page_again(first, tmp_path):
    content, output = first
    shutil.copytree(output, tmp_path / "output", copy_function=os.link)
    shutil.copy(output.parent / ".output.manifest", tmp_path / ".output.manifest")
    before = {p: p.stat().st_ino for p in (tmp_path / "output").rglob("*.html")}
    build(content, tmp_path / "output", SITREP_SEARCH=False, SITENAME="Another desk")
    assert kept(tmp_path / "output", before) == set()
    page = (tmp_path / "output" / "events/2016-07-17-castello-road-cut/index.html").read_text()
    assert "Another desk" in page


def test_a_file_changed_in_the_output_is_not_trusted(first, tmp_path):
    """A page edited by hand in output/ (a new file, not the one the build wrote) is
    rendered again rather than kept."""
    content, output = first
    shutil.copytree(output, tmp_path / "output")  # copies: no file is the one written
    shutil.copy(output.parent / ".output.manifest", tmp_path / ".output.manifest")
    page = tmp_path / "output" / "events/2016-07-17-castello-road-cut/index.html"
    page.write_text("tampered", encoding="utf-8")
    build(content, tmp_path / "output", SITREP_SEARCH=False)
    assert (
        page.read_bytes()
        == (output / "events/2016-07-17-castello-road-cut/index.html").read_bytes()
    )


def test_a_rebuild_in_another_process_keeps_every_sitrep_page(first, tmp_path):
    """Keys do not depend on the process: a `sitrep build` with nothing changed, under
    another hash seed (which reorders sets and dicts of strings), keeps every page sitrep
    writes, Pelican's analysis pages included (writer.py)."""
    content, _ = first
    output = tmp_path / "output"
    settings = tmp_path / "settings.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
        f"PATH = {str(content)!r}\nOUTPUT_PATH = {str(output)!r}\n",
        encoding="utf-8",
    )
    command = [str(Path(sys.executable).parent / "sitrep"), "-s", str(settings)]
    command += ["build", "--no-search"]
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        if seed == "1":
            before = {p: p.stat().st_ino for p in output.rglob("*.html")}
    pages = {p.relative_to(output).as_posix() for p in before}
    rendered = pages - kept(output, before)
    assert len(pages) > 100
    assert any(p.startswith("analyses/") for p in pages)
    assert rendered == set()


@pytest.mark.slow
def test_rebuilds_from_the_spare_site_give_what_cold_builds_give(first, tmp_path):
    """From the third build on, staging is the site the build before last swapped out
    (output.py): a series of edits, each rebuilt and compared with a cold build."""
    content, _ = first
    shutil.copytree(content, tmp_path / "content")
    site = tmp_path / "site" / "output"
    build(tmp_path / "content", site, SITREP_SEARCH=False)
    spare = site.parent / ".output.spare"
    changes = [edit_title, add_event, move_to_another_day, rename_actor, delete_event]
    for step, change in enumerate([*changes, edit_analysis]):
        change(tmp_path / "content")
        inodes = {p: p.stat().st_ino for p in spare.rglob("*.html")} if spare.exists() else {}
        build(tmp_path / "content", site, SITREP_SEARCH=False)
        cold = build(tmp_path / "content", tmp_path / f"cold{step}" / "output", SITREP_SEARCH=False)
        assert tree(site) == tree(cold), change.__name__
        if step in (1, 2):  # the spare is from before the two last edits (not the actor's)
            # Untouched pages are the spare's files, left where they were.
            moved = {site / p.relative_to(spare): inode for p, inode in inodes.items()}
            assert len(kept(site, moved)) > 50, change.__name__


def test_a_build_never_writes_into_the_served_site(first, tmp_path, monkeypatch):
    """The spare shares files with the served site (hard links): a build that writes into
    it and then fails leaves the served site as it was, and the next build is right."""
    import generators.plugin as plugin
    from tests.test_output import Explodes

    content, _ = first
    shutil.copytree(content, tmp_path / "content")
    site = tmp_path / "output"
    for _ in range(3):
        build(tmp_path / "content", site, SITREP_SEARCH=False)
    before = tree(site)
    edit_title(tmp_path / "content")
    rename_actor(tmp_path / "content")
    monkeypatch.setattr(plugin, "GENERATORS", [*plugin.GENERATORS, Explodes])
    with pytest.raises(RuntimeError, match="half-way"):
        build(tmp_path / "content", site, SITREP_SEARCH=False)
    assert tree(site) == before
    monkeypatch.undo()
    build(tmp_path / "content", site, SITREP_SEARCH=False)
    assert tree(site) == tree(build(tmp_path / "content", tmp_path / "cold", SITREP_SEARCH=False))


def test_an_event_no_analysis_cites_leaves_the_analysis_pages_as_they_were(first, tmp_path):
    """Pelican's analysis pages go through the store too (writer.py), keyed by their file
    and the events they cite."""

    def retitle_uncited(content: Path) -> None:
        event = content / "events/2016/12/2016-12-01-eastern-aleppo-evacuated.yaml"
        edit(event, "title: Last", "title: The last")

    output, cold, before = rebuilt(first, tmp_path, retitle_uncited)
    assert tree(output) == tree(cold)
    same = kept(output, before)
    assert "events/2016-12-01-eastern-aleppo-evacuated/index.html" not in same
    for page in ("analyses/siege-broken-day/", "analyses/humanitarian-situation/"):
        assert f"{page}index.html" in same


def test_a_rebuild_compiles_none_of_the_themes_templates_again(first, tmp_path, monkeypatch):
    """Compiled templates are kept in the store for the next build (base._CompiledTemplates):
    a rebuild compiles none of the theme's templates, those of Pelican's own generators
    (analyses, tags) included."""
    from jinja2 import Environment

    compiled: list[str] = []
    compile_template = Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_template(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counted)
    content, output = first
    build(content, tmp_path / "cold" / "output", SITREP_SEARCH=False)
    theme = {p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")}
    assert {"event.html", "article.html", "tag.html", "partials/map.html"} <= set(compiled)
    compiled.clear()
    shutil.copytree(output, tmp_path / "output", copy_function=os.link)
    shutil.copy(output.parent / ".output.manifest", tmp_path / ".output.manifest")
    build(content, tmp_path / "output", SITREP_SEARCH=False)
    assert not theme & set(compiled)


def test_a_rebuild_from_the_spare_clears_it_by_the_manifests_list(first, tmp_path, monkeypatch):
    """The manifest lists every file a build left: the build that takes that site as its
    spare removes what it must without walking it, and still gives a cold build's site."""
    import generators.build.manifest

    content, _ = first
    shutil.copytree(content, tmp_path / "content")
    site = tmp_path / "output"
    for _ in range(2):
        build(tmp_path / "content", site, SITREP_SEARCH=False)
    delete_event(tmp_path / "content")

    def walked(folder):
        raise AssertionError(f"walked {folder}")

    monkeypatch.setattr(generators.build.store, "files_below", walked)
    build(tmp_path / "content", site, SITREP_SEARCH=False)
    monkeypatch.undo()
    assert not (site / "events/2016-12-01-eastern-aleppo-evacuated").exists()
    assert tree(site) == tree(build(tmp_path / "content", tmp_path / "cold", SITREP_SEARCH=False))


def test_a_spare_changed_since_its_listing_is_walked(first, tmp_path):
    """A build that fails midway leaves in the spare files no manifest lists, and no stamp:
    the next build walks the spare and removes them."""
    import generators.plugin as plugin
    from tests.test_output import Explodes

    content, _ = first
    shutil.copytree(content, tmp_path / "content")
    site = tmp_path / "output"
    for _ in range(3):
        build(tmp_path / "content", site, SITREP_SEARCH=False)
    spare = tmp_path / ".output.spare"
    assert (spare / ".sitrep-files").is_file()
    original = plugin.GENERATORS
    plugin.GENERATORS = [*original, Explodes]
    try:
        with pytest.raises(RuntimeError, match="half-way"):
            build(tmp_path / "content", site, SITREP_SEARCH=False)
    finally:
        plugin.GENERATORS = original
    assert (spare / "half/index.html").is_file() and not (spare / ".sitrep-files").exists()
    build(tmp_path / "content", site, SITREP_SEARCH=False)
    build(tmp_path / "content", site, SITREP_SEARCH=False)  # the failed build's folder
    assert not (site / "half").exists()
    assert tree(site) == tree(build(tmp_path / "content", tmp_path / "cold", SITREP_SEARCH=False))


def test_a_process_building_again_does_not_read_its_manifest_back(first, tmp_path, monkeypatch):
    """The preview server builds again and again: the manifest it saved is used from memory
    (not unpickled again), and the rebuild still keeps the unchanged pages."""
    import generators.build.manifest

    content, _ = first
    shutil.copytree(content, tmp_path / "content")
    site = tmp_path / "output"
    build(tmp_path / "content", site, SITREP_SEARCH=False)
    before = {p: p.stat().st_ino for p in site.rglob("*.html")}
    unreadable = SimpleNamespace(**vars(pickle))
    unreadable.loads = None  # reading the manifest would fail
    monkeypatch.setattr(generators.build.manifest, "pickle", unreadable)
    edit_title(tmp_path / "content")
    build(tmp_path / "content", site, SITREP_SEARCH=False)
    pages = {p for p in kept(site, before) if p.endswith(".html")}
    assert "events/2016-12-01-eastern-aleppo-evacuated/index.html" in pages
    assert "events/2016-08-06-siege-declared-broken/index.html" not in pages


@given(st.lists(st.binary(max_size=300_000), max_size=12))
@hypothesis.settings(max_examples=60, deadline=None)
def test_a_file_handed_as_parts_is_keyed_and_written_as_their_join(tmp_path_factory, parts):
    """The data files of every event are handed to the store as their parts, never joined in
    memory: the key and the bytes on disk are those of the joined file (parts above the
    megabyte the store writes at a time included)."""
    from generators.build.digests import digest, joined_digest
    from generators.build.store import write_parts

    joined = b"".join(parts)
    assert joined_digest(parts) == digest([joined])
    path = tmp_path_factory.mktemp("parts") / "file"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        write_parts(fd, parts * 4)  # up to 14 MB: several megabyte writes
    finally:
        os.close(fd)
    assert path.read_bytes() == joined * 4
