"""Search: the Pagefind index is built over the finished site, with the filters each page
declares; a build without Pagefind says so and still builds the site."""

from __future__ import annotations

import json

from tests.sitebuild import SITES, build, page


def test_index_covers_content_pages_with_their_filters(minimal_site):
    entry = json.loads((minimal_site / "pagefind/pagefind-entry.json").read_text("utf-8"))
    # 3 events + 1 analysis + 3 actors + 2 places + 2 sources; lists and days are not indexed
    assert entry["languages"]["en"]["page_count"] == 11
    soup = page(minimal_site, "/events/2016-08-06-siege-broken/")
    assert soup.find("main").has_attr("data-pagefind-body")
    filters = {
        (span["data-pagefind-filter"], span.get_text(strip=True))
        for span in soup.select("[data-pagefind-filter]")
    }
    assert filters == {
        ("type", "Event"),
        ("grade", "Contested"),
        ("day", "2016-08-06"),
        ("event type", "Battles"),
        ("actor", "Rebel Alliance"),
        ("place", "South District"),
        ("place", "The City"),
    }
    assert not page(minimal_site, "/timeline/").find("main").has_attr("data-pagefind-body")


def test_search_page_loads_pagefind_from_the_site_itself(minimal_site):
    soup = page(minimal_site, "/search/")
    script = soup.find("script", src=True)
    assert script["src"] == "/theme/js/search.js"
    code = (minimal_site / "theme/js/search.js").read_text("utf-8")
    assert "/pagefind/pagefind.js" in code and "http" not in code.replace("https://", "")
    assert {s["data-filter"] for s in soup.select("select[data-filter]")} == {
        "type",
        "grade",
        "event type",
        "actor",
        "place",
    }


def test_build_without_pagefind_says_so_and_builds_the_rest(tmp_path, capfd):
    output = build(
        SITES / "minimal" / "content",
        tmp_path / "output",
        SITREP_PAGEFIND=[str(tmp_path / "no-such-pagefind")],
    )
    assert "search index not built: Pagefind could not run" in capfd.readouterr().err
    assert not (output / "pagefind").exists()
    assert (output / "search/index.html").is_file()
    assert (output / "events/2016-08-06-siege-broken/index.html").is_file()
    assert (output / "sitemap.xml").is_file()


def test_fast_preview_skips_the_index_quietly(tmp_path, capfd):
    output = build(SITES / "minimal" / "content", tmp_path / "output", SITREP_SEARCH=False)
    assert "search index" not in capfd.readouterr().err
    assert not (output / "pagefind").exists()
    assert (output / "data/events.csv").is_file()
