"""Every kind of page of the demo site, with one address each: the one list that the
accessibility, weight and keyboard tests walk. A kind listed in OPTIONAL is checked when
the build has it (the map page comes from another part of sitrep); every other kind must
exist, so that a page kind that disappears fails the tests instead of skipping them."""

from __future__ import annotations

from pathlib import Path

DEMO_PAGES: dict[str, str] = {
    "home": "/",
    "event": "/events/2016-08-06-siege-declared-broken/",
    "actor": "/actors/jabhat-fateh-al-sham/",
    "place": "/places/ramousah/",
    "source": "/sources/sana/",
    "day": "/days/2016-08-06/",
    "timeline": "/timeline/",
    "analysis": "/analyses/siege-broken-day/",
    "analyses": "/analyses/",
    "actors": "/actors/",
    "grades": "/about/grades/",
    "data": "/data/",
    "search": "/search/",
    "map": "/map/",
    "not found": "/404.html",
}
OPTIONAL = {"map"}


def built_file(output: Path, url: str) -> Path:
    path = output / url.lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def page_kinds(output: Path) -> dict[str, str]:
    """The page kinds of this build; raises if a required kind is missing."""
    kinds = {}
    for kind, url in DEMO_PAGES.items():
        if built_file(output, url).is_file():
            kinds[kind] = url
        elif kind not in OPTIONAL:
            raise AssertionError(f"the demo build has no {kind} page at {url}")
    return kinds
