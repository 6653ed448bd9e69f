"""Digests shared by sitrep's caches: of byte strings, of a folder's files, and of the code
that turns content into items and pages (sitrep's own files, the libraries, Python)."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

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
    give the same stream)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()


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
