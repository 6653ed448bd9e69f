"""The Arabic pages of the demo site in a real browser (Debian's chromium through
Playwright): each page kind loads with no console error and lays out right to left, with the
navigation mirrored. A screenshot of an Arabic event page is saved in tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import serve

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARABIC_PAGES = [
    "/ar/",
    "/ar/events/2016-08-06-siege-declared-broken/",
    "/ar/events/2016-12-01-eastern-aleppo-evacuated/",
    "/ar/actors/",
    "/ar/actors/jabhat-fateh-al-sham/",
    "/ar/places/",
    "/ar/places/ramousah/",
    "/ar/sources/",
    "/ar/sources/sohr/",
    "/ar/days/2016-08-06/",
    "/ar/timeline/",
    "/ar/contested/",
    "/ar/changes/",
    "/ar/indicators/",
    "/ar/indicators/civilians-under-siege-eastern-aleppo/",
    "/ar/analyses/",
    "/ar/analyses/siege-broken-day/",
    "/ar/analyses/humanitarian-situation/",
    "/ar/about/grades/",
    "/ar/map/",
    "/ar/data/",
    "/ar/search/",
    "/ar/404.html",
]


@pytest.fixture(scope="module")
def served(demo_site) -> Iterator[str]:
    """The built demo site on a free local port."""
    with serve(demo_site) as url:
        yield url


def test_arabic_pages_load_cleanly_right_to_left(served, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []

    def on_console(message) -> None:
        # The browser asks every site for /favicon.ico; the site has none, in any language.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            problems.append(f"{message.text} {message.location['url']}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    # A request cut short by going on to the next page (the favicon, search's worker) is
    # aborted, not failed.
    page.on(
        "requestfailed",
        lambda request: (
            problems.append(f"failed: {request.url} {request.failure}")
            if request.failure != "net::ERR_ABORTED"
            else None
        ),
    )
    page.on(
        "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    for url in ARABIC_PAGES:
        response = page.goto(served + url)
        assert response.status == 200, url
        direction = page.evaluate("getComputedStyle(document.body).direction")
        assert direction == "rtl", url
    page.close()
    assert problems == [], "\n".join(problems)


def test_navigation_is_mirrored(served, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    boxes = {}
    for lang, url in (("ar", "/ar/timeline/"), ("en", "/timeline/")):
        page.goto(served + url)
        links = page.locator("header nav:not(.languages) ul li a")  # the main navigation
        first, last = links.first.bounding_box(), links.nth(8).bounding_box()
        brand = page.locator("a.brand").bounding_box()
        boxes[lang] = (first["x"], last["x"], brand["x"])
    page.close()
    (ar_first, ar_last, ar_brand), (en_first, en_last, en_brand) = boxes["ar"], boxes["en"]
    assert ar_first > ar_last and en_first < en_last  # 'Timeline' comes first in reading order
    assert ar_brand > 640 > en_brand  # the site's name stands at the start of the line


def test_screenshot_of_an_arabic_event_page(served, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(served + "/ar/events/2016-08-06-siege-declared-broken/")
    shot = ARTIFACTS / "arabic-event.png"
    page.screenshot(path=str(shot), full_page=True)
    heading = page.locator("h1").bounding_box()
    summary = page.locator(".summary p").first.bounding_box()
    page.close()
    assert shot.stat().st_size > 50_000
    # Right-aligned text: the heading and the summary end at the same right edge.
    assert abs((heading["x"] + heading["width"]) - (summary["x"] + summary["width"])) < 2


def test_arabic_map_speaks_arabic(served, browser):
    """Popups, layer control and the date filter's status of /ar/map/ are in Arabic, with
    the popup marked right to left; the data files come from the site's root."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served + "/ar/map/")
    page.wait_for_selector(".map-canvas.map-live")
    status = page.locator("#map-status").inner_text()
    assert "الأحداث المعروضة" in status and "آب" in status, status
    assert "مناطق السيطرة" in page.locator(".leaflet-control-layers").inner_text()
    page.locator("path.map-event").first.click(force=True)
    popup = page.locator(".leaflet-popup-content .map-popup")
    popup.wait_for()
    assert (popup.get_attribute("lang"), popup.get_attribute("dir")) == ("ar", "rtl")
    assert "التقييم" in popup.inner_text()
    assert popup.locator("a").first.get_attribute("href").startswith("/ar/events/")
    page.close()
    assert any(url.startswith(served + "/map/events-2016.geojson") for url in requested)
    assert not any("/ar/map/" in url and ".geojson" in url for url in requested)


