"""Browser tests of the maps: the built demo site served on 127.0.0.1 and driven by Debian's
headless Chromium through Playwright. Every request the pages make is recorded: with
MAP_TILES = None none may leave the site."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import serve
from tests.sitebuild import SITES, build

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="session")
def demo_url(demo_site) -> Iterator[str]:
    with serve(demo_site) as url:
        yield url


@pytest.fixture(scope="session")
def maps_url(tmp_path_factory) -> Iterator[str]:
    output = build(SITES / "maps" / "content", tmp_path_factory.mktemp("bmaps") / "output")
    with serve(output) as url:
        yield url


@pytest.fixture(scope="session")
def periods_url(tmp_path_factory) -> Iterator[str]:
    """tests/sites/map_periods (events of 2015, 2016, 2017), opening on the year 2017."""
    output = build(
        SITES / "map_periods" / "content",
        tmp_path_factory.mktemp("bperiods") / "output",
        MAP_DATES=None,
        MAP_OPENING_EVENTS=3,
        SITREP_SEARCH=False,
    )
    with serve(output) as url:
        yield url


class Watched:
    """A page with everything it did recorded: requests, console errors, page errors."""

    def __init__(self, page: Page):
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on(
            "console",
            lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None,
        )

        def dialog(d) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

    def open(self, url: str) -> None:
        self.page.goto(url)
        expect(self.page.locator(".map-canvas.map-live").first).to_be_attached()


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page())
    context.close()


def shown(page: Page) -> tuple[int, int]:
    canvas = page.locator(".map-canvas")
    return int(canvas.get_attribute("data-events-shown")), int(
        canvas.get_attribute("data-areas-shown")
    )


def events_between(demo_site: Path, first: str, last: str) -> int:
    """Events whose days overlap first..last, as the data file says."""
    features = [
        feature
        for path in (demo_site / "map").glob("events-*.geojson")
        for feature in json.loads(path.read_text())["features"]
    ]
    props = [f["properties"] for f in features]
    return sum(1 for p in props if p["date"] <= last and p.get("end", p["date"]) >= first)


def test_map_shows_demo_markers_and_areas_without_errors(watched, demo_url, demo_site):
    page = watched.page
    watched.open(f"{demo_url}/map/")
    # The demo opens on 5-6 August 2016: the assault and the day the siege was said broken.
    expect(page.locator("#map-status")).to_contain_text("5 Aug 2016 to 6 Aug 2016")
    assert shown(page) == (events_between(demo_site, "2016-08-05", "2016-08-06"), 4)
    markers = page.locator(".map-cluster-icon, path.map-event")
    assert markers.count() >= 4
    expect(page.locator("path.map-area-corridor")).to_have_attribute(
        "fill", "url(#sitrep-hatch-1b7837)"
    )
    expect(page.locator("path.map-area-control")).to_have_count(2)
    expect(page.locator(".leaflet-control-layers")).to_contain_text("Corridors")
    assert page.locator(".map-canvas svg.map-static").count() == 0  # replaced by the live map
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)
    page.locator("figure.map").screenshot(path=str(ARTIFACTS / "map-figure.png"))
    assert watched.errors == []


def test_date_filter_changes_what_is_shown_and_is_kept_in_the_address(watched, demo_url, demo_site):
    page = watched.page
    watched.open(f"{demo_url}/map/")
    before = shown(page)
    page.fill("#map-from", "2016-07-17")
    page.fill("#map-to", "2016-07-17")
    page.locator("#map-to").dispatch_event("change")
    expect(page.locator("#map-status")).to_contain_text("17 Jul 2016 to 17 Jul 2016")
    # On 17 July: the road is cut and the siege begins; the eastern districts are besieged.
    after = shown(page)
    assert after == (events_between(demo_site, "2016-07-17", "2016-07-17"), 3) != before
    expect(page.locator("path.map-area-siege")).to_have_count(2)  # the pocket, the road
    assert page.url.endswith("/map/?from=2016-07-17&to=2016-07-17")
    page.reload()
    expect(page.locator("#map-status")).to_contain_text("17 Jul 2016 to 17 Jul 2016")
    assert shown(page) == after
    page.click("#map-all")
    assert shown(page)[0] == events_between(demo_site, "0000", "9999")
    page.locator("figure.map").screenshot(path=str(ARTIFACTS / "map-all-dates.png"))
    assert watched.errors == []


def test_a_from_after_to_is_swapped_and_said(watched, demo_url, demo_site):
    page = watched.page
    watched.open(f"{demo_url}/map/")
    expect(page.locator("#map-dates-note")).to_be_hidden()
    page.fill("#map-from", "2016-08-20")  # after the opening "To", 6 August
    page.locator("#map-from").dispatch_event("change")
    expect(page.locator("#map-status")).to_contain_text("6 Aug 2016 to 20 Aug 2016")
    expect(page.locator("#map-dates-note")).to_have_text(
        "“From” was after “To”: the two dates were swapped."
    )
    assert (page.input_value("#map-from"), page.input_value("#map-to")) == (
        "2016-08-06",
        "2016-08-20",
    )
    assert shown(page)[0] == events_between(demo_site, "2016-08-06", "2016-08-20")
    page.fill("#map-to", "2016-02-30")  # no such day: said, and nothing changes
    page.locator("#map-to").dispatch_event("change")
    expect(page.locator("#map-dates-note")).to_contain_text("year-month-day, such as 2016-08-20")
    expect(page.locator("#map-to")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#map-status")).to_contain_text("6 Aug 2016 to 20 Aug 2016")
    assert watched.errors == []


def test_arabic_date_boxes_write_and_read_arabic_digits(watched, demo_url):
    page = watched.page
    watched.open(f"{demo_url}/ar/map/")
    assert page.input_value("#map-from") == "٢٠١٦-٠٨-٠٥"
    assert page.get_attribute("#map-from", "placeholder") == "سنة-شهر-يوم"
    direction = page.eval_on_selector("#map-from", "e => getComputedStyle(e).direction")
    assert direction == "rtl"
    page.fill("#map-to", "٢٠١٦-٠٧-١٧")  # before "From": swapped, and said in Arabic
    page.locator("#map-to").dispatch_event("change")
    expect(page.locator("#map-dates-note")).to_have_text(
        "كان تاريخ «من» بعد تاريخ «إلى»: بُدّل التاريخان."
    )
    assert page.input_value("#map-from") == "٢٠١٦-٠٧-١٧"
    assert page.url.endswith("?from=2016-07-17&to=2016-08-05")
    assert watched.errors == []


def test_the_address_holds_the_layers_and_the_selected_event_and_restores_them(watched, demo_url):
    page = watched.page
    watched.open(f"{demo_url}/map/")
    page.locator(".leaflet-control-layers label", has_text="Battles").locator("input").uncheck()
    expect(page).to_have_url(re.compile(r"[?&]off=type-battles(&|$)"))
    event = "2016-08-06-rebel-shelling-of-western-aleppo"
    state = "from=2016-08-05&to=2016-08-06&off=type-battles,area-corridor"
    sent = f"{demo_url}/map/?{state}&event={event}"
    page.goto(sent)  # as a reader who was sent the address
    expect(page.locator(".leaflet-popup .map-popup-title a")).to_have_attribute(
        "href", f"/events/{event}/"
    )
    expect(page.locator(".leaflet-popup .map-popup-title a")).to_have_text(
        "Rebel shelling hits government-held western Aleppo"
    )
    for name, on in (("Battles", False), ("Corridors", False), ("Explosions", True)):
        box = page.locator(".leaflet-control-layers label", has_text=name).locator("input")
        assert box.is_checked() is on, name
    expect(page.locator("path.map-area-corridor")).to_have_count(0)
    # The popup replaces the hover tooltip: hovering its marker shows no tooltip of its title.
    title = "Rebel shelling hits government-held western Aleppo"
    hovered = page.locator("path.map-event")
    for i in range(hovered.count()):
        hovered.nth(i).hover(force=True)
        tips = page.locator(".leaflet-tooltip:not(.map-place-label)").all_inner_texts()
        assert title not in tips
    expect(page.locator(".leaflet-popup")).to_have_count(1)
    # Closing the popup takes the event out of the address; the rest stays.
    page.locator(".leaflet-popup-close-button").click()
    expect(page).to_have_url(
        f"{demo_url}/map/?from=2016-08-05&to=2016-08-06&off=type-battles%2Carea-corridor"
    )
    assert watched.errors == []


def test_type_switch_in_the_layer_control_hides_its_events(watched, demo_url):
    page = watched.page
    watched.open(f"{demo_url}/map/?from=2016-08-05&to=2016-08-06")
    total = shown(page)[0]
    page.locator(".leaflet-control-layers label", has_text="Battles").locator("input").uncheck()
    assert 0 < shown(page)[0] < total
    assert watched.errors == []


def test_popup_opens_and_links_to_its_event_page(watched, demo_url):
    page = watched.page
    watched.open(f"{demo_url}/map/?from=2016-12-01&to=2016-12-01")
    assert shown(page)[0] == 1
    page.locator("path.map-event").click()
    popup = page.locator(".leaflet-popup .map-popup")
    link = popup.locator(".map-popup-title a")
    expect(link).to_have_text("Last rebel-held districts of eastern Aleppo evacuated")
    expect(popup).to_contain_text("approximate: known to the month")
    expect(popup).to_contain_text("Location approximate")
    expect(popup).to_contain_text("Assessment: Confirmed")
    link.click()
    expect(page).to_have_url(f"{demo_url}/events/2016-12-01-eastern-aleppo-evacuated/")
    expect(page.locator("h1")).to_have_text("Last rebel-held districts of eastern Aleppo evacuated")
    # The event page has its own small map, live.
    expect(page.locator("figure.map-small .map-canvas.map-live path.map-event")).to_have_count(1)
    assert watched.errors == []


def test_a_small_map_draws_its_days_areas_from_the_areas_file_never_an_old_copy(browser, tmp_path):
    """A small map's areas come from /map/'s areas file, which the browser keeps; a copy kept
    from before an edit must not be shown: the file is revalidated on every page."""
    output = build(SITES / "maps" / "content", tmp_path / "output", MAP_DATES=None)
    areas = output / "map" / "areas.geojson"
    # A file last changed long ago: without revalidation the browser would keep it for years.
    os.utime(areas, (10**6, 10**6))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        with serve(output) as url:
            watched = Watched(context.new_page())
            canvas = watched.page.locator("figure.map-small .map-canvas")
            # An Arabic page draws them from the Arabic file at the site's root.
            watched.open(f"{url}/ar/events/2016-08-05-assault/")
            expect(canvas).to_have_attribute("data-areas-shown", "2")
            watched.open(f"{url}/events/2016-08-05-assault/")
            # The besieged pocket and the front line, in force on 5 August.
            expect(canvas).to_have_attribute("data-areas-shown", "2")
            expect(canvas.locator("path.leaflet-interactive")).not_to_have_count(0)
            # The desk ends the front line on 6 August, and the site is rebuilt.
            edited = json.loads(areas.read_text(encoding="utf-8"))
            for feature in edited["features"]:
                if feature["properties"]["id"] == "front":
                    feature["properties"]["valid_until"] = "2016-08-06"
            areas.write_text(json.dumps(edited), encoding="utf-8")
            os.utime(areas, (2 * 10**6, 2 * 10**6))
            watched.open(f"{url}/events/2016-08-06-hostile-title/")
            # Only the corridor: the kept copy, which still has the front line, is not used.
            expect(canvas).to_have_attribute("data-areas-shown", "1")
            assert watched.errors == []
    finally:
        context.close()


def test_no_request_leaves_the_site(watched, demo_url):
    page = watched.page
    watched.open(f"{demo_url}/map/")
    page.locator(".map-cluster-icon").first.click()  # zooms in, draws markers
    page.mouse.wheel(0, -400)
    watched.open(f"{demo_url}/events/2016-08-06-siege-declared-broken/")
    watched.open(f"{demo_url}/days/2016-08-05/")
    watched.open(f"{demo_url}/analyses/siege-broken-day/")
    assert watched.requests
    outside = [url for url in watched.requests if not url.startswith(f"{demo_url}/")]
    assert outside == []
    assert watched.errors == []


def test_hostile_title_shows_as_text_and_runs_nothing(watched, maps_url):
    page = watched.page
    watched.open(f"{maps_url}/map/?from=2016-08-06&to=2016-08-06")
    page.locator("path.map-event").hover()
    tooltip = page.locator(".leaflet-tooltip").filter(has_text="window.hacked")
    expect(tooltip).to_contain_text('<img src=x onerror="window.hacked=1">')
    page.locator("path.map-event").click()
    link = page.locator(".leaflet-popup .map-popup-title a")
    expect(link).to_contain_text("`tick` ${window.hacked=2} </script><b>bold</b>")
    assert page.locator(".leaflet-popup img, .leaflet-popup b, .leaflet-tooltip img").count() == 0
    assert page.evaluate("window.hacked") is None
    watched.open(f"{maps_url}/events/2016-08-06-hostile-title/")
    page.locator("figure.map path.map-event").hover()
    tooltip = page.locator(".leaflet-tooltip").filter(has_text="window.hacked")
    expect(tooltip).to_contain_text("${window.hacked=2}")
    assert page.evaluate("window.hacked") is None
    assert watched.dialogs == [] and watched.errors == []


def test_without_javascript_the_static_map_shows(browser, demo_url):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{demo_url}/map/")
    expect(page.locator("svg.map-static")).to_be_visible()
    expect(page.locator("#map-filter")).to_be_hidden()
    assert page.locator(".map-list a[href*='/events/']").count() >= 20
    page.locator("figure.map").screenshot(path=str(ARTIFACTS / "map-no-javascript.png"))
    context.close()


def period_files(watched: Watched) -> list[str]:
    """The period files the page fetched, in order: 'events-2017', 'titles-2017', ..."""
    names = [url.split("/map/")[-1].split("?")[0] for url in watched.requests if "/map/" in url]
    return [name.split(".")[0] for name in names if name.startswith(("events-", "titles-"))]


def test_map_loads_the_periods_its_dates_need_as_the_reader_widens_them(watched, periods_url):
    page = watched.page
    canvas = page.locator(".map-canvas")
    watched.open(f"{periods_url}/map/")
    # The first view: the latest period (2017) only, its three markers drawn.
    expect(canvas).to_have_attribute("data-events-shown", "3")
    status = page.locator("#map-status")
    expect(status).to_have_text(
        "Showing 1 Jan 2017 to 10 Jun 2017: 3 of 8 events; areas as of 10 Jun 2017: 1. "
        "Widen the dates to load more."
    )
    assert period_files(watched) == ["events-2017"]
    assert page.locator(".map-cluster-icon, path.map-event").count() >= 1
    page.locator("figure.map").screenshot(path=str(ARTIFACTS / "map-periods-first-view.png"))
    # Widening to June 2016 fetches 2016 and draws its markers; 2015 stays unfetched.
    page.fill("#map-from", "2016-06-01")
    page.locator("#map-from").dispatch_event("change")
    expect(canvas).to_have_attribute("data-events-shown", "5")
    expect(canvas).to_have_attribute("data-events-loaded", "6")
    assert period_files(watched) == ["events-2017", "events-2016"]
    expect(status).to_contain_text("Widen the dates to load more.")
    page.locator(".map-cluster-icon").first.click()  # zoom in until the markers separate
    expect(page.locator("path.map-event")).not_to_have_count(0)
    # A title is fetched with its period's titles only, when first used.
    page.locator("path.map-event").first.hover()
    titles = "Rebels storm|Strike on the market|Talks on|Raid on|March in"
    expect(page.locator(".leaflet-tooltip").filter(has_text=re.compile(titles))).to_have_count(1)
    assert [f for f in period_files(watched) if f.startswith("titles-")] in (
        ["titles-2016"],
        ["titles-2017"],
    )
    # Every date: 2015 comes too, each file once, and nothing is left to load.
    page.click("#map-all")
    expect(canvas).to_have_attribute("data-events-shown", "8")
    expect(status).to_have_text(
        "Showing 10 Mar 2015 to 10 Jun 2017: 8 of 8 events; areas as of 10 Jun 2017: 1."
    )
    assert sorted(f for f in period_files(watched) if f.startswith("events-")) == [
        "events-2015",
        "events-2016",
        "events-2017",
    ]
    page.fill("#map-from", "2016-01-01")
    page.locator("#map-from").dispatch_event("change")
    expect(canvas).to_have_attribute("data-events-shown", "7")  # the sit-in lasts into 2016
    assert len([f for f in period_files(watched) if f.startswith("events-")]) == 3
    outside = [url for url in watched.requests if not url.startswith(f"{periods_url}/")]
    assert outside == [] and watched.errors == []


def test_dates_in_the_address_load_only_the_periods_they_need(watched, periods_url):
    page = watched.page
    # January 2016 holds no event of its own, but the sit-in of November 2015 lasts into it.
    watched.open(f"{periods_url}/map/?from=2016-01-01&to=2016-01-31")
    expect(page.locator(".map-canvas")).to_have_attribute("data-events-shown", "1")
    assert period_files(watched) == ["events-2015"]
    expect(page.locator("#map-status")).to_contain_text("1 of 8 events")
    assert watched.errors == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["", "/ar"])
def test_map_notice_reads_well_on_phones_and_desktops(browser, periods_url, width, language):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{periods_url}{language}/map/")
    expect(page.locator(".map-canvas")).to_have_attribute("data-events-shown", "3")
    notice = page.locator(".map-notice")
    expect(notice).to_be_visible()
    box, form = notice.bounding_box(), page.locator("#map-filter").bounding_box()
    assert box["width"] <= width and box["y"] >= form["y"] + form["height"]  # below the dates
    name = f"map-notice{language.replace('/', '-')}-{width}.png"
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)
    context.close()


@pytest.mark.parametrize("language", ["", "/ar"])
def test_an_opened_cluster_gives_targets_a_finger_can_hit(browser, demo_url, language):
    """At 390 px, a cluster opened fans out into markers at least 32 px across that do not
    overlap (approximate places too: their ground circles are drawn as markers then)."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{demo_url}{language}/map/")
    expect(page.locator(".map-canvas.map-live")).to_be_attached()
    before = page.locator("path.map-event").count()
    for _ in range(6):  # a click zooms in, until the cluster's events fan out
        icons = page.locator(".map-cluster-icon")
        if page.locator("path.map-event").count() > before or icons.count() == 0:
            break
        icons.first.click()
        page.wait_for_timeout(700)
    marks = [
        box
        for box in (m.bounding_box() for m in page.locator("path.map-event").all())
        if box is not None and box["width"] > 0
    ]
    assert len(marks) > before
    for box in marks:
        assert box["width"] >= 31.5 and box["height"] >= 31.5, box
    for i, a in enumerate(marks):
        for b in marks[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"] + 1
                or b["x"] + b["width"] <= a["x"] + 1
                or a["y"] + a["height"] <= b["y"] + 1
                or b["y"] + b["height"] <= a["y"] + 1
            )
            assert apart, (a, b)
    page.screenshot(path=str(ARTIFACTS / f"map-spiderfied-390{language.replace('/', '-')}.png"))
    assert errors == []
    context.close()


