"""The site's maps: `/map/` with every event, small maps on event, place, day and analysis
pages, and their GeoJSON data files (pages/maps.py writes them, with the self-hosted
Leaflet they run on).

Each map's Leaflet set-up is Folium's (leaflet.py), kept between builds by the store.
Templates never import Folium: they get `MapView`s from `SiteMaps` (the `maps` variable of
every page) and lay them out with `partials/map.html`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup

from ..build.inputs import Memo
from ..content import vocabulary as voc
from ..content.areas import areas_on
from ..content.i18n import Language, gettext_in
from ..content.model import Site
from ..content.schema import Area, Event, Place
from ..content.translated import localized, tr_text
from ..settings import sitrep_settings
from .basemap import basemap
from .mapdata import (
    CLAIMED_STYLE,
    PRECISION_RADIUS_M,
    STYLE_LABELS,
    TYPE_COLOURS,
    Bounds,
    Palette,
    area_bounds,
    area_style,
    areas_collection,
    drawn_precision,
    event_feature,
    event_point,
    legend_types,
    script_json,
    sensitive_radius,
    tojson_text,
)
from .mapperiods import MapPeriod, latest, needed, split
from .svgbasemap import BasemapDrawing
from .svgmap import SvgArea, SvgEvent, SvgPlace, render_svg
from .swatches import LEGEND_BYTES, LEGEND_FILE, LEGEND_URL, style_shape, symbol


def N_(message: str) -> str:
    """Marks a label for the catalogue; it is translated where it is shown."""
    return message


# What /map/ shows, above the map: written by the template for the dates it opens on, then
# by sitrep-map.js as the reader changes them.
STATUS = N_(
    "Showing %(start)s to %(end)s: %(shown)s of %(total)s events; areas as of %(day)s: %(areas)s."
)
# What sitrep-map.js writes itself (popups, the date filter's status), in the page's
# language: the script gets them in its options, never hard-coded.
SCRIPT_TEXT = {
    "month": N_("%(month)s (approximate: known to the month)"),
    "week": N_("Week of %(day)s (approximate: known to the week)"),
    "range": N_("%(start)s to %(end)s"),
    "open": N_("Open the event page"),
    "assessment": N_("Assessment: %(grade)s"),
    "unassessed": N_("not yet assessed"),
    "approximate": N_("Location approximate: within about %(km)s km (%(precision)s)"),
    "claimed": N_("%(kind)s, claimed"),
    "assessed": N_("%(kind)s, assessed"),
    "held": N_("Held by %(actor)s"),
    "from": N_("From %(start)s"),
    "fromUntil": N_("From %(start)s until %(end)s"),
    "claimedNote": N_("Claimed by a party, not established by the desk."),
    "status": STATUS,
    "swapped": N_("“From” was after “To”: the two dates were swapped."),
    "badDate": N_("Write a date as year-month-day, such as %(example)s."),
    "more": N_("Widen the dates to load more."),
    "loading": N_("Loading the events of %(start)s to %(end)s…"),
    "failed": N_(
        "The events of %(start)s to %(end)s could not be loaded (%(error)s); change the dates "
        "to try again."
    ),
    "error": N_(
        "The interactive map could not load its data (%(error)s); the static map and the "
        "list of events below show the same."
    ),
}
PRECISIONS = {
    "near": N_("near"),
    "region": N_("region"),
    "sensitive": N_("generalised to protect people there"),
}
# Legend lines of the usual sides; another side is named by its id.
SIDE_LEGEND = {
    "government": N_("Held by the government side"),
    "opposition": N_("Held by the opposition side"),
    "civilian": N_("Held by the civilian side"),
    "": N_("Held by the unaligned side"),
}


def script_locale(language: Language | None) -> str | None:
    """The BCP 47 locale sitrep-map.js formats dates and numbers in (None: its English)."""
    if language is None or language.code == "en":
        return None
    return f"{str(language.locale).replace('_', '-')}-u-nu-{language.digits}"


SMALL_VIEW_M = 6_000  # a small map of one point shows about this much ground
LABELLED_PLACES = 15  # places named at every zoom on /map/; others once zoomed in


def tile_setting(settings: Mapping[str, Any]) -> dict | None:
    """MAP_TILES (checked with every setting: generators/settings.py), as the map script
    takes it."""
    tiles = sitrep_settings(settings).MAP_TILES
    return None if tiles is None else tiles.model_dump()


def date_setting(
    settings: Mapping[str, Any], first: date, last: date, periods: list[MapPeriod] | None = None
) -> tuple[date, date]:
    """The dates /map/ opens on: MAP_DATES, or the latest periods of `periods` that hold
    at most MAP_OPENING_EVENTS events (every date when there are not more)."""
    checked = sitrep_settings(settings)
    if checked.MAP_DATES is None:
        periods = periods or []
        opening = latest(periods, checked.MAP_OPENING_EVENTS)
        if not opening or opening[0] is periods[0]:
            return first, last
        return max(opening[0].start, first), last
    start, end = checked.MAP_DATES
    return max(min(start, end), first), min(max(start, end), last)


# --- what templates get -----------------------------------------------------------------


@dataclass(frozen=True)  # hashable: partials/map.html renders each legend once
class LegendItem:
    label: str
    colour: str
    shape: str  # dot, circle, cluster, control, place, or an area style's (style_shape)

    @property
    def symbol(self) -> str:  # its swatch's in the legend file (swatches.py)
        return symbol(self.shape)


@dataclass
class MapView:
    """One map on one page, ready for partials/map.html."""

    mode: str  # "full" or "small"
    id: str
    script: Markup
    svg: Markup
    caption: str
    legend: tuple[LegendItem, ...]
    data: Markup | None = None  # inline data of a small map
    # A small map's set-up, the same on every page of a language: a file the browser keeps
    # (SiteMaps.script_files), not 2.5 KB repeated in each of thousands of pages.
    script_url: str | None = None
    count: int = 0
    areas_day: date | None = None
    areas_file: str | None = None  # a small map's areas, from the site's root
    filter: dict = field(default_factory=dict)  # the /map/ page's date filter
    list_days: list[tuple[date, list[Event]]] = field(default_factory=list)
    list_events: bool = True


class SiteMaps:
    """The maps of one build. Pages ask it for their map; it writes /map/'s data files."""

    def __init__(self, site: Site, settings: dict):
        self.site, self.settings = site, settings
        self.tiles = tile_setting(settings)
        self.basemap = basemap(settings)
        self._basemap_drawing = BasemapDrawing(self.basemap) if self.basemap else None
        # How far off its point an approximate event may be, by what it is drawn as.
        precision = sitrep_settings(settings).SENSITIVE_PRECISION
        self.radius = {**PRECISION_RADIUS_M, "sensitive": sensitive_radius(precision)}
        # What pages share (features, legends, views, the data files) is made once, on the
        # first page that needs it; a Memo gives the pages that take it what it read of the
        # site (build/inputs.py), so a page's recorded inputs hold it too.
        self._memo = Memo()
        self._svg_areas: dict[str, dict] = {}  # drawn outlines: of an area's geometry only
        self.languages: list[Language] = []  # the site's, for the data files of each

    @property
    def palette(self) -> Palette:
        configured = sitrep_settings(self.settings).MAP_SIDE_COLOURS
        return self._memo("palette", lambda: Palette(self.site, configured))

    def _bounds(self, area_id: str) -> Bounds:
        return self._memo(("bounds", area_id), lambda: area_bounds(self.site.areas[area_id]))

    # options shared by every map: labels and colours, so the data can stay small
    def _options(self, language: Language | None = None) -> dict:
        _ = gettext_in(language)
        options: dict[str, Any] = {
            "types": {
                slug: {"label": _(label), "colour": TYPE_COLOURS[slug]}
                for slug, label in voc.EVENT_TYPES.items()
            },
            "grades": {grade: _(name) for grade, name in voc.GRADE_NAMES.items()},
            "kinds": {kind: _(name) for kind, name in voc.AREA_KIND_SINGULAR.items()},
            "radius": self.radius,
            "text": {key: _(message) for key, message in SCRIPT_TEXT.items()},
            "precisions": {key: _(message) for key, message in PRECISIONS.items()},
        }
        if self.basemap is not None:
            options["basemap"] = self.basemap.options()
        if language is not None:
            options["lang"], options["dir"] = language.code, language.dir
        locale = script_locale(language)
        if locale:
            options["locale"] = locale
        return options

    def _leaflet(
        self, mode: str, options: dict, types: list, kinds: list, language: Language | None
    ) -> tuple[str, Markup]:
        """A map's Leaflet set-up with its `options` (the map element's id, its script).
        The set-up without them (leaflet.py) reads no content: the store keeps it between
        builds under the key of what makes it, and Folium is imported only when it changed
        (0.2 s of every rebuild, where an edited event changes the options)."""

        def make() -> tuple[str, str, str]:
            from .leaflet import leaflet_setup

            return leaflet_setup(mode, self.tiles, types, kinds, language)

        store = self.settings.get("sitrep_store")
        if store is None or store.keys is None:  # not a build's, or a worker's: made here
            map_id, before, after = make()
        else:
            key = store.keys.key("leaflet", mode, (self.tiles, types, kinds, language))
            map_id, before, after = store.remembered("leaflet", key, make)
        return map_id, Markup(before + tojson_text(options) + after)

    def _small_script(self, language: Language | None) -> tuple[str, Markup]:
        # Every small map of a language has the same set-up; only its inline data differ.
        def make() -> tuple[str, Markup]:
            return self._leaflet("small", self._options(language), [], [], language)

        return self._memo(("small", language.code if language else ""), make)

    def _small_script_file(self, language: Language | None) -> tuple[str, bytes]:
        """The small maps' set-up in `language`: its file's name (from the site's root) and
        bytes; the name is versioned by the bytes in the address pages give it."""
        code = language.code if language is not None and not language.main else ""
        return in_language("map/small.js", code), self._small_script(language)[1].encode()

    def _small_script_url(self, language: Language | None) -> str:
        def make() -> str:
            name, data = self._small_script_file(language)
            return f"{name}?v={hashlib.sha256(data).hexdigest()[:12]}"

        return self._memo(("small url", language.code if language else ""), make)

    def script_files(self) -> dict[str, bytes]:
        """The small maps' set-up, one file per language (the pages' addresses point to),
        and the legends' swatches."""
        files = dict(self._small_script_file(language) for language in self.languages or (None,))
        return {**files, LEGEND_FILE: LEGEND_BYTES}

    legend_url = LEGEND_URL  # from the site's root

    @staticmethod
    def _areas_file(language: Language | None) -> str:
        """/map/'s areas file in `language`, from the site's root. Unversioned, so that the
        pages that name it need not change with every area: maps fetch it revalidated."""
        code = language.code if language is not None and not language.main else ""
        return "map/" + in_language("areas.geojson", code)

    def _event_feature(self, event: Event, language: Language | None = None) -> str:
        """The event as a GeoJSON Feature, in JSON for a page's script: written once per
        language, as the maps of its page, its day and its places repeat it."""
        key = ("event", event.id, language.code if language else "")
        return self._memo(
            key, lambda: script_json(event_feature(self.site, event, language=language))
        )

    def _legend(
        self,
        events: Iterable[Event],
        areas: Iterable[Area],
        language: Language | None = None,
        places: bool = False,
        clusters: bool = False,
    ) -> tuple[LegendItem, ...]:
        events, areas = list(events), list(areas)
        # Small maps repeat a few legends: made once each.
        key = (
            "legend",
            frozenset(e.type for e in events),
            any(drawn_precision(e) != "exact" for e in events),
            tuple(a.id for a in areas),
            places,
            clusters,
            language.code if language else "",
        )
        return self._memo(
            key, lambda: tuple(self._legend_items(events, areas, language, places, clusters))
        )

    def _legend_items(
        self,
        events: list[Event],
        areas: list[Area],
        language: Language | None,
        places: bool,
        clusters: bool,
    ) -> list[LegendItem]:
        """An entry for every style the map draws: event types, approximate points,
        groups of events, the sides' colours, every area style (kind, line or shape,
        claimed or not) and places."""
        _ = gettext_in(language)
        items = [
            LegendItem(_(label), colour, "dot") for _slug, label, colour in legend_types(events)
        ]
        if any(drawn_precision(e) != "exact" for e in events):
            items.append(LegendItem(_("Dashed circle: location approximate"), "#555", "circle"))
        if clusters:
            items.append(
                LegendItem(_("Ring with a number: nearby events, coloured by type"), "#e66100",
                           "cluster")
            )  # fmt: skip
        sides = sorted(
            {(self.site.actors[a.held_by].side or "", self.palette.of_actor(self.site, a.held_by))
             for a in areas}
        )  # fmt: skip
        for side, colour in sides:
            label = _(SIDE_LEGEND.get(side, SIDE_LEGEND[""]))
            if side not in SIDE_LEGEND:
                label = _("Held by the %(side)s side") % {"side": side}
            items.append(LegendItem(label, colour, "control"))
        drawn = {area_style(a) for a in areas}
        for kind in voc.AREA_KINDS:
            for line in (False, True):
                for claimed in (False, True):
                    if (kind, line, claimed) not in drawn:
                        continue
                    label = _(STYLE_LABELS[(kind, line)])
                    if claimed:
                        label = _(CLAIMED_STYLE) % {"style": label}
                    items.append(LegendItem(label, "#777", style_shape((kind, line, claimed))))
        if places:
            items.append(LegendItem(_("Place"), "#333", "place"))
        return items

    def _svg(
        self,
        events,
        areas,
        places,
        bounds: Bounds,
        title: str,
        size: tuple[int, int],
        language=None,
    ) -> Markup:
        root = self.settings.get("SITEURL", "")
        if language is not None and not language.main:
            root = f"{root}/{language.code}"
        name = lambda item, field="name": tr_text(item, field, language)  # noqa: E731
        svg_events = [
            SvgEvent(event_point(self.site, e), e.type, name(e, "title"), e.day.isoformat(),
                     f"{root}/events/{e.id}/", drawn_precision(e),
                     self.radius.get(drawn_precision(e), 0))
            for e in events
        ]  # fmt: skip
        svg_areas = []
        for area in areas:
            geometry = area.geometry
            if geometry.type == "LineString":
                rings = [list(geometry.coordinates)]
            elif geometry.type == "Polygon":
                rings = list(geometry.coordinates)
            else:
                rings = [ring for polygon in geometry.coordinates for ring in polygon]
            svg_areas.append(
                SvgArea(name(area), self.palette.of_actor(self.site, area.held_by),
                        area.status == "claimed", geometry.type == "LineString", rings, area.id,
                        area.kind)
            )  # fmt: skip
        svg_places = [SvgPlace((p.lon, p.lat), *localized_name(p, language)) for p in places]
        cache = self._svg_areas.setdefault(language.code if language else "", {})
        underlay, drawing = "", self._basemap_drawing
        if drawing is not None:  # the same for every map of one view
            lang = language.code if language else "en"
            underlay = self._memo(
                ("basemap", bounds, size, lang), lambda: drawing.svg(bounds, *size, lang)
            )
        return render_svg(
            bounds, svg_events, svg_areas, svg_places, title, *size, cache=cache, underlay=underlay
        )

    def _view_bounds(self, events: list[Event], areas: list[Area]) -> Bounds | None:
        points = [event_point(self.site, e) for e in events]
        bounds = Bounds.around(points)
        if bounds is None:
            for area in areas:
                bounds = self._bounds(area.id).union(bounds) if bounds else self._bounds(area.id)
        return bounds.at_least(SMALL_VIEW_M) if bounds else None

    # --- small maps ---------------------------------------------------------------------

    def small(
        self,
        events: list[Event],
        day: date | None,
        caption: str,
        language: Language | None = None,
    ) -> MapView | None:
        """A small map of `events`, with the areas that hold on `day` near them."""
        if not events:
            return None
        site = self.site
        points = tuple(event_point(site, e) for e in events)

        def view() -> tuple[Bounds, Bounds]:  # the same for every map of a place's events
            bounds = self._view_bounds(events, [])
            assert bounds is not None  # the events have points
            reach = Bounds.around([(bounds.west, bounds.south), (bounds.east, bounds.north)],
                                  SMALL_VIEW_M * 2)  # fmt: skip
            assert reach is not None  # around two points
            return bounds, reach

        bounds, reach = self._memo(("view", points), view)
        # The areas that hold on the day: the same for every map of the day.
        held = self._memo(("areas on", day), lambda: areas_on(site, day))
        areas = [a for a in held if self._bounds(a.id).intersects(reach)]
        place_ids = dict.fromkeys(e.place for e in events if e.place)
        places = [site.places[p] for p in place_ids]
        # The JSON of {"events", "areas", "places", "bounds"}, each event made once. The areas
        # are not copied into every page (a day's weighed 5 KB): the map draws those in force
        # on the day from /map/'s areas file (MapView.areas_file), which the browser keeps.
        held_on = {"day": day.isoformat()} if areas and day is not None else None
        data = "".join([
            '{"events":{"type":"FeatureCollection","features":[',
            ",".join(self._event_feature(e, language) for e in events),
            ']},"areas":', script_json(held_on),
            ',"places":', script_json([[tr_text(p, "name", language), round(p.lat, 5),
                                        round(p.lon, 5)] for p in places]),
            ',"bounds":', script_json(bounds.leaflet()), "}",
        ])  # fmt: skip
        map_id, script = self._small_script(language)
        title = small_title(len(events), day if areas else None, bool(areas), language)
        return MapView(
            mode="small",
            id=map_id,
            script=script,
            script_url=self._small_script_url(language),
            svg=self._svg(events, areas, places, bounds, title, (640, 360), language),
            caption=gettext_in(language)(caption),
            legend=self._legend(events, areas, language, bool(places), len(events) > 1),
            data=Markup(data),
            count=len(events),
            areas_day=day if areas else None,
            areas_file=self._areas_file(language) if areas else None,
        )

    def event(self, event: Event, language: Language | None = None) -> MapView | None:
        caption = N_("Where it happened, and the areas held that day.")
        return self.small([event], event.day, caption, language)

    def day(self, day: date, language: Language | None = None) -> MapView | None:
        events = self.site.by_day.get(day, [])
        caption = N_("The day's events, and the areas held that day.")
        return self.small(events, day, caption, language)

    def place(self, place: Place, language: Language | None = None) -> MapView | None:
        events = self.site.by_place.get(place.id, [])
        return self.small(events, None, N_("Events here and in places within."), language)

    def cited(
        self, events: list[Event], day: date | None, language: Language | None = None
    ) -> MapView | None:
        caption = N_("The events this analysis cites.")
        return self.small(list(events), day, caption, language)

    # --- /map/ --------------------------------------------------------------------------

    def full(self, language: Language | None = None) -> MapView:
        site = self.site
        code = language.code if language is not None and not language.main else ""
        # The data files are shared by every language; the page links them from its own.
        up = "../../map/" if code else ""
        events = list(site.events.values())
        days = list(site.by_day)
        first = days[0] if days else date.today()
        last = max([e.end_date or e.day for e in events], default=first)
        periods = self.periods()
        start, end = date_setting(self.settings, first, last, periods)
        areas = list(site.areas.values())
        types = legend_types(events)
        kinds = [k for k in voc.AREA_KINDS if any(a.kind == k for a in areas)]
        counts = Counter(e.place for e in events if e.place)
        # A list, not a set: the labels are drawn in this order, and a build is reproducible.
        named = [p for p, _ in counts.most_common(LABELLED_PLACES)]
        options = {
            **self._options(language),
            # The period files, in date order; the map loads those its dates need.
            "periods": [
                {"key": p.key, "first": p.first.isoformat(), "last": p.last.isoformat(),
                 "count": len(p.events),
                 "events": up + self._data_url(period_file("events", p.key)),
                 "titles": up + self._data_url(in_language(period_file("titles", p.key), code))}
                for p in periods
            ],
            "total": len(events),
            "areas": up + self._data_url(in_language("areas.geojson", code)),
            "places": [
                [tr_text(p, "name", language), round(p.lat, 5), round(p.lon, 5),
                 1 if p.id in named else 0]
                for p in site.places.values()
                if p.id in counts
            ],
            "dates": {"min": first.isoformat(), "max": last.isoformat(),
                      "start": start.isoformat(), "end": end.isoformat()},
            "filter": "map-filter",
        }  # fmt: skip
        shown_areas = areas_on(site, end)
        view = self._view_bounds(events, areas)
        for area in areas:
            view = self._bounds(area.id).union(view)
        view = view or Bounds(-180, -60, 180, 75)
        options["bounds"] = view.leaflet()
        types = [(slug, gettext_in(language)(label), colour) for slug, label, colour in types]
        map_id, script = self._leaflet("full", options, types, kinds, language)
        labelled = [site.places[p] for p in named]
        # The static map shows what the interactive one opens on.
        opening = [
            e
            for period in needed(periods, start, end)
            for e in period.events
            if e.day <= end and (e.end_date or e.day) >= start
        ]
        title = gettext_in(language)(
            N_("Map of the events from %(start)s to %(end)s, and the areas that held on %(end)s")
        ) % {"start": day_text(start, language), "end": day_text(end, language)}
        svg = self._svg(opening, shown_areas, labelled, view, title, (960, 600), language)
        limit = sitrep_settings(self.settings).MAP_LIST_LIMIT
        return MapView(
            mode="full",
            id=map_id,
            script=script,
            svg=svg,
            caption="",
            legend=self._legend(events, areas, language, bool(options["places"]), len(events) > 1),
            count=len(events),
            areas_day=end,
            filter={
                "min": first,
                "max": last,
                "start": start,
                "end": end,
                "shown": len(opening),
                "areas": len(shown_areas),
            },
            list_days=list(site.by_day.items()),
            list_events=len(events) <= limit,
        )

    def periods(self) -> list[MapPeriod]:
        """The period files /map/'s events are cut into (see generators/views/mapperiods.py)."""
        return self._memo("periods", lambda: split(self.site.events.values()))

    def data_files(self) -> dict[str, bytes]:
        """/map/'s data: the events of each period as GeoJSON, their titles, every area.

        Titles are the one part of an event that grows with how wordy a desk is (at 10,000
        events they weigh as much as everything else), and a reader needs them only on
        hovering or opening a marker: they travel in their own file, in feature order,
        fetched on first use. Only the files' bytes are kept: one period at a time is built
        as Python objects."""
        return self._memo("data", self._data_files)[0]

    def _data_files(self) -> tuple[dict[str, bytes], dict[str, str]]:
        """The data files, and the version of each (its digest, for their addresses)."""
        site, data = self.site, {}
        languages = [
            (language, language.code if language is not None and not language.main else "")
            for language in self.languages or (None,)
        ]
        for period in self.periods():
            features = [(event_feature(site, e, title=False), e) for e in period.events]
            # By place and type, not by date: gzip then finds each feature's coordinates,
            # type and title words just before it (a tenth fewer bytes).
            features.sort(
                key=lambda f: (f[0]["geometry"]["coordinates"], f[0]["properties"]["type"])
            )
            held = [event for _feature, event in features]
            events = {"type": "FeatureCollection", "features": [f for f, _e in features]}
            data[f"map/{period_file('events', period.key)}"] = _json_bytes(events)
            # Titles in each language, in the same order; the main language's unmarked.
            for language, code in languages:
                titles = [tr_text(e, "title", language) for e in held]
                name = in_language(period_file("titles", period.key), code)
                data[f"map/{name}"] = _json_bytes(titles)
        for language, _code in languages:  # areas have names: a file per language too
            areas = areas_collection(site, site.areas.values(), self.palette, language)
            data[self._areas_file(language)] = _json_bytes(areas)
        versions = {
            name: hashlib.sha256(content).hexdigest()[:12] for name, content in data.items()
        }
        return data, versions

    def _data_url(self, name: str) -> str:
        """The data file's address relative to /map/, versioned by its content so that no
        cache ever pairs the events of one build with the titles of another."""
        versions = self._memo("data", self._data_files)[1]
        return f"{name}?v={versions[f'map/{name}']}"


