"""Atom documents whose links work where the site is published.

A publish build knows its address (SITEURL): every link is absolute. A plain build does not,
and must not guess one (a loopback address in a published feed leads nowhere): its links
are root-relative, which Atom allows when `xml:base` says what they are relative to (RFC
4287 section 2, XML Base). Atom ids must be absolute IRIs, so without an address they are
`urn:uuid:` names derived from the site's name and the path, the same on every build.
"""

from __future__ import annotations

import uuid
from typing import Any

from feedgenerator import Atom1Feed

from ..urls import is_absolute


class BasedAtomFeed(Atom1Feed):
    """An Atom feed with `xml:base` on its root: the site's address, or "/" when the build
    has none (links then resolve against the address the feed is fetched from)."""

    def __init__(self, *args: Any, base: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base = base

    def root_attributes(self) -> dict[str, str]:
        attributes = super().root_attributes()
        attributes["xml:base"] = f"{self.base}/"
        return attributes


def atom_id(base: str, path: str, site_name: str) -> str:
    """The Atom id of the document or entry at `path`: its absolute address when the site
    has one, else a stable `urn:uuid:`."""
    if is_absolute(base):
        return f"{base}/{path}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{site_name}/{path}')}"
