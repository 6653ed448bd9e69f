"""The manifest a build leaves for the next (generators/build/manifest.py): read back as it
was written, shared input sets shared again, and nothing read that was not sealed here or
that an older sitrep wrote."""

from __future__ import annotations

import pickle

import pytest

from generators.build import manifest
from generators.build.manifest import Entry
from generators.build.sealed import dump_sealed, seal


@pytest.fixture(autouse=True)
def own_key(tmp_path, monkeypatch):
    """A sealing key of this test's own, and no manifest remembered from another test."""
    from generators.build.sealed import machine_key

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    machine_key.cache_clear()
    monkeypatch.setattr(manifest, "_saved", None)
    yield
    machine_key.cache_clear()


def sample() -> dict:
    shared = (("events", "a"), ("places",), ("by_day", "2016-08-06"))  # as the store interns
    other = (("events", "b"),)
    parts = manifest.empty()
    parts["output"] = {
        "events/a/index.html": Entry(b"k1", 1, 10, 100, shared),
        "ar/events/a/index.html": Entry(b"k2", 2, 11, 101, shared),
        "events/b/index.html": Entry(b"k3", 3, 12, 102, other),
        "robots.txt": Entry(b"k4", 4, 13, 103),
    }
    parts["spare"] = {"events/a/index.html": Entry(b"k0", 5, 9, 99, shared)}
    parts["memo"] = {("event-data", b"x"): ("row", frozenset({("events", "a")}))}
    parts["listing"] = {"output": ("stamp", ["events/a/index.html"]), "spare": None}
    parts["inputs"] = {"output": {("events", "a"): b"d"}, "spare": {}}
    return parts


def is_empty(found: dict) -> bool:
    """Whether `found` is a manifest with nothing in it (no file, no kept value)."""
    parts = [part for part in manifest.PARTS if part != "memo"]
    return not found["memo"].pickled and all(found[part] == {} for part in parts)


def test_a_manifest_reads_back_as_it_was_written(tmp_path, monkeypatch):
    path = tmp_path / ".output.manifest"
    written = sample()
    manifest.write(path, written, manifest.Recalled({}), manifest.Table([], {}, 0))
    monkeypatch.setattr(manifest, "_saved", None)  # as a new process reads it
    found = manifest.read(path)
    assert {**found, "memo": None, "table": None} == {**written, "memo": None, "table": None}
    assert {key: found["memo"].get(key) for key in written["memo"]} == written["memo"]
    assert found is not written
    output = found["output"]
    # A set read by many files is one object again, as the store shares it.
    assert output["events/a/index.html"].inputs is output["ar/events/a/index.html"].inputs
    assert output["events/a/index.html"].inputs is found["spare"]["events/a/index.html"].inputs
    # Each distinct input is written once.
    payload = path.read_bytes()
    assert payload.count(b"2016-08-06") == 1


def test_a_manifest_not_sealed_here_is_never_unpickled(tmp_path, monkeypatch):
    path = tmp_path / ".output.manifest"
    manifest.write(path, sample(), manifest.Recalled({}), manifest.Table([], {}, 0))
    monkeypatch.setattr(manifest, "_saved", None)
    forged = bytearray(path.read_bytes())
    forged[-2] ^= 1  # one byte of the pickle changed: the seal no longer matches
    path.write_bytes(bytes(forged))
    unpickled = []
    monkeypatch.setattr(manifest.pickle, "loads", lambda data: unpickled.append(data))
    assert is_empty(manifest.read(path))
    assert unpickled == []


def test_an_older_sitreps_manifest_is_not_used(tmp_path):
    """The layout before input tables: parts of Entries with their sets, sealed here."""
    path = tmp_path / ".output.manifest"
    older = sample()
    path.write_bytes(seal(pickle.dumps(older)) or b"")
    assert path.stat().st_size > 0
    assert is_empty(manifest.read(path))


def test_without_a_key_nothing_is_written_and_the_old_manifest_goes(tmp_path, monkeypatch):
    path = tmp_path / ".output.manifest"
    manifest.write(path, sample(), manifest.Recalled({}), manifest.Table([], {}, 0))
    monkeypatch.setattr(manifest, "dump_sealed", lambda value, handle, before=(): False)
    manifest.write(path, sample(), manifest.Recalled({}), manifest.Table([], {}, 0))
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".output")] == []


