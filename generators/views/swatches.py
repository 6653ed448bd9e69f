"""The legend swatches of maps: tiny SVGs of each thing a map draws, in its colour.

A page's legend draws each swatch from one file of symbols (LEGEND_FILE), which the browser
keeps, in the colour of its `color`: 100 bytes a swatch instead of 230, on thousands of pages.
The layer control of the interactive map draws them inline (`swatch`)."""

from __future__ import annotations

import hashlib

from markupsafe import Markup, escape

from ..content import vocabulary as voc
from .mapdata import SIEGE_EDGE, AreaStyle

# Legend swatches are tiny SVGs coloured by presentation attributes: a style attribute would
# be blocked by the pages' Content-Security-Policy (no inline styles), in the layer control too.
_SWATCH_SHAPES = {
    "dot": '<circle cx="6" cy="6" r="5" fill="{c}" stroke="#fff"/>',
    "circle": '<circle cx="6" cy="6" r="4.5" fill="none" stroke="{c}" stroke-width="1.5" '
    'stroke-dasharray="2 1.5"/>',
    "control": '<rect x="1" y="1" width="10" height="10" fill="{c}" fill-opacity="0.3" '
    'stroke="{c}" stroke-width="1.5"/>',
    "siege": '<rect x="1.5" y="1.5" width="9" height="9" fill="{c}" fill-opacity="0.15" '
    'stroke="#222" stroke-width="2"/>',
    "frontline": '<rect x="0" y="4.5" width="12" height="3" fill="{c}"/>',
    "claimed": '<rect x="1" y="1" width="10" height="10" fill="{c}" fill-opacity="0.2" '
    'stroke="{c}" stroke-width="1.5" stroke-dasharray="2 1.5"/>',
    "place": '<circle cx="6" cy="6" r="3" fill="#fff" stroke="{c}" stroke-width="1.5"/>',
}
_SWATCH_SHAPES["corridor"] = _SWATCH_SHAPES["control"]
_SWATCH_SHAPES["cluster"] = (
    '<circle cx="6" cy="6" r="4.5" fill="#fff" stroke="{c}" stroke-width="3"/>'
    '<circle cx="6" cy="6" r="4.5" fill="none" stroke="#5d3a9b" stroke-width="3" '
    'stroke-dasharray="7 21.3"/>'
)


def style_shape(style: AreaStyle) -> str:
    """The swatch shape of an area style: 'area:siege:line:claimed' and the like."""
    kind, line, claimed = style
    return f"area:{kind}:{'line' if line else 'shape'}:{'claimed' if claimed else 'assessed'}"


def _style_drawing(shape: str) -> str:
    """A swatch drawn as the map draws the style (sitrep-map.js's areaLayer, svgmap._area)."""
    _area, kind, form, status = shape.split(":")
    dash = ' stroke-dasharray="3 2"' if status == "claimed" else ""
    if form == "line":
        casing = SIEGE_EDGE if kind == "siege" else "#fff"
        thin = kind == "corridor"
        return (
            f'<rect x="0" y="{4 if thin else 3}" width="12" height="{4 if thin else 6}" '
            f'fill="{casing}" stroke="#999" stroke-width="0.5"/>'
            f'<line x1="0" y1="6" x2="12" y2="6" stroke="{{c}}" stroke-width="{2 if thin else 3}"'
            f"{dash}/>"
        )
    stroke, width = (SIEGE_EDGE, 2) if kind == "siege" else ("{c}", 1.5)
    opacity = "0.45" if status == "claimed" else "0.25"
    return (
        f'<rect x="1" y="1" width="10" height="10" fill="{{c}}" fill-opacity="{opacity}" '
        f'stroke="{stroke}" stroke-width="{width}"{dash}/>'
    )


def _drawing(shape: str) -> str:
    return _style_drawing(shape) if shape.startswith("area:") else _SWATCH_SHAPES[shape]


def swatch(colour: str, shape: str = "dot") -> Markup:
    """A legend swatch of `colour` in the shape the map draws."""
    drawing = _drawing(shape).replace("{c}", str(escape(colour)))
    return Markup(
        '<svg class="map-swatch" viewBox="0 0 12 12" width="12" height="12" '
        f'aria-hidden="true" focusable="false">{drawing}</svg>'
    )


def symbol(shape: str) -> str:
    """The id of a shape's symbol in the legend file: 'dot', 'area-siege-line-claimed'."""
    return shape.replace(":", "-")


def _legend_file() -> bytes:
    """Every shape a legend can show, as a symbol drawn in `currentColor`."""
    styles = [
        style_shape((kind, line, claimed))
        for kind in voc.AREA_KINDS
        for line in (False, True)
        for claimed in (False, True)
    ]
    symbols = "".join(
        f'<symbol id="{symbol(shape)}" viewBox="0 0 12 12">'
        f"{_drawing(shape).replace('{c}', 'currentColor')}</symbol>"
        for shape in [*_SWATCH_SHAPES, *styles]
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n'.encode()


LEGEND_FILE = "map/legend.svg"
LEGEND_BYTES = _legend_file()
# Versioned by its bytes, which only the code makes: a kept copy is never of another sitrep.
LEGEND_URL = f"{LEGEND_FILE}?v={hashlib.sha256(LEGEND_BYTES).hexdigest()[:12]}"
