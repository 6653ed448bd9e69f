"""Feeds and the web's conventions: Atom feeds, sitemap.xml and robots.txt, parsed and their
links resolved against the built output; feeds linked from the pages that offer them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest

from generators.content.schema import KINDS
from tests.sitebuild import ROOT, build, page

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = ""  # a build without SITEURL: root-relative addresses (Atom with xml:base)


def resolve(output: Path, url: str, base: str = BASE) -> Path:
    """The built file an address of the site (absolute, or root-relative) points at."""
    assert url.startswith(f"{base}/"), url
    path = output / urlparse(url).path.lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def parse_atom(path: Path) -> ET.Element:
    feed = ET.parse(path).getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    # RFC 4287: an author for the feed, or one in every entry
    if feed.find(f"{ATOM}author/{ATOM}name") is None:
        assert all(
            e.find(f"{ATOM}author/{ATOM}name") is not None for e in feed.iter(f"{ATOM}entry")
        )
    return feed


def all_feeds(output: Path) -> list[Path]:
    return sorted((output / "feeds").rglob("*.atom.xml"))


def test_every_feed_is_atom_and_its_links_resolve(demo_site):
    feeds = all_feeds(demo_site)
    expected = {"feeds/events.atom.xml", "feeds/analyses.atom.xml"}
    for kind in ("actors", "places"):
        expected |= {
            f"feeds/{kind}/{p.stem}.atom.xml" for p in (ROOT / "content" / kind).glob("*.yaml")
        }
    assert {p.relative_to(demo_site).as_posix() for p in feeds} == expected
    for path in feeds:
        feed = parse_atom(path)
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        assert resolve(demo_site, links["self"]) == path
        assert resolve(demo_site, links["alternate"]).is_file()
        for entry in feed.findall(f"{ATOM}entry"):
            for required in ("id", "title", "updated"):
                assert entry.find(f"{ATOM}{required}") is not None
            href = entry.find(f"{ATOM}link").get("href")
            assert resolve(demo_site, href).is_file(), href


def test_actor_feed_lists_the_actors_events_newest_first(demo_site):
    feed = parse_atom(demo_site / "feeds/actors/jaish-al-fath.atom.xml")
    actor_page = page(demo_site, "/actors/jaish-al-fath/")
    listed = {a["href"] for a in actor_page.select(".event-list a[href*='/events/']")}
    entries = feed.findall(f"{ATOM}entry")
    hrefs = [e.find(f"{ATOM}link").get("href").removeprefix(BASE) for e in entries]
    assert set(hrefs) == listed and len(hrefs) == len(listed)
    updated = [e.find(f"{ATOM}published").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    content = entries[0].find(f"{ATOM}content").text
    assert "Assessment:" in content


@pytest.mark.parametrize(
    ("url", "feed"),
    [
        ("/actors/jaish-al-fath/", "/feeds/actors/jaish-al-fath.atom.xml"),
        ("/places/ramousah/", "/feeds/places/ramousah.atom.xml"),
        ("/timeline/", "/feeds/events.atom.xml"),
        ("/", "/feeds/analyses.atom.xml"),
    ],
)
def test_pages_link_their_feeds(demo_site, url, feed):
    soup = page(demo_site, url)
    alternates = [
        link["href"] for link in soup.find_all("link", rel="alternate", type="application/atom+xml")
    ]
    assert feed in alternates
    assert (demo_site / feed.lstrip("/")).is_file()


def test_actor_page_offers_a_visible_feed_link(demo_site):
    soup = page(demo_site, "/places/ramousah/")
    link = soup.select_one(".subscribe a[type='application/atom+xml']")
    assert link["href"] == "/feeds/places/ramousah.atom.xml"


def test_sitemap_lists_every_page_and_each_resolves(demo_site):
    index = ET.parse(demo_site / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP}sitemapindex"  # of one part: the demo is small
    parts = [part.find(f"{SITEMAP}loc").text for part in index.findall(f"{SITEMAP}sitemap")]
    assert parts == [f"{BASE}/sitemap-1.xml"]
    root = ET.parse(resolve(demo_site, parts[0])).getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = [url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert resolve(demo_site, loc).is_file(), loc
    pages = {
        p.relative_to(demo_site).as_posix()
        for p in demo_site.rglob("index.html")
        if not p.relative_to(demo_site).as_posix().startswith("pagefind/")
    }
    listed = {resolve(demo_site, loc).relative_to(demo_site).as_posix() for loc in locs}
    assert listed == pages
    assert f"{BASE}/events/2016-08-06-siege-declared-broken/" in locs
    assert all("404" not in loc for loc in locs)


def test_robots_names_the_sitemap(demo_site):
    robots = (demo_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


def test_publish_build_uses_the_real_address(tmp_path):
    real = "https://reports.example.net"
    output = build(
        ROOT / "tests/sites/minimal/content",
        tmp_path / "output",
        SITEURL=real,
        FEED_DOMAIN=real,
        SITREP_SEARCH=False,
    )
    feed = parse_atom(output / "feeds/events.atom.xml")
    assert feed.find(f"{ATOM}id").text == f"{real}/feeds/events.atom.xml"
    for entry in feed.findall(f"{ATOM}entry"):
        assert resolve(output, entry.find(f"{ATOM}link").get("href"), real).is_file()
    soup = page(output, "/events/2016-08-06-siege-broken/")
    assert soup.find("link", rel="canonical")["href"] == f"{real}/events/2016-08-06-siege-broken/"
    assert "Sitemap: https://reports.example.net/sitemap.xml" in (output / "robots.txt").read_text()


def test_every_kind_with_pages_has_data(demo_site):
    for kind in KINDS:
        assert (demo_site / f"data/{kind}.json").is_file()


def test_a_plain_build_writes_no_loopback_address(demo_site):
    """Regression: after `sitrep build` (no --publish) 197 files held http://127.0.0.1:8000/
    links, and changes/atom.xml had root-relative links with no xml:base."""
    holding = [
        path.relative_to(demo_site).as_posix()
        for path in demo_site.rglob("*")
        if path.is_file()
        and not path.relative_to(demo_site).as_posix().startswith("pagefind/")
        and b"127.0.0.1" in path.read_bytes()
    ]
    assert holding == []
    for path in [*all_feeds(demo_site), demo_site / "changes" / "atom.xml"]:
        feed = parse_atom(path)
        assert feed.get("{http://www.w3.org/XML/1998/namespace}base") == "/", path
        assert feed.find(f"{ATOM}id").text.startswith("urn:uuid:"), path
        for entry in feed.iter(f"{ATOM}entry"):
            assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
            assert entry.find(f"{ATOM}link").get("href").startswith("/")


def test_feedparser_reads_absolute_links_where_the_feed_is_published(demo_site, tmp_path):
    """A real feed reader: relative links resolve against where the feed is fetched from
    (its xml:base is "/"); a publish build's links are absolute as they are."""
    import feedparser

    where = "https://desk.example/feeds/events.atom.xml"
    plain = feedparser.parse(
        (demo_site / "feeds" / "events.atom.xml").read_bytes(),
        response_headers={"content-location": where, "content-type": "application/atom+xml"},
    )
    assert not plain.bozo, plain.get("bozo_exception")
    links = [entry.link for entry in plain.entries]
    assert links and all(link.startswith("https://desk.example/events/") for link in links)
    real = "https://reports.example.net"
    output = build(
        ROOT / "tests/sites/minimal/content",
        tmp_path / "output",
        SITEURL=real,
        FEED_DOMAIN=real,
        SITREP_SEARCH=False,
    )
    published = feedparser.parse((output / "feeds" / "events.atom.xml").read_bytes())
    assert not published.bozo
    assert [e.link for e in published.entries] == [
        f"{real}/events/2016-08-06-siege-broken/",
        f"{real}/events/2016-08-05-assault/",
        f"{real}/events/2016-07-20-old-name/",
    ]
    soup = page(output, "/events/2016-08-06-siege-broken/")
    og = soup.find("meta", property="og:url")["content"]
    assert og == f"{real}/events/2016-08-06-siege-broken/"
