"""Areas of control, sieges, front lines and corridors: reading their geometry and asking
which of them hold on a given day.

An area's geometry is GeoJSON written inline in its YAML file, or kept in a sibling
`.geojson` file (as drawn in QGIS or geojson.io) named by `geometry: <file>.geojson`. The
sibling file is read with the same line-keeping loader as YAML (JSON is valid YAML flow
syntax), so its mistakes are reported at their own line.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from ..errors import ContentError
from .schema import Area, GeometryFile, errors_from
from .yamlsource import Document, load_yaml

if TYPE_CHECKING:
    from .model import Site

FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.geojson$")


def _geometry_in(data: dict) -> tuple[tuple, str]:
    """Where the geometry sits in a .geojson file: a bare geometry, a Feature, or a
    FeatureCollection of exactly one Feature. Returns its location and an error, if any."""
    kind = data.get("type")
    if kind == "Feature":
        return ("geometry",), ""
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or len(features) != 1:
            count = len(features) if isinstance(features, list) else 0
            return (), f"expected a FeatureCollection of exactly one feature, got {count}"
        return ("features", 0, "geometry"), ""
    return (), ""


def attach_geometry_file(doc: Document, yaml_file: Path) -> list[ContentError]:
    """Replace `geometry: name.geojson` in an area's data by that file's geometry.

    Errors in the .geojson file are reported with its own path and lines."""
    name = doc.data.get("geometry") if isinstance(doc.data, dict) else None
    if not isinstance(name, str):
        return []
    line, col = doc.mark(("geometry",))
    if not FILE_NAME.match(name):
        return [
            ContentError(
                doc.path,
                line,
                col,
                "geometry",
                f"expected inline GeoJSON or the name of a .geojson file next to this one, "
                f"got '{name}'",
                "write a file name such as eastern-aleppo.geojson, without folders",
            )
        ]
    path = yaml_file.parent / name
    shown = f"{doc.path.rsplit('/', 1)[0]}/{name}" if "/" in doc.path else name
    if path.is_symlink() and not path.resolve().is_relative_to(yaml_file.parent.resolve()):
        return [
            ContentError(
                doc.path, line, col, "geometry", f"expected a file in this folder, got {shown}, "
                "a link to another folder", "copy the .geojson file here instead of linking it",
            )
        ]  # fmt: skip
    if not path.is_file():
        return [
            ContentError(
                doc.path, line, col, "geometry", f"file not found: {shown}",
                "put the .geojson file in the same folder as this area",
            )
        ]  # fmt: skip
    geo, errors = load_yaml(path, shown)
    if errors:
        return errors
    prefix, problem = _geometry_in(geo.data)
    if problem:
        return [ContentError(shown, *geo.mark(("features",)), "features", problem, "")]
    data = geo.data
    for part in prefix:
        data = data[part] if isinstance(data, dict | list) else None
    # Seen through GeometryFile, the geometry's marks keep the lines of the .geojson file.
    view = Document(shown, {"geometry": data})
    for marks, view_marks in ((geo.marks, view.marks), (geo.key_marks, view.key_marks)):
        for loc, mark in marks.items():
            if loc[: len(prefix)] == prefix:
                view_marks[("geometry", *loc[len(prefix) :])] = mark
    try:
        GeometryFile.model_validate(view.data)
    except ValidationError as exc:
        return errors_from(exc, view, GeometryFile)
    doc.data["geometry"] = data
    return []


def areas_on(site: Site, day: date | None) -> list[Area]:
    """The areas that hold on `day`, in file order (none when there is no day)."""
    if day is None:
        return []
    return [area for area in site.areas.values() if area.in_force(day)]
