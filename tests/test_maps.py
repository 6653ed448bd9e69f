"""Functional tests of generators/views/maps.py: build tests/sites/maps (and the demo) and read
the map pages, their data files and the static fallback."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generators.errors import SettingsInvalid
from tests.sitebuild import SITES, build, page

EVENT_IDS = ["2016-08-05-assault", "2016-08-06-hostile-title", "2016-08-20-protest"]
HOSTILE = (
    '<img src=x onerror="window.hacked=1"> "quoted" `tick` ${window.hacked=2} </script><b>bold</b>'
)


@pytest.fixture(scope="session")
def maps_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("maps") / "output"
    return build(SITES / "maps" / "content", output, MAP_DATES=None)


def data(output: Path, name: str):
    return json.loads((output / "map" / name).read_text(encoding="utf-8"))


def inline_data(soup) -> dict:
    script = soup.select_one("figure.map + script[type='application/json']")
    assert not script.get("data-src")
    return json.loads(script.string)


def map_data(output: Path, soup) -> dict:
    """A small map's data: inline, or in the file its script element names."""
    script = soup.select_one("figure.map + script[type='application/json']")
    if not script.get("data-src"):
        return inline_data(soup)
    assert not script.string  # the data are in one place only
    return json.loads((output / script["data-src"].lstrip("/")).read_text(encoding="utf-8"))


def ring_area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))


def test_events_geojson_has_one_point_per_event_in_lon_lat_order(maps_site):
    collection = data(maps_site, "events-2016.geojson")  # every event is of 2016
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946 removed it: WGS84 only
    features = collection["features"]
    assert sorted(f["id"] for f in features) == EVENT_IDS
    by_id = {f["id"]: f for f in features}
    for feature in features:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    # The district is at lat 36.170, lon 37.145: longitude comes first.
    assert by_id["2016-08-05-assault"]["geometry"]["coordinates"] == [37.145, 36.17]
    assert by_id["2016-08-20-protest"]["geometry"]["coordinates"] == [37.1, 36.4]
    assert by_id["2016-08-05-assault"]["properties"] == {
        "type": "battles",
        "grade": "confirmed",
        "date": "2016-08-05",
    }
    hostile = by_id["2016-08-06-hostile-title"]["properties"]
    assert (hostile["geo"], hostile["when"]) == ("near", "week")


def test_titles_file_follows_the_order_of_features(maps_site):
    features = data(maps_site, "events-2016.geojson")["features"]
    titles = data(maps_site, "titles-2016.json")
    assert dict(zip([f["id"] for f in features], titles, strict=True)) == {
        "2016-08-05-assault": "Rebels storm the south district",
        "2016-08-06-hostile-title": HOSTILE,
        "2016-08-20-protest": "Protest in the northern villages",
    }


def test_areas_geojson_is_rfc7946_with_wound_rings(maps_site):
    features = {f["properties"]["id"]: f for f in data(maps_site, "areas.geojson")["features"]}
    assert set(features) == {"pocket-besieged", "corridor", "front"}
    pocket = features["pocket-besieged"]
    assert pocket["geometry"]["type"] == "Polygon"
    for feature in (pocket, features["corridor"]):
        exterior = feature["geometry"]["coordinates"][0]
        assert exterior[0] == exterior[-1] and len(exterior) >= 4
        assert ring_area(exterior) > 0  # counterclockwise, as RFC 7946 asks
    corridor = features["corridor"]["properties"]
    assert corridor["status"] == "claimed" and corridor["held_by"] == "Rebel Alliance"
    assert corridor["valid_from"] == "2016-08-06" and "valid_until" not in corridor
    assert pocket["properties"]["valid_until"] == "2016-08-06"
    assert features["front"]["geometry"]["coordinates"][0] == [37.1, 36.25]


