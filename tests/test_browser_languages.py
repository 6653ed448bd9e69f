"""The Arabic pages of the demo site in a real browser (Debian's chromium through
Playwright): each page kind loads with no console error and lays out right to left, with the
navigation mirrored. A screenshot of an Arabic event page is saved in tests/artifacts/."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
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
    "/ar/404.html",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(demo_site) -> Iterator[str]:
    """The built demo site on a free local port."""
    handler = functools.partial(QuietHandler, directory=str(demo_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=BROWSER_ARGS
        )
        yield chromium
        chromium.close()


def test_arabic_pages_load_cleanly_right_to_left(served, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []

    def on_console(message) -> None:
        # The browser asks every site for /favicon.ico; the site has none, in any language.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            problems.append(f"{message.text} {message.location['url']}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on(
        "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    for url in ARABIC_PAGES:
        response = page.goto(served + url)
        assert response.status == 200, url
        direction = page.evaluate("getComputedStyle(document.body).direction")
        assert direction == "rtl", url
    page.close()
    assert problems == []


def test_navigation_is_mirrored(served, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    boxes = {}
    for lang, url in (("ar", "/ar/timeline/"), ("en", "/timeline/")):
        page.goto(served + url)
        links = page.locator("header nav[aria-label] ul li a")
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
