"""The areas content kind (generators/content/areas.py, schema.Area): geometry inline or in a
sibling .geojson file, errors at their own file and line. Single broken YAML files are in
the corpus (tests/bad/area-*.yaml); these cases need two files."""

from __future__ import annotations

from datetime import date

import pytest

from generators.content.loader import load_site
from generators.errors import ContentInvalid

AREA = """name: Pocket
kind: siege
held_by: rebels
status: assessed
valid_from: 2016-08-01
valid_until: 2016-08-06
geometry: {geometry}
"""


def errors(content) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        load_site(content)
    return [e.format() for e in caught.value.errors]


@pytest.fixture
def maps_content(copy_site):
    return copy_site("maps") / "content"


def test_area_holds_from_valid_from_until_the_day_before_valid_until(maps_content):
    area = load_site(maps_content).areas["pocket-besieged"]
    assert area.geometry.type == "Polygon"  # read from pocket.geojson
    assert [area.in_force(date(2016, 8, d)) for d in (1, 5, 6)] == [True, True, False]
    assert not area.in_force(date(2016, 7, 31))


def test_broken_geojson_file_is_reported_at_its_own_line(maps_content):
    (maps_content / "areas" / "pocket.geojson").write_text(
        '{"type": "Polygon",\n'
        ' "coordinates": [\n'
        "   [[37.16, 36.18], [37.19, 36.18], [37.19, 36.22],\n"
        "    [37.16, 36.21]]\n"
        " ]}\n"
    )
    assert errors(maps_content) == [
        "content/areas/pocket.geojson:3:4: error: geometry.coordinates[0]: expected a closed "
        "ring ending where it starts, [37.16, 36.18], got [37.16, 36.21] "
        "(hint: add [37.16, 36.18] as the last position)"
    ]


def test_geojson_feature_with_swapped_coordinates(maps_content):
    (maps_content / "areas" / "pocket.geojson").write_text(
        '{"type": "Feature", "properties": {},\n'
        ' "geometry": {"type": "LineString",\n'
        '   "coordinates": [[37.16, 36.18],\n'
        "                   [36.19, 97.18]]}}\n"
    )
    assert errors(maps_content) == [
        "content/areas/pocket.geojson:4:20: error: geometry.coordinates[1]: expected a "
        "latitude between -90 and 90 second, got 97.18 (hint: are longitude and latitude "
        "swapped? GeoJSON puts longitude first, then latitude: [37.175, 36.2])"
    ]


def test_geojson_collection_of_two_features_is_refused(maps_content):
    feature = '{"type": "Feature", "properties": {}, "geometry": null}'
    (maps_content / "areas" / "pocket.geojson").write_text(
        '{"type": "FeatureCollection",\n "features": [' + feature + ", " + feature + "]}\n"
    )
    assert errors(maps_content) == [
        "content/areas/pocket.geojson:2:14: error: features: expected a FeatureCollection of "
        "exactly one feature, got 2"
    ]


def test_missing_geojson_file_is_reported_in_the_area_file(maps_content):
    (maps_content / "areas" / "pocket.geojson").unlink()
    assert errors(maps_content) == [
        "content/areas/pocket-besieged.yaml:7:11: error: geometry: file not found: "
        "content/areas/pocket.geojson (hint: put the .geojson file in the same folder as "
        "this area)"
    ]


def test_multipolygon_inline(maps_content):
    square = "[[[37.1, 36.1], [37.2, 36.1], [37.2, 36.2], [37.1, 36.1]]]"
    geometry = f"{{type: MultiPolygon, coordinates: [{square}, {square}]}}"
    (maps_content / "areas" / "two-pockets.yaml").write_text(AREA.format(geometry=geometry))
    area = load_site(maps_content).areas["two-pockets"]
    assert area.geometry.type == "MultiPolygon" and len(area.geometry.coordinates) == 2


def test_empty_polygon_and_unknown_kind(maps_content):
    (maps_content / "areas" / "a.yaml").write_text(
        AREA.format(geometry="{type: Polygon, coordinates: []}")
    )
    assert errors(maps_content) == [
        "content/areas/a.yaml:7:40: error: geometry.coordinates: expected at least one ring, "
        "got none",
    ]
    (maps_content / "areas" / "a.yaml").write_text(
        AREA.format(
            geometry="{type: LineString, coordinates: [[37.1, 36.1], [37.2, 36.2]]}"
        ).replace("siege", "blockade")
    )
    assert errors(maps_content) == [
        "content/areas/a.yaml:2:7: error: kind: expected one of 'control', 'siege', "
        "'frontline' or 'corridor', got 'blockade'",
    ]