def test_map_page_loads_only_files_of_the_site(maps_site):
    soup = page(maps_site, "/map/")
    html = (maps_site / "map" / "index.html").read_text(encoding="utf-8")
    for cdn in ("cdn.", "jsdelivr", "cdnjs", "jquery", "bootstrap", "fontawesome", "unpkg"):
        assert cdn not in html.lower()
    sources = [s["src"] for s in soup.find_all("script", src=True)]
    sources += [link["href"] for link in soup.find_all("link", rel=["stylesheet", "icon"])]
    assert any(s.endswith("vendor/leaflet/leaflet.js") for s in sources)
    assert any(s.endswith("vendor/leaflet.markercluster/leaflet.markercluster.js") for s in sources)
    for source in sources:
        if source.startswith("/"):
            assert (maps_site / source.lstrip("/")).is_file(), source
        else:
            assert source.startswith("/"), f"{source} is not served by the site"
    assert (maps_site / "theme" / "vendor" / "leaflet" / "images" / "layers.png").is_file()
    script = "".join(s.string or "" for s in soup.find_all("script", src=False))
    assert "tileLayer" not in script  # MAP_TILES = None: no basemap tiles at all
    named = re.findall(r'"([\w.-]+\.(?:geojson|json))\?v=[0-9a-f]{12}"', script)
    assert sorted(named) == ["areas.geojson", "events-2016.geojson", "titles-2016.json"]
    for name in named:
        assert (maps_site / "map" / name).is_file()


def test_map_page_without_javascript_has_static_map_and_linked_list(maps_site):
    soup = page(maps_site, "/map/")
    canvas = soup.select_one("figure.map-full .map-canvas")
    svg = canvas.select_one("svg.map-static")
    assert svg is not None and svg.find("title").get_text().startswith("Map of the events")
    assert len(svg.select("g.areas path")) >= 2  # the front line (casing + line) and corridor
    links = [a["href"] for a in soup.select(".map-list .event-list a[href*='/events/']")]
    assert links == [f"/events/{event_id}/" for event_id in EVENT_IDS]
    form = soup.select_one("form#map-filter")
    assert form.has_attr("hidden")  # shown by JavaScript only
    assert form.select_one("#map-from")["value"] == "2016-08-05"
    assert form.select_one("#map-to")["value"] == "2016-08-20"


def test_hostile_title_is_escaped_everywhere(maps_site):
    soup = page(maps_site, "/events/2016-08-06-hostile-title/")
    assert soup.find("img") is None and soup.find("b") is None
    assert inline_data(soup)["events"]["features"][0]["properties"]["title"] == HOSTILE
    raw = (maps_site / "events" / "2016-08-06-hostile-title" / "index.html").read_text()
    assert raw.count("</script>") == raw.count("<script")  # the title closes no script
    svg_title = soup.select_one("svg.map-static g.events a title").get_text()
    assert svg_title.startswith(HOSTILE)


def held_on(output: Path, soup) -> set[str]:
    """The areas a small map draws, as sitrep-map.js picks them: those of the areas file its
    figure names in force on its data's day (from valid_from, until valid_until)."""
    day = inline_data(soup)["areas"]["day"]
    file = soup.select_one("figure.map-small")["data-areas"].lstrip("/")
    areas = json.loads((output / file).read_text(encoding="utf-8"))
    return {
        f["properties"]["id"]
        for f in areas["features"]
        if f["properties"]["valid_from"] <= day < f["properties"].get("valid_until", "9999")
    }


def test_event_map_shows_the_areas_held_on_its_day(maps_site):
    pages = [
        page(maps_site, f"/events/{e}/") for e in ("2016-08-05-assault", "2016-08-06-hostile-title")
    ]
    before, after = (inline_data(soup) for soup in pages)
    assert [d["areas"] for d in (before, after)] == [{"day": "2016-08-05"}, {"day": "2016-08-06"}]
    # Not copied into each page: the map file of every area, which the browser keeps.
    assert {soup.select_one("figure.map-small")["data-areas"] for soup in pages} == {
        "/map/areas.geojson"
    }
    held = [held_on(maps_site, soup) for soup in pages]
    assert held == [{"pocket-besieged", "front"}, {"corridor", "front"}]
    # Without JavaScript the static map draws the same areas.
    drawn = [
        {t.get_text() for t in soup.select("svg.map-static g.areas path > title")} for soup in pages
    ]
    features = data(maps_site, "areas.geojson")["features"]
    names = {f["properties"]["id"]: f["properties"]["name"] for f in features}
    assert drawn == [{names[a] for a in ids} for ids in held]
    assert [f["id"] for f in before["events"]["features"]] == ["2016-08-05-assault"]
    # An Arabic page's map names the areas in Arabic, from the file at the site's root.
    arabic = page(maps_site, "/ar/events/2016-08-05-assault/")
    assert arabic.select_one("figure.map-small")["data-areas"] == "/map/areas.ar.geojson"
    assert held_on(maps_site, arabic) == held[0]


