"""Hostile input: content that carries markup and script must never run on a reader's page.

tests/sites/hostile puts `<script>`, `<img onerror>`, `<svg onload>`, `<iframe>`,
`javascript:`/`data:` links, backticks and `${...}` into every text field. Each payload calls
`pwned(n)`; these tests parse every built page and feed as a browser would and assert that no
element could run it, and that plain-text fields show the author's text literally.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.hazards import parse, problems

# The payload of every plain-text field of the fixture, after its label ("Event title ...").
PAYLOAD = (
    '<script>pwned(1)</script><img src=x onerror=pwned(2)><svg onload=pwned(3)><iframe src="'
    'javascript:pwned(4)"></iframe><a href="data:text/html,x">d</a> `${pwned(5)}` &amp;'
)
ATOM = "{http://www.w3.org/2005/Atom}"


def built_files(output: Path, suffix: str) -> list[Path]:
    return sorted(output.rglob(f"*{suffix}"))


def test_hazard_checks_catch_each_attack():
    """The checker itself: each way of running script is reported (so a pass means something)."""
    attacks = [
        "<script>pwned()</script>",
        '<script src="https://evil.example/x.js"></script>',
        "<img src=x onerror=pwned()>",
        "<svg><a onclick=pwned()>x</a></svg>",
        '<a href=" JaVa&#x09;Script:pwned()">x</a>',
        '<a href="data:text/html,pwned">x</a>',
        '<iframe src="/x"></iframe>',
        "<script>var label = `${pwned()}`;</script>",
        '<script type="application/ld+json">{"name": "</script><b>"}</script>',
        '<meta http-equiv="refresh" content="0;url=javascript:pwned()">',
        '<form><button formaction="javascript:pwned()">x</button></form>',
        '<div style="background:url(javascript:pwned())">x</div>',
    ]
    for html in attacks:
        assert problems(parse(html)), html
    harmless = (
        '<script>var label = "<b>pwned()</b>", t = `text ${label} pwned()`;</script>'
        '<script type="application/ld+json">{"name": "pwned()"}</script>'
        '<script src="/theme/js/site.js"></script><a href="https://example.org/">x</a>'
        "<p>&lt;script&gt;pwned()&lt;/script&gt; `${pwned()}`</p>"
    )
    assert problems(parse(harmless)) == []


def test_no_page_can_run_content(hostile_site):
    pages = built_files(hostile_site, ".html")
    assert len(pages) >= 20
    found = [
        f"{path.relative_to(hostile_site)}: {problem}"
        for path in pages
        for problem in problems(parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def feed_html(feed: ET.Element) -> list[str]:
    """The parts of an Atom or RSS feed that a feed reader renders as HTML."""
    html = []
    for element in feed.iter():
        name = element.tag.rsplit("}", 1)[-1]
        atom_html = element.tag.startswith(ATOM) and element.get("type") in ("html", "xhtml")
        if atom_html or name in ("description", "encoded"):  # RSS, and content:encoded
            html.append(element.text or "")
    return html


def test_every_feed_is_sanitised(hostile_site):
    feeds = [
        p
        for p in hostile_site.rglob("*.xml")
        if ET.parse(p).getroot().tag == f"{ATOM}feed"  # not the sitemap
    ]
    assert feeds  # the analyses feed at least
    for path in feeds:
        parts = feed_html(ET.parse(path).getroot())
        # The text is there (in HTML parts, or as plain text: the changes feed names items
        # in its titles) ...
        assert "pwned" in path.read_text(encoding="utf-8"), path
        found = [problem for part in parts for problem in problems(parse(part))]
        assert found == [], path  # ... and cannot run


def test_feed_titles_are_literal(hostile_site):
    feed = ET.parse(hostile_site / "feeds" / "all.atom.xml").getroot()
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert titles == [f"Analysis title {PAYLOAD}"]


# (page, CSS selector, attribute or None for the text, label of the field in the fixture)
LITERAL = [
    ("/events/2016-08-06-hostile/", "h1", None, "Event title"),
    ("/events/2016-08-06-hostile/", "title", None, "Event title"),
    ("/events/2016-08-06-hostile/", "meta[name=description]", "content", "Event title"),
    ("/events/2016-08-06-hostile/", "meta[name=description]", "content", "District name"),
    ("/events/2016-08-06-hostile/", ".facts a[href='/places/hostile-district/']", None,
     "District name"),
    ("/events/2016-08-06-hostile/", ".facts a[href='/actors/hostile-group/']", None,
     "Alias name"),
    ("/events/2016-08-06-hostile/", ".facts a[href='/actors/hostile-group/']", None,
     "(later Actor name"),
    ("/events/2016-08-06-hostile/", ".facts a[href='/actors/hostile-alliance/']", None,
     "Alliance name"),
    ("/events/2016-08-06-hostile/", "#source-hostile-wire > a[href^='/sources/']", None,
     "Wire name"),
    ("/events/2016-08-06-hostile/", "#source-hostile-wire > a[rel]", None, "Citation title"),
    ("/events/2016-08-06-hostile/", "#source-hostile-tv", None, "Unlinked citation title"),
    ("/events/2016-08-06-hostile/", ".stance-denies .attribution", None, "TV name"),
    ("/events/2016-08-06-hostile/", ".stance-asserts .attribution", None, "Wire name"),
    ("/events/2016-08-06-hostile/", "#related-h + ol", None, "Second event title"),
    ("/events/2016-08-07-hostile-inline/", "h1", None, "Second event title"),
    ("/events/2016-08-07-hostile-inline/", ".facts", None, "Inline location"),
    ("/actors/hostile-group/", "h1", None, "Actor name"),
    ("/actors/hostile-group/", "title", None, "Actor name"),
    ("/actors/hostile-group/", "span[lang=ar]", None, "Arabic name"),
    ("/actors/hostile-group/", "article ul", None, "Alias name"),
    ("/actors/hostile-group/", "a[href='/actors/hostile-alliance/']", None, "Alliance name"),
    ("/actors/hostile-group/", ".event-list", None, "Event title"),
    ("/actors/hostile-alliance/", "a[href='/actors/hostile-group/']", None, "Actor name"),
    ("/actors/", ".directory", None, "Actor name"),
    ("/places/hostile-city/", "h1", None, "City name"),
    ("/places/hostile-city/", "span[lang=ar]", None, "Arabic city"),
    ("/places/hostile-city/", ".facts", None, "Governorate"),
    ("/places/hostile-city/", ".facts", None, "District"),
    ("/places/hostile-city/", ".facts a[href='/places/hostile-district/']", None,
     "District name"),
    ("/places/hostile-district/", ".kicker", None, "City name"),
    ("/places/", ".directory", None, "City name"),
    ("/sources/hostile-wire/", "h1", None, "Wire name"),
    ("/sources/", ".directory", None, "TV name"),
    ("/days/2016-08-06/", ".event-list", None, "Event title"),
    ("/timeline/", "main", None, "Second event title"),
    ("/", ".latest-analysis", None, "Analysis title"),
    ("/", ".event-list", None, "Event title"),
    ("/analyses/", ".directory", None, "Analysis title"),
    ("/analyses/hostile-analysis/", "h1", None, "Analysis title"),
    ("/analyses/hostile-analysis/", "article a[href='/events/2016-08-06-hostile/']", None,
     "Event title"),
    ("/analyses/hostile-analysis/", "article a[href='/actors/hostile-group/']", None,
     "Actor name"),
    ("/analyses/hostile-analysis/", "article a[href='/places/hostile-city/']", None,
     "City name"),
    ("/analyses/hostile-analysis/", "article a[href='/sources/hostile-wire/']", None,
     "Wire name"),
    ("/hostile-page/", "h1", None, "Page title"),
]  # fmt: skip


@pytest.mark.parametrize(("url", "selector", "attribute", "label"), LITERAL)
def test_plain_text_is_shown_literally(hostile_site, url, selector, attribute, label):
    path = hostile_site / url.lstrip("/") / ("index.html" if url.endswith("/") else "")
    soup = parse(path.read_text(encoding="utf-8"))
    element = soup.select_one(selector)
    assert element is not None, selector
    shown = element[attribute] if attribute else element.get_text()
    assert f"{label} {PAYLOAD}" in shown


@pytest.mark.parametrize(
    ("url", "selector"),
    [
        ("/events/2016-08-06-hostile/", ".summary"),
        ("/events/2016-08-06-hostile/", ".stance-asserts blockquote"),
        ("/events/2016-08-06-hostile/", ".assessment-note"),
        ("/actors/hostile-group/", "article"),
        ("/analyses/hostile-analysis/", "article.analysis"),
        ("/hostile-page/", "article"),
    ],
)
def test_markdown_keeps_its_text_and_loses_its_weapons(hostile_site, url, selector):
    soup = parse((hostile_site / url.lstrip("/") / "index.html").read_text(encoding="utf-8"))
    element = soup.select_one(selector)
    text = element.get_text()
    assert "literal ${pwned(33)}" in text
    assert [c.get_text() for c in element.find_all("code")][:2] == ["${pwned(32)}", "back`tick"]
    kept = [a.get("href") for a in element.find_all("a") if a.get("href")]
    assert all(href.startswith(("https://", "/")) for href in kept), kept
    assert "over" in text and "js link" in text  # link text stays, dangerous targets go
