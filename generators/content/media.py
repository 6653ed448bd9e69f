"""The media files citations keep (`media: [{file: images/...}]`): each must be a file of the
content folder whose bytes match the SHA-256 the desk recorded. Checked on every load, not
kept in the content cache: the file can change while the YAML that names it does not."""

from __future__ import annotations

import hashlib
import os
import re
import struct
from collections.abc import Iterator

from ..errors import ContentError
from .model import Site
from .schema import SourceCitation
from .yamlsource import label

# (path, size, mtime_ns) -> digest: a process that builds again and again (the preview)
# hashes a file again only when it changed.
_digests: dict[tuple[str, int, int], tuple[str, tuple[int, int] | None]] = {}


def file_sha256(path: str) -> tuple[str, tuple[int, int] | None] | None:
    """The hex SHA-256 of a file's bytes and its size as an image (width, height; None when
    it is not an image sitrep can measure), or None when it cannot be read."""
    try:
        stat = os.stat(path)
        key = (path, stat.st_size, stat.st_mtime_ns)
        if key not in _digests:
            hasher = hashlib.sha256()
            with open(path, "rb") as f:
                head = f.read(HEAD_BYTES)
                hasher.update(head)
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    hasher.update(chunk)
            _digests[key] = (hasher.hexdigest(), image_size(head))
        return _digests[key]
    except OSError:
        return None


HEAD_BYTES = 1 << 18  # where an image's size is written: its header (JPEG: after its EXIF)


def image_size(head: bytes) -> tuple[int, int] | None:
    """Width and height in pixels from the first bytes of a PNG, GIF, JPEG, WebP or SVG."""
    try:
        if head[:8] == b"\x89PNG\r\n\x1a\n":
            return struct.unpack(">II", head[16:24])
        if head[:6] in (b"GIF87a", b"GIF89a"):
            return struct.unpack("<HH", head[6:10])
        if head[:2] == b"\xff\xd8":
            return _jpeg_size(head)
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return _webp_size(head)
        if b"<svg" in head[:4096]:
            return _svg_size(head)
    except (struct.error, IndexError, ValueError):
        return None
    return None


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 < len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        length = struct.unpack(">H", head[at + 2 : at + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", head[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None


def _webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8X":
        return 1 + int.from_bytes(head[24:27], "little"), 1 + int.from_bytes(head[27:30], "little")
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.S)
_SVG_LENGTH = rb"""\s%s\s*=\s*["']\s*([0-9]+(?:\.[0-9]+)?)\s*(?:px)?\s*["']"""


def _svg_size(head: bytes) -> tuple[int, int] | None:
    root = _SVG_ROOT.search(head)
    if root is None:
        return None
    found = [re.search(_SVG_LENGTH % name, root[0]) for name in (b"width", b"height")]
    if found[0] and found[1]:
        return round(float(found[0][1])), round(float(found[1][1]))
    box = re.search(
        rb"""viewBox\s*=\s*["']\s*[-0-9.]+[ ,]+[-0-9.]+[ ,]+([0-9.]+)[ ,]+([0-9.]+)""", root[0]
    )
    return (round(float(box[1])), round(float(box[2]))) if box else None


def citations(site: Site) -> Iterator[tuple[str, str, tuple, SourceCitation]]:
    """Every citation of the site with its item's kind, id and place in the file."""
    for event in site.events.values():
        for i, citation in enumerate(event.sources):
            yield "events", event.id, ("sources", i), citation
    for indicator in site.indicators.values():
        for i, value in enumerate(indicator.values):
            yield "indicators", indicator.id, ("values", i, "source"), value.source


def check_media(site: Site) -> list[ContentError]:
    """A media file that is missing or whose bytes are not those its sha256 names."""
    errors: list[ContentError] = []
    root = os.path.realpath(site.root)
    for kind, item_id, loc, citation in citations(site):
        for j, media in enumerate(citation.media):
            if media.file is None:
                continue
            doc = site.documents[(kind, item_id)]
            here = (*loc, "media", j)
            path = os.path.join(root, *media.file.split("/"))
            shown = f"{os.path.basename(site.root)}/{media.file}"
            if not os.path.isfile(path):
                errors.append(
                    ContentError(
                        doc.path,
                        *doc.mark((*here, "file")),
                        label((*here, "file")),
                        f"expected a file of the content folder, got {shown}, which does not exist",
                        "put the file there, or correct the path",
                    )
                )
                continue
            read = file_sha256(path)
            found = read[0] if read is not None else None
            if read is not None:
                media._size = read[1]
            if found != media.sha256:
                errors.append(
                    ContentError(
                        doc.path,
                        *doc.mark((*here, "sha256")),
                        label((*here, "sha256")),
                        f"expected the SHA-256 of {shown}, got {media.sha256[:12]}... "
                        f"(the file's is {(found or 'unreadable')[:12]}...)",
                        "the file is not the one the desk recorded: restore it, or record the "
                        "new file's hash if it replaces the old one on purpose",
                    )
                )
    return errors