def test_a_map_of_no_day_names_no_areas(maps_site):
    soup = page(maps_site, "/places/city/")
    assert map_data(maps_site, soup)["areas"] is None
    assert not soup.select_one("figure.map-small").has_attr("data-areas")
    assert soup.select("svg.map-static g.areas path") == []


def test_small_maps_on_place_day_and_analysis_pages(maps_site):
    for url, events in [
        ("/places/city/", ["2016-08-05-assault", "2016-08-06-hostile-title"]),
        ("/days/2016-08-20/", ["2016-08-20-protest"]),
        ("/analyses/the-week/", ["2016-08-05-assault", "2016-08-06-hostile-title"]),
    ]:
        soup = page(maps_site, url)
        found = map_data(maps_site, soup)["events"]["features"]
        assert [f["id"] for f in found] == events, url
        assert soup.select_one("figure.map-small .map-canvas svg.map-static") is not None
        links = soup.select("svg.map-static g.events a")
        assert [a["href"] for a in links] == [f"/events/{e}/" for e in events]


def test_a_place_map_loads_its_data_from_a_file_beside_the_page(maps_site):
    """A place's events can be thousands: its map's data are a file, in the page's language,
    not inline in the page; the static map still draws every event."""
    for language in ("", "ar/"):
        soup = page(maps_site, f"/{language}places/city/")
        script = soup.select_one("figure.map + script[type='application/json']")
        assert script["data-src"] == f"/{language}places/city/map.json"
        data = map_data(maps_site, soup)
        assert set(data) == {"events", "areas", "places", "bounds"}
        ids = [f["id"] for f in data["events"]["features"]]
        assert ids == ["2016-08-05-assault", "2016-08-06-hostile-title"]
        drawn = [a["href"] for a in soup.select("svg.map-static g.events a")]
        assert drawn == [f"/{language}events/{e}/" for e in ids]
    english = map_data(maps_site, page(maps_site, "/places/city/"))
    arabic = map_data(maps_site, page(maps_site, "/ar/places/city/"))
    # Each in its page's language.
    assert [p[0] for p in english["places"]] == ["South District", "City"]
    assert [p[0] for p in arabic["places"]] == ["الحي الجنوبي", "City"]


def test_small_maps_share_their_set_up_as_a_file_of_their_language(maps_site):
    """Every small map of a language is set up by the same script: one file the browser
    keeps, named in each page (versioned by its bytes), never repeated inline."""
    pages = ("events/2016-08-06-hostile-title/", "events/2016-08-05-assault/", "places/city/")
    for language, name in (("", "small.js"), ("ar/", "small.ar.js")):
        addresses = set()
        for url in pages:
            soup = page(maps_site, f"/{language}{url}")
            inline = "".join(s.string or "" for s in soup.find_all("script", src=False))
            assert "L.map(" not in inline and "sitrepMap.small" not in inline
            addresses |= {
                s["src"] for s in soup.find_all("script", src=True) if "small" in s["src"]
            }
        assert len(addresses) == 1
        address = addresses.pop()
        assert re.fullmatch(rf"/map/{re.escape(name)}\?v=[0-9a-f]{{12}}", address)
        script = (maps_site / "map" / name).read_text(encoding="utf-8")
        assert "sitrepMap.small(" in script
        lang = json.loads(
            script[script.index("sitrepMap.small(map_1, ") + 23 : script.rindex(", {")]
        )
        assert lang["lang"] == (language.rstrip("/") or "en")


