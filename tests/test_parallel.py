"""Pages written on every core (generators/build/parallel.py) are the pages written on one."""

from __future__ import annotations

import os

import pytest

from bench import synth
from generators.build import executor, manifest, parallel
from generators.build.parallel import WorkerFailed, in_processes, shares
from tests.sitebuild import build, tree


@pytest.fixture(autouse=True)
def forking(monkeypatch):
    # Other tests' threads (the session's browser) make sitrep rightly refuse to fork; these
    # tests fork on purpose, and their child touches nothing those threads hold.
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)


def test_each_item_is_worked_once_half_of_them_in_a_worker(tmp_path):
    items = list(range(parallel.MIN_ITEMS))

    def work(share) -> None:
        for item in share:
            (tmp_path / f"{item}.pid").write_text(str(os.getpid()))

    in_processes(items, work)
    written = {int(p.stem): p.read_text() for p in tmp_path.iterdir()}
    assert sorted(written) == items
    assert len(set(written.values())) == 2  # two processes did the work
    assert written[0] == str(os.getpid())


def test_shares_cover_the_items_in_order():
    assert shares(10, 3) == [(0, 3), (3, 6), (6, 10)]
    assert shares(200, 2) == [(0, 100), (100, 200)]


def test_a_failing_worker_fails_the_whole(tmp_path):
    parent = os.getpid()

    def work(share) -> None:
        if os.getpid() != parent:
            raise RuntimeError("template exploded in the worker")

    with pytest.raises(WorkerFailed, match="template exploded in the worker"):
        in_processes(list(range(parallel.MIN_ITEMS)), work)


@pytest.mark.slow
def test_a_site_built_on_two_cores_equals_one_built_on_one(tmp_path):
    content = synth.write(300, tmp_path / "content")
    two = build(content, tmp_path / "two", SITREP_SEARCH=False)
    one = build(content, tmp_path / "one", SITREP_SEARCH=False, SITREP_EXECUTOR="serial")
    assert len(list((two / "events").iterdir())) == 300
    assert tree(two) == tree(one)


def test_what_the_pages_read_is_held_once_whichever_process_wrote_them(tmp_path):
    # Each page records its reads as new tuples, and a forked worker's come back unpickled:
    # the store holds each input once (at 10,000 events the copies held 31 MB).
    content = synth.write(300, tmp_path / "content")
    out = build(content, tmp_path / "site", SITREP_SEARCH=False)
    entries = manifest.read(out.parent / f".{out.name}.manifest")["output"]
    held: dict = {}
    occurrences = 0
    for entry in entries.values():
        for one in entry.inputs:
            assert held.setdefault(one, one) is one, f"{one} held twice"
            occurrences += 1
    events = [name for name in entries if name.startswith("events/")]
    assert len(events) >= 300 and occurrences > len(held) * 2  # many read by several pages


@pytest.mark.slow
def test_a_rebuild_shares_out_only_the_pages_it_must_make(tmp_path, monkeypatch):
    # A rebuild keys the pages a build wrote before, and keeps them, in this process: it
    # forks for what it must render, not to key pages it then keeps (1.1 s of CPU of a
    # 10,000-event rebuild). What it must render is still shared over both cores.
    content = synth.write(300, tmp_path / "content")
    out = build(content, tmp_path / "site", SITREP_SEARCH=False)
    shared: list[int] = []
    real = executor.in_processes

    def counting(items, work):
        shared.append(len(items))
        return real(items, work)

    monkeypatch.setattr(executor, "in_processes", counting)
    build(content, out, SITREP_SEARCH=False)
    assert shared and max(shared) < parallel.MIN_ITEMS  # every page kept: no worker
    shared.clear()
    build(content, out, SITREP_SEARCH=False, SITENAME="Another desk")  # every page again
    assert max(shared) >= 300  # the event pages, shared out
    cold = build(content, tmp_path / "cold", SITREP_SEARCH=False, SITENAME="Another desk")
    assert tree(out) == tree(cold)
