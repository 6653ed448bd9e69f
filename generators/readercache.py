"""Pelican's reader cache for the analyses, kept beside the output folder.

Pelican reads every Markdown analysis again on each build (at 200 analyses, half a second
of a rebuild). Its reader cache keeps what a file read to (HTML and metadata, before sitrep
resolves links in it) by the file's MD5, but knows nothing of the code and settings that
reading depends on; so the cache lives in a folder named for those (`code_digest`), and a
change of code, library or setting starts a new one. Older folders are removed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from .fingerprint import code_digest


def use_reader_cache(settings: dict[str, Any], output: Path) -> None:
    """Turn on Pelican's reader cache in `.<output>.readers/<digest>/`, unless the settings
    configure Pelican's content cache themselves (CACHE_CONTENT) or
    `SITREP_READER_CACHE = False`."""
    if settings.get("CACHE_CONTENT") or not settings.get("SITREP_READER_CACHE", True):
        return
    folder = output.parent / f".{output.name}.readers"
    current = folder / code_digest(settings).hex()
    if folder.is_dir():
        for stale in folder.iterdir():
            if stale != current:
                shutil.rmtree(stale, ignore_errors=True)
    settings.update(
        CACHE_CONTENT=True,
        LOAD_CONTENT_CACHE=True,
        CONTENT_CACHING_LAYER="reader",
        CHECK_MODIFIED_METHOD="md5",  # bytes, not times: a checkout sets new times
        GZIP_CACHE=False,
        CACHE_PATH=str(current),
    )
