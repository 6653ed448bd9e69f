"""The media files citations keep (`media: [{file: images/...}]`): each must be a file of the
content folder whose bytes match the SHA-256 the desk recorded. Checked on every load, not
kept in the content cache: the file can change while the YAML that names it does not."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator

from ..errors import ContentError
from .model import Site
from .schema import SourceCitation
from .yamlsource import label

# (path, size, mtime_ns) -> digest: a process that builds again and again (the preview)
# hashes a file again only when it changed.
_digests: dict[tuple[str, int, int], str] = {}


def file_sha256(path: str) -> str | None:
    """The hex SHA-256 of a file's bytes, or None when it cannot be read."""
    try:
        stat = os.stat(path)
        key = (path, stat.st_size, stat.st_mtime_ns)
        if key not in _digests:
            hasher = hashlib.sha256()
            with open(path, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    hasher.update(chunk)
            _digests[key] = hasher.hexdigest()
        return _digests[key]
    except OSError:
        return None


def _citations(site: Site) -> Iterator[tuple[str, str, tuple, SourceCitation]]:
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
    for kind, item_id, loc, citation in _citations(site):
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
            found = file_sha256(path)
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
