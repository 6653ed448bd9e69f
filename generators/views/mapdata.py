"""What the maps show, as data: GeoJSON of events and areas (RFC 7946: longitude first),
the colours of event types and sides, and the view that fits them.

Shared by the interactive maps (generators/views/maps.py, Folium + the theme's sitrep-map.js)
and the static SVG fallback (generators/views/svgmap.py), so both draw the same thing.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jinja2.utils import htmlsafe_json_dumps

from ..content import vocabulary as voc
from ..content.i18n import Language
from ..content.model import Site
from ..content.schema import Area, Event
from ..content.translated import tr_text


def tojson_text(value: Any) -> str:
    """`value` as a map's set-up is given it (leaflet.py): JSON that is safe inside
    `<script>`, as Jinja's `tojson` writes it with its default policies (keys sorted)."""
    return str(htmlsafe_json_dumps(value, sort_keys=True))


# Event types, colour-blind-safe and distinct from the side colours of areas.
TYPE_COLOURS: dict[str, str] = {
    "battles": "#e66100",
    "explosions-remote-violence": "#5d3a9b",
    "violence-against-civilians": "#c51b7d",
    "protests": "#1f78b4",
    "riots": "#8c510a",
    "strategic-developments": "#01665e",
}
# Sides without a colour in MAP_SIDE_COLOURS take these, in alphabetical order of side.
SIDE_PALETTE = ["#b2182b", "#2166ac", "#1b7837", "#762a83", "#b35806", "#4d4d4d"]
NO_SIDE = "#4d4d4d"
# How far from its point an approximate event may be, in metres (drawn as a circle).
PRECISION_RADIUS_M = {"near": 2_000, "region": 10_000}
DIGITS = 5  # about a metre, for areas: more would only add bytes
EVENT_DIGITS = 4  # about ten metres: finer than any event's place is known


Point = tuple[float, float]  # (lon, lat)


def event_point(site: Site, event: Event) -> Point:
    if event.place:
        place = site.places[event.place]
        return (place.lon, place.lat)
    assert event.location is not None  # the schema requires a place or a location
    return (event.location.lon, event.location.lat)


def sensitive_radius(precision: float) -> int:
    """How far, in metres, a point generalised to a grid of `precision` degrees may lie from
    where it was: half the cell's diagonal, rounded up to a kilometre."""
    return math.ceil(precision * 111_320 * math.sqrt(2) / 2 / 1000) * 1000


def drawn_precision(event: Event) -> str:
    """What the map draws the event's point as: 'sensitive' (generalised), else its
    geo_precision ('exact', 'near', 'region')."""
    return "sensitive" if event.sensitive else event.geo_precision


def event_feature(
    site: Site, event: Event, *, title: bool = True, language: Language | None = None
) -> dict:
    """One event as a GeoJSON Feature, its id as the Feature's `id` (RFC 7946, 3.2).

    Properties are only those the map shows, values at their defaults left out, and the
    most repeated ones first: at 10,000 events, gzip then finds long repeats. /map/ leaves
    the title out (`title=False`) and loads all titles on first use (see `SiteMaps`)."""
    lon, lat = event_point(site, event)
    props: dict = {"type": event.type}
    if event.assessment:
        props["grade"] = event.assessment.grade
    if drawn_precision(event) != "exact":  # generalised: drawn as a circle like "region"
        props["geo"] = drawn_precision(event)
    if event.date_precision != "day":
        props["when"] = event.date_precision
    props["date"] = event.day.isoformat()
    if event.end_date and event.end_date != event.day:
        props["end"] = event.end_date.isoformat()
    if title:
        props["title"] = tr_text(event, "title", language)
    point = [round(lon, EVENT_DIGITS), round(lat, EVENT_DIGITS)]
    return {
        "type": "Feature",
        "properties": props,
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": point},
    }


def _ring_area(ring: list[Point]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))


def _wound(ring: list[Point], counterclockwise: bool) -> list[list[float]]:
    """RFC 7946 wants exterior rings counterclockwise and holes clockwise."""
    if (_ring_area(ring) > 0) != counterclockwise:
        ring = ring[::-1]
    return [[round(x, DIGITS), round(y, DIGITS)] for x, y in ring]


def area_geometry(area: Area) -> dict:
    geometry = area.geometry
    coordinates: list[Any]  # as deep as the geometry's type
    if geometry.type == "LineString":
        coordinates = [[round(x, DIGITS), round(y, DIGITS)] for x, y in geometry.coordinates]
    else:
        polygons = geometry.coordinates if geometry.type == "MultiPolygon" else [
            geometry.coordinates
        ]  # fmt: skip
        coordinates = [
            [_wound(ring, i == 0) for i, ring in enumerate(polygon)] for polygon in polygons
        ]
        if geometry.type == "Polygon":
            coordinates = coordinates[0]
    return {"type": geometry.type, "coordinates": coordinates}


def N_(message: str) -> str:
    """Marks a label for the catalogue; it is translated where it is shown."""
    return message


