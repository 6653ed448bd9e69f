"""One Mapbox Vector Tile: features in world coordinates in, bytes out, and back.

Geometries are clipped to the tile and BUFFER units around it (so that lines and
polygon edges drawn across a tile's edge join), snapped to the tile's grid of EXTENT
units, and written with mapbox-vector-tile (the y axis pointing down, as the format's).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import mapbox_vector_tile
import numpy as np
import shapely
from mapbox_vector_tile.encoder import on_invalid_geometry_make_valid
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from .feature import Feature, Value
from .tiles import MAX_LAT

EXTENT = 4096
BUFFER = 64  # units of EXTENT: 4 pixels of a 256-pixel tile

# (properties, geometry in world coordinates)
Shaped = tuple[Mapping[str, Value], BaseGeometry]


def tile_box(zoom: int, x: int, y: int, buffer: float = 0.0) -> tuple[float, ...]:
    """The tile in world coordinates (xmin, ymin, xmax, ymax), grown by `buffer` units."""
    n = 1 << zoom
    pad = buffer / EXTENT
    return ((x - pad) / n, (y - pad) / n, (x + 1 + pad) / n, (y + 1 + pad) / n)


def encode(zoom: int, x: int, y: int, layers: Mapping[str, Sequence[Shaped]]) -> bytes:
    """The tile's bytes (not compressed), its layers in the order given; b"" when no
    feature is left once clipped."""
    box = tile_box(zoom, x, y, BUFFER)
    n = 1 << zoom
    scale = n * EXTENT
    encoded = []
    for name, shaped in layers.items():
        features = []
        for properties, geometry in shaped:
            part = _clipped(geometry, box)
            if part is None:
                continue
            local = shapely.transform(part, lambda xy: (xy - np.array([x / n, y / n])) * scale)
            local = _on_grid(local)
            if local is None:
                continue
            features.append({"geometry": local, "properties": dict(properties)})
        if features:
            encoded.append({"name": name, "features": features})
    if not encoded:
        return b""
    return mapbox_vector_tile.encode(
        encoded,
        default_options={
            "y_coord_down": True,
            "extents": EXTENT,
            "on_invalid_geometry": on_invalid_geometry_make_valid,
        },
    )


def _clipped(geometry: BaseGeometry, box: tuple[float, ...]) -> BaseGeometry | None:
    dimension = shapely.get_dimensions(geometry)
    if dimension == 0:
        part = shapely.intersection(geometry, shapely.box(*box))
    else:
        part = shapely.clip_by_rect(geometry, *box)
    part = _of_dimension(part, int(dimension))
    return None if part is None or part.is_empty else part


def _on_grid(geometry: BaseGeometry) -> BaseGeometry | None:
    """Snapped to whole units; polygons made valid there (collapsed parts dropped)."""
    dimension = int(shapely.get_dimensions(geometry))
    mode = "valid_output" if dimension == 2 else "pointwise"
    snapped = shapely.set_precision(geometry, 1.0, mode=mode)
    snapped = _of_dimension(snapped, dimension)
    return None if snapped is None or snapped.is_empty else snapped


def _of_dimension(geometry: BaseGeometry, dimension: int) -> BaseGeometry | None:
    """The parts of the geometry of that dimension (a clip can leave a collection of a
    polygon, a line where it touched the edge and a point)."""
    if geometry.geom_type != "GeometryCollection":
        return geometry if int(shapely.get_dimensions(geometry)) == dimension else None
    parts = [
        g
        for g in shapely.get_parts(geometry)
        if int(shapely.get_dimensions(g)) == dimension and not g.is_empty
    ]
    if not parts:
        return None
    flat = [p for g in parts for p in shapely.get_parts(g)]
    if dimension == 2:
        return shapely.multipolygons(flat) if len(flat) > 1 else flat[0]
    if dimension == 1:
        return shapely.multilinestrings(flat) if len(flat) > 1 else flat[0]
    return shapely.multipoints(flat) if len(flat) > 1 else flat[0]


def decode(data: bytes, zoom: int, x: int, y: int) -> list[Feature]:
    """The tile's features, geometry in degrees, in the order of its layers and features."""
    n = 1 << zoom
    decoded = mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})
    found = []
    for name, layer in decoded.items():
        extent = layer.get("extent", EXTENT)
        kept = layer["features"]
        if not kept:
            continue

        def to_degrees(xy: np.ndarray, extent: int = extent) -> np.ndarray:
            wx = (xy[:, 0] / extent + x) / n
            wy = (xy[:, 1] / extent + y) / n
            return np.column_stack([_lons(wx), _lats(wy)])

        # One transformation of every coordinate of the layer at once.
        shapes = shapely.transform(np.array([shape(f["geometry"]) for f in kept]), to_degrees)
        found += [Feature(name, f["properties"], g) for f, g in zip(kept, shapes, strict=True)]
    return found


def to_world(geometry: BaseGeometry) -> BaseGeometry:
    """A geometry in degrees, in world coordinates (see tiles.py)."""

    def project(xy: np.ndarray) -> np.ndarray:
        lat = np.clip(xy[:, 1], -MAX_LAT, MAX_LAT)
        wx = (xy[:, 0] + 180.0) / 360.0
        wy = (1.0 - np.arcsinh(np.tan(np.radians(lat))) / np.pi) / 2.0
        return np.column_stack([wx, wy])

    return shapely.transform(geometry, project)


def to_degrees(geometry: BaseGeometry) -> BaseGeometry:
    """A geometry in world coordinates, in degrees."""
    return shapely.transform(
        geometry, lambda xy: np.column_stack([_lons(xy[:, 0]), _lats(xy[:, 1])])
    )


def _lons(wx: np.ndarray) -> np.ndarray:
    return wx * 360.0 - 180.0


def _lats(wy: np.ndarray) -> np.ndarray:
    return np.degrees(np.arctan(np.sinh(np.pi * (1.0 - 2.0 * wy))))
