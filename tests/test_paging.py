"""Long lists split by month and page through, so that no page grows with the site
(views/paging.py): an actor's, a place's or a source's events, /contested/, the timeline's
months and a crowded day; and the sitemap is an index of files of at most SITEMAP_URLS."""

from __future__ import annotations

import gzip
import shutil
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path

import pytest

from tests.sitebuild import SITES, build, page

# 25 events in August (20 of them on 2016-08-06), 6 in July and 5 in June, every one for
# the same actor, place and source, and contested.
DAYS = ["2016-08-06"] * 20 + [f"2016-08-1{d}" for d in range(5)]
DAYS += [f"2016-07-0{d}" for d in range(1, 7)] + [f"2016-06-0{d}" for d in range(1, 6)]
EVENT = """\
title: Crowded event {n}
date: {day}
type: battles
subtype: armed-clash
place: district
actors:
  - actor: rebel-alliance
    role: initiator
sources:
  - source: wire
    credibility: 3
assessment:
  grade: contested
  note: Disputed, as event {n}.
"""
LIMITS = {"LIST_PAGE_EVENTS": 4, "CONTESTED_PAGE_EVENTS": 3, "TIMELINE_PAGE_EVENTS": 5}
SITEMAP_URLS = 40
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


# More analyses than LIST_PAGE_EVENTS, over three months.
ANALYSES = {f"note-{n}": f"2016-{7 + n % 3:02d}-{10 + n:02d}" for n in range(7)}


def crowd(content: Path) -> None:
    """Add the crowded events and analyses to a copy of the minimal site's content."""
    folder = content / "events" / "crowd"
    folder.mkdir()
    for n, day in enumerate(DAYS):
        (folder / f"{day}-crowd-{n}.yaml").write_text(EVENT.format(n=n, day=day), "utf-8")
    for slug, day in ANALYSES.items():
        text = f"Title: Note {slug}\nDate: {day}\nSummary: A note.\n\nWhat the desk saw.\n"
        (content / "analyses" / f"{slug}.md").write_text(text, "utf-8")


