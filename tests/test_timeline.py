"""/timeline/ of a large site: one page per month and a list of the months, so that a reader
never downloads every event on record at once (days.py, TIMELINE_PAGE_EVENTS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import SITES, build, page


@pytest.fixture(scope="module")
def split(tmp_path_factory) -> Path:
    """The minimal site (one event in July 2016, two in August) with at most two events on
    one timeline page."""
    output = tmp_path_factory.mktemp("timeline") / "output"
    return build(SITES / "minimal" / "content", output, TIMELINE_PAGE_EVENTS=2)


def test_the_timeline_lists_the_months_newest_first_with_their_counts(split):
    main = page(split, "/timeline/").find("main")
    months = [(li.a["href"], li.find(class_="note").get_text()) for li in main.select(".months li")]
    assert months == [("/timeline/2016-08/", "2 events"), ("/timeline/2016-07/", "1 event")]
    assert main.select(".timeline-day") == []  # no event on the list of months itself


def test_a_month_page_holds_its_days_and_leads_to_its_neighbours(split):
    august = page(split, "/timeline/2016-08/")
    assert august.h1.get_text() == "Timeline, August 2016"
    days = [h2.a["href"] for h2 in august.select(".timeline-day h2")]
    assert days == ["/days/2016-08-05/", "/days/2016-08-06/"]
    assert august.select_one("a[rel=prev]")["href"] == "/timeline/2016-07/"
    assert august.select_one("a[rel=next]") is None
    july = page(split, "/timeline/2016-07/")
    assert july.select(".timeline-day") == []  # its one event is known only to the week
    week = july.select_one(".timeline-week h2")
    assert " ".join(week.get_text().split()) == (
        "Week of Monday 18 July 2016 (date known to the week)"
    )
    assert july.select_one("a[rel=next]")["href"] == "/timeline/2016-08/"


def test_month_pages_exist_in_every_language(split):
    arabic = page(split, "/ar/timeline/2016-08/")
    assert arabic.html["lang"] == "ar"
    assert arabic.h1.get_text().startswith("التسلسل الزمني، ")
    assert page(split, "/ar/timeline/").select_one(".months a")["href"] == "/ar/timeline/2016-08/"


def test_a_site_under_the_limit_keeps_one_timeline_page(minimal_site):
    main = page(minimal_site, "/timeline/").find("main")
    assert len(main.select(".timeline-day, .timeline-week")) == 3 and main.select(".months") == []
    assert not (minimal_site / "timeline" / "2016-08").exists()
