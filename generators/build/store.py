"""Where sitrep's generators write their files: the staging folder of the build, reusing
the previous builds' files whenever they would be written with the same bytes.

Each file the store writes is recorded in a manifest with its key (what its generator
handed it, hashed by value: pages/keys.py; or the hash of its bytes), the content it read
while it was made (recorded: inputs.py) with their digest, and the identity of the file on
disk (inode, size, modification time). The next build reads that manifest, and a file whose
key is the same and whose inputs have the same digest is not made again:

- the staging folder is the site the build before last swapped out (output.py keeps it as
  a spare): a file there that is still the very file written with that key stays as it is;
- else the file of the same name in `output/`, if it is still the very file written, is
  hard-linked into the staging folder.

An edited event thus costs the pages it appears on, the files of the spare that the
previous build changed, and a deployment by rsync sees only those files change. Whatever
else the spare holds (pages gone since, Pelican's own files) is removed before Pelican
writes: it writes files in place, and a spare file may be linked to the served site. The
manifest lists every file a build left (`save`), so this needs no walk of the spare: a stamp
in the folder, removed as soon as a build takes the spare, says the list still describes it
(a build that failed midway leaves no stamp, and the spare is walked).

The manifest (manifest.py) is one sealed file (sealed.py: read back only when this
machine's user wrote it) with named parts: the files of `output/` and of the spare, the
kept values (`memo`: parts of files, converted analyses, compiled templates; each its own
pickle, unpickled when asked for), the listings, and the scripts each content file held
when last scanned (csp.py: read again only when changed).

Staging files are never written in place: a kept or linked file may share its bytes with
the site being served, so a write replaces the link (unlink, then create).

Parts of files are kept the same way (`remembered`, in the manifest too): a value made of
one event, keyed like a page, is kept for the next build with the inputs it read, so that a
file listing every event (events.csv, say) joins the kept parts and makes only the edited
event's again; a kept part counts its inputs as read by the file it goes into.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

from . import manifest as manifest_file
from .csp import Guard
from .digests import digest, joined_digest
from .inputs import Input, Inputs, Ledger, recording, replay
from .manifest import Entry
from .output import MARKER, discard, files_below

Value = TypeVar("Value")
Data = bytes | Sequence[bytes]  # a file's bytes, or the parts they join

# In the built site, beside the listing of its files in the manifest: the stamp that the
# listing is still true of the folder (see _clear_spare).
STAMP = ".sitrep-files"
# Written after the walk that lists a build's files (finish.py, output.py): listed with them.
_AFTER_WALK = ("sitemap.xml", "robots.txt", MARKER, STAMP)
_AFTER_WALK_FOLDER = "pagefind"
_SITEMAP_PART = re.compile(r"sitemap-[0-9]+\.xml")


class Taken(NamedTuple):
    """What a worker wrote or kept since the last `take()`: the entries of the files it
    wrote, and the names of those it kept. A kept file's entry is the spare's or the served
    site's, which the process merging them holds too: a forked worker sends a name, not the
    entry with its inputs pickled again (half a second of a 10,000-event rebuild)."""

    written: dict[str, Entry]
    spare: list[str]  # kept where they are, in the spare
    served: list[str]  # linked from the served site
    stale: list[str]  # --verify: kept files that differ from their fresh render


class Keying(Protocol):
    """How the files of a build are keyed, once its content is loaded (pages/keys.py)."""

    ledger: Ledger

    def key(self, name: str, template: str, variables: Any) -> bytes | None: ...

    def same(self, new: Any, old: Any, before: Any) -> bool: ...

    def changed_since(self, then: dict[Input, bytes], before: Any) -> frozenset[Input]: ...


def _same_file(entry: Entry, stat: os.stat_result) -> bool:
    return (entry.inode, entry.size, entry.mtime_ns) == (
        stat.st_ino,
        stat.st_size,
        stat.st_mtime_ns,
    )


def _replacing(target: str, create: Callable[[], Value]) -> Value:
    """`create()` a new file at `target` (it fails when one is there): a file already there
    is removed first, never written into, for it may be linked to the served site."""
    try:
        return create()
    except FileExistsError:
        os.unlink(target)
        return create()


def _replaceable(root: Path, names: Iterable[str]) -> bool:
    """Whether this process may replace each file of `names` in `root` and make files
    beside it (files are unlinked, never written into): every folder on their way is its
    own and writable. One lstat a folder, from the names: walking the 25,000 folders of a
    10,000-event site took a third of a second of every rebuild."""
    uid = os.geteuid()
    folders = {""}
    for name in names:
        folder = os.path.dirname(name)
        while folder not in folders:
            folders.add(folder)
            folder = os.path.dirname(folder)
    try:
        for folder in folders:
            found = os.lstat(os.path.join(root, folder))
            if found.st_uid != uid or found.st_mode & 0o300 != 0o300:
                return False
    except OSError:
        return False
    return True


def _remove_if_empty(root: Path, folder: str) -> None:
    """Remove `folder` (relative to `root`) and then its parents, as long as they are empty."""
    while folder:
        path = os.path.join(root, folder)
        if not os.path.isdir(path) or os.listdir(path):
            return
        os.rmdir(path)
        folder = os.path.dirname(folder)


class OutputStore:
    """The files of one build: written into `staging`, or linked from `previous`."""

    def __init__(self, staging: Path, previous: Path, guard: Guard, code: bytes = b""):
        self.staging, self.previous, self.guard = staging, previous, guard
        self.code = code  # digests.reading_digest: what reading any file depends on
        # Beside the output folder, as its staging folders: not published with the site.
        self.manifest = previous.parent / f".{previous.name}.manifest"
        manifests = manifest_file.read(self.manifest)
        self.old = manifests["output"]  # the files of `previous`
        self.spare = manifests["spare"]  # the files of `staging`, when it was the spare
        self.memo_old: manifest_file.Recalled = manifests["memo"]  # see `remembered`
        self.table: manifest_file.Table = manifests["table"]  # the inputs, as read
        # The digest of every input the files of `previous` and of the spare read, as it was
        # when that build ended (each such file was then made, or found current, from them).
        self.then: dict[str, dict[Input, bytes]] = manifests["inputs"]
        # The scripts written in content files, each file read only if it changed since.
        guard.watch(manifests["scripts"])
        self.memo: dict[tuple[str, bytes], Any] = {}  # what this build made or kept
        self.memo_inputs: dict[int, Inputs] = {}  # what its remembered values read, by id
        # (stamp, every file) of `previous`, and of `staging` as the spare
        self.listing: tuple[str, list[str]] | None = manifests["listing"].get("output")
        self._clear_spare(manifests["listing"].get("spare"))
        self.entries: dict[str, Entry] = {}  # what this build wrote or kept
        # The same, since the last `take()`: written, kept from the spare, linked from output/
        self.fresh: dict[str, Entry] = {}
        self.fresh_spare: list[str] = []
        self.fresh_served: list[str] = []
        self.folders: set[str] = set()
        self.reused = 0
        # `sitrep build --verify`: render what would be kept too; the kept files that
        # differ from their fresh render are listed (`stale`, `fresh_stale` since `take()`)
        self.verify = False
        self.stale: list[str] = []
        self.fresh_stale: list[str] = []
        self.keys: Keying | None = None  # once the content is loaded
        self._changed: dict[str, frozenset[Input]] = {}  # by part, once the keys are made
        # Every file made or kept by this process's generators (a forked worker's pages
        # are counted by the generator that hands them out): what each generator makes.
        self.handled: set[str] = set()
        self.digests: dict[Input, bytes] = {}  # once saved: the digests of what was read

    def _clear_spare(self, listing: tuple[str, list[str]] | None) -> None:
        """Leave in staging only the files the spare's manifest vouches for (and no folder
        that this leaves empty)."""
        # The stamp is among the files removed below: once this build changes the folder,
        # the listing is no longer true of it.
        try:
            with open(os.path.join(self.staging, STAMP), encoding="utf-8") as handle:
                found = handle.read()
        except OSError:
            found = None
        if listing is not None and found == listing[0]:
            names: Iterable[str] = listing[1]
            shutil.rmtree(os.path.join(self.staging, _AFTER_WALK_FOLDER), ignore_errors=True)
        else:
            names = list(files_below(self.staging))
        if not _replaceable(self.staging, names):  # a read-only old site, or someone else's
            aside = self.previous.parent / f".{self.previous.name}.discarded-{os.getpid()}"
            discard(self.staging, aside)
            self.staging.mkdir()
            self.spare = {}
            return
        folders = set()
        for name in names:
            if name not in self.spare:
                path = os.path.join(self.staging, name)
                if os.path.lexists(path):
                    os.unlink(path)
                folders.add(os.path.dirname(name))
        for folder in sorted(folders, key=len, reverse=True):  # the deepest first
            _remove_if_empty(self.staging, folder)

    def page(
        self, name: str, key: bytes | None, render: Callable[[], str], kept: bool | None = None
    ) -> None:
        """An HTML page: kept from a previous build when its key is the same, else
        rendered, given its security policy, and written."""
        self.made(name, key, lambda: self.guard.secure(name, render()).encode("utf-8"), kept)

    def made(
        self, name: str, key: bytes | None, make: Callable[[], bytes], kept: bool | None = None
    ) -> None:
        """Any other file, keyed by what its generator handed it (Keys.key): kept from a
        previous build when its key is the same and what it read is as it was, else made
        (recording what it reads) and written. `kept`: what `kept()` said of it already."""
        self.handled.add(name)
        if kept is None:
            kept = self.kept(name, key)
        if kept and not self.verify:
            return
        with recording() as reads:
            data = make()
        self.put(name, key, data, reads, kept)

    def wrote_before(self, name: str) -> bool:
        """Whether the served site or the spare has `name` from a build: only then may it
        be kept."""
        return name in self.old or name in self.spare

    def kept(self, name: str, key: bytes | None) -> bool:
        """Whether the previous build's file `name` is kept (it is then in this build)."""
        return key is not None and (self._keep(name, key) or self._reuse(name, key))

    def put(
        self, name: str, key: bytes | None, data: bytes, reads: Collection[Input], kept: bool
    ) -> None:
        """Write the file `name` made of `reads` (here, or by a worker of a distributed
        build); when it was `kept` (--verify), only note it if it differs."""
        if kept:  # --verify: the kept file must be what making it now gives
            with open(os.path.join(self.staging, name), "rb") as handle:
                if handle.read() == data:
                    return
            self.fresh_stale.append(name)
        self._write(name, key, data, reads)

    def file(self, name: str, data: Data) -> None:
        """Any other file, its bytes or the parts they join (a data file of every event is
        never one copy in memory): kept from a previous build when its bytes are the same."""
        self.handled.add(name)
        key = joined_digest(parts_of(data))
        if not (self._keep(name, key) or self._reuse(name, key)):
            self._write(name, key, data)

    def remembered(self, kind: str, key: bytes | None, make: Callable[[], Value]) -> Value:
        """The value `make()` returns, kept from the previous build when `key` (Keys.key
        of what it is handed) is the same and what it read is as it was; its inputs count
        as read by the file it goes into. Values must pickle; only this process's are kept
        (not a forked or a Dask worker's)."""
        if key is None:
            return make()
        found = self.recalled(kind, key)
        if found is not None and not self._current(found[1], "output"):
            found = None
        if found is not None and not self.verify:
            replay(found[1])
            self.remember(kind, key, found)
            self.memo_inputs[id(found[1])] = found[1]
            return found[0]
        with recording() as reads:
            value = make()
        if found is not None and _pickled(found[0]) != _pickled(value):  # --verify
            self.fresh_stale.append(f"({kind} kept for {value!r:.60})")
        inputs = self._inputs(reads)
        self.remember(kind, key, (value, inputs))
        self.memo_inputs[id(inputs)] = inputs
        return value

    def _inputs(self, reads: Collection[Input]) -> Inputs:
        """What making a file read, as one tuple shared by the files that read the same."""
        if not reads:
            return ()
        if self.keys is None:
            raise RuntimeError("content read before the build's keys were made")
        return self.keys.ledger.intern(reads)

    def _current(self, inputs: Inputs, part: str) -> bool:
        """Whether what a file of the previous build (`part`: "output", the served site's,
        or "spare") read is as it was: none of its inputs is among those that changed."""
        if not inputs:
            return True
        if self.keys is None:
            return False
        then = self.then.get(part, {})
        changed = self._changed.get(part)
        if changed is None:
            changed = self._changed[part] = self._changed_since(then)
        return changed.isdisjoint(inputs) and all(map(then.__contains__, inputs))

    def _changed_since(self, then: dict[Input, bytes]) -> frozenset[Input]:
        """The inputs whose digest now differs from `then`: each digested once, so that a
        page is then checked by one set operation, not by digests of what it read."""
        assert self.keys is not None
        digest_now = self.keys.ledger.digest
        return frozenset(one for one, was in then.items() if digest_now(one) != was)

    def recalled(self, kind: str, key: bytes) -> Any:
        """What the previous build remembered under `key`, or None."""
        return self.memo_old.get((kind, key))

    def remember(self, kind: str, key: bytes, value: Any) -> None:
        """Keep `value` (not None) for the next build."""
        self.memo[(kind, key)] = value

    def _target(self, name: str) -> str:
        """Where `name` goes in staging, its folder made. A file may already be there, and
        be linked to the served site: it is replaced, never written into (`_replacing`)."""
        folder = os.path.dirname(name)
        if folder not in self.folders:
            path = os.path.join(self.staging, folder)
            try:  # one mkdir for a new page's folder, not makedirs' checks of its parents
                os.mkdir(path)
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(path, exist_ok=True)
            self.folders.add(folder)
        return os.path.join(self.staging, name)

    def _keep(self, name: str, key: bytes) -> bool:
        """Whether the spare's file is the one to write: then it stays where it is."""
        entry = self.spare.get(name)
        if entry is None or entry.key != key or not self._current(entry.inputs, "spare"):
            return False
        try:
            if not _same_file(entry, os.stat(os.path.join(self.staging, name))):
                return False
        except OSError:
            return False
        self.fresh_spare.append(name)
        return True

    def _reuse(self, name: str, key: bytes) -> bool:
        """Whether the served site's file is the one to write: then it is linked."""
        entry = self.old.get(name)
        if entry is None or entry.key != key or not self._current(entry.inputs, "output"):
            return False
        source = os.path.join(self.previous, name)
        try:
            if not _same_file(entry, os.stat(source)):
                return False
            target = self._target(name)
            _replacing(target, lambda: os.link(source, target))
        except OSError:
            return False  # another file system, or the file is gone: write it
        self.fresh_served.append(name)
        return True

    def _write(
        self,
        name: str,
        key: bytes | None,
        data: Data,
        reads: Collection[Input] = (),
    ) -> None:
        target = self._target(name)
        # os.open, not open(): a page is then four system calls (open, write, fstat, close)
        # instead of eight, at 22,000 pages a second of a cold build on a slow disk.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        fd = _replacing(target, lambda: os.open(target, flags, 0o666))
        try:
            write_parts(fd, data)
            if key is not None:
                stat = os.fstat(fd)
                inputs = self._inputs(reads)
                self.fresh[name] = Entry(key, stat.st_ino, stat.st_size, stat.st_mtime_ns, inputs)
        finally:
            os.close(fd)

    def take(self) -> Taken:
        """What was written or kept since the last call: a worker process returns it."""
        taken = Taken(self.fresh, self.fresh_spare, self.fresh_served, self.fresh_stale)
        self.fresh, self.fresh_spare, self.fresh_served, self.fresh_stale = {}, [], [], []
        return taken

    def merge(self, taken: Taken) -> None:
        """Take in what a worker (this process or a forked one) wrote or kept."""
        if self.keys is not None and taken.written:  # a forked worker's inputs, shared
            intern = self.keys.ledger.intern
            self.entries.update(
                (name, entry._replace(inputs=intern(entry.inputs)) if entry.inputs else entry)
                for name, entry in taken.written.items()
            )
        else:
            self.entries.update(taken.written)
        self.entries.update((name, self.spare[name]) for name in taken.spare)
        self.entries.update((name, self.old[name]) for name in taken.served)
        self.reused += len(taken.spare) + len(taken.served)
        self.stale += taken.stale

    def prune(self) -> None:
        """Remove the spare's files that this build did not write or keep, and the folders
        they leave empty (pages gone since the build before last)."""
        self.merge(self.take())
        for name in self.spare.keys() - self.entries.keys():
            path = os.path.join(self.staging, name)
            if os.path.lexists(path):
                os.unlink(path)
            _remove_if_empty(self.staging, os.path.dirname(name))

    def _digests_now(self) -> dict[Input, bytes]:
        """The digest now of every input that this build's files and remembered values
        read (also those a forked worker made: its digests stayed in the worker)."""
        if self.keys is None:
            return {}
        read: set[Input] = set()
        held = {id(entry.inputs): entry.inputs for entry in self.entries.values()}
        for inputs in (held | self.memo_inputs).values():  # each tuple once: most are shared
            read.update(inputs)
        digest_now = self.keys.ledger.digest
        return {one: digest_now(one) for one in read}

    def save(self, files: Iterable[str]) -> None:
        """Record this build's files, once it succeeded, for the next one: staging becomes
        the site, and the site the spare (output.py). `files` lists every file of staging
        before the sitemap and search index were written (files_below)."""
        self.merge(self.take())
        # The sitemap's parts (finish.py) are written after the walk too, as many as needed.
        parts = [n for n in os.listdir(self.staging) if _SITEMAP_PART.fullmatch(n)]
        names = sorted({*files, *_AFTER_WALK, *parts})
        # What the files are, not which build: two builds of the same files write the same.
        stamp = digest([name.encode() for name in names]).hex()
        with open(os.path.join(self.staging, STAMP), "w", encoding="utf-8") as handle:
            handle.write(stamp)
        listing = {"output": (stamp, names), "spare": self.listing}
        manifests = {"output": self.entries, "spare": self.old, "memo": self.memo}
        manifests["listing"] = listing
        self.digests = self._digests_now()
        manifests["inputs"] = {"output": self.digests, "spare": self.then.get("output", {})}
        manifests["scripts"] = self.guard.scanned
        manifest_file.write(self.manifest, manifests, self.memo_old, self.table)


