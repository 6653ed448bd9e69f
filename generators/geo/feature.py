"""One feature of a basemap: its layer, its properties and its geometry in lon/lat."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry

# What a vector tile can hold as a property's value.
Value = str | int | float | bool
NO_MAX_ZOOM = 99


@dataclass(frozen=True, eq=False)
class Feature:
    """A feature of one layer of the Protomaps basemap schema (`schema.py`).

    `geometry` is in degrees (x longitude, y latitude). When a basemap is built,
    `min_zoom` and `max_zoom` are the zooms whose tiles carry it; features read back from
    tiles (`read.features`) have the defaults."""

    layer: str
    properties: Mapping[str, Value]
    geometry: BaseGeometry
    min_zoom: int = 0
    max_zoom: int = NO_MAX_ZOOM
