"""One page per event: what happened, who says so, and how sure the desk is."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..content import vocabulary as voc
from ..content.i18n import Language
from ..content.model import Site
from ..content.schema import Event
from ..content.translated import tr, tr_text
from ..views.analysis_views import analysis_views
from ..views.citations import cited_sources, claims_by_stance
from ..views.history import history_for
from ..views.present import padded_date
from ..views.reports import counter_claims
from .base import Deferred, SitrepGenerator


def event_variables(site: Site, event: Event, language: Language | None = None) -> dict[str, Any]:
    """What the event template shows, resolved once, in the page's language."""
    place = site.places.get(event.place) if event.place else None
    where = place or event.location
    assert where is not None  # validated: an event has a place or a location
    kind = voc.EVENT_TYPES[event.type]
    if language is None:
        description = f"{event.title}. {kind}, {event.day:%d %B %Y}, {where.name}."
    else:
        description = language.gettext("%(title)s. %(type)s, %(day)s, %(place)s.") % {
            "title": tr_text(event, "title", language),
            "type": language.gettext(kind),
            "day": padded_date(event.day, language),
            "place": tr_text(where, "name", language),
        }
    return {
        "event": event,
        "place": place,
        "place_name": where.name if language is None else tr(where, "name", language),
        "actors": [(ref, site.actor_label(ref.actor, event.day, language)) for ref in event.actors],
        "claims": claims_by_stance(site, event, language),
        # The other side of its claims, where related events hold it (their page key holds
        # the related events already).
        "counter_claims": counter_claims(site, event, language),
        "sources": cited_sources(site, event, language),
        "related": [site.events[other] for other in event.related],
        "analyses": site.citing(event.id),
        "description": description,
    }


def event_page(
    site: Site, event: Event, changes: list, analyses: list, language: Language
) -> dict[str, Any]:
    """What an event's page shows (a Deferred builder: see base.py)."""
    shown = event_variables(site, event, language)
    shown["analyses"] = analyses
    shown["history"] = changes
    return shown


class EventsGenerator(SitrepGenerator):
    def pages(self):
        history = history_for(self.context)
        site, language = self.site, self.language
        views = analysis_views(self.context, language)
        # An event's page lists the analyses citing it by title: their text is not shown,
        # so it is not part of the page's key either.
        links = {
            url: replace(view, content="", summary="", cited_events=[])
            for url, view in views.items()
        }
        pages = []
        for event in site.events.values():
            changes = history.of("events", event.id) if history else []
            analyses = [links[a.url] for a in site.citing(event.id) if a.url in links]
            deferred = Deferred(event_page, site, event, changes, analyses, language)
            pages.append((f"events/{event.id}/", "event", deferred))
        return pages
