"""The basemap under the static map (svgmap.py): the features of the site's own PMTiles
basemap in view, drawn in the colours protomaps-leaflet's "light" flavour gives them in the
browser, so that a reader without JavaScript sees the same land, water, borders and roads.

The basemap's own place names (towns) are written in the page's language where the basemap
has it, as protomaps-leaflet does; the desk's places are named by the static map itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from markupsafe import escape
from shapely import clip_by_rect
from shapely.geometry.base import BaseGeometry

from ..geo.feature import Feature
from ..geo.read import features
from ..geo.tiles import BBox, tile_bbox, tiles_covering
from .basemap import Basemap
from .mapdata import Bounds
from .svgmap import Projection, svg_number

BACKGROUND = "#cccccc"  # the flavour's background: where the tiles hold no land
TOWN = "#5c5c5c"  # the flavour's city labels
Kind = Callable[[Mapping], bool]


def _kind(*kinds: str) -> Kind:
    return lambda properties: properties.get("kind") in kinds


def _any(properties: Mapping) -> bool:
    return True


def _national(properties: Mapping) -> bool:
    level = properties.get("kind_detail")
    return isinstance(level, int) and level <= 2


# In painting order: (layer, which features, polygon fill or None, line colour, width px).
PAINT: list[tuple[str, Kind, str | None, str | None, float]] = [
    ("earth", _any, "#e2dfda", None, 0),
    ("landuse", _kind("park", "cemetery", "nature_reserve", "forest", "wood"), "#9cd3b4", None, 0),
    ("landuse", _kind("industrial"), "#d1dde1", None, 0),
    ("landuse", _kind("hospital"), "#e4dad9", None, 0),
    ("landuse", _kind("school", "university", "college"), "#e4ded7", None, 0),
    ("water", _kind("ocean", "sea", "lake", "water", "bay", "strait"), "#80deea", None, 0),
    ("water", _kind("river"), None, "#80deea", 1.5),
    ("roads", _kind("minor_road"), None, "#ffffff", 0.8),
    ("roads", _kind("major_road", "highway"), None, "#ffffff", 2),
    ("roads", _kind("rail"), None, "#a7b1b3", 0.6),
    ("boundaries", _national, None, "#9e9e9e", 1.2),
    ("boundaries", lambda p: not _national(p), None, "#adadad", 0.6),
]
PAD_PX = 24  # features are clipped a little beyond the picture: no edge shows inside it


def _zoom(project: Projection, basemap: Basemap) -> int:
    """The basemap zoom whose tiles are about as fine as the picture's pixels."""
    wanted = round(math.log2(max(project.scale, 1) / 512))
    return max(basemap.min_zoom, min(basemap.max_zoom, wanted))


def _d(project: Projection, geometry: BaseGeometry, close: bool) -> str:
    parts = []
    for part in getattr(geometry, "geoms", [geometry]):
        rings = [part.exterior, *part.interiors] if part.geom_type == "Polygon" else [part]
        for ring in rings:
            points, last = [], None
            for lon, lat in ring.coords:
                x, y = project((lon, lat))
                xy = f"{svg_number(x)} {svg_number(y)}"
                if xy != last:  # points that fall on one spot of the picture: one
                    points.append(xy)
                    last = xy
            if len(points) > 1:
                parts.append("M" + "L".join(points) + ("Z" if close else ""))
    return "".join(parts)


