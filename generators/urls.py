"""Where things live on the built site, and the absolute address that feeds need.

Pages link with `SITEURL` + path; in a dev build SITEURL is "" so that a preview works
from any host. Atom feeds, the sitemap, robots.txt, data files and social cards want
absolute addresses, so they use `absolute_base()`: SITEURL when it is absolute (publish
builds), else FEED_DOMAIN (`sitrep serve` points it at itself, a preview), else "": a plain
build never guesses an address, its links are root-relative ('/events/x/'), and Atom feeds
say so with `xml:base` (views/atom.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def is_absolute(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("http://", "https://"))


def absolute_base(settings: Mapping[str, Any]) -> str:
    """The address the site is served from, without a trailing slash; "" when the build has
    none (links are then root-relative)."""
    for key in ("SITEURL", "FEED_DOMAIN"):
        if is_absolute(settings.get(key)):
            return str(settings[key]).rstrip("/")
    return ""


def item_path(kind: str, item_id: str) -> str:
    """The page of a content item: 'events/<id>/', 'actors/<id>/'..."""
    return f"{kind}/{item_id}/"


# The kinds whose items have a feed of their events.
FEED_KINDS = ("actors", "places")


def feed_path(kind: str, item_id: str | None = None) -> str:
    """The Atom feed of all events, or of the events of one actor or place."""
    return f"feeds/{kind}.atom.xml" if item_id is None else f"feeds/{kind}/{item_id}.atom.xml"
