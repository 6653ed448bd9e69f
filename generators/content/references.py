"""Checks between files: every id an item names must exist, with the right kind, and each
daily report must be about a day with events."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..errors import ContentError
from .schema import ID_CUTOFF, suggest
from .yamlsource import label

if TYPE_CHECKING:
    from .model import Site


def check_references(site: Site) -> list[ContentError]:
    """Every broken reference in the site, each at the line that makes it."""
    errors: list[ContentError] = []

    def error(item_kind: str, item_id: str, loc: tuple, message: str, hint: str) -> None:
        doc = site.documents[(item_kind, item_id)]
        errors.append(ContentError(doc.path, *doc.mark(loc), label(loc), message, hint))

    def need(kind: str, item_kind: str, item_id: str, loc: tuple, ref: str, pool) -> None:
        what = "actor or source" if kind == "claimants" else kind.rstrip("s")
        kinds = ("actors", "sources") if kind == "claimants" else (kind,)
        if kind == item_kind and ref == item_id:
            hint = "an item cannot refer to itself here"
            error(item_kind, item_id, loc, f"expected another {what}, got this {what} itself", hint)
        elif ref not in pool and not any((k, ref) in site.invalid for k in kinds):
            hint = suggest(ref, list(pool), ID_CUTOFF)
            if not hint:
                hint = (
                    "use the id of an actor or a source"
                    if kind == "claimants"
                    else f"no file {kind}/{ref}.yaml: create it, or check the id"
                )
            error(item_kind, item_id, loc, f"unknown {what} '{ref}'", hint)

    claimants = {**site.actors, **site.sources}
    for event in site.events.values():
        key = ("events", event.id)
        if event.place:
            need("places", *key, ("place",), event.place, site.places)
        for i, ref in enumerate(event.actors):
            need("actors", *key, ("actors", i, "actor"), ref.actor, site.actors)
        cited = []
        for i, citation in enumerate(event.sources):
            need("sources", *key, ("sources", i, "source"), citation.source, site.sources)
            cited.append(citation.source)
        for i, claim in enumerate(event.claims):
            need("claimants", *key, ("claims", i, "by"), claim.by, claimants)
            if claim.source not in cited:
                error(
                    *key,
                    ("claims", i, "source"),
                    f"expected one of this event's sources ({', '.join(cited)}), "
                    f"got '{claim.source}'",
                    "add the source to 'sources' first, with its credibility",
                )
        for i, other in enumerate(event.related):
            need("events", *key, ("related", i), other, site.events)
    for actor in site.actors.values():
        for i, membership in enumerate(actor.member_of):
            need(
                "actors",
                "actors",
                actor.id,
                ("member_of", i, "actor"),
                membership.actor,
                site.actors,
            )
    for indicator in site.indicators.values():
        key = ("indicators", indicator.id)
        if indicator.place:
            need("places", *key, ("place",), indicator.place, site.places)
        for i, value in enumerate(indicator.values):
            loc = ("values", i, "source", "source")
            need("sources", *key, loc, value.source.source, site.sources)
    for area in site.areas.values():
        need("actors", "areas", area.id, ("held_by",), area.held_by, site.actors)
    for place in site.places.values():
        if place.parent:
            need("places", "places", place.id, ("parent",), place.parent, site.places)
    errors.extend(_parent_cycles(site))
    return errors


def _parent_cycles(site: Site) -> list[ContentError]:
    """A place may not contain itself through its parents (a -> b -> a)."""
    errors = []
    for place in site.places.values():
        chain, current = [place.id], place.parent
        while current in site.places and current not in chain:
            chain.append(current)
            current = site.places[current].parent
        if current == place.id and len(chain) > 1:
            doc = site.documents[("places", place.id)]
            errors.append(
                ContentError(
                    doc.path,
                    *doc.mark(("parent",)),
                    "parent",
                    f"expected a place that contains this one, got a loop: "
                    f"{' -> '.join([*chain, place.id])}",
                    "a place's parent is the larger place around it; remove one 'parent'",
                )
            )
    return errors


def check_reports(site: Site) -> list[ContentError]:
    """A report must be about a day with events (so its page exists), and one per day."""
    errors: list[ContentError] = []
    days = {event.day for event in site.events.values()}
    first_of: dict[date, str] = {}
    for analysis in site.analyses:
        day = analysis.meta.report if analysis.meta else None
        if day is None:
            continue
        if day not in days:
            problem = (
                f"no events on {day}: only a day with events has a report page",
                "check the date, or record the day's events first",
            )
        elif day in first_of:
            problem = (
                f"{first_of[day]} is already the report of {day}",
                "one analysis per day carries 'Report:'",
            )
        else:
            first_of[day] = analysis.path
            continue
        line, col = analysis.doc.mark(("report",))
        errors.append(ContentError(analysis.path, line, col, "report", *problem))
    return errors