def test_approximate_place_is_drawn_as_a_circle(maps_site):
    soup = page(maps_site, "/events/2016-08-06-hostile-title/")
    circles = soup.select("svg.map-static g.events circle")
    assert circles[0].get("stroke-dasharray")  # dashed ring of the approximate place
    legend = soup.select_one("figure.map .map-legend").get_text(" ", strip=True)
    assert "location approximate" in legend and "claimed, not established" in legend


def test_two_builds_are_byte_identical(tmp_path):
    # Without Pagefind, whose filter files differ between runs (Pagefind/pagefind#638).
    first = build(SITES / "maps" / "content", tmp_path / "one", SITREP_SEARCH=False)
    second = build(SITES / "maps" / "content", tmp_path / "two", SITREP_SEARCH=False)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []
    script = (first / "map" / "index.html").read_text()
    assert re.search(r"var map_1 = L\.map", script)  # Folium's ids are counted, not random


def test_map_tiles_setting_adds_the_provider_with_its_attribution(tmp_path):
    tiles = {
        "url": "https://tiles.example.org/{z}/{x}/{y}.png",
        "attribution": "&copy; Example contributors",
    }
    output = build(SITES / "maps" / "content", tmp_path / "out", MAP_TILES=tiles)
    html = (output / "map" / "index.html").read_text()
    assert "L.tileLayer" in html and "https://tiles.example.org/{z}/{x}/{y}.png" in html
    assert "Example contributors" in html


@pytest.mark.parametrize(
    "tiles",
    [{"url": "http://tiles.example.org/{z}/{x}/{y}.png", "attribution": "x"},
     {"url": "https://tiles.example.org/{z}/{x}/{y}.png"},
     "OpenStreetMap"],
)  # fmt: skip
def test_map_tiles_setting_is_checked(tmp_path, tiles):
    with pytest.raises(SettingsInvalid, match="MAP_TILES"):
        build(SITES / "maps" / "content", tmp_path / "out", MAP_TILES=tiles)


def test_demo_map_opens_on_5_and_6_august(demo_site):
    soup = page(demo_site, "/map/")
    assert soup.select_one("#map-from")["value"] == "2016-08-05"
    assert soup.select_one("#map-to")["value"] == "2016-08-06"
    names = {f["properties"]["id"] for f in data(demo_site, "areas.geojson")["features"]}
    assert {"eastern-aleppo-besieged", "ramousah-corridor", "castello-road-siege-line"} <= names
    caption = soup.select_one("svg.map-static title").get_text()
    assert caption.endswith("the areas that held on 6 August 2016")


def test_sides_without_a_configured_colour_get_distinct_ones():
    from generators.content.loader import load_site
    from generators.views.mapdata import SIDE_PALETTE, Palette

    site = load_site(SITES / "maps" / "content")
    colours = Palette(site, {"opposition": SIDE_PALETTE[0]}).colours
    assert colours["opposition"] == SIDE_PALETTE[0]
    assert colours["government"] not in (SIDE_PALETTE[0], None)


def swatch_drawing(output: Path, item):
    """The symbol a legend entry's swatch shows, from the legend file its address names."""
    href = item.select_one("svg.map-swatch use")["href"]
    address, symbol = href.split("#")
    path, version = address.split("?v=")
    sprite = (output / path.lstrip("/")).read_bytes()
    assert hashlib.sha256(sprite).hexdigest()[:12] == version  # no cache pairs the wrong file
    found = BeautifulSoup(sprite.decode(), "html.parser").find("symbol", id=symbol)
    assert found is not None, href
    return found


