"""One page per event: what happened, who says so, and how sure the desk is."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from . import vocabulary as voc
from .analysis_views import analysis_views
from .base import Deferred, SitrepGenerator
from .history import history_for
from .i18n import Language
from .model import Site
from .present import admiralty_meaning, padded_date
from .schema import Claim, Event, SourceCitation, day_of
from .translated import tr, tr_text


@dataclass
class CitedSource:
    citation: SourceCitation
    name: str
    kind: str
    grade: str
    meaning: str


@dataclass
class ClaimLine:
    claim: Claim
    by: str
    by_url: str


def cite(site: Site, citation: SourceCitation, language: Language | None = None) -> CitedSource:
    """A citation with its source's name and the Admiralty grade, as pages show it."""
    source = site.sources[citation.source]
    kind = voc.SOURCE_KINDS[source.kind]
    return CitedSource(
        citation,
        source.name if language is None else tr(source, "name", language),
        kind if language is None else language.gettext(kind),
        f"{source.reliability}{citation.credibility}",
        admiralty_meaning(source.reliability, citation.credibility, language),
    )


def cited_sources(site: Site, event: Event, language: Language | None = None) -> list[CitedSource]:
    return [cite(site, citation, language) for citation in event.sources]


def claims_by_stance(
    site: Site, event: Event, language: Language | None = None
) -> dict[str, list[ClaimLine]]:
    """Claims grouped in a fixed order of stances, so that opposite views sit side by side."""
    groups: dict[str, list[ClaimLine]] = {stance: [] for stance in voc.STANCES}
    for claim in event.claims:
        day = day_of(claim.date) if claim.date is not None else event.day
        groups[claim.stance].append(
            ClaimLine(
                claim, site.claimant_label(claim.by, day, language), site.claimant_url(claim.by)
            )
        )
    return {stance: lines for stance, lines in groups.items() if lines}


def event_variables(site: Site, event: Event, language: Language | None = None) -> dict[str, Any]:
    """What the event template shows, resolved once, in the page's language."""
    place = site.places.get(event.place) if event.place else None
    where = place or event.location
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
        "sources": cited_sources(site, event, language),
        "related": [site.events[other] for other in event.related],
        "analyses": site.citing(event.id),
        "description": description,
    }


class EventsGenerator(SitrepGenerator):
    def pages(self):
        history = history_for(self.context)
        site, language = self.site, self.language
        views = analysis_views(self.context, language)

        def variables(event: Event, changes: list) -> dict[str, Any]:
            shown = event_variables(site, event, language)
            shown["analyses"] = [views[a.url] for a in shown["analyses"] if a.url in views]
            shown["history"] = changes
            return shown

        pages = []
        for event in site.events.values():
            changes = history.of("events", event.id) if history else []
            # Beyond what every page may read: the event, those it links to, its history.
            made_of = (event, [site.events[other] for other in event.related], changes)
            deferred = Deferred(made_of, partial(variables, event, changes))
            pages.append((f"events/{event.id}/", "event", deferred))
        return pages
