"""Data out: parse every exported format of the demo site and compare it with the content
files it was built from; validate every content file against the published JSON Schemas."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from generators.content import vocabulary as voc
from generators.content.jsonschemas import modeline
from generators.content.loader import load_site
from generators.content.schema import KINDS, singular
from generators.pages.exports import (
    COLUMNS,
    dumps,
    encoded,
    event_data,
    event_feature,
    listing,
)
from generators.views.records import EVENT_FIELDS, event_record
from tests.sitebuild import ROOT, SITES, page

BASE = ""  # a build without SITEURL: root-relative addresses


def content_files(content: Path, kind: str) -> dict[str, dict]:
    """Every content file of a kind as raw text values (YAML's BaseLoader keeps strings)."""
    return {
        path.stem: yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for path in sorted((content / kind).rglob("*.yaml"))
    }


class Yaml12Loader(yaml.SafeLoader):
    """Reads YAML as editors' YAML language servers do (YAML 1.2 core schema): dates stay
    text, only true/false are booleans, numbers are numbers."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if not tag.endswith(("timestamp", "bool"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@pytest.fixture(scope="module")
def demo_events():
    return content_files(ROOT / "content", "events")


@pytest.fixture(scope="module")
def demo_places():
    return content_files(ROOT / "content", "places")


def test_geojson_has_one_point_feature_per_event_in_lon_lat(demo_site, demo_events, demo_places):
    collection = json.loads((demo_site / "data/events.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946: WGS84 only, no crs member
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == set(demo_events)
    for event_id, raw in demo_events.items():
        feature = features[event_id]
        assert feature["type"] == "Feature"
        props = feature["properties"]
        assert props["title"] == raw["title"].strip()
        assert props["date"] == raw["date"]
        assert props["type"] == raw["type"]
        lon, lat = feature["geometry"]["coordinates"]
        where = demo_places[raw["place"]] if "place" in raw else raw["location"]
        assert (lat, lon) == (float(where["lat"]), float(where["lon"]))
        assert feature["geometry"]["type"] == "Point"
        assert [s["id"] for s in props["sources"]] == [s["source"] for s in raw["sources"]]
        assert props["grade"] == raw.get("assessment", {}).get("grade")


def test_geojson_names_actors_and_places_as_on_the_event_date(demo_site):
    collection = json.loads((demo_site / "data/events.geojson").read_text(encoding="utf-8"))
    features = {f["id"]: f["properties"] for f in collection["features"]}
    renamed = features["2016-07-28-nusra-renamed-jabhat-fateh-al-sham"]
    assert renamed["location"]
    broken = features["2016-08-06-siege-declared-broken"]
    assert broken["location"] == "Ramousah district"
    assert broken["actor_names"] == "Jaish al-Fath; Syrian Arab Army"
    assert broken["sources"][0] | {"name": "Reuters", "admiralty": "B3"} == broken["sources"][0]


def test_minimal_site_geojson_keeps_inline_locations_and_old_names(minimal_site):
    collection = json.loads((minimal_site / "data/events.geojson").read_text(encoding="utf-8"))
    old = next(f for f in collection["features"] if f["id"] == "2016-07-20-old-name")
    assert old["geometry"]["coordinates"] == [37.13, 36.25]
    assert old["properties"]["location"] == "North road"
    assert old["properties"]["place"] is None
    assert [a["name_on_date"] for a in old["properties"]["actors"]] == ["Old Front"]
    assert [a["name"] for a in old["properties"]["actors"]] == ["New Front"]


def read_csv(path: Path) -> tuple[list[str], list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, hxl, data = rows[0], rows[1], rows[2:]
    return header, hxl, [dict(zip(header, row, strict=True)) for row in data]


def test_csv_has_acled_columns_an_hxl_row_and_one_row_per_event(demo_site, demo_events):
    header, hxl, rows = read_csv(demo_site / "data/events.csv")
    acled = ["event_id_cnty", "event_date", "year", "time_precision", "event_type",
             "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
             "inter2", "country", "iso", "admin1", "admin2", "location", "latitude",
             "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
             "tags"]  # fmt: skip
    assert set(acled) <= set(header)
    assert {"assessment", "url"} <= set(header)
    assert all(tag.startswith("#") for tag in hxl)
    tags = dict(zip(header, hxl, strict=True))
    assert tags["event_id_cnty"] == "#event+id"
    assert tags["event_date"] == "#date"
    assert tags["latitude"] == "#geo+lat" and tags["longitude"] == "#geo+lon"
    assert tags["admin1"] == "#adm1+name" and tags["location"] == "#loc+name"
    assert tags["fatalities"] == "#affected+killed"
    days = [row["event_date"] for row in rows]
    assert days == sorted(days)  # in date order, as on the timeline
    assert sorted(row["event_id_cnty"] for row in rows) == sorted(demo_events)
    labels = {label for subs in voc.SUBTYPES.values() for label in subs.values()}
    for row in rows:
        raw = demo_events[row["event_id_cnty"]]
        assert row["event_date"] == raw["date"][:10]
        assert row["year"] == raw["date"][:4]
        assert row["event_type"] == voc.EVENT_TYPES[raw["type"]]
        assert row["sub_event_type"] in labels | {""}
        precision = raw.get("date_precision", "day")
        assert row["time_precision"] == {"day": "1", "week": "2", "month": "3"}[precision]
        geo = raw.get("geo_precision", "exact")
        assert row["geo_precision"] == {"exact": "1", "near": "2", "region": "3"}[geo]
        assert row["url"] == f"{BASE}/events/{row['event_id_cnty']}/"
        assert row["assessment"] == raw.get("assessment", {}).get("grade", "")


def test_csv_fills_actor_columns_from_roles(demo_site):
    _, _, rows = read_csv(demo_site / "data/events.csv")
    row = next(r for r in rows if r["event_id_cnty"] == "2016-08-06-siege-declared-broken")
    assert (row["actor1"], row["inter1"]) == ("Jaish al-Fath", "2")  # rebel group
    assert (row["actor2"], row["inter2"]) == ("Syrian Arab Army", "1")  # state forces
    assert row["interaction"] == "12"
    assert (row["country"], row["iso"], row["iso3"]) == ("Syria", "760", "SYR")
    assert (row["admin1"], row["admin2"]) == ("Aleppo", "Jebel Saman")
    sources = content_files(ROOT / "content", "sources")
    cited = ["reuters", "sohr", "sana", "us-state-department"]
    assert row["source"] == "; ".join(sources[s]["name"] for s in cited)
    assert "**" not in row["notes"] and row["notes"].startswith("On Saturday")
    assert row["tags"] == "siege; ramousah; casualty-claims"


def test_csv_associated_actors_and_fatalities(minimal_site):
    _, _, rows = read_csv(minimal_site / "data/events.csv")
    by_id = {row["event_id_cnty"]: row for row in rows}
    assault = by_id["2016-08-05-assault"]  # initiator + an actor without a role
    assert (assault["actor1"], assault["actor2"]) == ("Rebel Alliance", "Government forces")
    assert assault["fatalities"] == "12"
    assert by_id["2016-08-06-siege-broken"]["fatalities"] == ""  # the desk gives no figure


def test_json_exports_cover_every_kind_and_item(demo_site, demo_events):
    events = json.loads((demo_site / "data/events.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in events["events"]] and {e["id"] for e in events["events"]} == set(
        demo_events
    )
    assert set(events["events"][0]) == set(EVENT_FIELDS)
    for kind in KINDS:
        if kind == "events":
            continue
        raw = content_files(ROOT / "content", kind)
        listing = json.loads((demo_site / f"data/{kind}.json").read_text(encoding="utf-8"))
        assert {item["id"] for item in listing[kind]} == set(raw)
        for item_id, fields in raw.items():
            one = json.loads((demo_site / f"data/{kind}/{item_id}.json").read_text("utf-8"))
            label = "title" if "title" in fields else "name"  # indicators have a title
            assert one[label] == fields[label]
            assert one["page"] == f"{BASE}/{kind}/{item_id}/"
            assert one.get("url") == fields.get("url")  # an item's own field stays as written
    jfs = json.loads((demo_site / "data/actors/jabhat-fateh-al-sham.json").read_text("utf-8"))
    assert jfs["aliases"][0] == {
        "name": "Jabhat al-Nusra",
        "until": "2016-07-28",
        "names": {"ar": "جبهة النصرة"},  # translations travel with the data
    }
    assert "2016-07-28-nusra-renamed-jabhat-fateh-al-sham" in jfs["events"]


def test_data_page_documents_every_file_column_and_field(demo_site):
    soup = page(demo_site, "/data/")
    text = soup.get_text(" ")
    for column in COLUMNS:
        assert column.name in text and column.hxl in text
    for name in EVENT_FIELDS:
        assert soup.find("code", string=name), name
    links = {a["href"] for a in soup.find_all("a")}
    for path in ["data/events.csv", "data/events.geojson", "data/events.json",
                 "feeds/events.atom.xml", "sitemap.xml"]:  # fmt: skip
        assert f"/{path}" in links
        assert (demo_site / path).is_file()
    for kind in KINDS:
        assert f"/schema/{singular(kind)}.schema.json" in links


@pytest.mark.parametrize("site", ["demo", "minimal"])
def test_every_content_file_validates_against_its_published_schema(site, demo_site, minimal_site):
    output, content = (
        (demo_site, ROOT / "content")
        if site == "demo"
        else (minimal_site, SITES / "minimal/content")
    )
    checked = 0
    for kind in KINDS:
        schema = json.loads((output / f"schema/{singular(kind)}.schema.json").read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        for path in sorted((content / kind).rglob("*.yaml")):
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
            errors = [
                f"{path.name}: {e.json_path}: {e.message}" for e in validator.iter_errors(data)
            ]
            assert errors == []
            checked += 1
    assert checked >= (40 if site == "demo" else 10)


EVENT_HEAD = "title: x\ntype: battles\nplace: a\n"
ONE_SOURCE = "sources: [{source: s, credibility: 3}]\n"


@pytest.mark.parametrize(
    ("kind", "text", "complaint"),
    [
        ("events", EVENT_HEAD + "date: 6 Aug 2016\n" + ONE_SOURCE, "date"),
        (
            "events",
            EVENT_HEAD.replace("battles", "battle") + "date: 2016-08-06\n" + ONE_SOURCE,
            "type",
        ),
        ("events", EVENT_HEAD + "date: 2016-08-06\nsources: []\n", "sources"),
        ("events", EVENT_HEAD + "date: 2016-08-06\n" + ONE_SOURCE.replace("3", "7"), "credibility"),
        (
            "events",
            EVENT_HEAD + "date: 2016-08-06\nfatalities: {min: -1}\n" + ONE_SOURCE,
            "fatalities",
        ),
        ("events", EVENT_HEAD + ONE_SOURCE, "date"),
        ("actors", "name: X\nkind: rebel-group\ntittle: typo\n", "tittle"),
        ("places", "name: X\nlat: 136.2\nlon: 37.1\n", "lat"),
        ("sources", "name: X\nkind: monitor\n", "reliability"),
    ],
)
def test_schema_flags_what_the_validator_refuses(demo_site, kind, text, complaint):
    schema = json.loads((demo_site / f"schema/{singular(kind)}.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = list(validator.iter_errors(yaml.load(text, Loader=Yaml12Loader)))
    assert errors
    assert any(complaint in (e.json_path + e.message) for e in errors), [e.message for e in errors]


def test_schema_accepts_the_short_forms_authors_write(demo_site):
    schema = json.loads((demo_site / "schema/event.schema.json").read_text("utf-8"))
    event = (
        "title: x\ndate: 2016-08-06T21:00:00+03:00\ntype: battles\nplace: a\n"
        "actors: [jaish-al-fath, {actor: syrian-arab-army, role: target}]\n"
        "fatalities: 12\nsources: [{source: s, credibility: 3}]\n"
    )
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(yaml.load(event, Loader=Yaml12Loader))


def test_sitrep_new_names_the_schema_on_its_first_line(tmp_path, copy_site):
    from generators.cli.commands import main

    site = copy_site("minimal")
    settings = site / "settings.py"
    settings.write_text(
        f"from pathlib import Path\nPATH = {str(site / 'content')!r}\nPLUGINS = ['generators']\n"
    )
    args = ["-s", str(settings), "new", "event", "2016-08-07-new", "--title", "New"]
    args += ["--date", "2016-08-07", "--type", "battles", "--place", "city", "--source", "wire"]
    assert main(args) == 0
    written = site / "content/events/2016/08/2016-08-07-new.yaml"
    first = written.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../../schema/event.schema.json"
    target = (written.parent / first.split("$schema=")[1]).resolve()
    assert target.is_file()  # sitrep new wrote the schemas it points at
    assert json.loads(target.read_text("utf-8"))["title"] == "sitrep event"
    assert modeline("actors", site / "content/actors/x.yaml", site).endswith(
        "$schema=../../schema/actor.schema.json\n"
    )


@pytest.mark.parametrize("items", [[], [{"id": "a"}], [{"id": "a", "n": 1}, {"name": "حلب"}]])
def test_a_listing_encoded_item_by_item_is_the_json_of_the_whole(items):
    """events.json and events.geojson are written item by item (exports.listing), with the
    very bytes json.dumps gives for the whole document."""
    head = {"site": "Desk", "url": f"{BASE}/"}
    whole = dumps({**head, "events": items}).encode("utf-8")
    assert b"".join(listing(head, "events", [(encoded(i),) for i in items])) == whole
    split = [(encoded(i)[:-1], b"}") for i in items]  # an item as the parts it joins
    assert b"".join(listing(head, "events", split)) == whole


def test_an_events_parts_join_to_its_record_and_its_feature():
    """events.json and events.geojson write each event's record once, kept, and the
    Feature as what comes before and after it: the very bytes of each in full."""
    site = load_site(ROOT / "content", ("en", "ar"))  # the demo
    for event in site.events.values():
        record = event_record(site, event, BASE)
        _line, opened, before, after = event_data(site, event, BASE)
        assert opened + b"}" == encoded(record)
        assert before + opened + after == encoded(event_feature(record))
        assert json.loads(before + opened + after)["properties"]["id"] == event.id


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(tmp_path, copy_site):
    from tests.sitebuild import build, edit

    content = copy_site("minimal") / "content"
    district = content / "places" / "district.yaml"
    edit(district, "name: South District", "name: '=HYPERLINK(\"x\")'")
    edit(content / "sources" / "wire.yaml", "name: Wire Agency", "name: '@SUM(A1)'")
    edit(district, "lon: 37.14", "lon: -37.14\nadmin1: '-2+3'")
    output = build(content, tmp_path / "output")
    with open(output / "data" / "events.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[1:]
    cells = [value for row in rows for value in row.values()]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")]
    assert '\'=HYPERLINK("x")' in cells and "'@SUM(A1)" in cells and "'-2+3" in cells
    assert "-37.14" in cells  # a number, not text: left as it is
    sources = json.loads((output / "data" / "sources.json").read_text(encoding="utf-8"))
    assert "@SUM(A1)" in json.dumps(sources)  # JSON is data, not a sheet: kept as written
    assert "OWASP" in page(output, "/data/").get_text()


def test_the_csv_validates_under_libhxls_core_schema(demo_site):
    """Regression: `#date+precision` (1, 2, 3) failed HXL's rule that a `#date` is a date:
    hxlvalidate reported 20 errors on the demo's 20 rows. libhxl, a real HXL client, reads
    the file and checks it against its core schema."""
    import hxl

    def read():
        return hxl.data(str(demo_site / "data" / "events.csv"), hxl.InputOptions(allow_local=True))

    errors: list = []
    assert hxl.schema(callback=errors.append).validate(read()), [str(e) for e in errors]
    assert errors == []
    source = read().cache()
    columns = {column.display_tag for column in source.columns}
    assert {"#event+id", "#date", "#geo+lat", "#geo+lon", "#meta+date+precision"} <= columns
    rows = list(source)
    assert len(rows) == len(list((ROOT / "content" / "events").rglob("*.yaml")))
    assert {row.get("#meta+date+precision") for row in rows} == {"1", "2", "3"}
