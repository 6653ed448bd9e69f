"""Pieces of pages rendered once per build and reused wherever they recur.

An event's line in a list reads the same on its day, its actors', places' and sources'
pages and on the timeline; a key figure, on every day its value is the latest; the site's
header and footer and the map assets, on every page of a language. Templates wrap such a
piece in `{% call cached("name", key...) %}...{% endcall %}`: the first call renders the
body and keeps it, later calls with the same key return it.

The key must hold everything the body reads that can differ between the pages it appears
on (the language, SITEURL, the item, the macro's arguments): the cache does not check.
It lives for one build, in Pelican's context (new on every build), because `sitrep serve`
builds again in the same process after an edit. Pages written in a forked process fill
that process's copy, which is fine: the cache only saves time. It is a `Memo`: a page that
takes a piece rendered for another takes what the piece read of the site (inputs.py).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from markupsafe import Markup

from .inputs import Memo


class Fragments:
    """The `cached` template global of one build: rendered pieces by key."""

    def __init__(self) -> None:
        self.rendered = Memo()

    def __call__(self, *key: Hashable, caller: Callable[[], Markup]) -> Markup:
        return self.rendered(key, caller)

    def forget(self) -> None:
        """Drop every piece: those of pages already written (a later call renders again)."""
        self.rendered = Memo()


def fragments_for(context: dict) -> Fragments:
    """This build's cache, shared by all its generators."""
    return context.setdefault("sitrep_fragments", Fragments())
