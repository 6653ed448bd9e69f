"""Functional tests of generators/views/mapperiods.py: /map/'s events cut into period files, built
from tests/sites/map_periods (events of 2015, 2016 and 2017, one lasting from November 2015
into January 2016, every title in English and Arabic)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from generators.content.loader import load_site
from generators.errors import SettingsInvalid
from generators.views.mapperiods import needed, split
from tests.sitebuild import SITES, build, page

CONTENT = SITES / "map_periods" / "content"
EVENT_IDS = sorted(p.stem for p in (CONTENT / "events").glob("*.yaml"))


@pytest.fixture(scope="module")
def periods_site(tmp_path_factory) -> Path:
    """Opening on the latest 3 events: the year 2017."""
    output = tmp_path_factory.mktemp("map_periods") / "output"
    return build(CONTENT, output, MAP_DATES=None, MAP_OPENING_EVENTS=3)


def options(output: Path, url: str = "/map/") -> dict:
    """The options the page hands sitrep-map.js."""
    script = page(output, url).find("script", string=lambda s: s and "sitrepMap.full(" in s)
    line = next(ln for ln in script.string.splitlines() if ln.startswith("sitrepMap.full("))
    return json.loads(line[line.index("{") : line.rindex(", {")])


def data(output: Path, url: str):
    return json.loads((output / "map" / url.split("?")[0]).read_text(encoding="utf-8"))


def test_page_lists_every_period_file_and_each_event_is_in_exactly_one(periods_site):
    periods = options(periods_site)["periods"]
    assert [p["key"] for p in periods] == ["2015", "2016", "2017"]
    listed = {
        url.split("?")[0].removeprefix("../../map/")
        for page_url in ("/map/", "/ar/map/")
        for period in options(periods_site, page_url)["periods"]
        for url in (period["events"], period["titles"])
    }
    on_disk = {
        p.name
        for p in (periods_site / "map").iterdir()
        if p.name.startswith(("events-", "titles-"))
    }
    assert listed == on_disk and len(on_disk) == 3 * 3  # events, English and Arabic titles
    found = []
    for period in periods:
        features = data(periods_site, period["events"])["features"]
        assert period["count"] == len(features)
        days = [f["properties"]["date"] for f in features]
        ends = [f["properties"].get("end", f["properties"]["date"]) for f in features]
        assert (period["first"], period["last"]) == (min(days), max(ends))
        assert {day[:4] for day in days} == {period["key"]}
        found += [f["id"] for f in features]
    assert sorted(found) == EVENT_IDS  # every event, none twice
    assert options(periods_site)["total"] == len(EVENT_IDS)
    # The sit-in of 2 November 2015 lasts to 5 January 2016: its file reaches into 2016.
    assert periods[0]["last"] == "2016-01-05"


def test_titles_files_follow_their_events_in_both_languages(periods_site):
    for url, prefix in [("/map/", ""), ("/ar/map/", "/ar")]:
        for period in options(periods_site, url)["periods"]:
            features = data(periods_site, period["events"].removeprefix("../../map/"))
            titles = data(periods_site, period["titles"].removeprefix("../../map/"))
            assert len(titles) == len(features["features"]) > 0
            for feature, title in zip(features["features"], titles, strict=True):
                heading = page(periods_site, f"{prefix}/events/{feature['id']}/").find("h1")
                assert heading.get_text(strip=True) == title
    arabic = data(periods_site, "titles-2017.ar.json")
    assert "محادثات على هدنة محلية" in arabic


def test_arabic_page_shares_the_event_files_and_has_its_own_titles(periods_site):
    english, arabic = options(periods_site)["periods"], options(periods_site, "/ar/map/")["periods"]
    assert [p["events"] for p in arabic] == [f"../../map/{p['events']}" for p in english]
    assert [p["titles"].split("?")[0] for p in arabic] == [
        f"../../map/titles-{p['key']}.ar.json" for p in english
    ]


def test_map_opens_on_the_latest_period_and_says_so(periods_site):
    found = options(periods_site)
    assert found["dates"] == {
        "min": "2015-03-10",
        "max": "2017-06-10",
        "start": "2017-01-01",
        "end": "2017-06-10",
    }
    soup = page(periods_site, "/map/")
    assert soup.select_one("#map-from")["value"] == "2017-01-01"
    status = soup.select_one(".map-notice output#map-status").get_text()
    assert status == "Showing 1 Jan 2017 to 10 Jun 2017: 3 of 8 events; areas as of 10 Jun 2017: 1."
    # The static map draws what the live one opens on.
    assert (
        soup.select_one("svg.map-static title")
        .get_text()
        .startswith("Map of the events from 1 January 2017 to 10 June 2017")
    )
    assert len(soup.select("svg.map-static g.events a")) == 3
    arabic = page(periods_site, "/ar/map/").select_one("#map-status").get_text()
    assert arabic.startswith("من ١ كانون الثاني ٢٠١٧ إلى ١٠ حزيران ٢٠١٧") and "٣ من ٨" in arabic


def test_map_opens_on_every_date_when_the_site_is_within_the_budget(tmp_path):
    output = build(CONTENT, tmp_path / "out", MAP_DATES=None, SITREP_SEARCH=False)
    found = options(output)
    assert (found["dates"]["start"], found["dates"]["end"]) == ("2015-03-10", "2017-06-10")
    status = page(output, "/map/").select_one("#map-status").get_text()
    assert status.startswith("Showing 10 Mar 2015 to 10 Jun 2017: 8 of 8 events")


@pytest.mark.parametrize("budget", [0, "many", 2.5])
def test_opening_budget_is_checked(tmp_path, budget):
    with pytest.raises(SettingsInvalid, match="MAP_OPENING_EVENTS"):
        build(CONTENT, tmp_path / "out", MAP_DATES=None, MAP_OPENING_EVENTS=budget)


def test_large_periods_are_cut_into_quarters_months_dekads_then_days():
    site = load_site(CONTENT, ["en", "ar"])
    periods = split(site.events.values(), limit=1)
    assert [(p.key, [e.id for e in p.events]) for p in periods] == [
        ("2015-q1", ["2015-03-10-first-clash"]),
        ("2015-q4", ["2015-11-02-long-sit-in"]),
        ("2016-q2", ["2016-05-01-shelling"]),
        ("2016-08-05", ["2016-08-05-assault"]),  # August's first dekad held two: by day
        ("2016-08-06", ["2016-08-06-market-strike"]),
        ("2017-02-01", ["2017-02-01-talks"]),
        ("2017-02-03", ["2017-02-03-raid"]),
        ("2017-q2", ["2017-06-10-march"]),
    ]
    by_key = {p.key: p for p in split(site.events.values(), limit=2)}
    assert list(by_key) == ["2015", "2016-q2", "2016-q3", "2017-q1", "2017-q2"]
    assert (by_key["2016-q3"].start.isoformat(), by_key["2016-q3"].end.isoformat()) == (
        "2016-07-01",
        "2016-09-30",
    )
    months = split(site.events.values(), limit=2)
    # A range of January 2016 needs the file of the sit-in that began in November 2015.
    assert [p.key for p in needed(months, date(2016, 1, 1), date(2016, 1, 31))] == ["2015"]
    assert [p.key for p in needed(months, date(2016, 8, 6), date(2017, 2, 1))] == [
        "2016-q3",
        "2017-q1",
    ]


def test_new_event_changes_only_the_file_of_its_period(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    before = build(content, tmp_path / "before", MAP_DATES=None, SITREP_SEARCH=False)
    added = content / "events" / "2016-09-01-new-clash.yaml"
    added.write_text(
        "title: A new clash\ndate: 2016-09-01\ntype: battles\nplace: district\n"
        "sources:\n  - source: wire\n    credibility: 2\n",
        encoding="utf-8",
    )
    after = build(content, tmp_path / "after", MAP_DATES=None, SITREP_SEARCH=False)
    changed = sorted(
        p.name
        for p in (after / "map").iterdir()
        if p.name != "index.html" and p.read_bytes() != (before / "map" / p.name).read_bytes()
    )
    assert changed == ["events-2016.geojson", "titles-2016.ar.json", "titles-2016.json"]
