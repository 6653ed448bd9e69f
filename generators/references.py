"""Checks between files: every id an item names must exist, with the right kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import ContentError
from .schema import suggest

if TYPE_CHECKING:
    from .site import Site


def check_references(site: Site) -> list[ContentError]:
    """Every broken reference in the site, each at the line that makes it."""
    errors: list[ContentError] = []

    def need(kind: str, item_kind: str, item_id: str, loc: tuple, ref: str, pool) -> None:
        if ref in pool:
            return
        doc = site.documents[(item_kind, item_id)]
        what = kind.rstrip("s")
        hint = suggest(ref, list(pool)) or f"create content/{kind}/{ref}.yaml"
        if kind == "claimants":
            what, hint = "actor or source", suggest(ref, list(pool)) or "use an actor or source id"
        label = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc)
        label = label.replace(".[", "[")
        errors.append(
            ContentError(doc.path, *doc.mark(loc), label, f"unknown {what} '{ref}'", hint)
        )

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
                doc = site.documents[key]
                errors.append(
                    ContentError(
                        doc.path,
                        *doc.mark(("claims", i, "source")),
                        f"claims[{i}].source",
                        f"expected one of this event's sources ({', '.join(cited)}), "
                        f"got '{claim.source}'",
                        "add the source to 'sources' first, with its credibility",
                    )
                )
        for i, other in enumerate(event.related):
            need("events", *key, ("related", i), other, site.events)
    for actor in site.actors.values():
        for i, membership in enumerate(actor.member_of):
            pool = {k: v for k, v in site.actors.items() if k != actor.id}
            need("actors", "actors", actor.id, ("member_of", i, "actor"), membership.actor, pool)
    for area in site.areas.values():
        need("actors", "areas", area.id, ("held_by",), area.held_by, site.actors)
    for place in site.places.values():
        if place.parent:
            pool = {k: v for k, v in site.places.items() if k != place.id}
            need("places", "places", place.id, ("parent",), place.parent, pool)
    return errors
