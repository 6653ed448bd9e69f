"""Recorded dependencies (generators/build/inputs.py, pages/keys.py): what a page reads of
the site while it renders is recorded, and a rebuild keeps a page only when none of it
changed. Nobody lists what a page is made of."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generators.build.inputs import (
    Ledger,
    Memo,
    TrackedDict,
    TrackedList,
    TrackedSet,
    recording,
)
from generators.build.store import OutputStore
from generators.content.model import Site
from generators.pages.base import Deferred
from generators.pages.keys import track
from tests.sitebuild import ROOT, build, edit, page


def test_reads_are_recorded_by_entry_and_whole_collection():
    places = TrackedDict("places", {"aleppo": 1, "ramousah": 2})
    days = TrackedList("analyses", [1, 2])
    invalid = TrackedSet("invalid", {("events", "x")})
    assert places["aleppo"] == 1  # outside a recording: nothing to note, nothing fails
    with recording() as reads:
        places.get("ramousah")
        "nowhere" in places  # noqa: B015 - a miss is an input too: the file may appear
        ("events", "x") in invalid  # noqa: B015
    assert reads == {("places", "ramousah"), ("places", "nowhere"), ("invalid", ("events", "x"))}
    with recording() as reads:
        list(places.values())
        len(days)
    assert reads == {("places",), ("analyses",)}


def test_nested_recordings_pass_their_reads_outward():
    places = TrackedDict("places", {"aleppo": 1})
    with recording() as outer:
        with recording() as inner:
            places["aleppo"]
        assert inner == {("places", "aleppo")}
    assert outer == {("places", "aleppo")}


def test_a_memo_gives_whoever_takes_its_value_what_the_value_read():
    places = TrackedDict("places", {"aleppo": "Aleppo"})
    memo = Memo()
    with recording() as first:
        assert memo("label", lambda: places["aleppo"].upper()) == "ALEPPO"
    with recording() as second:  # computed by the first page, taken by the second
        assert memo("label", lambda: pytest.fail("made twice")) == "ALEPPO"
    assert first == second == {("places", "aleppo")}


def test_files_that_read_the_same_inputs_share_one_tuple_of_them():
    # The store keeps what each of 25,000 files read: each distinct set once, as a tuple,
    # whatever order a page (or a worker's copy) recorded it in.
    ledger = Ledger(lambda one: repr(one).encode())
    page = ledger.intern({("events", "a"), ("places",), ("by_day", "2016-08-06")})
    again = ledger.intern([("by_day", "2016-08-06"), ("events", "a"), ("places",)])
    # Equal inputs that are other objects (a worker's, unpickled), twice over.
    copied = ledger.intern((tuple(["events", "a"]), tuple(["events", "a"])))
    assert type(page) is tuple and again is page
    assert sorted(page) == [("by_day", "2016-08-06"), ("events", "a"), ("places",)]
    assert copied == (("events", "a"),) and copied[0] is next(i for i in page if i[0] == "events")
    assert ledger.intern(set(page) - {("places",)}) != page


def test_a_missing_index_key_reads_as_empty_as_the_loader_made_it():
    site = track(Site(root=Path(".")))
    assert isinstance(site.by_actor, TrackedDict)
    with recording() as reads:
        assert site.by_actor["nobody"] == []
    assert reads == {("by_actor", "nobody")}
    assert "nobody" not in dict.keys(site.by_actor)  # pages do not change the content


def test_a_site_field_that_cannot_be_tracked_is_refused():
    @dataclass
    class Wider(Site):
        counter: object = field(default_factory=object)

    with pytest.raises(TypeError, match="counter"):
        track(Wider(root=Path(".")))


def test_a_deferred_builder_must_be_a_plain_function():
    seen = {"event": 1}

    def closure() -> dict:
        return seen

    with pytest.raises(TypeError, match="module-level function"):
        Deferred(closure)
    with pytest.raises(TypeError):  # a builtin or a class could hold anything too
        Deferred(dict)


ACTOR = "actors/syrian-arab-army.yaml"


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return content, build(content, tmp_path / "output", SITREP_SEARCH=False)


def test_an_actor_edit_renders_only_the_pages_that_read_the_actor(site, monkeypatch):
    """Before recorded inputs every page was keyed by every non-event file: renaming an
    actor rendered the whole site again. Now only the pages that read the actor are."""
    content, output = site
    written: list[str] = []
    write = OutputStore._write

    def counted(self, name, key, data, reads=None):
        written.append(name)
        return write(self, name, key, data, reads)

    monkeypatch.setattr(OutputStore, "_write", counted)
    edit(content / ACTOR, "name: Syrian Arab Army", "name: Syrian Arab Army (SAA)")
    build(content, output, SITREP_SEARCH=False)
    pages = [name for name in written if name.endswith(".html")]
    assert "actors/syrian-arab-army/index.html" in pages
    assert "Syrian Arab Army (SAA)" in page(output, "/actors/syrian-arab-army/").h1.get_text()
    assert "events/2016-08-06-army-says-lost-ground-regained/index.html" in pages
    # A page that shows nothing of the actor is kept.
    assert "actors/jaish-al-fath/index.html" not in pages
    assert "grades/index.html" not in pages
    total = sum(1 for _ in output.rglob("*.html"))
    assert len(pages) < total * 3 / 4  # the actor is on most events of the demo, and maps
