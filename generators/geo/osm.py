"""OpenStreetMap extracts (`.osm.pbf`, `.osm`) as basemap features, read with pyosmium.

Nodes give `places`; ways give `roads` (highways, railways, runways) and `water` lines
(waterways); areas, which osmium assembles from closed ways and multipolygon relations,
give `water`, `landuse` and `buildings` polygons, and administrative boundaries (ways and
boundary relations) give `boundaries` lines. Every feature keeps its `name` and all its
`name:<lang>` tags. What maps to which kind is in the tables below; anything else is left
out. Each kind has the zoom from which it is drawn (`min_zoom`); a polygon also waits for
the zoom at which it is at least MIN_PIXELS pixels big.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from pathlib import Path

import osmium
import shapely
from shapely.geometry.base import BaseGeometry

from .archive import BasemapError
from .feature import Feature, Value
from .schema import boundary_kind, population_rank
from .tiles import BBox

ATTRIBUTION = "© OpenStreetMap contributors (ODbL)"
SUFFIXES = (".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".osm.gz")
MIN_PIXELS = 4.0  # square pixels of a 256-pixel tile

# highway=* -> (kind, min_zoom)
HIGHWAYS: dict[str, tuple[str, int]] = {
    "motorway": ("highway", 3),
    "trunk": ("major_road", 6),
    "primary": ("major_road", 7),
    "secondary": ("major_road", 9),
    "tertiary": ("major_road", 9),
    "residential": ("minor_road", 12),
    "unclassified": ("minor_road", 12),
    "road": ("minor_road", 12),
    "living_street": ("minor_road", 12),
    "service": ("minor_road", 13),
    "pedestrian": ("path", 12),
    "track": ("path", 12),
    "footway": ("path", 14),
    "path": ("path", 14),
    "cycleway": ("path", 14),
    "bridleway": ("path", 14),
    "steps": ("path", 14),
    "corridor": ("path", 14),
    "busway": ("other", 12),
    "raceway": ("other", 12),
}
RAILWAYS = {"rail": 8, "narrow_gauge": 10, "light_rail": 11, "subway": 11, "tram": 12,
            "monorail": 12, "funicular": 12}  # fmt: skip
AEROWAY_LINES = {"runway": 10, "taxiway": 13}
WATERWAYS = {"river": 8, "canal": 9, "stream": 11, "drain": 13, "ditch": 13}
# (tag, value) -> landuse kind; the first tag of an area that matches wins.
LANDUSE: dict[tuple[str, str], str] = {
    **{("amenity", v): v for v in ("hospital", "school", "university", "college", "kindergarten")},
    ("amenity", "grave_yard"): "cemetery",
    **{("leisure", v): v for v in ("park", "garden", "golf_course", "playground",
                                   "nature_reserve")},
    ("tourism", "zoo"): "zoo",
    **{("landuse", v): v for v in ("cemetery", "military", "industrial", "forest", "grass",
                                   "allotments", "village_green")},
    ("landuse", "recreation_ground"): "park",
    **{("natural", v): v for v in ("wood", "scrub", "grassland", "beach", "sand", "glacier")},
    **{("aeroway", v): v for v in ("aerodrome", "runway", "taxiway")},
    **{("boundary", v): v for v in ("national_park", "protected_area")},
    ("man_made", "pier"): "pier",
    ("highway", "pedestrian"): "pedestrian",
    ("waterway", "dam"): "dam",
}  # fmt: skip
LANDUSE_KEYS = ("amenity", "leisure", "tourism", "landuse", "natural", "aeroway", "boundary",
                "man_made", "highway", "waterway")  # fmt: skip
LANDUSE_MIN_ZOOM = 6
BUILDING_MIN_ZOOM = 13
WATER_MIN_ZOOM = 4
BOUNDARY_MIN_ZOOM = {"country": 0, "region": 4, "county": 8, "locality": 10}
# place=* -> (kind, min_zoom)
PLACES: dict[str, tuple[str, int]] = {
    "country": ("country", 3),
    "state": ("region", 6),
    "province": ("region", 6),
    "city": ("locality", 8),
    "town": ("locality", 9),
    "village": ("locality", 10),
    "hamlet": ("locality", 11),
    "locality": ("locality", 12),
    "isolated_dwelling": ("locality", 13),
    "quarter": ("macrohood", 10),
    "suburb": ("neighbourhood", 12),
    "neighbourhood": ("neighbourhood", 12),
}


def is_osm(path: Path | str) -> bool:
    return str(path).lower().endswith(SUFFIXES)


def names(tags: Mapping[str, str]) -> dict[str, Value]:
    """`name` and every `name:<lang>` of the tags."""
    return {k: v for k, v in tags.items() if k == "name" or k.startswith("name:")}


def features(path: Path | str, area: BBox) -> list[Feature]:
    """The extract's features that meet `area`, clipped to it (raises `BasemapError` on a
    file osmium cannot read)."""
    path = Path(path)
    if not path.is_file():
        raise BasemapError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    box = shapely.box(*area)
    found: list[Feature] = []
    factory = osmium.geom.WKBFactory()
    try:
        for obj in osmium.FileProcessor(str(path)).with_areas():
            found.extend(_features(obj, factory, area, box))
    except (RuntimeError, ValueError, OSError) as exc:
        raise BasemapError(f"{path}: not a readable OSM file ({_one_line(exc)})") from None
    return found


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _features(obj, factory, area: BBox, box: BaseGeometry) -> Iterator[Feature]:
    tags = {t.k: t.v for t in obj.tags}
    if not tags:
        return
    if obj.is_node():
        if "place" in tags and "name" in tags and obj.location.valid():
            lon, lat = obj.location.lon, obj.location.lat
            if area.west <= lon <= area.east and area.south <= lat <= area.north:
                yield from _place(tags, shapely.Point(lon, lat))
    elif obj.is_way():
        line = _lines(tags)
        boundary = _boundary(tags)
        if line is None and boundary is None:
            return
        geometry = _clip(_geometry(lambda: factory.create_linestring(obj)), box)
        if geometry is None:
            return
        for layer, properties, min_zoom in (p for p in (line, boundary) if p is not None):
            yield Feature(layer, properties, geometry, min_zoom)
    elif obj.is_area():
        polygons = _polygons(tags)
        boundary = _boundary(tags) if not obj.from_way() else None
        if not polygons and boundary is None:
            return
        geometry = _clip(_geometry(lambda: factory.create_multipolygon(obj)), box)
        if geometry is None:
            return
        for layer, properties, min_zoom in polygons:
            yield Feature(layer, properties, geometry, max(min_zoom, _size_zoom(geometry)))
        if boundary is not None:
            edge = _clip(shapely.boundary(geometry), box)
            if edge is not None:
                yield Feature(boundary[0], boundary[1], edge, boundary[2])


def _geometry(make) -> BaseGeometry | None:
    try:
        return shapely.from_wkb(make())
    except (RuntimeError, ValueError, osmium.InvalidLocationError):
        return None  # a way with nodes missing from the extract, an area that did not close


def _clip(geometry: BaseGeometry | None, box: BaseGeometry) -> BaseGeometry | None:
    if geometry is None or geometry.is_empty or not geometry.intersects(box):
        return None
    if not box.contains(geometry):
        geometry = shapely.intersection(shapely.make_valid(geometry), box)
    return None if geometry.is_empty else geometry


def _size_zoom(geometry: BaseGeometry) -> int:
    """The lowest zoom at which the polygon (in degrees, roughly projected) covers
    MIN_PIXELS square pixels."""
    lat = geometry.centroid.y if not geometry.is_empty else 0.0
    world = geometry.area / (360.0 * 360.0 * max(math.cos(math.radians(lat)), 1e-6))
    if world <= 0:
        return 20
    zoom = 0.5 * math.log2(MIN_PIXELS / (world * 256.0 * 256.0))
    return max(0, min(20, math.ceil(zoom)))


Planned = tuple[str, dict[str, Value], int]


def _lines(tags: Mapping[str, str]) -> Planned | None:
    highway = tags.get("highway")
    if highway and tags.get("area") != "yes":
        base = highway.removesuffix("_link")
        if base in HIGHWAYS:
            kind, min_zoom = HIGHWAYS[base]
            properties: dict[str, Value] = {"kind": kind, "kind_detail": highway}
            if highway.endswith("_link"):
                properties["is_link"] = True
                min_zoom = max(min_zoom, 11)
            for flag in ("bridge", "tunnel"):
                if tags.get(flag, "no") not in ("no", "0", "false"):
                    properties[f"is_{flag}"] = True
            if "ref" in tags:
                properties["ref"] = tags["ref"]
            return "roads", {**properties, **names(tags)}, min_zoom
    railway = tags.get("railway")
    if railway in RAILWAYS and tags.get("service") is None:
        properties = {"kind": "rail", "kind_detail": railway, **names(tags)}
        return "roads", properties, RAILWAYS[railway]
    aeroway = tags.get("aeroway")
    if aeroway in AEROWAY_LINES and tags.get("area") != "yes":
        properties = {"kind": "other", "kind_detail": aeroway, **names(tags)}
        return "roads", properties, AEROWAY_LINES[aeroway]
    waterway = tags.get("waterway")
    if waterway in WATERWAYS:
        return "water", {"kind": waterway, **names(tags)}, WATERWAYS[waterway]
    return None


def _boundary(tags: Mapping[str, str]) -> Planned | None:
    if tags.get("boundary") != "administrative":
        return None
    try:
        level = int(tags.get("admin_level", ""))
    except ValueError:
        return None
    kind = boundary_kind(level)
    return "boundaries", {"kind": kind, "kind_detail": level}, BOUNDARY_MIN_ZOOM[kind]


def _polygons(tags: Mapping[str, str]) -> list[Planned]:
    found: list[Planned] = []
    water = _water(tags)
    if water:
        found.append(("water", {"kind": water, **names(tags)}, WATER_MIN_ZOOM))
    else:
        kind = next(
            (LANDUSE[(k, tags[k])] for k in LANDUSE_KEYS if (k, tags.get(k, "")) in LANDUSE),
            "military" if tags.get("military") else None,
        )
        if kind == "pedestrian" and tags.get("area") != "yes":
            kind = None
        if kind:
            found.append(("landuse", {"kind": kind, **names(tags)}, LANDUSE_MIN_ZOOM))
    building = tags.get("building")
    if building and building != "no":
        found.append(("buildings", {"kind": "building"}, BUILDING_MIN_ZOOM))
    elif tags.get("building:part", "no") != "no":
        found.append(("buildings", {"kind": "building_part"}, BUILDING_MIN_ZOOM))
    return found


def _water(tags: Mapping[str, str]) -> str | None:
    if tags.get("natural") == "water":
        return "lake" if tags.get("water") in ("lake", "reservoir", "pond", "oxbow") else "water"
    if tags.get("waterway") == "riverbank" or tags.get("landuse") in ("reservoir", "basin"):
        return "water"
    return None


def _place(tags: Mapping[str, str], point: BaseGeometry) -> Iterator[Feature]:
    place = tags["place"]
    if place not in PLACES:
        return
    kind, min_zoom = PLACES[place]
    population = _population(tags.get("population"))
    if kind == "locality" and population is not None:
        if population >= 1_000_000:
            min_zoom = min(min_zoom, 4)
        elif population >= 100_000:
            min_zoom = min(min_zoom, 6)
    properties: dict[str, Value] = {
        "kind": kind,
        "kind_detail": place,
        **names(tags),
        "min_zoom": min_zoom,
        "population_rank": population_rank(population),
    }
    if population is not None:
        properties["population"] = population
    if "capital" in tags:
        properties["capital"] = tags["capital"]
    yield Feature("places", properties, point, min_zoom)


def _population(text: str | None) -> int | None:
    if not text:
        return None
    digits = text.replace(",", "").replace(" ", "").replace("_", "")
    return int(digits) if digits.isdigit() else None