class WorkerStore:
    """The store a worker of a distributed build hands its generators while it loads the
    site and renders pages (pages/shards.py): it keeps and writes nothing, for the building
    process's store decides what is kept and writes what the worker made."""

    def __init__(self, guard: Guard, code: bytes):
        self.guard, self.code = guard, code
        self.keys: Keying | None = None  # the building process keys the pages
        self.verify = False

    def remembered(self, kind: str, key: bytes | None, make: Callable[[], Value]) -> Value:
        return make()  # what it reads is recorded in the recording around it, if any

    def recalled(self, kind: str, key: bytes) -> Any:
        return None

    def remember(self, kind: str, key: bytes, value: Any) -> None:
        pass


def parts_of(data: Data) -> Sequence[bytes]:
    return [data] if isinstance(data, bytes) else data


def write_parts(fd: int, data: Data) -> None:
    """Write `data` at the descriptor `fd`, its parts joined a megabyte at a time."""
    chunk: list[bytes] = []
    size = 0
    for part in parts_of(data):
        chunk.append(part)
        size += len(part)
        if size >= _CHUNK:
            _write_all(fd, b"".join(chunk))
            chunk, size = [], 0
    if chunk:
        _write_all(fd, b"".join(chunk))  # one part: that very object, not a copy


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


_CHUNK = 1 << 20


def _pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
