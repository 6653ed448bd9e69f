"""Digests shared by sitrep's caches: of byte strings, of a folder's files, of the code that
turns content into items and pages (sitrep's own files, the libraries, Python), and the
build's root: what every file a build writes may depend on besides the content."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .output import files_below

# The libraries whose version can change what a content file validates to or a page holds.
LIBRARIES = (
    "pelican",
    "jinja2",
    "markdown",
    "markupsafe",
    "nh3",
    "babel",
    "pydantic",
    "pydantic-core",
    "pyyaml",
    "folium",
)
CODE = Path(__file__).resolve().parents[1]  # generators/, this file being in generators/build/


def digest(parts: Iterable[bytes]) -> bytes:
    """One digest of a sequence of byte strings (each length-prefixed: no two sequences
    give the same stream): SHA-256, which most processors compute in their own instructions
    (2.4 times BLAKE2b's speed over a page's few kilobytes), cut to 160 bits."""
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()[:20]


def joined_digest(parts: Sequence[bytes]) -> bytes:
    """`digest([b"".join(parts)])`, without the joined copy: a data file of 100,000 events
    is hundreds of MB, kept as its parts (pages/exports.py)."""
    h = hashlib.sha256()
    h.update(sum(map(len, parts)).to_bytes(8, "little"))
    for part in parts:
        h.update(part)
    return h.digest()[:20]


def tree(folder: Path, skip: Callable[[str], bool] = lambda relative: False) -> Iterable[bytes]:
    """Every file below `folder`, as its relative path then its bytes, in a stable order."""
    for relative in files_below(folder):
        if skip(relative) or "__pycache__" in relative:
            continue
        yield relative.encode()
        try:
            with open(os.path.join(folder, relative), "rb") as handle:
                yield handle.read()
        except OSError:  # a dangling link (an editor's lock file): nothing to read
            yield b"\0unreadable"


@cache  # the code a process runs does not change while it runs
def code_digest() -> bytes:
    """sitrep's code (every file of generators/), the libraries' versions and Python's."""
    versions = [f"{name}=={metadata.version(name)}".encode() for name in LIBRARIES]
    return digest([sys.version.encode(), *versions, *tree(CODE)])


# Settings that differ between two builds of the same site without changing any file (the
# content itself is hashed, wherever it is; --verify, how errors are reported and where pages
# are rendered change how the build runs, not what it writes: a verifying build must see the
# kept files' keys).
_PER_BUILD = {
    "PATH",
    "OUTPUT_PATH",
    "PLUGIN_PATHS",
    "CACHE_PATH",
    "SITREP_CACHE",
    "SITREP_VERIFY",
    "SITREP_RAISE",
    "SITREP_EXECUTOR",
}
_PLAIN = (str, int, float, bool, type(None))


def _plain_settings(settings: Mapping[str, Any]) -> bytes:
    """The settings that are plain data (the rest are code, hashed with the code)."""

    def plain(value: Any) -> bool:
        if isinstance(value, _PLAIN):
            return True
        if isinstance(value, list | tuple):
            return all(plain(v) for v in value)
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        return False

    kept = {k: v for k, v in settings.items() if k.isupper() and k not in _PER_BUILD and plain(v)}
    return repr(sorted(kept.items())).encode()


def reading_digest(settings: Mapping[str, Any]) -> bytes:
    """What reading any file may depend on: the sitrep code, the libraries, the settings."""
    return digest([code_digest(), _plain_settings(settings)])


def root_digest(settings: Mapping[str, Any]) -> bytes:
    """What any file a build writes may depend on besides the content it reads (which each
    file records, see inputs.py): the code, the libraries, the settings and the theme."""
    return digest([reading_digest(settings), *tree(Path(settings["THEME"]))])