def test_kept_values_are_unpickled_when_asked_for_and_written_back_as_read(tmp_path, monkeypatch):
    """Each event's data records are most of the manifest: a build that keeps them
    neither unpickles those it does not use nor pickles again those it keeps."""
    path = tmp_path / ".output.manifest"
    written = sample()
    written["memo"][("event-data", b"y")] = ("other row", frozenset({("events", "b")}))
    manifest.write(path, written, manifest.Recalled({}), manifest.Table([], {}, 0))
    monkeypatch.setattr(manifest, "_saved", None)
    found = manifest.read(path)
    recalled = found["memo"]
    assert recalled.values == {}  # nothing unpickled yet
    kept = recalled.get(("event-data", b"x"))
    assert kept == ("row", frozenset({("events", "a")}))
    assert list(recalled.values) == [("event-data", b"x")]
    # The next build keeps that value and makes a new one in place of the other.
    found["memo"] = {("event-data", b"x"): kept, ("event-data", b"z"): ("new row", frozenset())}
    pickled: list = []
    dumps = manifest.pickle.dumps
    monkeypatch.setattr(manifest.pickle, "dumps", lambda v, *a: pickled.append(v) or dumps(v, *a))
    manifest.write(path, found, recalled, found["table"])
    values = [one for one in pickled if isinstance(one[1], frozenset)]  # not the keys
    assert values == [("new row", frozenset())]
    monkeypatch.setattr(manifest, "_saved", None)
    again = manifest.read(path)["memo"]
    assert again.get(("event-data", b"x")) == kept
    assert again.get(("event-data", b"z")) == ("new row", frozenset())
    assert again.get(("event-data", b"y")) is None  # not kept by the last build


def test_a_rebuild_writes_the_sets_it_read_as_they_were_and_adds_only_new_inputs(
    tmp_path, monkeypatch
):
    path = tmp_path / ".output.manifest"
    manifest.write(path, sample(), manifest.Recalled({}), manifest.Table([], {}, 0))
    monkeypatch.setattr(manifest, "_saved", None)
    found = manifest.read(path)
    before = list(found["table"].inputs)
    # The next build keeps events/a's pages and makes events/b's again from other inputs.
    edited = (("by_day", "2016-08-07"),)
    found["output"]["events/b/index.html"] = Entry(b"k5", 6, 14, 104, edited)
    manifest.write(path, {**found, "memo": {}}, found["memo"], found["table"])
    monkeypatch.setattr(manifest, "_saved", None)
    again = manifest.read(path)
    assert again["output"] == found["output"]
    assert again["table"].inputs == [*before, ("by_day", "2016-08-07")]  # one new input
    # Once the inputs no longer read outgrow the table, it is made whole again.
    monkeypatch.setattr(manifest.Table, "outgrown", lambda table: True)
    manifest.write(path, {**again, "memo": {}}, again["memo"], again["table"])
    monkeypatch.setattr(manifest, "_saved", None)
    whole = manifest.read(path)
    assert whole["output"] == found["output"]
    assert ("by_day", "2016-08-07") in whole["table"].inputs
    assert ("events", "b") not in whole["table"].inputs  # nothing reads it any more
    assert whole["table"].whole == len(whole["table"].inputs)


def test_kept_values_read_back_across_the_chunks_they_are_written_in(tmp_path, monkeypatch):
    path = tmp_path / ".output.manifest"
    written = sample()
    for n in range(5):
        written["memo"][("event-data", bytes([n]))] = (f"row {n}", frozenset({("events", str(n))}))
    monkeypatch.setattr(manifest, "_CHUNK", 10)  # a chunk of its own for each value
    manifest.write(path, written, manifest.Recalled({}), manifest.Table([], {}, 0))
    monkeypatch.setattr(manifest, "_saved", None)
    recalled = manifest.read(path)["memo"]
    assert {key: recalled.get(key) for key in written["memo"]} == written["memo"]


def test_a_sealed_stream_is_what_seal_gives(tmp_path):
    with open(tmp_path / "sealed", "wb") as handle:
        assert dump_sealed({"a": [1, 2, 3]}, handle)
    assert (tmp_path / "sealed").read_bytes() == seal(
        pickle.dumps({"a": [1, 2, 3]}, protocol=pickle.HIGHEST_PROTOCOL)
    )
