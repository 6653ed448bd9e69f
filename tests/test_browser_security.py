"""Each page kind in a real browser (Debian's chromium through Playwright): the
Content-Security-Policy blocks nothing the site itself needs, no console error, no request
to another host, and no script planted in content runs even with the policy switched off."""

from __future__ import annotations

import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser import serve as serve_folder
from tests.sitebuild import ROOT, SITES, build

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Installed before any script of the page runs (Playwright's init scripts bypass the CSP).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} line ${e.lineNumber}`));
window.__pwned = [];
window.pwned = (n) => window.__pwned.push(n);
"""


@pytest.fixture
def serve():
    """serve(folder) -> base URL of a local server for that folder (stopped after the test)."""
    with ExitStack() as servers:
        yield lambda folder: servers.enter_context(serve_folder(folder))


class Visitor:
    """One browser tab that records what the browser reports while each page loads."""

    def __init__(self, browser: Browser, *, bypass_csp: bool = False):
        self.context = browser.new_context(bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.page.add_init_script(LISTEN)
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page.on(
            "console", lambda m: m.type in ("error", "warning") and self.console.append(m.text)
        )
        self.page.on("pageerror", lambda e: self.console.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def visit(self, url: str) -> dict:
        """Load a page; what the browser reported while loading it."""
        self.console.clear()
        self.requests.clear()
        response = self.page.goto(url, wait_until="load")
        # Violations are reported in a later task: let the page's queued tasks run first.
        self.page.evaluate("new Promise((done) => setTimeout(done, 50))")
        return {
            "status": response.status if response else None,
            "violations": self.page.evaluate("window.__violations"),
            "pwned": self.page.evaluate("window.__pwned"),
            "console": list(self.console),
            "requests": list(self.requests),
        }

    def close(self) -> None:
        self.context.close()


def page_kinds(output: Path) -> list[str]:
    """One URL of each kind of page in a built site."""
    urls = ["/", "/timeline/", "/analyses/", "/actors/", "/places/", "/sources/"]
    urls += ["/about/grades/", "/404.html"]
    for folder in ("events", "actors", "places", "sources", "days", "analyses"):
        first = sorted(p for p in (output / folder).iterdir() if p.is_dir())[0]
        urls.append(f"/{folder}/{first.name}/")
    return urls


def test_demo_page_kinds_load_without_violation_error_or_foreign_request(browser, serve, demo_site):
    base = serve(demo_site)
    tab = Visitor(browser)
    for url in page_kinds(demo_site):
        found = tab.visit(base + url)
        assert found["status"] == 200, url
        assert found["violations"] == [], url
        assert found["console"] == [], url
        assert [r for r in found["requests"] if not r.startswith(base + "/")] == [], url
        if url.startswith("/events/"):
            ARTIFACTS.mkdir(exist_ok=True)
            tab.page.screenshot(path=ARTIFACTS / "security-demo-event.png", full_page=True)
    tab.close()


@pytest.mark.parametrize("bypass_csp", [True, False], ids=["policy-off", "policy-on"])
def test_hostile_pages_run_nothing(browser, serve, hostile_site, bypass_csp):
    base = serve(hostile_site)
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 20
    tab = Visitor(browser, bypass_csp=bypass_csp)
    for path in pages:
        url = "/" + path.relative_to(hostile_site).as_posix()
        found = tab.visit(base + url)
        assert found["pwned"] == [], url  # no payload ran
        assert found["violations"] == [], url  # nor tried to, under the policy
        assert found["console"] == [], url
        if url == "/events/2016-08-06-hostile/index.html" and not bypass_csp:
            ARTIFACTS.mkdir(exist_ok=True)
            tab.page.screenshot(path=ARTIFACTS / "security-hostile-event.png")
    tab.close()


def test_inline_script_the_build_emits_runs_and_any_other_is_blocked(browser, serve, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "sitrep", theme)
    base_html = theme / "templates" / "base.html"
    base_html.write_text(
        base_html.read_text().replace(
            "</head>",
            '<script>document.documentElement.dataset.js = "on";</script>\n'
            "<style>.site-header { outline: 3px solid rgb(1, 2, 3) }</style>\n</head>",
        )
    )
    output = build(SITES / "minimal" / "content", tmp_path / "output", THEME=str(theme))
    base = serve(output)
    tab = Visitor(browser)
    found = tab.visit(base + "/")
    assert tab.page.evaluate("document.documentElement.dataset.js") == "on"
    outline = tab.page.evaluate("getComputedStyle(document.querySelector('.site-header')).outline")
    assert "rgb(1, 2, 3)" in outline
    assert found["violations"] == [] and found["console"] == []

    # A script that got into a page after the build (or past escaping) has no hash.
    page = (output / "index.html").read_text()
    script = '<script>document.documentElement.dataset.injected = "yes";</script>'
    (output / "injected.html").write_text(page.replace("</main>", script + "</main>"))
    tab.visit(base + "/injected.html")
    tab.page.wait_for_function("() => window.__violations.length > 0")  # reported later
    injected = "[...document.scripts].filter(s => s.text.includes('injected')).length"
    assert tab.page.evaluate(injected) == 1  # it is there ...
    assert tab.page.evaluate("document.documentElement.dataset.injected") is None  # ... blocked
    violations = tab.page.evaluate("window.__violations")
    assert [v.split()[0] for v in violations] == ["script-src-elem"]
    tab.close()


def test_a_graphic_image_loads_only_when_the_reader_asks_for_it(browser, serve, demo_site):
    base = serve(demo_site)
    visitor = Visitor(browser)
    try:
        found = visitor.visit(f"{base}/events/2016-08-05-jfs-videos-inside-artillery-base/")
        visitor.page.mouse.wheel(0, 100_000)  # down to the sources: lazy images would load
        visitor.page.wait_for_timeout(300)
        graphic = "/images/demo/graphic-stand-in.svg"
        assert not [r for r in visitor.requests if r.endswith(graphic)], found
        assert found["violations"] == [] and found["console"] == []
        visitor.page.click("a.graphic-media")
        visitor.page.wait_for_load_state("load")
        assert visitor.page.url == f"{base}{graphic}"
        assert any(r.endswith(graphic) for r in visitor.requests)
        # A medium that is not graphic is shown on its page, from the site itself.
        visitor.visit(f"{base}/events/2016-08-06-siege-declared-broken/")
        sketch = visitor.page.locator("ul.media img")
        sketch.scroll_into_view_if_needed()
        visitor.page.wait_for_function(
            "() => document.querySelector('ul.media img').naturalWidth > 0"
        )
        assert any(
            r.endswith("/images/demo/ramousah-corridor-sketch.svg") for r in visitor.requests
        )
    finally:
        visitor.close()
