"""The static map: an SVG of events, areas and places drawn by our own code, shown when
JavaScript is off or Leaflet fails to load, and printed with the page.

Web Mercator, like the interactive map, fitted to the view's bounds. Small maps link each
point to its event; large ones bin points into cells so that 10,000 events stay small.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import shapely
from markupsafe import Markup, escape
from shapely import clip_by_rect

from .mapdata import PRECISION_RADIUS_M, SIEGE_EDGE, TYPE_COLOURS, Bounds, Point

EARTH_M = 40_075_016.686  # circumference at the equator
BACKGROUND = "#f3f1ec"
BIN_ABOVE = 300  # more events than this are binned into cells
CELL = 6  # px
CLIP_MARGIN = 12  # px beyond the picture: more than half the widest stroke (7) and its cap


@lru_cache(maxsize=1 << 16)  # the outlines of areas are drawn again on many small maps
def _mercator(lon: float, lat: float) -> tuple[float, float]:
    lat = max(min(lat, 85.05), -85.05)
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360, (1 - y / math.pi) / 2


class Projection:
    """Longitude/latitude to pixels of a `width` x `height` picture showing `bounds`."""

    def __init__(self, bounds: Bounds, width: int, height: int, pad: int = 16):
        self.width, self.height = width, height
        x0, y0 = _mercator(bounds.west, bounds.north)
        x1, y1 = _mercator(bounds.east, bounds.south)
        span_x, span_y = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
        self.scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
        self.x0 = x0 - (width - span_x * self.scale) / 2 / self.scale
        self.y0 = y0 - (height - span_y * self.scale) / 2 / self.scale

    def __call__(self, point: Point) -> tuple[float, float]:
        x, y = _mercator(*point)
        return (x - self.x0) * self.scale, (y - self.y0) * self.scale

    def inverse(self, xy: tuple[float, float]) -> Point:
        """The longitude and latitude at pixel `xy`."""
        x, y = xy[0] / self.scale + self.x0, xy[1] / self.scale + self.y0
        return x * 360 - 180, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))

    def metres(self, metres: float, lat: float) -> float:
        return metres / (EARTH_M * math.cos(math.radians(lat))) * self.scale


@dataclass
class SvgEvent:
    point: Point
    type: str
    title: str
    date: str
    url: str
    precision: str = "exact"
    radius_m: float = 0  # how far off its point it may be ("sensitive": SiteMaps says)


@dataclass
class SvgArea:
    name: str
    colour: str
    claimed: bool
    line: bool
    rings: list[list[Point]]  # for a line, one "ring" of its points
    key: str = ""  # the area's id: drawings of one area in one view are cached by it
    kind: str = "control"


@dataclass
class SvgPlace:
    point: Point
    name: str
    lang: str = ""  # the name's language, when it is not the page's (untranslated)


def svg_number(value: float) -> str:
    """A coordinate to a tenth of a pixel, without a trailing '.0'."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


_n = svg_number


def _clipped(xy: list[tuple[float, float]], close: bool, box: tuple[float, ...]) -> list:
    """The parts of a ring or line inside `box` (pixels). Each ring is clipped on its own:
    the fill is even-odd, and (A xor B) within the box is (A within) xor (B within)."""
    if all(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in xy):
        return [xy]
    shape = shapely.Polygon(xy) if close else shapely.LineString(xy)
    if close and not shape.is_valid:  # a ring that crosses itself: drawn whole, as read
        return [xy]
    clipped = clip_by_rect(shape, *box)
    kind = "Polygon" if close else "LineString"  # not the points where it touches the box
    parts = [p for p in getattr(clipped, "geoms", [clipped]) if p.geom_type == kind]
    return [list((p.exterior if close else p).coords) for p in parts if not p.is_empty]


