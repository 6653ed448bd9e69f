"""Web mercator tile math (EPSG:3857, the tiles Leaflet asks for).

A "world" coordinate runs from 0 to 1 over the whole map: x from the antimeridian
eastwards, y from the north edge (latitude MAX_LAT) southwards. A tile (z, x, y) covers
[x/2^z, (x+1)/2^z] by [y/2^z, (y+1)/2^z] of it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import NamedTuple

# Web mercator stops where the world becomes a square: atan(sinh(pi)).
MAX_LAT = math.degrees(math.atan(math.sinh(math.pi)))
EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


class BBox(NamedTuple):
    """An area in degrees: west, south, east, north (west < east; no antimeridian)."""

    west: float
    south: float
    east: float
    north: float

    def grown(self, km: float) -> BBox:
        """The area with `km` kilometres more on every side (kept inside the mercator
        world)."""
        dlat = math.degrees(km / EARTH_RADIUS_KM)
        widest = max(abs(self.south), abs(self.north))
        coslat = max(math.cos(math.radians(min(widest + dlat, 89.0))), 1e-6)
        dlon = math.degrees(km / (EARTH_RADIUS_KM * coslat))
        return BBox(
            max(-180.0, self.west - dlon),
            max(-MAX_LAT, self.south - dlat),
            min(180.0, self.east + dlon),
            min(MAX_LAT, self.north + dlat),
        )

    def intersects(self, other: BBox) -> bool:
        return not (
            other.west > self.east
            or other.east < self.west
            or other.south > self.north
            or other.north < self.south
        )


def world_x(lon: float) -> float:
    return (lon + 180.0) / 360.0


def world_y(lat: float) -> float:
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    return (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0


def lon_of(x: float) -> float:
    return x * 360.0 - 180.0


def lat_of(y: float) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y))))


def tile_of(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """The (x, y) of the tile at `zoom` that holds the point (the east and south edges of
    the world belong to the last tile)."""
    n = 1 << zoom
    x = min(n - 1, max(0, math.floor(world_x(lon) * n)))
    y = min(n - 1, max(0, math.floor(world_y(lat) * n)))
    return x, y


def tile_bbox(zoom: int, x: int, y: int) -> BBox:
    """The tile's area in degrees."""
    n = 1 << zoom
    return BBox(lon_of(x / n), lat_of((y + 1) / n), lon_of((x + 1) / n), lat_of(y / n))


def tiles_covering(bbox: BBox, zoom: int) -> Iterator[tuple[int, int]]:
    """Every (x, y) at `zoom` whose tile meets the area, row by row from the north west."""
    x0, y0 = tile_of(bbox.west, bbox.north, zoom)
    x1, y1 = tile_of(bbox.east, bbox.south, zoom)
    for y in range(y0, y1 + 1):
        for x in range(x0, x1 + 1):
            yield x, y


def covered(bbox: BBox, zoom: int) -> BBox:
    """The area of all the tiles at `zoom` that meet `bbox`: what they show whole."""
    x0, y0 = tile_of(bbox.west, bbox.north, zoom)
    x1, y1 = tile_of(bbox.east, bbox.south, zoom)
    north_west, south_east = tile_bbox(zoom, x0, y0), tile_bbox(zoom, x1, y1)
    return BBox(north_west.west, south_east.south, south_east.east, north_west.north)


def parse_bbox(text: str) -> BBox:
    """'W,S,E,N' in degrees; ValueError with what was wrong."""
    parts = text.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"expected W,S,E,N in degrees, got {text!r}") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise ValueError(f"expected W,S,E,N in degrees, got {text!r}")
    if not (-180 <= west < east <= 180):
        raise ValueError(
            f"expected W,S,E,N in degrees, got {text!r} (west must be less than east, "
            "both between -180 and 180)"
        )
    if not (-MAX_LAT <= south < north <= MAX_LAT):
        raise ValueError(
            f"expected W,S,E,N in degrees, got {text!r} (south must be less than north, "
            f"both between -{MAX_LAT:.4f} and {MAX_LAT:.4f}, web mercator's limits)"
        )
    return BBox(west, south, east, north)
