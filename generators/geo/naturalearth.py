"""Natural Earth's land and countries (npm `world-atlas`, TopoJSON) as basemap features.

- the `land` object: one `earth` polygon over the area;
- the `countries` object: the borders two countries share, as `boundaries` of kind
  `country` (admin level 2), and a `places` point of kind `country` for each country in
  the area, at its pole of inaccessibility there, drawn up to COUNTRY_LABEL_MAX_ZOOM.
"""

from __future__ import annotations

import shapely
from shapely.ops import polylabel

from .feature import Feature, Value
from .tiles import BBox
from .topojson import Topology

ATTRIBUTION = "Natural Earth (public domain)"
COUNTRY_LABEL_MAX_ZOOM = 8


def features(topology: Topology, area: BBox) -> list[Feature]:
    """The topology's land, borders and countries within `area` (clipped to it)."""
    box = shapely.box(*area)
    found = []
    if "land" in topology.objects:
        parts = [topology.geometry(m, area) for m in topology.object("land")]
        land = shapely.intersection(shapely.union_all(parts), box)
        if not land.is_empty:
            found.append(Feature("earth", {"kind": "earth"}, land))
    if "countries" in topology.objects:
        arcs = topology.shared_arcs("countries", area)
        if arcs:
            borders = shapely.clip_by_rect(shapely.line_merge(shapely.MultiLineString(arcs)), *area)
            if not borders.is_empty:
                properties: dict[str, Value] = {"kind": "country", "kind_detail": 2}
                found.append(Feature("boundaries", properties, borders))
        for member in topology.object("countries"):
            name = (member.get("properties") or {}).get("name")
            if not name:
                continue
            inside = shapely.intersection(topology.geometry(member, area), box)
            if inside.is_empty or shapely.get_dimensions(inside) < 2:
                continue
            largest = max(
                (p for p in shapely.get_parts(inside) if p.geom_type == "Polygon"),
                key=lambda p: p.area,
            )
            point = polylabel(largest, tolerance=0.01)
            label: dict[str, Value] = {
                "kind": "country",
                "name": str(name),
                "min_zoom": 0,
                "population_rank": 0,  # not in the file: not known
            }
            found.append(Feature("places", label, point, max_zoom=COUNTRY_LABEL_MAX_ZOOM))
    return found
