"""Pages written on two cores (generators/build/parallel.py) are the pages written on one."""

from __future__ import annotations

import os

import pytest

from bench import synth
from generators.build import parallel
from generators.build.parallel import WorkerFailed, in_two_processes
from tests.sitebuild import build, tree


@pytest.fixture(autouse=True)
def forking(monkeypatch):
    # Other tests' threads (the session's browser) make sitrep rightly refuse to fork; these
    # tests fork on purpose, and their child touches nothing those threads hold.
    monkeypatch.setattr(parallel, "can_fork", lambda: True)


def test_each_item_is_worked_once_half_of_them_in_a_child(tmp_path):
    items = list(range(parallel.MIN_ITEMS))

    def work(share) -> None:
        for item in share:
            (tmp_path / f"{item}.pid").write_text(str(os.getpid()))

    in_two_processes(items, work)
    written = {int(p.stem): p.read_text() for p in tmp_path.iterdir()}
    assert sorted(written) == items
    assert len(set(written.values())) == 2  # two processes did the work
    assert written[0] == str(os.getpid())


def test_a_failing_child_fails_the_whole(tmp_path):
    parent = os.getpid()

    def work(share) -> None:
        if os.getpid() != parent:
            raise RuntimeError("template exploded in the child")

    with pytest.raises(WorkerFailed):
        in_two_processes(list(range(parallel.MIN_ITEMS)), work)


@pytest.mark.slow
def test_a_site_built_on_two_cores_equals_one_built_on_one(tmp_path, monkeypatch):
    content = synth.write(300, tmp_path / "content")
    two = build(content, tmp_path / "two", SITREP_SEARCH=False)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
    one = build(content, tmp_path / "one", SITREP_SEARCH=False)
    assert len(list((two / "events").iterdir())) == 300
    assert tree(two) == tree(one)
