"""Functional tests: build fixture sites with the real pipeline and read the HTML."""

from __future__ import annotations

import pytest

from generators.build.output import MARKER
from generators.errors import ContentInvalid
from tests.sitebuild import SITES, build, page

PAGE_KINDS = [
    "/",
    "/events/2016-08-06-siege-broken/",
    "/actors/new-front/",
    "/places/district/",
    "/sources/wire/",
    "/days/2016-08-06/",
    "/timeline/",
    "/analyses/the-day/",
    "/analyses/",
    "/actors/",
    "/places/",
    "/sources/",
    "/about/grades/",
]


@pytest.mark.parametrize("url", PAGE_KINDS)
def test_every_page_kind_has_title_description_and_canonical(minimal_site, url):
    soup = page(minimal_site, url)
    assert soup.title.string.strip()
    assert soup.find("meta", attrs={"name": "description"})["content"].strip()
    assert soup.find("link", rel="canonical")["href"].endswith(url)
    assert soup.html["lang"] == "en"
    assert len(soup.find_all("h1")) == 1


def test_event_page_shows_who_says_what_and_how_sure(minimal_site):
    soup = page(minimal_site, "/events/2016-08-06-siege-broken/")
    stances = [h.get_text(strip=True) for h in soup.select(".stance h3")]
    assert stances == ["Asserts", "Denies"]
    denies = soup.select_one(".stance-denies").get_text(" ", strip=True)
    assert "State TV" in denies and "The attack was repelled." in denies
    assert "killed: at least 300" in denies
    grades = [a.get_text(strip=True) for a in soup.select(".sources .admiralty")]
    assert grades == ["B3", "D4"]
    assert soup.select_one(".facts .grade").get_text(strip=True) == "Contested"
    when = soup.select_one(".facts time")
    assert when["datetime"] == "2016-08-06T21:00:00+03:00"
    assert "Saturday 6 August 2016, 21:00 (UTC+03:00)" in when.get_text()


def test_actor_is_named_as_on_the_event_date(minimal_site):
    soup = page(minimal_site, "/events/2016-07-20-old-name/")
    actors = [a.get_text(strip=True) for a in soup.select(".facts a[href*='/actors/']")]
    assert actors == ["Old Front (later New Front)"]
    assert "week of" in soup.select_one(".facts time").get_text()


def test_place_page_lists_events_of_places_within(minimal_site):
    soup = page(minimal_site, "/places/city/")
    titles = [a.get_text(strip=True) for a in soup.select(".event-list a[href*='/events/']")]
    assert titles == ["Alliance attacks the south district", "Siege said to be broken"]


def test_analysis_links_and_cited_events(minimal_site):
    soup = page(minimal_site, "/analyses/the-day/")
    body = soup.select_one("article.analysis")
    links = {a.get_text(strip=True): a["href"] for a in body.find_all("a")}
    assert links["Rebel Alliance"] == "/actors/rebel-alliance/"
    assert links["State TV"] == "/sources/state-tv/"
    assert links["South District"] == "/places/district/"
    assert "[[" not in body.get_text()
    cited = [a["href"] for a in soup.select("#cited-h + .event-list a[href*='/events/']")]
    assert cited == ["/events/2016-08-05-assault/", "/events/2016-08-06-siege-broken/"]


def test_day_page_links_previous_and_next(minimal_site):
    soup = page(minimal_site, "/days/2016-08-05/")
    # 20 July's only event is known to the week: that day has no report of its own.
    assert soup.select_one("a[rel=prev]") is None
    assert soup.select_one("a[rel=next]")["href"] == "/days/2016-08-06/"
    assert not (minimal_site / "days" / "2016-07-20").exists()


def test_invalid_content_leaves_previous_output_untouched(tmp_path, copy_site):
    site = copy_site("minimal")
    output = build(site / "content", tmp_path / "output")
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    (site / "content" / "events" / "broken.yaml").write_text("title: [unclosed\n")
    with pytest.raises(ContentInvalid) as caught:
        build(site / "content", output)
    assert caught.value.errors[0].format().startswith("content/events/broken.yaml:2:1: error:")
    after = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before
    # No staging folder left; the manifest of the previous site's files stays beside it, and
    # the content cache where the test builds put it.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".output.manifest",
        ".sitrep-cache",
        "minimal",
        "output",
    ]


def test_refuses_to_replace_a_folder_it_did_not_create(tmp_path):
    foreign = tmp_path / "output"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("precious")
    with pytest.raises(Exception, match="did not create"):
        build(SITES / "minimal" / "content", foreign)
    assert (foreign / "thesis.docx").read_text() == "precious"
    assert not (foreign / MARKER).exists()


def test_demo_site_builds_every_page_kind(demo_site):
    for url in ["/", "/timeline/", "/about/grades/", "/analyses/"]:
        assert page(demo_site, url).find("h1")
    events = list((demo_site / "events").iterdir())
    assert len(events) >= 20
    jfs = page(demo_site, "/actors/jabhat-fateh-al-sham/")
    assert "Jabhat al-Nusra" in jfs.get_text()


def test_a_citation_without_a_link_says_so(demo_site):
    """Readers can check sources: a report cited without an address says none is recorded."""
    soup = page(demo_site, "/events/2016-08-06-siege-declared-broken/")
    for row in soup.select("ol.sources > li"):
        links = [a["href"] for a in row.find_all("a") if not a["href"].startswith("/")]
        assert bool(links) != bool(row.select_one(".no-link")), row.get_text()
    assert soup.select(".no-link")
