"""What pages tell machines: schema.org JSON-LD per page kind, OpenGraph and Twitter cards
with the page's own description, from one partial included once."""

from __future__ import annotations

import json

import pytest

from generators.views.linkeddata import script_json
from tests.sitebuild import ROOT, page

BASE = ""  # a build without SITEURL: root-relative addresses


def linked_data(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def test_event_page_describes_an_event_at_its_place(demo_site):
    soup = page(demo_site, "/events/2016-08-06-siege-declared-broken/")
    [data] = linked_data(soup)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["startDate"] == "2016-08-06"
    assert data["url"] == f"{BASE}/events/2016-08-06-siege-declared-broken/"
    geo = data["location"]["geo"]
    assert (geo["latitude"], geo["longitude"]) == (36.17, 37.145)
    assert data["location"]["address"]["addressCountry"] == "SY"


def test_analysis_is_a_news_article_mentioning_its_events(demo_site):
    [data] = linked_data(page(demo_site, "/analyses/siege-broken-day/"))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "The day the siege was said to be broken"
    assert data["datePublished"].startswith("2016-08-07")
    assert f"{BASE}/events/2016-08-06-siege-declared-broken/" in {
        m["url"] for m in data["mentions"]
    }


def test_data_page_is_a_dataset_with_its_downloads(demo_site):
    [data] = linked_data(page(demo_site, "/data/"))
    assert data["@type"] == "Dataset"
    downloads = {d["encodingFormat"]: d["contentUrl"] for d in data["distribution"]}
    assert downloads["text/csv"] == f"{BASE}/data/events.csv"
    assert downloads["application/geo+json"] == f"{BASE}/data/events.geojson"
    assert data["temporalCoverage"] == "2016-07-01/2016-12-01"


def test_home_is_a_website_and_lists_have_no_linked_data(demo_site):
    assert linked_data(page(demo_site, "/"))[0]["@type"] == "WebSite"
    assert linked_data(page(demo_site, "/timeline/")) == []


@pytest.mark.parametrize(
    "url",
    ["/", "/events/2016-08-06-siege-declared-broken/", "/actors/jaish-al-fath/",
     "/analyses/siege-broken-day/", "/data/", "/search/", "/days/2016-08-06/"],
)  # fmt: skip
def test_social_cards_carry_the_pages_own_description(demo_site, url):
    soup = page(demo_site, url)

    def meta(attr: str, name: str) -> str:
        tags = soup.find_all("meta", attrs={attr: name})
        assert len(tags) == 1, name  # the partial is included once
        return tags[0]["content"]

    description = meta("name", "description")
    assert description and meta("property", "og:description") == description
    # X reads OpenGraph's title and description: its own tags would only repeat them
    assert soup.find("meta", attrs={"name": "twitter:description"}) is None
    assert soup.find("meta", attrs={"name": "twitter:title"}) is None
    assert meta("property", "og:title") == soup.title.string
    # og:url must be absolute: a build without SITEURL leaves it out (test_feeds has one with)
    assert soup.find("meta", property="og:url") is None
    assert meta("name", "twitter:card") == "summary"
    assert meta("property", "og:type") == ("article" if "/analyses/" in url else "website")


def test_descriptions_differ_between_pages_of_a_kind(demo_site):
    events = sorted((demo_site / "events").iterdir())[:5]
    descriptions = {
        page(demo_site, f"/events/{e.name}/").find("meta", attrs={"name": "description"})["content"]
        for e in events
    }
    assert len(descriptions) == 5


def test_json_ld_cannot_close_its_script_element():
    text = str(script_json({"name": "</script><script>alert(1)</script> & <!--"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"].startswith("</script>")


def test_meta_tags_are_written_once_in_the_head_of_base():
    base = (ROOT / "themes/sitrep/templates/base.html").read_text("utf-8")
    assert base.count("chrome.meta(") == 1
    head = base.split("</head>")[0]
    assert "chrome.meta(" in head


def test_performers_are_the_initiators_never_the_targets(demo_site):
    """Regression: civilians, the target of air strikes, were listed as `performer`."""
    data = linked_data(page(demo_site, "/events/2016-08-06-russian-air-strikes-on-eastern-aleppo/"))
    assert [p["name"] for p in data[0]["performer"]] == ["Russian armed forces"]
    for path in (demo_site / "events").rglob("index.html"):
        for block in linked_data(page(demo_site, f"/{path.relative_to(demo_site).parent}/")):
            names = [p["name"] for p in block.get("performer", [])]
            assert not any("civilians" in name.lower() for name in names), path


def test_linked_data_is_in_the_language_it_is_written_in(demo_site):
    """Regression: 23 of 24 blocks on /ar/ pages said "inLanguage": "en", Arabic included."""
    [event] = linked_data(page(demo_site, "/ar/events/2016-08-06-siege-declared-broken/"))
    assert event["inLanguage"] == "ar"
    assert event["name"].startswith("فصائل المعارضة")
    assert event["location"]["address"]["addressCountry"] == "SY"  # ISO 3166-1 alpha-2
    [article] = linked_data(page(demo_site, "/ar/analyses/siege-broken-day/"))
    assert (article["inLanguage"], article["headline"]) == (
        "ar",
        "اليوم الذي قيل فيه إن الحصار كُسر",
    )
    [original] = linked_data(page(demo_site, "/ar/analyses/humanitarian-situation/"))
    assert original["inLanguage"] == "en"  # not translated: shown in English, and said so
    for path in (demo_site / "ar").rglob("index.html"):
        for block in linked_data(page(demo_site, f"/{path.relative_to(demo_site).parent}/")):
            text = block.get("name") or block.get("headline") or ""
            arabic = any("\u0600" <= ch <= "\u06ff" for ch in text)
            assert (block["inLanguage"] == "ar") == arabic, (path, text)
