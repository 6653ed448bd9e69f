"""A partial rebuild into the served site: what the preview server (`sitrep serve`) does
after a save, instead of a whole build, when it can be sure of the result.

A whole build keys every page and links or writes every file into a new folder. After one
event's file changed, nearly all of that only proves that nothing else changed. The
recorded inputs (inputs.py) already say which files read the event: a partial rebuild
makes again only those, and the files whose generator now hands them other values, and
writes them into the served site, each replaced in one step (a new file renamed over it).

It is exactly a whole build's result or it does not happen: the caller (rebuild.py at the
top of the package) runs a whole build instead when anything it cannot follow changed, and
`PartialStore` raises `NotPartial` as soon as a generator makes a file the previous build
did not (a new day page) or stops making one. Files are written in two steps, each once
all of its generators have run (`commit`): the pages, then the files that list the whole
site; a rebuild refused or failed in the first leaves the served site as it was, and one
refused in the second is followed by a whole build.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .csp import Guard
from .digests import joined_digest
from .inputs import Input, Inputs
from .manifest import Entry, Recalled
from .store import STAMP, Data, Keying, OutputStore, Taken, parts_of, write_parts


class NotPartial(Exception):
    """A partial rebuild cannot give a whole build's result: run a whole build."""


@dataclass
class Snapshot:
    """What a build (whole or partial) leaves for the next partial rebuild: the files of the
    served site with their keys and inputs, the digests of those inputs, the kept values,
    and the identity of the stamp that tells the site is still that build's."""

    folder: Path
    entries: dict[str, Entry]
    digests: dict[Input, bytes]
    memo: dict[tuple[str, bytes], Any]
    names: set[str]  # every file the generators made or kept, keyed (`entries`) or not
    stamp: tuple[int, int] = (0, 0)  # inode and mtime of the site's STAMP file

    @classmethod
    def of(cls, store: OutputStore, folder: Path) -> Snapshot:
        """The snapshot of a whole build that just swapped `store`'s staging in as `folder`.
        Copies: the manifest the store saved stays as it was written."""
        entries, digests, memo = dict(store.entries), dict(store.digests), dict(store.memo)
        return cls(Path(folder), entries, digests, memo, set(store.handled), _stamp(Path(folder)))

    def note(self, inputs: Iterable[Input], digest_now: Callable[[Input], bytes]) -> None:
        """Keep the digest of each of `inputs` not yet known: read by a generator outside
        its files, or by the making of the context, they are compared as the files' are."""
        digests = self.digests
        for one in inputs:
            if one not in digests:
                digests[one] = digest_now(one)

    def current(self) -> bool:
        """Whether the served site is still the one this snapshot describes (no other build,
        `sitrep build` in another terminal, say, replaced it since)."""
        return self.stamp != (0, 0) and _stamp(self.folder) == self.stamp


def _stamp(folder: Path) -> tuple[int, int]:
    try:
        found = os.stat(folder / STAMP)
    except OSError:
        return (0, 0)
    return found.st_ino, found.st_mtime_ns


@dataclass
class Pending:
    key: bytes | None
    data: Data
    inputs: Inputs


