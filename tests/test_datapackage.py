"""/data/datapackage.json (pages/exports.data_package): every download described as a Data
Package, checked by Frictionless itself, and the downloads split per year for large sites."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from frictionless import validate

from generators.pages.exports import COLUMNS
from tests.sitebuild import SITES, build, edit

YEAR_2017 = "2016-08-05-assault.yaml"


def package(output: Path) -> dict:
    return json.loads((output / "data" / "datapackage.json").read_text(encoding="utf-8"))


def checked(output: Path):
    """Frictionless's report on the package: every resource read, typed and hashed."""
    return validate(str(output / "data" / "datapackage.json"))


def test_frictionless_finds_the_demo_package_valid(demo_site):
    report = checked(demo_site)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # Every table was read row by row against its schema: 20 events, none skipped.
    (events,) = [task for task in report.tasks if task.name == "events-csv"]
    assert events.stats["rows"] == 20


def test_the_package_describes_every_download_with_its_licence_and_sources(demo_site):
    described = package(demo_site)
    paths = {resource["path"] for resource in described["resources"]}
    downloads = {
        p.relative_to(demo_site / "data").as_posix()
        for p in (demo_site / "data").iterdir()
        if p.suffix in (".csv", ".geojson", ".json", ".xml") and p.name != "datapackage.json"
    }
    assert paths == downloads
    assert described["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 International",
        }
    ]
    sources = {source["title"]: source.get("path") for source in described["sources"]}
    assert sources["Reuters"] == "https://www.reuters.com/"
    assert "Jabhat Fateh al-Sham media channels" in sources  # a source without an address


def test_the_csv_schema_is_the_csv_header_with_its_hxl_row(demo_site):
    (table,) = [r for r in package(demo_site)["resources"] if r["path"] == "events.csv"]
    with (demo_site / "data" / "events.csv").open(encoding="utf-8", newline="") as f:
        header, hashtags = list(csv.reader(f))[:2]
    fields = table["schema"]["fields"]
    assert [field["name"] for field in fields] == header == [c.name for c in COLUMNS]
    assert [field["hxl"] for field in fields] == hashtags
    assert table["dialect"]["commentRows"] == [2]  # the HXL row is not data


def test_a_download_that_differs_from_its_description_is_caught(demo_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(demo_site / "data", copy / "data")
    csv_file = copy / "data" / "events.csv"
    text = csv_file.read_text(encoding="utf-8")
    csv_file.write_text(text.replace(",2016,", ",twenty-sixteen,", 1), encoding="utf-8")
    report = checked(copy)
    assert not report.valid
    problems = {error.type for task in report.tasks for error in task.errors}
    assert {"hash-count", "type-error"} <= problems, problems


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("years")
    content = root / "content"
    shutil.copytree(SITES / "minimal" / "content", content)
    events = content / "events"
    later = events / "2017"
    later.mkdir()
    shutil.copy(events / "2016" / "08" / YEAR_2017, later / "2017-01-05-assault.yaml")
    edit(later / "2017-01-05-assault.yaml", "date: 2016-08-05", "date: 2017-01-05")
    return build(content, root / "output", DATA_YEAR_FILES_ABOVE=1, DATA_LICENSE=None)


def test_a_large_site_also_gets_one_set_of_downloads_per_year(two_years):
    data = two_years / "data"
    every = json.loads((data / "events.json").read_text())["events"]
    by_year = {
        year: json.loads((data / "years" / year / "events.json").read_text())["events"]
        for year in ("2016", "2017")
    }
    assert sorted(p.name for p in (data / "years").iterdir()) == ["2016", "2017"]
    assert [e["id"] for e in by_year["2017"]] == ["2017-01-05-assault"]
    assert by_year["2016"] + by_year["2017"] == every
    rows = list(csv.reader((data / "years" / "2016" / "events.csv").open(encoding="utf-8")))
    assert {row[2] for row in rows[2:]} == {"2016"} and len(rows) - 2 == len(by_year["2016"])
    geo = json.loads((data / "years" / "2017" / "events.geojson").read_text())
    assert [f["id"] for f in geo["features"]] == ["2017-01-05-assault"]
    report = checked(two_years)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    paths = {r["path"] for r in package(two_years)["resources"]}
    assert {"years/2016/events.csv", "years/2017/events.geojson"} <= paths
    assert "licenses" not in package(two_years)  # none set: none claimed
    listed = (two_years / "data" / "index.html").read_text(encoding="utf-8")
    assert "data/years/2017/events.csv" in listed


def test_a_small_site_has_no_year_files(demo_site):
    assert not (demo_site / "data" / "years").exists()
