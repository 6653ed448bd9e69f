"""Coordinates that protect people (generators/content/sensitive.py): a place or an event's
location marked `sensitive: true` never reaches any output at the precision the desk wrote.

tests/sites/sensitive is the bilingual site with a sensitive place (the district, where
most events are), an event whose `location` is sensitive and an event marked sensitive."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generators.content.sensitive import coarse, digits, km
from generators.views.history import _assemble, _Entry
from generators.views.mapdata import sensitive_radius
from tests.sitebuild import SITES, build, page

CONTENT = SITES / "sensitive" / "content"
# The exact coordinates the fixture's desk wrote, (lat, lon), by what carries them.
EXACT = {
    "places/district": (36.17413, 37.14862),
    "events/2016-08-07-water-cut": (36.20931, 37.11657),
    "events/2016-08-07-shelter-hit": (36.23768, 37.08243),
}
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture(scope="module")
def sensitive_site(tmp_path_factory) -> Path:
    return build(CONTENT, tmp_path_factory.mktemp("sensitive") / "output")


def _forms(value: float) -> list[str]:
    """Every way an output could write `value` closer than the grid: 3 to 5 decimals,
    rounded or cut, in Latin and Arabic-Indic digits, with '.' or the Arabic '٫'."""
    text = f"{value:.5f}"
    forms = {f"{value:.{d}f}" for d in (3, 4, 5)} | {
        text[: text.index(".") + d + 1] for d in (3, 4)
    }
    every = set()
    for form in forms:
        every |= {
            form,
            form.translate(ARABIC_DIGITS),
            form.translate(ARABIC_DIGITS).replace(".", "٫"),
        }
    return sorted(every)


PATTERN = re.compile(
    "|".join(
        rf"(?<![\d٠-٩.٫]){re.escape(form)}"
        for lat_lon in EXACT.values()
        for value in lat_lon
        for form in sorted(_forms(value), key=len, reverse=True)
    )
)


def _text(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # Pagefind's compressed index
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def _leaks(folder: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hits = PATTERN.findall(_text(path))
        if hits:
            found[path.relative_to(folder).as_posix()] = sorted(set(hits))
    return found


def test_the_search_finds_the_exact_coordinates_where_the_desk_wrote_them():
    # The pattern is not blind: every exact coordinate is found in the content itself.
    leaks = _leaks(CONTENT)
    for item, (lat, lon) in EXACT.items():
        hits = leaks[f"{item}.yaml"]
        assert f"{lat:.5f}" in hits and f"{lon:.5f}" in hits, item


def test_no_output_file_carries_the_exact_coordinates(sensitive_site):
    files = [p for p in sensitive_site.rglob("*") if p.is_file()]
    assert len(files) > 100  # pages in both languages, map data, exports, the search index
    assert _leaks(sensitive_site) == {}


def test_the_grid():
    assert (coarse(36.17413, 0.1), coarse(37.14862, 0.1)) == (36.2, 37.1)
    assert (coarse(-33.86, 0.25), coarse(151.21, 0.25), coarse(0.04, 0.1)) == (-33.75, 151.25, 0)
    assert (coarse(36.25, 0.1), coarse(-36.25, 0.1)) == (36.3, -36.3)  # halves away from 0
    assert (digits(0.1), digits(0.25), digits(1), digits(0.001)) == (1, 2, 0, 3)
    assert (km(0.1), km(1)) == (11, 111)
    assert sensitive_radius(0.1) == 8000  # half the cell's diagonal, about 7.9 km


def test_pages_say_the_location_is_generalised_in_both_languages(sensitive_site):
    for root in ("", "/ar"):
        place = page(sensitive_site, f"{root}/places/district/")
        notes = place.select(".facts .sensitive")
        assert len(notes) == 1, root
        for event in ("2016-08-07-water-cut", "2016-08-07-shelter-hit", "2016-08-06-siege-broken"):
            assert page(sensitive_site, f"{root}/events/{event}/").select(".facts .sensitive")
        # An event elsewhere says nothing of the kind.
        assert not page(sensitive_site, f"{root}/events/2016-08-06-city-shelled/").select(
            ".sensitive"
        )
    english = page(sensitive_site, "/places/district/")
    assert "36.2, 37.1" in english.select_one(".facts").get_text(" ")
    assert "11 km" in english.select_one(".facts .sensitive").get_text()
    arabic = page(sensitive_site, "/ar/places/district/").select_one(".facts .sensitive")
    assert "١١" in arabic.get_text() and "كم" in arabic.get_text()


def test_map_data_and_exports_carry_the_grid_and_say_so(sensitive_site):
    features = []
    for name in sorted((sensitive_site / "map").glob("events-*.geojson")):
        features += json.loads(name.read_text(encoding="utf-8"))["features"]
    by_id = {f["id"]: f for f in features}
    for event_id in ("2016-08-07-water-cut", "2016-08-07-shelter-hit", "2016-08-06-siege-broken"):
        assert by_id[event_id]["properties"]["geo"] == "sensitive"
    assert by_id["2016-08-07-water-cut"]["geometry"]["coordinates"] == [37.1, 36.2]
    assert by_id["2016-08-07-shelter-hit"]["geometry"]["coordinates"] == [37.1, 36.2]
    assert "geo" not in by_id["2016-08-06-city-shelled"]["properties"]
    exported = json.loads((sensitive_site / "data/events.json").read_text(encoding="utf-8"))
    records = {r["id"]: r for r in exported["events"]}
    assert records["2016-08-07-shelter-hit"]["sensitive"] is True
    assert (
        records["2016-08-07-shelter-hit"]["latitude"],
        records["2016-08-07-shelter-hit"]["longitude"],
    ) == (36.2, 37.1)
    assert records["2016-08-06-city-shelled"]["sensitive"] is False
    rows = list(csv.DictReader(io.StringIO((sensitive_site / "data/events.csv").read_text())))
    precision = {row["event_id_cnty"]: row["geo_precision"] for row in rows}
    assert precision["2016-08-07-water-cut"] == "3"  # ACLED's 'only the region known'
    assert precision["2016-08-06-city-shelled"] == "1"


def test_small_maps_draw_the_generalised_circle(sensitive_site):
    soup = page(sensitive_site, "/events/2016-08-07-shelter-hit/")
    data = json.loads(soup.select_one("script[type='application/json']").string)
    assert data["events"]["features"][0]["properties"]["geo"] == "sensitive"
    svg = soup.select_one("svg.map-static")
    assert svg.select("circle[stroke-dasharray]"), "the static map draws the cell's circle"
    legend = soup.select_one(".map-legend").get_text(" ")
    assert "approximate" in legend


def test_history_never_shows_the_coordinates_of_an_item_ever_sensitive():
    old, new = "lat: 36.17413\nlon: 37.14862\n", "lat: 36.17502\nlon: 37.14862\nsensitive: true\n"
    blobs = {"a" * 40: "name: District\n" + old, "b" * 40: "name: District\n" + new}
    key = ("places", "district")
    entries = [
        _Entry("c1", datetime(2016, 8, 1, tzinfo=UTC), {}, "M", "a" * 40, "b" * 40, key, key, True)
    ]
    history = _assemble(entries, blobs)
    fields = {f.field: f.text for f in history.of(*key)[0].fields}
    assert fields == {"lat": "revised", "sensitive": "set to true"}
