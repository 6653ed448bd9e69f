"""Validated content files kept on disk between builds, so that a `sitrep build` (a new
process each time) validates again only the files that changed since the previous one.

The cache is a folder, `.sitrep-cache/` beside the content folder unless the SITREP_CACHE
setting names another (False: no cache). An entry, keyed by kind and the file's shown path,
holds the digest of the file's bytes and the pickled document, item and untranslated-
warnings; it is used only when the file's bytes are the same. Only valid files have an entry,
so an invalid file is read and its errors reported on every load. Areas have none: their
outline is in another file.

Entries are spread over SHARDS files by a hash of their key, each rewritten (atomically)
only when one of its entries changed or went: an edit to one event rewrites one small file,
where pickling the whole cache again would take half a second at 10,000 events. A shard is
used only when it was written for the same code, libraries and site languages (its header)
and sealed on this machine (build/sealed.py): a pickle runs code when it is read, so a
shard that someone else wrote (committed with the content, say) is never unpickled. Whatever cannot
be read is ignored: its files are validated again, as without a cache.
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Collection, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any, NamedTuple

from ..build.digests import code_digest, digest
from ..build.sealed import machine_key, seal, unseal
from ..errors import ContentError
from ..settings import sitrep_settings
from .schema import Item
from .yamlsource import Document

FOLDER = ".sitrep-cache"
SHARDS = 64
FORMAT = b"sitrep content cache 1"

Key = tuple[str, str]  # (kind, shown path)


class Validated(NamedTuple):
    """What validating one valid file gave."""

    digest: bytes  # of the file's bytes
    doc: Document
    item: Item
    warnings: list[ContentError]  # untranslated.item_warnings


def cache_for(
    settings: Mapping[str, Any], languages: tuple[str, ...], *, writable: bool = True
) -> ContentCache | None:
    """The content cache the settings ask for (None: SITREP_CACHE is False)."""
    where = sitrep_settings(settings).SITREP_CACHE
    if where is False:
        return None
    folder = Path(where) if where else Path(settings["PATH"]).resolve().parent / FOLDER
    return ContentCache(folder, languages, writable=writable)


def _shard_of(key: Key) -> int:
    return zlib.crc32(f"{key[0]}/{key[1]}".encode()) % SHARDS


class ContentCache:
    """The cache of one load: `get` what a file validated to before, `keep` every valid
    file of this load, then `save` the shards that changed."""

    def __init__(self, folder: Path, languages: tuple[str, ...], *, writable: bool = True):
        self.folder = folder
        self.writable = writable
        self.header = digest([FORMAT, code_digest(), "\0".join(languages).encode()])
        # Per shard, as read: key -> (file digest, pickled Validated).
        self._read: dict[int, dict[Key, tuple[bytes, bytes]]] = {}
        self._kept: dict[Key, Validated] = {}

    def _shard(self, index: int) -> dict[Key, tuple[bytes, bytes]]:
        if index not in self._read:
            self._read[index] = self._load(self.folder / f"{index:02d}.pickle")
        return self._read[index]

    def _load(self, path: Path) -> dict[Key, tuple[bytes, bytes]]:
        try:
            payload = unseal(path.read_bytes())
        except OSError:
            return {}
        if payload is None:  # not sealed on this machine (build/sealed.py)
            return {}
        try:
            header, entries = pickle.loads(payload)
        except Exception:  # signed yet unreadable: ignored like any other
            return {}
        return entries if header == self.header and isinstance(entries, dict) else {}

    def get(self, key: Key, file_digest: bytes) -> Validated | None:
        """What the file validated to when its bytes were the same; None if not known."""
        found = self._shard(_shard_of(key)).get(key)
        if found is None or found[0] != file_digest:
            return None
        try:
            validated = pickle.loads(found[1])
        except Exception:
            return None
        return validated if isinstance(validated, Validated) else None

    def keep(self, key: Key, validated: Validated) -> None:
        """Record a valid file of this load (found in the cache or validated now)."""
        self._kept[key] = validated

    def save(self, read: Collection[Key] | None = None) -> None:
        """Write the shards whose entries differ from what was read: changed files, new
        files, and files gone or no longer valid (their entries are dropped). `read`: the
        only files this load read (the preview's, which trusts the others to be as the last
        load of the process left them, and saved them): only their shards are compared. A
        shard left as it was can only miss an entry, never give a wrong one (by digest)."""
        if not self.writable or machine_key() is None:
            return
        shards = range(SHARDS) if read is None else {_shard_of(key) for key in read}
        kept: dict[int, dict[Key, Validated]] = {index: {} for index in shards}
        for key, validated in self._kept.items():
            if (shard := kept.get(_shard_of(key))) is not None:
                shard[key] = validated
        for index, now in kept.items():
            before = self._shard(index)
            if before.keys() == now.keys() and all(
                before[key][0] == validated.digest for key, validated in now.items()
            ):
                continue
            entries = {
                key: (
                    validated.digest,
                    before[key][1]
                    if key in before and before[key][0] == validated.digest
                    else pickle.dumps(validated, pickle.HIGHEST_PROTOCOL),
                )
                for key, validated in now.items()
            }
            self._write(index, entries)

    def _write(self, index: int, entries: dict[Key, tuple[bytes, bytes]]) -> None:
        path = self.folder / f"{index:02d}.pickle"
        sealed = seal(pickle.dumps((self.header, entries), pickle.HIGHEST_PROTOCOL))
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            if sealed is None:
                return  # no key to seal with: nothing is kept
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(sealed)
            os.replace(temporary, path)  # a reader sees the old shard or the new, never half
        except OSError:  # a read-only project, a full disk: the next build validates again
            with suppress(OSError):
                temporary.unlink(missing_ok=True)
        self._read[index] = entries
