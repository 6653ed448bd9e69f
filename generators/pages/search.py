"""Full-text search with no server: the /search/ page and what Pagefind indexes.

Pagefind (run by finish.py on the built site) indexes only pages whose <main> carries
`data-pagefind-body`: events, analyses, actors, places and sources. Each such page lists
its filters (type, grade, event type, actor, place, and the ISO day of a dated page, which
the search page's date range picks from) in a hidden block that `search_facets()` fills from
the content, so filtering uses canonical names rather than what the page shows. An event's
grade and date are also metadata, shown with each result.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import pass_context

from ..content import vocabulary as voc
from ..content.i18n import Language
from ..content.model import Site
from ..content.translated import tr_text
from .base import SitrepGenerator

# Pagefind's filter names (kept in English in every language) and their labels.
FILTERS = {
    "type": voc.N_("Type"),
    "grade": voc.N_("Grade"),
    "event type": voc.N_("Event type"),
    "actor": voc.N_("Actor"),
    "place": voc.N_("Place"),
}
# What kind of page a result is, as its filter says it.
PAGE_TYPES = {
    "Event": voc.N_("Event"),
    "Analysis": voc.N_("Analysis"),
    "Actor": voc.N_("Actor"),
    "Place": voc.N_("Place"),
    "Source": voc.N_("Source"),
}


def _event_facets(site: Site, event, language: Language | None = None) -> dict[str, list[str]]:
    places = [_name(p, language) for p in site.place_chain(event.place)] if event.place else []
    _ = language.gettext if language is not None else str
    grade = [_(voc.GRADE_NAMES[event.assessment.grade])] if event.assessment else []
    return {
        "grade": grade,
        "event type": [_(voc.EVENT_TYPES[event.type])],
        "actor": [_name(site.actors[ref.actor], language) for ref in event.actors],
        "place": places or [_name(event.location, language)],
    }


def _tr(text: str, language: Language | None) -> str:
    return language.gettext(text) if language is not None else text


def _name(item, language: Language | None) -> str:
    """An item's name as the page's search index files it: in the page's language."""
    return tr_text(item, "name", language) if language is not None else item.name


def _merge(*facets: dict[str, list[str]]) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for facet in facets:
        for name, values in facet.items():
            merged.setdefault(name, []).extend(values)
    return {name: sorted(set(values)) for name, values in merged.items() if values}


def _latest(site: Site, item) -> date:
    """The day of an item's latest event: pages without a sort key would drop out of a
    sorted search, so actors, places and sources sort by when they were last active."""
    kind = type(item).__name__.lower()
    events = getattr(site, f"by_{kind}").get(item.id, [])
    return max((e.day for e in events), default=date.min)


@pass_context
def search_facets(ctx) -> dict[str, Any] | None:
    """The Pagefind filters, sort key and shown date of this page, or None if not indexed."""
    site: Site | None = ctx.get("sitrep")
    if site is None:
        return None
    facets = _facets(ctx, site)
    language = ctx.get("language")
    if facets is not None and language is not None:
        # Arabic pages are indexed apart (by their lang), so their filters are in Arabic.
        facets["type"] = language.gettext(PAGE_TYPES[facets["type"]])
    return facets


def _facets(ctx, site: Site) -> dict[str, Any] | None:
    language = ctx.get("language")
    page_url = ctx.get("page_url")
    if ctx.get("article") is not None:
        article = ctx["article"]
        cited = getattr(article, "cited_events", [])
        named: dict[str, list[str]] = {}
        analysis = next((a for a in site.analyses if a.url and a.url == article.url), None)
        if analysis is not None and analysis.meta is not None:
            named["actor"] = [_name(site.actors[a], language) for a in analysis.meta.actors]
            named["place"] = [
                _name(p, language) for ref in analysis.meta.places for p in site.place_chain(ref)
            ]
        facets = _merge(named, *(_event_facets(site, e, language) for e in cited))
        facets.pop("grade", None)  # an analysis has no grade of its own
        day = article.date.date()
        return {"type": "Analysis", "filters": facets, "date": day, "sort": day}
    event = ctx.get("event")
    if event is not None and page_url == f"events/{event.id}/":
        facets = {k: v for k, v in _event_facets(site, event, language).items() if v}
        grade = event.assessment.grade if event.assessment else None
        return {
            "type": "Event",
            "filters": facets,
            "date": event.day,
            "sort": event.day,
            "grade": grade,
            "grade_name": _tr(voc.GRADE_NAMES[grade], language) if grade else None,
        }
    actor = ctx.get("actor")
    if actor is not None and page_url == f"actors/{actor.id}/":
        facets = {"actor": [_name(actor, language)]}
        return {"type": "Actor", "filters": facets, "date": None, "sort": _latest(site, actor)}
    place = ctx.get("place")
    if place is not None and page_url == f"places/{place.id}/":
        names = [_name(p, language) for p in site.place_chain(place.id)]
        facets = {"place": names}
        return {"type": "Place", "filters": facets, "date": None, "sort": _latest(site, place)}
    source = ctx.get("source")
    if source is not None and page_url == f"sources/{source.id}/":
        return {"type": "Source", "filters": {}, "date": None, "sort": _latest(site, source)}
    return None


class SearchGenerator(SitrepGenerator):
    def pages(self):
        return [("search/", "search", {"search_filters": FILTERS})]


GLOBALS = {"search_facets": search_facets}