def localized_name(item: Any, language: Language | None) -> tuple[str, str]:
    """The item's name in the page's language, and the language of the name shown when that
    is not the page's ('' when it is)."""
    text, translated = localized(item, "name", language)
    return str(text or ""), "" if translated or language is None else language.original


def period_file(kind: str, key: str) -> str:
    """'events-2016-q3.geojson', 'titles-2016-q3.json': a period's files under /map/."""
    return f"events-{key}.geojson" if kind == "events" else f"titles-{key}.json"


def in_language(name: str, code: str) -> str:
    """'titles-2016.json' for the main language, 'titles-2016.ar.json' for Arabic."""
    stem, _dot, ext = name.partition(".")
    return f"{stem}.{code}.{ext}" if code else name


def day_text(day: date, language: Language | None) -> str:
    """'6 August 2016', in the language's words and digits."""
    if language is None or language.code == "en":
        return f"{day.day} {day:%B %Y}"
    return language.format_date(day, "d MMMM y")


def small_title(count: int, day: date | None, areas: bool, language: Language | None = None) -> str:
    """What a small map shows, as its static drawing's title."""
    ngettext = language.ngettext if language is not None else _english_ngettext
    if not areas:
        text = ngettext("Map of %(count)s event", "Map of %(count)s events", count)
    elif day is None:
        text = ngettext(
            "Map of %(count)s event and the areas that held",
            "Map of %(count)s events and the areas that held",
            count,
        )
    else:
        text = ngettext(
            "Map of %(count)s event and the areas that held as of %(day)s",
            "Map of %(count)s events and the areas that held as of %(day)s",
            count,
        )
    number = str(count) if language is None else language.format_number(count)
    return text % {"count": number, "day": day_text(day, language) if day else ""}


def _english_ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def _json_bytes(data: dict | list) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))