def _towns(project: Projection, found: list, zoom: int, width: int, height: int, lang: str) -> str:
    """The basemap's localities shown at `zoom`, largest first, none over another."""
    towns = [
        f
        for f in found
        if f.layer == "places" and f.properties.get("kind") == "locality"
        and f.geometry.geom_type == "Point" and int(f.properties.get("min_zoom", 0)) <= zoom + 1
    ]  # fmt: skip
    towns.sort(
        key=lambda f: (-int(f.properties.get("population_rank", 0)), str(f.properties.get("name")))
    )
    taken: list[tuple[float, float, float, float]] = []
    out = []
    for town in towns:
        name = str(town.properties.get(f"name:{lang}") or town.properties.get("name") or "")
        x, y = project((town.geometry.x, town.geometry.y))
        box = (x - 3, y - 12, x + 8 + 6.5 * len(name), y + 4)  # the dot and about its text
        if not name or box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
            continue
        if any(b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3] for b in taken):
            continue
        taken.append(box)
        text_lang = "" if f"name:{lang}" in town.properties else ' lang="und-Latn"'
        out.append(
            f'<circle cx="{svg_number(x)}" cy="{svg_number(y)}" r="2" fill="{TOWN}"/>'
            f'<text x="{svg_number(x + 5)}" y="{svg_number(y - 4)}" fill="{TOWN}"{text_lang}>'
            f"{escape(name)}</text>"
        )
    return f'<g class="basemap-places">{"".join(out)}</g>' if out else ""


class BasemapDrawing:
    """Draws the site's basemap into static maps. Each tile is decoded once, and each view's
    land, water, borders and roads drawn once for all the page languages (a site has
    thousands of small maps, many sharing tiles and views)."""

    def __init__(self, basemap: Basemap):
        self.basemap = basemap
        self._tiles: dict[tuple[int, int, int], list[Feature]] = {}
        self._views: dict[tuple, tuple[str, list[Feature], int]] = {}

    def _features(self, area: BBox, zoom: int) -> list[Feature]:
        found = []
        for x, y in tiles_covering(area, zoom):
            if (zoom, x, y) not in self._tiles:
                west, south, east, north = tile_bbox(zoom, x, y)
                inset = (east - west) * 1e-6  # this tile's features, not its neighbours'
                inside = BBox(west + inset, south + inset, east - inset, north - inset)
                self._tiles[zoom, x, y] = features(self.basemap.source, inside, zoom)
            found += self._tiles[zoom, x, y]
        return found

    def _view(self, bounds: Bounds, width: int, height: int) -> tuple[str, list[Feature], int]:
        key = (bounds, width, height)
        if key not in self._views:
            self._views[key] = self._draw(bounds, width, height)
        return self._views[key]

    def _draw(self, bounds: Bounds, width: int, height: int) -> tuple[str, list[Feature], int]:
        project = Projection(bounds, width, height)
        # What the picture shows, in degrees, with a margin: the view is fitted into it.
        west, north = project.inverse((-PAD_PX, -PAD_PX))
        east, south = project.inverse((width + PAD_PX, height + PAD_PX))
        zoom = _zoom(project, self.basemap)
        found = self._features(BBox(west, south, east, north), zoom)
        # A pixel, in degrees: finer detail than that is not drawn.
        pixel = (east - west) / (width + 2 * PAD_PX)
        out = [f'<rect width="{width}" height="{height}" fill="{BACKGROUND}"/>']
        for layer, which, fill, stroke, stroke_width in PAINT:
            shapes = [
                clip_by_rect(f.geometry, west, south, east, north).simplify(pixel / 2)
                for f in found
                if f.layer == layer and which(f.properties)
            ]
            close = fill is not None
            d = "".join(_d(project, shape, close) for shape in shapes if not shape.is_empty)
            if not d:
                continue
            if fill is not None:
                out.append(f'<path d="{d}" fill="{fill}" fill-rule="evenodd"/>')
            else:
                out.append(
                    f'<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{stroke_width}" '
                    'stroke-linecap="round" stroke-linejoin="round"/>'
                )
        return "".join(out), found, zoom

    def svg(self, bounds: Bounds, width: int, height: int, lang: str = "en") -> str:
        """The basemap in view of a `width` x `height` picture of `bounds`, as one SVG
        group, its towns named in `lang` where the basemap has their names in it."""
        drawn, found, zoom = self._view(bounds, width, height)
        project = Projection(bounds, width, height)
        towns = _towns(project, found, zoom, width, height, lang)
        return f'<g class="basemap">{drawn}{towns}</g>'