# How an area is drawn: by its kind, whether it is a line, and whether it is only claimed.
# The interactive map (sitrep-map.js), the static SVG (svgmap.py) and the legend
# (maps.py) draw each style the same way, and the legend names each style a map shows.
AreaStyle = tuple[str, bool, bool]  # (kind, line, claimed)
STYLE_LABELS: dict[tuple[str, bool], str] = {
    ("control", False): N_("Area of control"),
    ("control", True): N_("Line of control"),
    ("siege", False): N_("Besieged area (dark outline)"),
    ("siege", True): N_("Siege line (dark edges)"),
    ("frontline", False): N_("Front line area"),
    ("frontline", True): N_("Front line"),
    ("corridor", False): N_("Corridor"),
    ("corridor", True): N_("Corridor route (thin line)"),
}
CLAIMED_STYLE = N_("%(style)s: claimed, not established (dashed)")
SIEGE_EDGE = "#222"  # the dark outline or edges of a siege


def area_style(area: Area) -> AreaStyle:
    return (area.kind, area.geometry.type == "LineString", area.status == "claimed")


class Palette:
    """Colours of the sides that hold areas: MAP_SIDE_COLOURS first, then SIDE_PALETTE."""

    def __init__(self, site: Site, configured: dict[str, str] | None):
        sides = sorted({a.side for a in site.actors.values() if a.side})
        configured = configured or {}
        taken = {c.lower() for c in configured.values()}
        spare = iter([c for c in SIDE_PALETTE if c.lower() not in taken])
        self.colours = {side: configured.get(side) or next(spare, NO_SIDE) for side in sides}

    def of_actor(self, site: Site, actor_id: str) -> str:
        side = site.actors[actor_id].side
        return self.colours.get(side, NO_SIDE) if side else NO_SIDE


def area_feature(
    site: Site, area: Area, palette: Palette, language: Language | None = None
) -> dict:
    actor = site.actors[area.held_by]
    held_by = actor.name_on(area.valid_from)
    if language is not None and not language.main:
        held_by = tr_text(actor, "name", language)
    props = {
        "id": area.id,
        "name": tr_text(area, "name", language),
        "kind": area.kind,
        "status": area.status,
        "held_by": held_by,
        "side": actor.side or "",
        "colour": palette.of_actor(site, area.held_by),
        "valid_from": area.valid_from.isoformat(),
    }
    if area.valid_until:
        props["valid_until"] = area.valid_until.isoformat()
    return {"type": "Feature", "geometry": area_geometry(area), "properties": props}


def areas_collection(
    site: Site, areas: Iterable[Area], palette: Palette, language: Language | None = None
) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [area_feature(site, a, palette, language) for a in areas],
    }


def area_points(area: Area) -> list[Point]:
    geometry = area.geometry
    if geometry.type == "LineString":
        return list(geometry.coordinates)
    polygons = geometry.coordinates if geometry.type == "MultiPolygon" else [geometry.coordinates]
    return [p for polygon in polygons for ring in polygon for p in ring]


@dataclass(frozen=True)
class Bounds:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def around(cls, points: Iterable[Point], pad_m: float = 0) -> Bounds | None:
        points = list(points)
        if not points:
            return None
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        pad_lat = pad_m / 111_320
        mid = (min(lats) + max(lats)) / 2
        pad_lon = pad_lat / max(math.cos(math.radians(mid)), 0.01)
        return cls(
            max(min(lons) - pad_lon, -180),
            max(min(lats) - pad_lat, -85),
            min(max(lons) + pad_lon, 180),
            min(max(lats) + pad_lat, 85),
        )

    def union(self, other: Bounds | None) -> Bounds:
        if other is None:
            return self
        return Bounds(
            min(self.west, other.west),
            min(self.south, other.south),
            max(self.east, other.east),
            max(self.north, other.north),
        )

    def intersects(self, other: Bounds) -> bool:
        return not (
            other.west > self.east
            or other.east < self.west
            or other.south > self.north
            or other.north < self.south
        )

    def at_least(self, metres: float) -> Bounds:
        """The same centre, grown to span at least `metres` each way (a single point needs
        a view around it)."""
        centre = ((self.west + self.east) / 2, (self.south + self.north) / 2)
        half = Bounds.around([centre], metres / 2)
        return self.union(half)

    def leaflet(self) -> list[list[float]]:
        """[[south, west], [north, east]]: Leaflet's order (latitude first)."""
        return [
            [round(self.south, DIGITS), round(self.west, DIGITS)],
            [round(self.north, DIGITS), round(self.east, DIGITS)],
        ]


def area_bounds(area: Area) -> Bounds:
    bounds = Bounds.around(area_points(area))
    assert bounds is not None  # the schema gives every geometry its positions
    return bounds


def legend_types(events: Iterable[Event]) -> list[tuple[str, str, str]]:
    """(slug, label, colour) of the event types present, in the vocabulary's order."""
    present = {e.type for e in events}
    return [(t, voc.EVENT_TYPES[t], TYPE_COLOURS[t]) for t in voc.EVENT_TYPES if t in present]


# What json.dumps(ensure_ascii=False, separators=(",", ":")) uses, made once: json.dumps
# builds a new encoder for each call with options, which costs more than a small map's data.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def script_json(data) -> str:
    """JSON that is safe inside a <script> element: no '</script>', no '<!--', and no
    characters that end a JavaScript line."""
    text = _COMPACT.encode(data)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