def _path(project: Projection, rings: list[list[Point]], close: bool) -> str:
    # Outlines are cut to the picture, with a margin wider than any stroke, so that no cut
    # edge shows: an area much larger than the view (a region on a district's small map)
    # would otherwise write every vertex of its outline, most of them off the picture.
    box = (-CLIP_MARGIN, -CLIP_MARGIN, project.width + CLIP_MARGIN, project.height + CLIP_MARGIN)
    parts = []
    for ring in rings:
        for xy in _clipped([project(p) for p in ring], close, box):
            parts.append("M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in xy) + ("Z" if close else ""))
    return "".join(parts)


def _area(project: Projection, area: SvgArea) -> str:
    """An area as sitrep-map.js draws it (mapdata.STYLE_LABELS names the styles)."""
    colour = escape(area.colour)
    dash = ' stroke-dasharray="7 5"' if area.claimed else ""
    title = f"<title>{escape(area.name)}</title>"
    siege = area.kind == "siege"
    if area.line:
        d = _path(project, area.rings, close=False)
        casing = SIEGE_EDGE if siege else "#fff"
        thin = area.kind == "corridor"
        return (
            f'<path d="{d}" fill="none" stroke="{casing}" stroke-width="{5 if thin else 7}" '
            f'stroke-linecap="round"/><path d="{d}" fill="none" stroke="{colour}" '
            f'stroke-width="{2 if thin else 4}"{dash}>{title}</path>'
        )
    d = _path(project, area.rings, close=True)
    fill = f"url(#hatch-{colour.lstrip('#')})" if area.claimed else colour
    opacity = "1" if area.claimed else "0.22"
    stroke, width = (SIEGE_EDGE, "3") if siege else (colour, "2")
    return (
        f'<path d="{d}" fill="{fill}" fill-opacity="{opacity}" fill-rule="evenodd" '
        f'stroke="{stroke}" stroke-width="{width}"{dash}>{title}</path>'
    )


def _hatch(colour: str) -> str:
    colour = escape(colour)
    return (
        f'<pattern id="hatch-{colour.lstrip("#")}" width="8" height="8" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{colour}" fill-opacity="0.1"/>'
        f'<rect width="3" height="8" fill="{colour}" fill-opacity="0.55"/></pattern>'
    )


def _event(project: Projection, event: SvgEvent) -> str:
    x, y = project(event.point)
    colour = TYPE_COLOURS[event.type]
    title = f"<title>{escape(event.title)} ({escape(event.date)})</title>"
    radius = event.radius_m or PRECISION_RADIUS_M.get(event.precision, 0)
    if radius:
        r = max(project.metres(radius, event.point[1]), 6)
        mark = (
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{colour}" '
            f'fill-opacity="0.05" stroke="{colour}" stroke-width="1.5" stroke-dasharray="4 3"/>'
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{colour}"/>'
        )
    else:
        mark = (
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="6" fill="{colour}" stroke="#fff" '
            f'stroke-width="1.5"/>'
        )
    return f'<a href="{escape(event.url)}">{title}{mark}</a>'


def _binned(project: Projection, events: Sequence[SvgEvent]) -> str:
    """One dot per cell, sized by its count and coloured by its most frequent type."""
    cells: dict[tuple[int, int], Counter] = {}
    for event in events:
        x, y = project(event.point)
        cells.setdefault((int(x // CELL), int(y // CELL)), Counter())[event.type] += 1
    dots = []
    for (cx, cy), types in sorted(cells.items()):
        count = sum(types.values())
        kind = min(types.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        r = min(2 + math.sqrt(count), CELL * 2)
        dots.append(
            f'<circle cx="{_n((cx + 0.5) * CELL)}" cy="{_n((cy + 0.5) * CELL)}" r="{_n(r)}" '
            f'fill="{TYPE_COLOURS[kind]}" fill-opacity="0.75"/>'
        )
    return "".join(dots)


def render_svg(
    bounds: Bounds,
    events: Sequence[SvgEvent],
    areas: Sequence[SvgArea],
    places: Sequence[SvgPlace],
    title: str,
    width: int = 800,
    height: int = 500,
    cache: dict | None = None,
    underlay: str = "",
) -> Markup:
    """The whole picture, as one <svg> element (text escaped here, nowhere else).

    `cache` keeps drawn areas between calls: the event pages of one place share a view,
    and projecting an area's outline is most of the work of a small map. `underlay` is
    drawn first, instead of the plain background: the basemap (svgbasemap.py)."""
    project = Projection(bounds, width, height)
    cache = {} if cache is None else cache

    def area(a: SvgArea) -> str:
        key = (a.key, bounds, width, height)
        if not a.key or key not in cache:
            cache[key] = _area(project, a)
        return cache[key]

    hatches = sorted({a.colour for a in areas if a.claimed and not a.line})
    out = [
        f'<svg class="map-static" viewBox="0 0 {width} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
    ]
    if hatches:
        out.append("<defs>" + "".join(_hatch(c) for c in hatches) + "</defs>")
    out.append(underlay or f'<rect width="{width}" height="{height}" fill="{BACKGROUND}"/>')
    out.append('<g class="areas">' + "".join(area(a) for a in areas) + "</g>")
    labels = []
    for place in places:
        x, y = project(place.point)
        lang = f' lang="{escape(place.lang)}"' if place.lang else ""
        labels.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.5" fill="#333"/>'
            f'<text x="{_n(x + 6)}" y="{_n(y - 6)}"{lang}>{escape(place.name)}</text>'
        )
    out.append('<g class="places">' + "".join(labels) + "</g>")
    marks = (
        _binned(project, events)
        if len(events) > BIN_ABOVE
        else "".join(_event(project, e) for e in events)
    )
    out.append(f'<g class="events">{marks}</g></svg>')
    return Markup("".join(out))
