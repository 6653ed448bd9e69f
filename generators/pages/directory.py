"""Pages for actors, places and sources: one page per item with its events, and a list."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..content.i18n import Language
from ..content.schema import Place
from ..content.translated import tr_text
from ..content.vocabulary import N_
from ..settings import sitrep_settings
from ..urls import FEED_KINDS, feed_path
from ..views.maps import SiteMaps
from ..views.paging import split
from .base import Deferred, Page, SitrepGenerator

# The link to an item's own data file, on its page.
DATA_LABELS = {
    "actor": N_("This actor as data (JSON)"),
    "place": N_("This place as data (JSON)"),
    "source": N_("This source as data (JSON)"),
}


# Beside a place's page: its map's events, areas and places, which the map's script loads.
# Inline they made the page of a place with thousands of events half a megabyte.
PLACE_MAP_DATA = "map.json"


def place_map_file(maps: SiteMaps, place: Place, language: Language) -> dict[str, Any]:
    view = maps.place(place, language)
    return {"body": view.data if view is not None else Markup("null")}


def _split_by_day(events: list, base: str, most: int) -> list:
    return split(events, base, most, _day)


def _day(event: Any) -> Any:
    return event.day


class DirectoryGenerator(SitrepGenerator):
    """Writes `/<kind>/<id>/` for each item and `/<kind>/` listing them all. An item with
    more than LIST_PAGE_EVENTS events lists them one page per month (`/<kind>/<id>/2016-08/`,
    paging through a long month: `.../2016-08/2/`), and its page lists the months."""

    kind = ""
    singular = ""

    def item_variables(self, item) -> dict:
        return {}

    def pages(self):
        site = self.site
        index = site.kind(self.kind)
        events = getattr(site, f"by_{self.singular}")
        most = sitrep_settings(self.settings).LIST_PAGE_EVENTS
        pages: list[Page] = []
        for item in index.values():
            listed = events.get(item.id, [])
            base = f"{self.kind}/{item.id}/"
            # Split once for both languages, and kept by a partial rebuild for an item whose
            # events are the very same.
            for url, shown, pager in self.again(base, _split_by_day, listed, base, most):
                variables = {self.singular: item, "events": shown, "total": len(listed)}
                variables["pager"] = pager
                if url == base:  # the item's own page: everything but a month of events
                    variables |= {
                        "feed": feed_path(self.kind, item.id) if self.kind in FEED_KINDS else None,
                        "data_file": f"data/{self.kind}/{item.id}.json",
                        "kind_label": self.singular,
                        "data_label": DATA_LABELS[self.singular],
                        **self.item_variables(item),
                    }
                pages.append((url, self.singular, variables))
                if url == base and self.singular == "place" and listed and "maps" in self.context:
                    # Drawn only when its file is written: a rebuild that keeps it skips it.
                    data = Deferred(place_map_file, self.context["maps"], item, self.language)
                    pages.append((base + PLACE_MAP_DATA, "raw", data))
                    variables["map_data"] = PLACE_MAP_DATA
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
