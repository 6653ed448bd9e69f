"""Where sitrep's generators write their files: the staging folder of the build, reusing
the previous build's file whenever it would be written with the same bytes.

Each file the store writes is recorded in a manifest with its key (the page's fingerprint,
or the hash of the bytes) and the identity of the file on disk (inode, size, modification
time). The next build reads that manifest: a file whose key did not change, and whose
previous copy in `output/` is still the very file that was written, is hard-linked into the
new staging folder instead of being rendered and written again. An edited event thus costs
the pages it appears on, and a deployment by rsync sees only those files change.

Staging files are never written in place: a linked file shares its bytes with the site
being served until the swap, so a write replaces the link (unlink, then create).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from .csp import Guard
from .fingerprint import Fingerprints


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


class OutputStore:
    """The files of one build: written into `staging`, or linked from `previous`."""

    def __init__(self, staging: Path, previous: Path, guard: Guard):
        self.staging, self.previous, self.guard = staging, previous, guard
        # Beside the output folder, as its staging folders: not published with the site.
        self.manifest = previous.parent / f".{previous.name}.manifest"
        self.old: dict[str, Entry] = {}
        try:
            with open(self.manifest, "rb") as handle:
                self.old = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass  # no usable manifest: every file is written
        self.entries: dict[str, Entry] = {}  # what this build wrote or kept
        self.fresh: dict[str, Entry] = {}  # the same, since the last `take()`
        self.folders: set[str] = set()
        self.reused = self.fresh_reused = 0
        self.fingerprints: Fingerprints | None = None  # once the content is loaded

    def page(self, name: str, key: bytes | None, render: Callable[[], str]) -> None:
        """An HTML page: kept from the previous build when its key is the same, else
        rendered, given its security policy, and written."""
        if key is not None and self._reuse(name, key):
            return
        html = self.guard.secure(name, render())
        self._write(name, key, html.encode("utf-8"))

    def file(self, name: str, data: bytes) -> None:
        """Any other file: kept from the previous build when its bytes are the same."""
        key = hashlib.blake2b(data, digest_size=20).digest()
        if not self._reuse(name, key):
            self._write(name, key, data)

    def _target(self, name: str) -> str:
        """Where `name` goes in staging, its folder made and nothing in its place (a file
        there may be linked to the served site: it is replaced, never written into)."""
        folder = os.path.dirname(name)
        if folder not in self.folders:
            os.makedirs(os.path.join(self.staging, folder), exist_ok=True)
            self.folders.add(folder)
        target = os.path.join(self.staging, name)
        if os.path.lexists(target):
            os.unlink(target)
        return target

    def _reuse(self, name: str, key: bytes) -> bool:
        entry = self.old.get(name)
        if entry is None or entry.key != key:
            return False
        source = os.path.join(self.previous, name)
        try:
            if not _same_file(entry, os.stat(source)):
                return False
            os.link(source, self._target(name))
        except OSError:
            return False  # another file system, or the file is gone: write it
        self.fresh[name] = entry
        self.fresh_reused += 1
        return True

    def _write(self, name: str, key: bytes | None, data: bytes) -> None:
        target = self._target(name)
        with open(target, "wb") as handle:
            handle.write(data)
        if key is not None:
            stat = os.stat(target)
            self.fresh[name] = Entry(key, stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def take(self) -> tuple[dict[str, Entry], int]:
        """What was written or kept since the last call: a worker process returns it."""
        taken = self.fresh, self.fresh_reused
        self.fresh, self.fresh_reused = {}, 0
        return taken

    def merge(self, entries: dict[str, Entry], reused: int) -> None:
        """Take in what a worker (this process or a forked one) wrote or kept."""
        self.entries.update(entries)
        self.reused += reused

    def save(self) -> None:
        """Record this build's files, once it succeeded, for the next one."""
        part = self.manifest.with_name(f"{self.manifest.name}-{os.getpid()}")
        self.merge(*self.take())
        with open(part, "wb") as handle:
            pickle.dump(self.entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part, self.manifest)