def test_a_legend_swatch_is_drawn_in_its_colour_from_the_legend_file(maps_site):
    """Swatches are symbols of one file the browser keeps, coloured where they are used."""
    soup = page(maps_site, "/events/2016-08-05-assault/")
    items = {li.get_text(" ", strip=True): li for li in soup.select(".map-legend li")}
    swatch = items["Battles"].select_one("svg.map-swatch")
    assert swatch["color"] == "#e66100" and swatch["aria-hidden"] == "true"
    dot = swatch_drawing(maps_site, items["Battles"]).select_one("circle")
    assert dot["fill"] == "currentColor"
    besieged = items["Besieged area (dark outline)"]
    assert swatch_drawing(maps_site, besieged).select_one("rect")["stroke"] == "#222"
    # Every legend of the site names the same file: one download for all its pages.
    hrefs = {
        use["href"].split("#")[0]
        for url in ("/map/", "/days/2016-08-20/", "/ar/events/2016-08-05-assault/")
        for use in page(maps_site, url).select(".map-legend use")
    }
    assert len(hrefs) == 1


def test_the_legend_names_every_area_style_it_draws(demo_site):
    """Every style /map/ draws (kind, line or shape, claimed or not) has its own entry, and
    so do places and groups of events: the siege line on the Castello Road was missing."""
    legend = [
        li.get_text(" ", strip=True) for li in page(demo_site, "/map/").select(".map-legend li")
    ]
    areas = json.loads((demo_site / "map" / "areas.geojson").read_text())["features"]
    styles = {
        (f["properties"]["kind"], f["geometry"]["type"] == "LineString",
         f["properties"]["status"] == "claimed")
        for f in areas
    }  # fmt: skip
    assert styles == {
        ("siege", True, False), ("siege", False, False), ("control", False, False),
        ("corridor", False, True),
    }  # fmt: skip
    for wanted in (
        "Siege line (dark edges)",
        "Besieged area (dark outline)",
        "Area of control",
        "Corridor: claimed, not established (dashed)",
        "Place",
        "Ring with a number: nearby events, coloured by type",
    ):
        assert wanted in legend, wanted
    # Each entry's swatch is drawn as its style: the siege line's with dark edges.
    swatches = {
        li.get_text(" ", strip=True): swatch_drawing(demo_site, li)
        for li in page(demo_site, "/map/").select(".map-legend li")
    }
    assert swatches["Siege line (dark edges)"].select_one("rect")["fill"] == "#222"
    assert swatches["Corridor: claimed, not established (dashed)"].select_one("rect")[
        "stroke-dasharray"
    ]
    arabic = page(demo_site, "/ar/map/").select_one(".map-legend").get_text(" ", strip=True)
    assert "خط الحصار (حافتان داكنتان)" in arabic


def test_a_kept_set_up_takes_the_options_of_this_build(tmp_path):
    """Folium's set-up of a map is kept between builds without its options (leaflet.py);
    an edit that changes them (an event's title: the titles file's address) must reach
    the map page of the next build, written in as Folium would have written them."""
    content = tmp_path / "content"
    shutil.copytree(SITES / "maps" / "content", content)
    output = build(content, tmp_path / "out", SITREP_SEARCH=False)

    def options(language: str) -> dict:
        script = (output / language / "map" / "index.html").read_text(encoding="utf-8")
        start = script.index("sitrepMap.full(map_1, ") + len("sitrepMap.full(map_1, ")
        text = script[start : script.index(", {\n", start)]
        assert "<" not in text  # safe inside <script>: HOSTILE's markup is escaped
        return json.loads(text)

    before = options("")
    event = content / "events" / "2016-08-20-protest.yaml"
    event.write_text(event.read_text().replace("title:", "title: Renamed", 1))
    build(content, output, SITREP_SEARCH=False)
    for language in ("", "ar"):
        now = options(language)
        titles = [period["titles"] for period in now["periods"]]
        for address in titles:  # each names the bytes of the titles file it loads
            name, version = address.split("?v=")
            data = (output / language / "map" / name).resolve().read_bytes()
            assert hashlib.sha256(data).hexdigest().startswith(version)
        assert (now["lang"], now["dir"]) == ((language or "en"), ("rtl" if language else "ltr"))
    after = options("")
    assert [p["titles"] for p in before["periods"]] != [p["titles"] for p in after["periods"]]