@pytest.mark.parametrize("language", ["", "/ar"])
def test_place_labels_sit_beside_their_places_in_both_directions(served, browser, language):
    """A place's label starts just right of its dot, on the Arabic map too (Leaflet places
    tooltips by their left edge, which a right-to-left page otherwise moves to the right)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + language + "/map/")
    page.wait_for_selector(".leaflet-tooltip.map-place-label")
    labels = page.locator(".leaflet-tooltip.map-place-label")
    dots = page.locator("path.map-place")  # in the order of their labels
    assert labels.count() > 0 and labels.count() == dots.count()
    shown = 0
    for i in range(labels.count()):
        label, dot = labels.nth(i).bounding_box(), dots.nth(i).bounding_box()
        if label is None or dot is None:  # a minor place's label, hidden at this zoom
            continue
        middle = dot["x"] + dot["width"] / 2
        right = middle < label["x"] < middle + 30
        left = middle - 30 < label["x"] + label["width"] < middle  # it would pass the edge
        # Above or below, centred on it: beside it, it would lie under a marker.
        centred = abs(label["x"] + label["width"] / 2 - middle) < 2
        assert right or left or centred, (language, i, label, dot)
        shown += 1
    assert shown > 0
    page.close()


@pytest.mark.parametrize("language", ["", "/ar"])
@pytest.mark.parametrize("url", ["/map/", "/places/aleppo/"])
def test_place_labels_stay_inside_the_map_on_a_phone(served, browser, language, url):
    """At 390 px, no place label runs past the map's edge in either direction or lies
    under a marker: each is moved to another side of its dot, or hidden when none fits."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served + language + url)
    page.wait_for_selector(
        ".map-canvas.map-live .leaflet-tooltip.map-place-label:not(.map-label-hidden)"
    )
    page.wait_for_timeout(800)  # the labels are fitted again once the markers settle
    frame = page.locator(".map-canvas").first.bounding_box()
    labels = page.locator(".leaflet-tooltip.map-place-label")
    markers = page.locator(".map-cluster-icon, path.map-event:not(.map-approx)")
    marks = [box for box in (m.bounding_box() for m in markers.all()) if box]
    assert marks  # the map has markers a label could lie under
    visible = 0
    for i in range(labels.count()):
        label = labels.nth(i)
        box = label.bounding_box()
        hidden = label.evaluate("e => getComputedStyle(e).visibility === 'hidden'")
        if box is None or hidden or not label.is_visible():
            continue
        visible += 1
        assert frame["x"] - 0.5 <= box["x"], (language, url, label.inner_text())
        assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 0.5, (
            language,
            url,
            label.inner_text(),
        )
        for mark in marks:
            apart = (
                box["x"] + box["width"] <= mark["x"] + 0.5
                or mark["x"] + mark["width"] <= box["x"] + 0.5
                or box["y"] + box["height"] <= mark["y"] + 0.5
                or mark["y"] + mark["height"] <= box["y"] + 0.5
            )
            assert apart, (language, url, label.inner_text(), box, mark)
    assert visible > 0
    page.screenshot(path=str(ARTIFACTS / f"map-labels-390{language.replace('/', '-')}.png"))
    assert errors == []
    page.close()
