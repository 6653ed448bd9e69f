"""A TopoJSON decoder (the format of Natural Earth's `world-atlas` files).

A topology stores each line once, as an "arc" shared by the polygons on both of its sides;
geometries list the arcs they are made of (index `~i`, that is `-i - 1`, for arc `i`
walked backwards). In a quantised topology (one with a `transform`) every arc's points are
whole numbers, each but the first a difference from the point before it, and
`transform` scales and translates them into degrees. Specification:
github.com/topojson/topojson-specification.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .archive import BasemapError
from .tiles import BBox


class Topology:
    """A decoded topology: its arcs in degrees, and its objects' geometries built on
    demand."""

    def __init__(self, data: Mapping[str, Any], name: str = "topology"):
        if not isinstance(data, Mapping) or data.get("type") != "Topology":
            raise BasemapError(f'{name}: not a TopoJSON topology (no "type": "Topology")')
        self.name = name
        try:
            transform = data.get("transform")
            if transform:
                self.scale = np.asarray(transform["scale"], dtype=float)
                self.translate = np.asarray(transform["translate"], dtype=float)
            else:
                self.scale, self.translate = np.ones(2), np.zeros(2)
            self.quantised = bool(transform)
            self.arcs = [self._decode_arc(arc) for arc in data.get("arcs", [])]
            self.objects: Mapping[str, Any] = data["objects"]
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise BasemapError(f"{name}: a malformed TopoJSON topology ({exc!r})") from None
        boxes = [
            (a[:, 0].min(), a[:, 1].min(), a[:, 0].max(), a[:, 1].max())
            if len(a)
            else (np.inf, np.inf, -np.inf, -np.inf)
            for a in self.arcs
        ]
        self._boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)

    def _decode_arc(self, arc: Sequence[Sequence[float]]) -> np.ndarray:
        points = np.asarray(arc, dtype=float).reshape(-1, 2)
        if self.quantised:
            points = np.cumsum(points, axis=0) * self.scale + self.translate
        return points

    def point(self, position: Sequence[float]) -> tuple[float, float]:
        x, y = np.asarray(position[:2], dtype=float) * self.scale + self.translate
        return float(x), float(y)

    def arc(self, index: int) -> np.ndarray:
        """The arc's points in degrees, walked backwards for a negative index."""
        return self.arcs[~index][::-1] if index < 0 else self.arcs[index]

    def line(self, indexes: Sequence[int]) -> np.ndarray:
        """The arcs joined end to start (each shared point once)."""
        parts = [self.arc(i) if n == 0 else self.arc(i)[1:] for n, i in enumerate(indexes)]
        return np.concatenate(parts) if parts else np.empty((0, 2))

    def _box(self, indexes: Sequence[int]) -> BBox:
        rows = self._boxes[[~i if i < 0 else i for i in indexes]]
        return BBox(rows[:, 0].min(), rows[:, 1].min(), rows[:, 2].max(), rows[:, 3].max())

    def object(self, name: str) -> list[Mapping[str, Any]]:
        """The geometries of an object (a GeometryCollection's members, or itself)."""
        if name not in self.objects:
            raise BasemapError(
                f"{self.name}: no object {name!r} (it has {', '.join(self.objects)})"
            )
        return list(_members(self.objects[name]))

    def geometry(self, member: Mapping[str, Any], area: BBox | None = None) -> BaseGeometry:
        """A member's geometry in degrees; with an `area`, polygons (and lines) that lie
        wholly outside it are left out (an empty geometry when none is left)."""
        kind = member.get("type")
        try:
            if kind == "Polygon":
                return self._polygons([member["arcs"]], area)
            if kind == "MultiPolygon":
                return self._polygons(member["arcs"], area)
            if kind == "LineString":
                return self._lines([member["arcs"]], area)
            if kind == "MultiLineString":
                return self._lines(member["arcs"], area)
            if kind == "Point":
                return shapely.points(self.point(member["coordinates"]))
            if kind == "MultiPoint":
                return shapely.multipoints([self.point(p) for p in member["coordinates"]])
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise BasemapError(f"{self.name}: a malformed {kind} ({exc!r})") from None
        return shapely.GeometryCollection()

    def _polygons(self, polygons: Sequence[Sequence[Sequence[int]]], area: BBox | None):
        built = []
        for rings in polygons:
            if not rings or (area is not None and not self._box(rings[0]).intersects(area)):
                continue
            shell, *holes = (self.line(ring) for ring in rings)
            if len(shell) < 4:
                continue
            built.append(shapely.Polygon(shell, [h for h in holes if len(h) >= 4]))
        return shapely.MultiPolygon(built) if built else shapely.MultiPolygon()

    def _lines(self, lines: Sequence[Sequence[int]], area: BBox | None):
        built = [
            shapely.LineString(self.line(arcs))
            for arcs in lines
            if arcs and (area is None or self._box(arcs).intersects(area))
        ]
        return shapely.MultiLineString(built) if built else shapely.MultiLineString()

    def shared_arcs(self, name: str, area: BBox | None = None) -> list[np.ndarray]:
        """The arcs that two different geometries of the object share: between countries,
        their borders (and not their coasts), as topojson's `mesh(topology, object,
        (a, b) => a !== b)` gives them. In the order of the arcs."""
        users: dict[int, set[int]] = defaultdict(set)
        for number, member in enumerate(self.object(name)):
            for index in _arc_indexes(member.get("arcs", [])):
                users[~index if index < 0 else index].add(number)
        return [
            self.arcs[i]
            for i in sorted(users)
            if len(users[i]) > 1 and (area is None or BBox(*self._boxes[i]).intersects(area))
        ]


def _members(geometry: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    if geometry.get("type") == "GeometryCollection":
        for member in geometry.get("geometries", []):
            yield from _members(member)
    else:
        yield geometry


def _arc_indexes(arcs: Any) -> Iterator[int]:
    if isinstance(arcs, int):
        yield arcs
    elif isinstance(arcs, list):
        for part in arcs:
            yield from _arc_indexes(part)


def load(path: Path | str) -> Topology:
    """Read a TopoJSON file (raises `BasemapError`)."""
    try:
        with open(path, "rb") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise BasemapError(f"{path}: no such file") from None
    except OSError as exc:
        raise BasemapError(f"{path}: not readable ({exc.strerror or exc})") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BasemapError(f"{path}: not JSON ({exc})") from None
    return Topology(data, str(path))