class PartialStore(OutputStore):
    """The store of a partial rebuild: keeps a file of the snapshot when its key and inputs
    are as they were, holds the others' new bytes until `commit()`."""

    def __init__(self, snapshot: Snapshot, guard: Guard, code: bytes = b""):
        # Not OutputStore.__init__: there is no manifest to read and no spare to clear.
        self.snapshot = snapshot
        self.staging = self.previous = snapshot.folder
        self.guard, self.code = guard, code
        self.old, self.spare = snapshot.entries, {}
        self.memo_old = Recalled({}, snapshot.memo)  # the values themselves, in memory
        self.then = {"output": snapshot.digests}
        self.memo, self.memo_inputs = {}, {}
        self.listing = None
        self.entries, self.fresh, self.fresh_spare, self.fresh_served = {}, {}, [], []
        self.folders: set[str] = set()
        self.reused = 0
        self.verify, self.stale, self.fresh_stale = False, [], []
        self.keys = None
        self.before: Keying | None = None  # the last build's keys (`Keying.same`)
        self._changed = {}
        self.pending: dict[str, Pending] = {}
        self.handled = set()
        self.digests = snapshot.digests
        # What to make first and serve at once (pages/base.py): the snapshot's files that
        # read what changed, the pages handed a changed item (by identity: the edited
        # event's own page), and how to serve what is made so far.
        self.targets: Collection[str] = frozenset()
        self.changed_items: Collection[int] = frozenset()
        self.publish: Callable[[], None] | None = None

    def changed(self) -> frozenset[Input]:
        """The inputs of the snapshot's files whose digest changed (once the keys are made)."""
        if self.keys is None:
            raise RuntimeError("the content is not loaded yet")
        if "output" not in self._changed:
            self._changed["output"] = self.keys.changed_since(self.then["output"], self.before)
        return self._changed["output"]

    def _known(self, name: str) -> Entry | None:
        """The snapshot's entry of `name` (None: a file made on every build, unkeyed)."""
        if name not in self.snapshot.names:
            raise NotPartial(f"{name} is new")
        self.handled.add(name)
        return self.old.get(name)

    def settled(self, name: str) -> bool:
        """Whether `name` was a file of the snapshot and nothing it read changed: kept as it
        is when its generator hands it the very same values (pages/base.py)."""
        entry = self._known(name)
        return entry is not None and self._current(entry.inputs, "output")

    def keep(self, name: str) -> None:
        """Keep the snapshot's file `name` as it is."""
        self.handled.add(name)
        self.entries[name] = self.old[name]

    def kept(self, name: str, key: bytes | None) -> bool:
        entry = self._known(name)
        if entry is None:
            return False
        if key is not None and entry.key == key and self._current(entry.inputs, "output"):
            self.entries[name] = entry
            return True
        return False

    def file(self, name: str, data: Data) -> None:
        entry = self._known(name)
        key = joined_digest(parts_of(data))
        if entry is not None and entry.key == key:
            self.entries[name] = entry
        else:
            self._write(name, key, data)

    def _write(
        self,
        name: str,
        key: bytes | None,
        data: Data,
        reads: Collection[Input] = (),
    ) -> None:
        inputs = self._inputs(reads)
        self.pending[name] = Pending(key, data, inputs)

    def take(self) -> Taken:
        return Taken({}, [], [], [])

    def merge(self, taken: Taken) -> None:
        pass

    def commit(self) -> list[str]:
        """Write the files made, each renamed over the served one (a reader never sees half
        a file, and the spare, which may share the old file by a hard link, keeps it).
        Returns the names written since the last commit. `settle()` then makes the snapshot
        this rebuild's, once: a rebuild commits after each generator."""
        folder = self.snapshot.folder
        for name, made in self.pending.items():
            target = os.path.join(folder, name)
            temporary = os.path.join(os.path.dirname(target), f".{os.path.basename(name)}.new")
            with open(temporary, "wb") as handle:
                write_parts(handle.fileno(), made.data)
                stat = os.fstat(handle.fileno())
            os.replace(temporary, target)
            if made.key is not None:
                entry = Entry(made.key, stat.st_ino, stat.st_size, stat.st_mtime_ns, made.inputs)
                self.entries[name] = entry
            else:  # never kept: the next build makes it again
                self.entries.pop(name, None)
                self.snapshot.entries.pop(name, None)
        # What the new files read first, as it is now.
        assert self.keys is not None
        digest_now = self.keys.ledger.digest
        for made in self.pending.values():
            self.snapshot.note(made.inputs, digest_now)
        written, self.pending = sorted(self.pending), {}
        return written

    def settle(self) -> None:
        """Make the snapshot this rebuild's, once everything is committed: its files, its
        kept values, the digests now of what changed and of what the kept values read. (The
        snapshot's entries are `self.old`: a file still to be handled is looked up there.)"""
        assert self.keys is not None and not self.pending
        self.snapshot.entries.update(self.entries)
        self.snapshot.memo.update(self.memo)
        digest_now = self.keys.ledger.digest
        for one in self.changed():
            self.snapshot.digests[one] = digest_now(one)
        for inputs in self.memo_inputs.values():
            self.snapshot.note(inputs, digest_now)


def run_checked(
    names: Collection[str], store: PartialStore, make: Callable[[], None], owner: str
) -> None:
    """Run `make` (one generator's output) with `store`; refuse when it made other files
    than `names`, those it made in the snapshot's build."""
    store.handled = set()
    make()
    if store.handled != set(names):
        gone = sorted(set(names) - store.handled)[:3]
        new = sorted(store.handled - set(names))[:3]
        raise NotPartial(f"{owner} now makes other files (gone: {gone}, new: {new})")
