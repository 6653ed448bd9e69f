"""The tiles of an area, made from features in degrees.

For each zoom, every feature drawn at that zoom is simplified once (by about a pixel of
the zoom's tiles), and each tile that meets the area is cut from the features an index
finds under it (`mvt.encode`). The same features give the same bytes: they are sorted
first (by layer, properties, geometry), and nothing else goes in.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from . import mvt
from .feature import Feature, Value
from .schema import LAYERS
from .tiles import BBox, covered, tiles_covering

TileKey = tuple[int, int, int]


def ordered(features: Iterable[Feature]) -> list[Feature]:
    """The features in a fixed order, whatever order the sources gave them in."""

    def key(f: Feature) -> tuple:
        layer = LAYERS.index(f.layer) if f.layer in LAYERS else len(LAYERS)
        properties = json.dumps(f.properties, sort_keys=True, ensure_ascii=False)
        return (layer, f.layer, f.min_zoom, f.max_zoom, properties, shapely.to_wkb(f.geometry))

    return sorted(features, key=key)


def with_ocean(features: Sequence[Feature], area: BBox) -> list[Feature]:
    """The features with their land merged into one `earth` feature (sources may give the
    same land twice) and, when there is land, the rest of the area as `water` of kind
    `ocean`: without it the sea would be the map's grey background. With no land at all
    (an OpenStreetMap extract alone) nothing is added: the map cannot tell land from sea."""
    earth = [f.geometry for f in features if f.layer == "earth"]
    if not earth:
        return list(features)
    land = shapely.union_all(earth)
    rest = [f for f in features if f.layer != "earth"]
    sea = shapely.difference(shapely.box(*area), land)
    added = [Feature("earth", {"kind": "earth"}, land)]
    if not sea.is_empty and sea.area > 0:
        added.append(Feature("water", {"kind": "ocean"}, sea))
    return added + rest


def tiles(
    features: Iterable[Feature], area: BBox, min_zoom: int, max_zoom: int
) -> dict[TileKey, bytes]:
    """The vector tiles (not compressed) at each zoom of [min_zoom, max_zoom] that meet
    `area`, of the features clipped to the tiles of `max_zoom` that cover it. Tiles left
    empty are not in the result."""
    edge = covered(area, max_zoom)
    box = mvt.to_world(shapely.box(*edge))
    world: list[tuple[Feature, BaseGeometry]] = []
    for feature in ordered(features):
        geometry = mvt.to_world(feature.geometry)
        if int(shapely.get_dimensions(geometry)) > 0:
            geometry = shapely.clip_by_rect(geometry, *box.bounds)
        elif not geometry.intersects(box):
            continue
        if not geometry.is_empty:
            world.append((feature, geometry))
    made: dict[TileKey, bytes] = {}
    for zoom in range(min_zoom, max_zoom + 1):
        drawn = [(f, _simplified(g, zoom)) for f, g in world if f.min_zoom <= zoom <= f.max_zoom]
        drawn = [(f, g) for f, g in drawn if not g.is_empty]
        if not drawn:
            continue
        index = shapely.STRtree([g for _, g in drawn])
        for x, y in tiles_covering(area, zoom):
            near = sorted(index.query(shapely.box(*mvt.tile_box(zoom, x, y, mvt.BUFFER))))
            if not near:
                continue
            layers: dict[str, list[mvt.Shaped]] = defaultdict(list)
            for i in near:
                feature, geometry = drawn[i]
                layers[feature.layer].append((feature.properties, geometry))
            data = mvt.encode(
                zoom, x, y, {name: layers[name] for name in sorted(layers, key=_rank)}
            )
            if data:
                made[(zoom, x, y)] = data
    return made


def _rank(layer: str) -> tuple[int, str]:
    return (LAYERS.index(layer) if layer in LAYERS else len(LAYERS), layer)


def _simplified(geometry: BaseGeometry, zoom: int) -> BaseGeometry:
    """Within about a pixel of the zoom's tiles (points kept as they are)."""
    if int(shapely.get_dimensions(geometry)) == 0:
        return geometry
    tolerance = 1.0 / ((1 << zoom) * mvt.EXTENT)
    return shapely.simplify(geometry, tolerance, preserve_topology=True)


def vector_layers(
    features: Iterable[Feature], min_zoom: int, max_zoom: int
) -> list[dict[str, Any]]:
    """The `vector_layers` of the TileJSON metadata: each layer's fields and their types,
    and the zooms it has features at."""
    fields: dict[str, dict[str, str]] = defaultdict(dict)
    zooms: dict[str, list[int]] = {}
    for f in features:
        for name, value in f.properties.items():
            fields[f.layer][name] = _type(value)
        low, high = max(min_zoom, f.min_zoom), min(max_zoom, f.max_zoom)
        if low <= high:
            seen = zooms.get(f.layer, [low, high])
            zooms[f.layer] = [min(seen[0], low), max(seen[1], high)]
    return [
        {
            "id": layer,
            "fields": dict(sorted(fields[layer].items())),
            "minzoom": zooms[layer][0],
            "maxzoom": zooms[layer][1],
        }
        for layer in sorted(zooms, key=_rank)
    ]


def _type(value: Value) -> str:
    if isinstance(value, bool):
        return "Boolean"
    return "Number" if isinstance(value, int | float) else "String"


def metadata(
    features: Sequence[Feature],
    min_zoom: int,
    max_zoom: int,
    attribution: str,
    description: str = "",
) -> Mapping[str, Any]:
    """The file's JSON metadata (TileJSON fields, as Protomaps' builds carry)."""
    return {
        "name": "sitrep basemap",
        "description": description,
        "attribution": attribution,
        "type": "baselayer",
        "format": "pbf",
        "schema": "Protomaps basemap v4 (layers earth, water, landuse, roads, boundaries, "
        "buildings, places)",
        "generator": "sitrep basemap",
        "vector_layers": vector_layers(features, min_zoom, max_zoom),
    }
