"""One page per event: what happened, who says so, and how sure the desk is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import vocabulary as voc
from .base import SitrepGenerator
from .history import history_for
from .schema import Claim, Event, SourceCitation, day_of
from .site import Site


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


def cite(site: Site, citation: SourceCitation) -> CitedSource:
    """A citation with its source's name and the Admiralty grade, as pages show it."""
    source = site.sources[citation.source]
    return CitedSource(
        citation,
        source.name,
        voc.SOURCE_KINDS[source.kind],
        f"{source.reliability}{citation.credibility}",
        f"{voc.RELIABILITY[source.reliability]} source; "
        f"{voc.CREDIBILITY[citation.credibility].lower()}",
    )


def cited_sources(site: Site, event: Event) -> list[CitedSource]:
    return [cite(site, citation) for citation in event.sources]


def claims_by_stance(site: Site, event: Event) -> dict[str, list[ClaimLine]]:
    """Claims grouped in a fixed order of stances, so that opposite views sit side by side."""
    groups: dict[str, list[ClaimLine]] = {stance: [] for stance in voc.STANCES}
    for claim in event.claims:
        day = day_of(claim.date) if claim.date is not None else event.day
        groups[claim.stance].append(
            ClaimLine(claim, site.claimant_label(claim.by, day), site.claimant_url(claim.by))
        )
    return {stance: lines for stance, lines in groups.items() if lines}


def event_variables(site: Site, event: Event) -> dict[str, Any]:
    """What the event template shows, resolved once."""
    place = site.places.get(event.place) if event.place else None
    return {
        "event": event,
        "place": place,
        "place_name": place.name if place else event.location.name,
        "actors": [(ref, site.actor_label(ref.actor, event.day)) for ref in event.actors],
        "claims": claims_by_stance(site, event),
        "sources": cited_sources(site, event),
        "related": [site.events[other] for other in event.related],
        "analyses": site.citing(event.id),
        "description": f"{event.title}. {voc.EVENT_TYPES[event.type]}, "
        f"{event.day:%d %B %Y}, {place.name if place else event.location.name}.",
    }


class EventsGenerator(SitrepGenerator):
    def pages(self):
        history = history_for(self.context)
        return [
            (
                f"events/{event.id}/",
                "event",
                {
                    **event_variables(self.site, event),
                    "history": history.of("events", event.id) if history else [],
                },
            )
            for event in self.site.events.values()
        ]
