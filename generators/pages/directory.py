"""Pages for actors, places and sources: one page per item with its events, and a list."""

from __future__ import annotations

from ..content.translated import tr_text
from ..content.vocabulary import N_
from ..urls import FEED_KINDS, feed_path
from .base import SitrepGenerator

# The link to an item's own data file, on its page.
DATA_LABELS = {
    "actor": N_("This actor as data (JSON)"),
    "place": N_("This place as data (JSON)"),
    "source": N_("This source as data (JSON)"),
}


class DirectoryGenerator(SitrepGenerator):
    """Writes `/<kind>/<id>/` for each item and `/<kind>/` listing them all."""

    kind = ""
    singular = ""

    def item_variables(self, item) -> dict:
        return {}

    def pages(self):
        site = self.site
        index = site.kind(self.kind)
        events = getattr(site, f"by_{self.singular}")
        pages = [
            (
                f"{self.kind}/{item.id}/",
                self.singular,
                {
                    self.singular: item,
                    "events": events.get(item.id, []),
                    "feed": feed_path(self.kind, item.id) if self.kind in FEED_KINDS else None,
                    "data_file": f"data/{self.kind}/{item.id}.json",
                    "kind_label": self.singular,
                    "data_label": DATA_LABELS[self.singular],
                    **self.item_variables(item),
                },
            )
            for item in index.values()
        ]
        language = self.language
        listing = sorted(
            index.values(), key=lambda item: tr_text(item, "name", language).casefold()
        )
        pages.append((f"{self.kind}/", self.kind, {"items": listing, "events_of": events}))
        return pages


class ActorsGenerator(DirectoryGenerator):
    kind, singular = "actors", "actor"

    def item_variables(self, actor) -> dict:
        site = self.site
        members = [a for a in site.actors.values() if any(m.actor == actor.id for m in a.member_of)]
        return {
            "memberships": [(m, site.actors[m.actor]) for m in actor.member_of],
            "members": members,
        }


class PlacesGenerator(DirectoryGenerator):
    kind, singular = "places", "place"

    def item_variables(self, place) -> dict:
        site = self.site
        return {
            "parents": site.place_chain(place.id)[1:],
            "children": [p for p in site.places.values() if p.parent == place.id],
        }


class SourcesGenerator(DirectoryGenerator):
    kind, singular = "sources", "source"