@pytest.fixture(scope="module")
def crowded(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("paging")
    shutil.copytree(SITES / "minimal" / "content", root / "content")
    crowd(root / "content")
    return build(root / "content", root / "output", SITEMAP_URLS=SITEMAP_URLS, **LIMITS)


def crowd_ids() -> set[str]:
    return {f"{day}-crowd-{n}" for n, day in enumerate(DAYS)}


def reach(output: Path, start: str, within: str) -> tuple[set[str], set[str]]:
    """Follow every link from `start` to pages whose address begins with `within`: (the
    pages reached, the events they link)."""
    seen, events, todo = {start}, set(), deque([start])
    while todo:
        soup = page(output, todo.popleft()).find("main")
        for a in soup.select("a[href]"):
            href = a["href"].split("#")[0]
            if href.startswith("/events/") or href.startswith("/ar/events/"):
                events.add(href.rstrip("/").rsplit("/", 1)[1])
            elif href.startswith(within) and href not in seen:
                seen.add(href)
                todo.append(href)
    return seen, events


@pytest.mark.parametrize("prefix", ["", "/ar"])
@pytest.mark.parametrize("base", ["/actors/rebel-alliance/", "/places/district/", "/sources/wire/"])
def test_an_item_with_many_events_lists_its_months_and_every_event_is_reached(
    crowded, prefix, base
):
    index = page(crowded, prefix + base).find("main")
    months = [
        (li.a["href"], li.find(class_="note").get_text()) for li in index.select(".months li")
    ]
    assert [href for href, _ in months][:3] == [
        f"{prefix}{base}2016-08/",
        f"{prefix}{base}2016-07/",
        f"{prefix}{base}2016-06/",
    ]
    if not prefix:  # August: the crowd's 25 and the minimal site's two
        assert [count for _, count in months][::2] == ["27 events", "5 events"]
    assert index.select(".event-list li") == []  # the index lists months, not events
    pages, events = reach(crowded, prefix + base, prefix + base)
    assert crowd_ids() <= events
    # A month of more than LIST_PAGE_EVENTS pages through: August's 25 and more in 7 pages.
    assert f"{prefix}{base}2016-08/2/" in pages and f"{prefix}{base}2016-08/7/" in pages
    for url in pages - {prefix + base}:
        listed = page(crowded, url).select("main .event-list li")
        assert 1 <= len(listed) <= LIMITS["LIST_PAGE_EVENTS"], url


def test_a_month_page_links_its_neighbours_and_the_index(crowded):
    second = page(crowded, "/sources/wire/2016-08/2/")
    assert second.select_one("a[rel=prev]")["href"] == "/sources/wire/2016-08/"
    assert second.select_one("a[rel=next]")["href"] == "/sources/wire/2016-08/3/"
    assert second.select_one("nav.pager a:not([rel])")["href"] == "/sources/wire/"
    assert "August 2016, page 2" in second.title.get_text()
    first = page(crowded, "/sources/wire/2016-06/")
    assert first.select_one("a[rel=prev]") is None
    assert first.select_one("a[rel=next]")["href"] == "/sources/wire/2016-06/2/"
    arabic = page(crowded, "/ar/sources/wire/2016-08/2/")
    assert arabic.html["lang"] == "ar" and arabic.select_one("a[rel=next]")["href"] == (
        "/ar/sources/wire/2016-08/3/"
    )


def test_a_short_list_stays_one_page(crowded):
    state_tv = page(crowded, "/sources/state-tv/").find("main")
    assert len(state_tv.select(".event-list li")) == 1 and state_tv.select(".months") == []
    assert not (crowded / "sources" / "state-tv" / "2016-08").exists()


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_contested_splits_by_month_and_reaches_every_contested_event(crowded, prefix):
    pages, events = reach(crowded, f"{prefix}/contested/", f"{prefix}/contested/")
    assert crowd_ids() <= events
    assert f"{prefix}/contested/2016-08/" in pages
    for url in pages - {f"{prefix}/contested/"}:
        rows = page(crowded, url).select("main .contradiction")
        assert 1 <= len(rows) <= LIMITS["CONTESTED_PAGE_EVENTS"], url


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_a_crowded_day_pages_through(crowded, prefix):
    start = f"{prefix}/days/2016-08-06/"
    pages, events = reach(crowded, start, start)
    on_the_day = {f"2016-08-06-crowd-{n}" for n in range(20)}
    assert on_the_day <= events
    # 20 and the minimal site's own, 4 a page
    assert {start, f"{start}2/", f"{start}5/"} <= pages
    for url in pages:
        listed = page(crowded, url).select("main .by-place .event-list li")
        assert 1 <= len(listed) <= LIMITS["LIST_PAGE_EVENTS"], url


def test_a_crowded_timeline_month_pages_through(crowded):
    pages, events = reach(crowded, "/timeline/", "/timeline/")
    assert crowd_ids() <= events
    assert "/timeline/2016-08/2/" in pages
    for url in pages - {"/timeline/"}:
        listed = page(crowded, url).select("main .event-list li")
        assert 1 <= len(listed) <= LIMITS["TIMELINE_PAGE_EVENTS"], url


def test_every_page_is_within_budget(crowded):
    for path in crowded.rglob("*.html"):
        data = path.read_bytes()
        assert len(data) <= 500_000 and len(gzip.compress(data)) <= 100_000, path


def test_the_sitemap_is_an_index_of_files_of_at_most_the_limit(crowded):
    index = ET.parse(crowded / "sitemap.xml").getroot()
    assert index.tag == f"{NS}sitemapindex"
    listed = [loc.text for loc in index.iter(f"{NS}loc")]
    assert len(listed) > 1  # the crowded site has more pages than one file holds
    urls = []
    for address in listed:
        name = address.rsplit("/", 1)[1]
        part = ET.parse(crowded / name).getroot()
        assert part.tag == f"{NS}urlset"
        found = [loc.text for loc in part.iter(f"{NS}loc")]
        assert 1 <= len(found) <= SITEMAP_URLS
        urls += found
    pages = {
        p.relative_to(crowded).as_posix().removesuffix("index.html")
        for p in crowded.rglob("*.html")
        if p.name != "404.html" and not p.relative_to(crowded).as_posix().startswith("pagefind/")
    }
    assert sorted(url.lstrip("/") for url in urls) == sorted(pages)  # each page once
    assert "/sources/wire/2016-08/2/" in urls


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_many_analyses_list_their_months_and_every_analysis_is_reached(crowded, prefix):
    index = page(crowded, f"{prefix}/analyses/")
    assert index.select("ul.months li")  # the months, with how many analyses each
    assert not index.select("ul.directory")
    counted = index.select_one("ul.months .note").get_text()
    assert ("analys" if not prefix else "تحليل") in counted
    seen, found = set(), set()
    for link in index.select("ul.months a"):
        month = page(crowded, link["href"])
        listed = month.select("ul.directory > li > a")
        assert 1 <= len(listed) <= LIMITS["LIST_PAGE_EVENTS"], link["href"]
        seen.add(link["href"])
        found |= {a["href"].rstrip("/").rsplit("/", 1)[1] for a in listed}
    assert found == {*ANALYSES, "the-day"}
    assert len(seen) == 3  # July, August (with the-day) and September
