"""Light, accessible pages, checked in a real browser (Debian's chromium via Playwright) on
the built demo site: axe-core finds no WCAG 2.1 A/AA violation on any page kind, keyboard
users can skip to the content and see where they are, pages stay within their weight, load
nothing from another host, print cleanly, and search works offline with its filters."""

from __future__ import annotations

import gzip
import re
from urllib.parse import quote, urlparse

import pytest

from tests.browser import serve
from tests.pagekinds import page_kinds
from tests.sitebuild import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
EVENT_BUDGET = 30 * 1024  # bytes gzip: an event page and all it loads, without its map
PAGE_BUDGET = 60 * 1024  # bytes gzip: any page's HTML and CSS
MAP_ASSET = re.compile(r"leaflet|markercluster|folium|/maps?/|\.map\.", re.IGNORECASE)


@pytest.fixture(scope="module")
def server(demo_site):
    with serve(demo_site) as url:
        yield url


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), "axe-core is missing: run `npm ci` (make test does)"
    return AXE.read_text(encoding="utf-8")


class Visit:
    """A page opened in a fresh context, with every response it received."""

    def __init__(self, browser, url: str, **context):
        # axe is injected by the test as an inline script, which the pages' own CSP rightly
        # blocks; the policy itself is tested in test_browser_security.py.
        self.context = browser.new_context(bypass_csp=True, **context)
        self.page = self.context.new_page()
        self.responses = []
        self.page.on("response", lambda response: self.responses.append(response))
        self.page.goto(url, wait_until="networkidle")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser):
    opened = []

    def open_page(url: str, **context) -> Visit:
        opened.append(Visit(browser, url, **context))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()


def run_axe(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def test_axe_finds_no_violation_on_any_page_kind(demo_site, server, visit, axe_source):
    ARTIFACTS.mkdir(exist_ok=True)
    found = {}
    for kind, url in page_kinds(demo_site).items():
        if kind == "search":
            url += "?q=siege"  # check the page with its form filled and results shown
        v = visit(server + url)
        if kind == "search":
            v.page.wait_for_selector("#search-results li")
        v.page.screenshot(
            path=str(ARTIFACTS / f"a11y-{kind.replace(' ', '-')}.png"), full_page=True
        )
        violations = run_axe(v.page, axe_source)
        if violations:
            found[kind] = violations
    assert found == {}


def test_axe_finds_no_violation_on_any_arabic_page_kind(demo_site, server, visit, axe_source):
    """The same check over the Arabic sub-site: every page kind under /ar/, right to left,
    with the search page's results (from the Arabic index) shown."""
    found = {}
    for kind, url in page_kinds(demo_site).items():
        url = "/ar" + url
        if kind == "search":
            url += "?q=" + quote("الحصار")
        v = visit(server + url)
        assert (v.page.get_attribute("html", "lang"), v.page.get_attribute("html", "dir")) == (
            "ar",
            "rtl",
        ), kind
        if kind == "search":
            v.page.wait_for_selector("#search-results li")
            assert v.page.locator("#search-results a[href^='/ar/']").count() >= 1
        v.page.screenshot(
            path=str(ARTIFACTS / f"a11y-ar-{kind.replace(' ', '-')}.png"), full_page=True
        )
        violations = run_axe(v.page, axe_source)
        if violations:
            found[kind] = violations
    assert found == {}


def test_axe_finds_no_violation_on_a_phone(demo_site, server, visit, axe_source):
    kinds = page_kinds(demo_site)
    found = {}
    for kind in ("home", "event", "data"):
        v = visit(server + kinds[kind], viewport={"width": 360, "height": 740})
        v.page.screenshot(path=str(ARTIFACTS / f"phone-{kind}.png"), full_page=True)
        violations = run_axe(v.page, axe_source)
        if violations:
            found[kind] = violations
    assert found == {}


def gzip_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def test_pages_stay_within_their_weight_and_load_nothing_from_elsewhere(demo_site, server, visit):
    origin = urlparse(server).netloc
    report = {}
    for kind, url in page_kinds(demo_site).items():
        v = visit(server + url)
        foreign = [r.url for r in v.responses if urlparse(r.url).netloc != origin]
        assert foreign == [], f"{kind} page loads from another host: {foreign}"
        html_css = sum(
            gzip_size(r.body())
            for r in v.responses
            if r.request.resource_type in ("document", "stylesheet")
        )
        report[kind] = html_css
        assert html_css <= PAGE_BUDGET, f"{kind}: HTML+CSS {html_css} bytes gzip"
        unsized = v.page.eval_on_selector_all(
            "img",
            "imgs => imgs.filter(i => !i.getAttribute('width') || !i.getAttribute('height'))"
            ".map(i => i.src)",
        )
        assert unsized == [], f"{kind}: images without width and height: {unsized}"
        fonts = [r.url for r in v.responses if r.request.resource_type == "font"]
        assert all(urlparse(f).netloc == origin for f in fonts)
    print("HTML+CSS bytes gzip per page kind:", report)


def test_event_page_weighs_at_most_30_kb_without_its_map(demo_site, server, visit):
    v = visit(server + page_kinds(demo_site)["event"])
    weights = {
        r.url: gzip_size(r.body())
        for r in v.responses
        if r.ok and not MAP_ASSET.search(urlparse(r.url).path)
    }
    total = sum(weights.values())
    assert total <= EVENT_BUDGET, f"event page {total} bytes gzip: {weights}"


def test_keyboard_user_can_skip_to_content_and_sees_focus(demo_site, server, visit):
    v = visit(server + page_kinds(demo_site)["event"])
    page = v.page
    page.keyboard.press("Tab")
    skip = page.evaluate(
        "() => { const a = document.activeElement; const r = a.getBoundingClientRect();"
        " return {text: a.textContent.trim(), left: r.left, top: r.top, width: r.width,"
        " outline: getComputedStyle(a).outlineStyle}; }"
    )
    assert skip["text"] == "Skip to content"
    assert skip["left"] >= 0 and skip["top"] >= 0 and skip["width"] > 0  # shown when focused
    assert skip["outline"] != "none"
    page.screenshot(path=str(ARTIFACTS / "keyboard-skip-link.png"))
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Every tab stop after it shows where the focus is.
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            "() => { const a = document.activeElement; const s = getComputedStyle(a);"
            " return {tag: a.tagName, href: a.getAttribute('href'), outline: s.outlineStyle,"
            " width: parseFloat(s.outlineWidth)}; }"
        )
        if focus["tag"] == "BODY":
            break
        seen.append(focus)
        assert focus["outline"] != "none" and focus["width"] >= 2, focus
    assert any(f["href"] and "/sources/" in f["href"] for f in seen)  # reached the content


