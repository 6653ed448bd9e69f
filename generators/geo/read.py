"""A basemap's features over an area, in degrees: what the maps' no-JavaScript fallback
draws as SVG (`views/svgmap.py`)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import shapely

from . import mvt
from .archive import Archive, BasemapError
from .feature import Feature
from .tiles import BBox, tiles_covering


def features(path: Path | str, bbox: BBox, zoom: int) -> list[Feature]:
    """The features of the PMTiles basemap at `path` that lie in `bbox` (degrees: west,
    south, east, north), from its tiles at `zoom` (clamped to the file's zooms).

    Each tile is read and decoded once and its features clipped to the tile (its buffer
    dropped). A feature that the tiles' edges cut is joined again: its pieces, and those
    of any feature of its layer with the same properties, become one feature (polygons
    merged, lines merged end to end), so that a drawing has no seam at the tiles' edges.
    The result is ordered by layer as the tiles give them (earth, water, landuse, roads,
    boundaries, buildings, places), then by properties, then as the tiles hold them.
    Geometries may reach past `bbox` to the edge of its tiles. Raises `BasemapError` on
    a file that is not a readable vector basemap."""
    with Archive(path) as archive:
        header = archive.header
        if header["tile_type"].name != "MVT":
            raise BasemapError(f"{path}: holds {header['tile_type'].name} tiles, not vector tiles")
        zoom = max(header["min_zoom"], min(header["max_zoom"], zoom))
        whole: dict[tuple[str, str], list[Feature]] = defaultdict(list)
        pieces: dict[tuple[str, str], list[shapely.Geometry]] = defaultdict(list)
        properties: dict[tuple[str, str], dict] = {}
        layers: list[str] = []
        for x, y in tiles_covering(bbox, zoom):
            data = archive.tile(zoom, x, y)
            if not data:
                continue
            box = tile_degrees(zoom, x, y)
            try:
                decoded = mvt.decode(data, zoom, x, y)
            except Exception as exc:  # protobuf's DecodeError and the decoder's own
                raise BasemapError(f"{path}: a corrupt tile {zoom}/{x}/{y} ({exc})") from None
            for feature in decoded:
                clipped, cut = _clip(feature.geometry, box)
                if clipped is None:
                    continue
                key = (feature.layer, json.dumps(feature.properties, sort_keys=True))
                if feature.layer not in layers:
                    layers.append(feature.layer)
                properties.setdefault(key, dict(feature.properties))
                if cut:
                    pieces[key].append(clipped)
                else:
                    whole[key].append(Feature(feature.layer, properties[key], clipped))
    found = []
    for key in sorted({*whole, *pieces}, key=lambda k: (layers.index(k[0]), k[1])):
        found += whole.get(key, [])
        if key in pieces:
            found.append(Feature(key[0], properties[key], _joined(pieces[key])))
    return found


def tile_degrees(zoom: int, x: int, y: int) -> tuple[float, float, float, float]:
    west, south, east, north = mvt.tile_box(zoom, x, y)
    box = mvt.to_degrees(shapely.box(west, south, east, north))
    return box.bounds


def _clip(geometry, box) -> tuple[shapely.Geometry | None, bool]:
    """The part of the geometry in the tile, and whether the tile's edge cut it."""
    west, south, east, north = box
    dimension = int(shapely.get_dimensions(geometry))
    if dimension == 0:
        inside = [
            p for p in shapely.get_parts(geometry) if west <= p.x < east and south < p.y <= north
        ]
        if not inside:
            return None, False
        return (shapely.multipoints(inside) if len(inside) > 1 else inside[0]), False
    low_x, low_y, high_x, high_y = geometry.bounds
    if west < low_x and high_x < east and south < low_y and high_y < north:
        return geometry, False
    clipped = shapely.clip_by_rect(geometry, *box)
    parts = [p for p in shapely.get_parts(clipped) if shapely.get_dimensions(p) == dimension]
    if not parts:
        return None, False
    if len(parts) == 1:
        return parts[0], True
    if dimension == 2:
        return shapely.multipolygons(parts), True
    return shapely.multilinestrings(parts), True


def _joined(pieces):
    if len(pieces) == 1:
        return pieces[0]
    if int(shapely.get_dimensions(pieces[0])) == 2:
        return shapely.union_all(pieces)
    return shapely.line_merge(shapely.union_all(pieces))
