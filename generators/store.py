"""Where sitrep's generators write their files: the staging folder of the build, reusing
the previous builds' files whenever they would be written with the same bytes.

Each file the store writes is recorded in a manifest with its key (the page's fingerprint,
or the hash of the bytes) and the identity of the file on disk (inode, size, modification
time). The next build reads that manifest, and a file whose key did not change is not
rendered again:

- the staging folder is the site the build before last swapped out (output.py keeps it as
  a spare): a file there that is still the very file written with that key stays as it is;
- else the file of the same name in `output/`, if it is still the very file written, is
  hard-linked into the staging folder.

An edited event thus costs the pages it appears on, the files of the spare that the
previous build changed, and a deployment by rsync sees only those files change. Whatever
else the spare holds (pages gone since, Pelican's own files) is removed before Pelican
writes: it writes files in place, and a spare file may be linked to the served site.

Staging files are never written in place: a kept or linked file may share its bytes with
the site being served, so a write replaces the link (unlink, then create).

Parts of files are kept the same way (`remembered`, in the manifest too): a value made of
one event, keyed like a page, is kept for the next build, so that a file listing every
event (events.csv, say) joins the kept parts and makes only the edited event's again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from .csp import Guard
from .fingerprint import Fingerprints
from .output import files_below

Value = TypeVar("Value")


class Entry(NamedTuple):
    key: bytes
    inode: int
    size: int
    mtime_ns: int


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
        self.code = code  # fingerprint.reading_digest: what reading any file depends on
        # Beside the output folder, as its staging folders: not published with the site.
        self.manifest = previous.parent / f".{previous.name}.manifest"
        manifests: dict[str, dict[str, Entry]] = {}
        try:
            with open(self.manifest, "rb") as handle:
                manifests = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass  # no usable manifest: every file is written
        if not isinstance(manifests, dict) or set(manifests) != {"output", "spare", "memo"}:
            manifests = {"output": {}, "spare": {}, "memo": {}}  # written by an older sitrep
        self.old = manifests["output"]  # the files of `previous`
        self.spare = manifests["spare"]  # the files of `staging`, when it was the spare
        self.memo_old: dict[tuple[str, bytes], Any] = manifests["memo"]  # see `remembered`
        self.memo: dict[tuple[str, bytes], Any] = {}  # what this build made or kept
        self._clear_spare()
        self.entries: dict[str, Entry] = {}  # what this build wrote or kept
        self.fresh: dict[str, Entry] = {}  # the same, since the last `take()`
        self.folders: set[str] = set()
        self.reused = self.fresh_reused = 0
        self.fingerprints: Fingerprints | None = None  # once the content is loaded

    def _clear_spare(self) -> None:
        """Leave in staging only the files the spare's manifest vouches for (and no folder
        that this leaves empty)."""
        folders = set()
        for name in files_below(self.staging):
            if name not in self.spare:
                os.unlink(os.path.join(self.staging, name))
                folders.add(os.path.dirname(name))
        for folder in sorted(folders, key=len, reverse=True):  # the deepest first
            _remove_if_empty(self.staging, folder)

    def page(self, name: str, key: bytes | None, render: Callable[[], str]) -> None:
        """An HTML page: kept from a previous build when its key is the same, else
        rendered, given its security policy, and written."""
        if key is not None and (self._keep(name, key) or self._reuse(name, key)):
            return
        html = self.guard.secure(name, render())
        self._write(name, key, html.encode("utf-8"))

    def made(self, name: str, key: bytes | None, make: Callable[[], bytes]) -> None:
        """Any other file, keyed by what it is made of (see Fingerprints.key): kept from a
        previous build when its key is the same, else made and written."""
        if key is None or not (self._keep(name, key) or self._reuse(name, key)):
            self._write(name, key, make())

    def file(self, name: str, data: bytes) -> None:
        """Any other file: kept from a previous build when its bytes are the same."""
        key = hashlib.blake2b(data, digest_size=20).digest()
        if not (self._keep(name, key) or self._reuse(name, key)):
            self._write(name, key, data)

    def remembered(self, kind: str, key: bytes | None, make: Callable[[], Value]) -> Value:
        """The value `make()` returns, kept from the previous build when `key` (a
        Fingerprints key of everything it is made of) is the same. Values must pickle;
        only this process's are kept (not a forked worker's)."""
        if key is None:
            return make()
        found = self.recalled(kind, key)
        value = make() if found is None else found
        self.remember(kind, key, value)
        return value

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
        if entry is None or entry.key != key:
            return False
        try:
            if not _same_file(entry, os.stat(os.path.join(self.staging, name))):
                return False
        except OSError:
            return False
        self.fresh[name] = entry
        self.fresh_reused += 1
        return True

    def _reuse(self, name: str, key: bytes) -> bool:
        """Whether the served site's file is the one to write: then it is linked."""
        entry = self.old.get(name)
        if entry is None or entry.key != key:
            return False
        source = os.path.join(self.previous, name)
        try:
            if not _same_file(entry, os.stat(source)):
                return False
            target = self._target(name)
            _replacing(target, lambda: os.link(source, target))
        except OSError:
            return False  # another file system, or the file is gone: write it
        self.fresh[name] = entry
        self.fresh_reused += 1
        return True

    def _write(self, name: str, key: bytes | None, data: bytes) -> None:
        target = self._target(name)
        # os.open, not open(): a page is then four system calls (open, write, fstat, close)
        # instead of eight, at 22,000 pages a second of a cold build on a slow disk.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        fd = _replacing(target, lambda: os.open(target, flags, 0o666))
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if key is not None:
                stat = os.fstat(fd)
                self.fresh[name] = Entry(key, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        finally:
            os.close(fd)

    def take(self) -> tuple[dict[str, Entry], int]:
        """What was written or kept since the last call: a worker process returns it."""
        taken = self.fresh, self.fresh_reused
        self.fresh, self.fresh_reused = {}, 0
        return taken

    def merge(self, entries: dict[str, Entry], reused: int) -> None:
        """Take in what a worker (this process or a forked one) wrote or kept."""
        self.entries.update(entries)
        self.reused += reused

    def prune(self) -> None:
        """Remove the spare's files that this build did not write or keep, and the folders
        they leave empty (pages gone since the build before last)."""
        self.merge(*self.take())
        for name in self.spare.keys() - self.entries.keys():
            path = os.path.join(self.staging, name)
            if os.path.lexists(path):
                os.unlink(path)
            _remove_if_empty(self.staging, os.path.dirname(name))

    def save(self) -> None:
        """Record this build's files, once it succeeded, for the next one: staging becomes
        the site, and the site the spare (output.py)."""
        part = self.manifest.with_name(f"{self.manifest.name}-{os.getpid()}")
        self.merge(*self.take())
        with open(part, "wb") as handle:
            manifests = {"output": self.entries, "spare": self.old, "memo": self.memo}
            pickle.dump(manifests, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part, self.manifest)