def test_landmarks_and_language(demo_site, server, visit):
    for kind, url in page_kinds(demo_site).items():
        page = visit(server + url).page
        assert page.get_attribute("html", "lang") == "en", kind
        assert page.locator("main").count() == 1, kind
        navs = page.locator("header.site-header nav").evaluate_all(
            "navs => navs.map(n => n.getAttribute('aria-label'))"
        )
        assert navs == ["Main", "Languages"], kind  # each navigation named for screen readers
        assert page.locator("footer").count() >= 1, kind


def test_pages_read_without_javascript(demo_site, server, visit):
    kinds = page_kinds(demo_site)
    event = visit(server + kinds["event"], java_script_enabled=False).page
    assert event.locator("h1").inner_text()
    assert event.locator(".sources li").count() >= 2
    search = visit(server + kinds["search"], java_script_enabled=False).page
    assert "needs JavaScript" in search.locator("main").inner_text()
    assert search.locator("main a[href='/timeline/']").is_visible()


def test_print_drops_navigation_and_shows_link_addresses(demo_site, server, visit):
    page = visit(server + page_kinds(demo_site)["event"]).page
    page.emulate_media(media="print")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header nav')).display")
        == "none"
    )
    after = page.evaluate(
        "getComputedStyle(document.querySelector('main .sources a[href]'), '::after').content"
    )
    assert "/sources/" in after
    page.pdf(path=str(ARTIFACTS / "print-event.pdf"))


def search_results(page) -> list[str]:
    page.wait_for_function(
        "document.getElementById('search-status').textContent.includes('result')"
    )
    return page.eval_on_selector_all(
        "#search-results li h2 a", "as => as.map(a => a.getAttribute('href'))"
    )


def test_search_finds_words_offline(demo_site, server, visit):
    v = visit(server + page_kinds(demo_site)["search"] + "?q=siege")
    origin = urlparse(server).netloc
    hrefs = search_results(v.page)
    assert "/events/2016-08-06-siege-declared-broken/" in hrefs
    assert all(urlparse(r.url).netloc == origin for r in v.responses)
    v.page.screenshot(path=str(ARTIFACTS / "search-siege.png"), full_page=True)


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ("type=Actor", lambda hrefs: hrefs and all(h.startswith("/actors/") for h in hrefs)),
        (
            "actor=Jaish+al-Fath&type=Event",
            lambda hrefs: (
                "/events/2016-08-06-siege-declared-broken/" in hrefs
                and all(h.startswith("/events/") for h in hrefs)
            ),
        ),
        (
            "place=Ramousah+district&type=Event",
            lambda hrefs: (
                "/events/2016-08-06-siege-declared-broken/" in hrefs
                and "/events/2016-07-17-castello-road-cut/" not in hrefs
            ),
        ),
    ],
)
def test_search_filters_by_type_actor_and_place(demo_site, server, visit, query, expect):
    page = visit(server + page_kinds(demo_site)["search"] + "?" + query).page
    hrefs = search_results(page)
    assert expect(hrefs), hrefs


def test_search_form_works_from_the_keyboard(demo_site, server, visit):
    page = visit(server + page_kinds(demo_site)["search"]).page
    page.get_by_label("Words to find").fill("evacuated")
    page.get_by_label("Type", exact=True).select_option("Event")
    page.get_by_label("Words to find").press("Enter")
    hrefs = search_results(page)
    assert "/events/2016-12-01-eastern-aleppo-evacuated/" in hrefs
    assert "type=Event" in page.url
