"""The Leaflet set-up of a map, written by Folium: the map, the tile layer when there is
one, a layer group per event type and area kind, the layer control; `SitrepData` hands the
data to the theme's `js/sitrep-map.js`, which draws the points from GeoJSON (never one
Folium Marker per event) and builds popups with text nodes, so nothing from content is ever
parsed as HTML. Folium's random element ids are replaced by a counter per map, so two builds
of the same content are byte-identical; its CDN asset lists are left unused (pages/maps.py
copies Leaflet into the site).

Folium lives here and nowhere else, and only `SiteMaps` imports this module, when it makes a
set-up the store did not keep (maps.py): importing Folium takes 0.2 s, which a rebuild whose
maps' set-up did not change no longer pays.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template
from folium.utilities import JsCode
from markupsafe import escape

from ..content import vocabulary as voc
from ..content.i18n import Language, gettext_in
from .mapdata import tojson_text
from .swatches import swatch

_ID_MAKER = "_generate_id"  # branca's classmethod that draws an element's random id


@contextmanager
def counted_ids() -> Iterator[None]:
    """Give Folium elements ids 1, 2, 3... instead of random ones, while a map is made."""
    counter = itertools.count(1)
    original = Element.__dict__[_ID_MAKER]
    setattr(Element, _ID_MAKER, classmethod(lambda cls: str(next(counter))))
    try:
        yield
    finally:
        setattr(Element, _ID_MAKER, original)


class SitrepData(MacroElement):
    """Calls sitrep-map.js with the map, its options (their place: `_OPTIONS`) and the layer
    groups Folium made."""

    _template = Template(
        """{% macro script(this, kwargs) %}
sitrepMap.{{ this.mode }}({{ this._parent.get_name() }}, {{ this.options|tojson }}, {
{%- for key, layer in this.layers.items() %}
{{ key|tojson }}: {{ layer.get_name() }}{{ "," if not loop.last }}
{%- endfor %}
});
{% endmacro %}"""
    )

    def __init__(self, mode: str, options: str, layers: dict[str, Element]):
        super().__init__()
        self._name = "SitrepData"
        self.mode, self.options, self.layers = mode, options, layers


# Where a map's options go in its set-up: `SiteMaps._leaflet` (maps.py) writes them in, so
# that a set-up is the same whatever the options, and kept between builds while they change.
_OPTIONS = "\0options\0"


def leaflet_setup(
    mode: str, tiles: dict | None, types: list, kinds: list, language: Language | None = None
) -> tuple[str, str, str]:
    """The Leaflet set-up of one map, made with Folium: the map element's id, and its
    script before and after the map's options (`_OPTIONS`).

    `types` and `kinds` are the event types and area kinds the map shows; each gets a layer
    group in the layer control, which sitrep-map.js fills or uses as an on/off switch."""
    _ = gettext_in(language)
    with counted_ids():
        fmap = folium.Map(
            location=[0, 0],
            zoom_start=2,
            tiles=None,
            control_scale=True,
            scrollWheelZoom=mode == "full",
            # Without tiles Leaflet knows no zoom limits, which clustering needs.
            maxZoom=(tiles or {}).get("max_zoom") or 18,
            minZoom=2,
            # Quarter zooms: the features fill the map at any width, not half of it.
            zoomSnap=0.25,
        )
        if tiles:
            folium.TileLayer(
                tiles=tiles["url"],
                attr=tiles["attribution"],
                max_zoom=tiles["max_zoom"],
                name="Basemap",
                control=False,
            ).add_to(fmap)
        layers: dict[str, Element] = {}
        for slug, label, colour in types:
            name = f"{swatch(colour)}{escape(label)}"
            layers[f"type:{slug}"] = folium.FeatureGroup(name=name, overlay=True).add_to(fmap)
        for kind in kinds:
            name = f"{swatch('#777', kind)}{escape(_(voc.AREA_KINDS[kind]))}"
            layers[f"area:{kind}"] = folium.FeatureGroup(name=name, overlay=True).add_to(fmap)
        layers["places"] = folium.FeatureGroup(
            name=f"{swatch('#333', 'place')}{escape(_('Places'))}", overlay=True
        ).add_to(fmap)
        SitrepData(mode, _OPTIONS, layers).add_to(fmap)
        if mode == "full":
            # Open beside the map on wide screens; a button on phones, where it would hide it.
            narrow = JsCode("window.matchMedia('(max-width: 40rem)').matches")
            # folium writes a JsCode out as an expression; its hint only names bool.
            folium.LayerControl(collapsed=narrow, position="topright").add_to(fmap)  # type: ignore[arg-type]
        root = fmap.get_root()
        assert isinstance(root, Figure)  # a map's root is the Figure it makes
        root.render()
        script = root.script.render()
    # Folium indents for notebooks; the page only needs the statements.
    script = "\n".join(line.strip() for line in script.splitlines() if line.strip())
    before, after = script.split(tojson_text(_OPTIONS))
    return fmap.get_name(), before, after