# The basemap's colours where it draws land (protomaps-leaflet's "light" flavour: earth).
EARTH = (0xE2, 0xDF, 0xDA)


def drawn_basemap(page: Page) -> dict:
    """How much of the map's basemap canvases is painted, and with land's colour."""
    return page.evaluate(
        """([r, g, b]) => {
          let tiles = 0, land = 0;
          for (const canvas of document.querySelectorAll(".leaflet-tile-pane canvas")) {
            if (!canvas.width) continue;
            tiles++;
            const context = canvas.getContext("2d");
            const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
            const near = (i, c) => Math.abs(data[i] - c) < 4;
            for (let i = 0; i < data.length; i += 4 * 97) {
              if (near(i, r) && near(i + 1, g) && near(i + 2, b)) land++;
            }
          }
          return { tiles, land };
        }""",
        list(EARTH),
    )


@pytest.mark.parametrize("language", ["", "/ar"])
def test_the_basemap_is_read_from_the_site_by_ranges_and_drawn(browser, demo_url, language):
    """At 390 px in both languages: /map/ and a small map draw the site's own basemap, read
    from /basemap/ by range requests the server answers with 206; nothing else is asked of
    another host; the map credits the basemap's sources."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    answered: list[tuple[str, int, str | None]] = []
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on(
        "response",
        lambda r: (
            answered.append((r.url, r.status, r.request.headers.get("range")))
            if r.url.endswith(".pmtiles")
            else None
        ),
    )
    for path in ("/map/", "/events/2016-08-06-siege-declared-broken/"):
        answered.clear()
        page.goto(f"{demo_url}{language}{path}")
        expect(page.locator(".map-canvas.map-live").first).to_be_attached()
        page.wait_for_function("document.querySelectorAll('.leaflet-tile-pane canvas').length > 0")
        page.wait_for_timeout(800)  # the tiles' range requests, then painting
        assert answered, "no basemap request"
        for url, status, byte_range in answered:
            assert url == f"{demo_url}/basemap/aleppo.pmtiles"
            assert byte_range and byte_range.startswith("bytes="), byte_range
            assert status == 206
        drawn = drawn_basemap(page)
        assert drawn["tiles"] > 0 and drawn["land"] > 50, drawn
        credit = page.locator(".leaflet-control-attribution").first
        expect(credit).to_contain_text("Natural Earth")
        name = f"basemap{language.replace('/', '-')}{path.rstrip('/').replace('/', '-')}-390.png"
        page.screenshot(path=str(ARTIFACTS / name))
    assert [url for url in requests if not url.startswith(f"{demo_url}/")] == []
    assert errors == []
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_map_fits_its_features_at_any_width_and_when_the_width_changes(
    browser, demo_url, width
):
    """The areas and markers /map/ opens on lie inside the map and fill it across or down
    (quarter zooms: not half of it), at a phone's width and a desktop's, and again after
    the window is resized before the reader moves the map."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{demo_url}/map/")
    expect(page.locator(".map-canvas.map-live")).to_be_attached()

    def filled() -> float:
        page.wait_for_timeout(600)  # the fit, then Leaflet's redraw
        frame = page.locator(".map-canvas").bounding_box()
        boxes = [
            box
            for box in (
                shape.bounding_box()
                for shape in page.locator("path[class*='map-area'], .map-cluster-icon").all()
            )
            if box is not None
        ]
        assert boxes
        west, north = min(b["x"] for b in boxes), min(b["y"] for b in boxes)
        east = max(b["x"] + b["width"] for b in boxes)
        south = max(b["y"] + b["height"] for b in boxes)
        assert frame["x"] <= west and east <= frame["x"] + frame["width"] + 0.5
        assert frame["y"] <= north and south <= frame["y"] + frame["height"] + 0.5
        return max((east - west) / frame["width"], (south - north) / frame["height"])

    assert filled() >= 0.7
    page.set_viewport_size({"width": 1280 if width == 390 else 390, "height": 900})
    assert filled() >= 0.7
    context.close()
