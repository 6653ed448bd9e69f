"""Daily reports (`/days/<date>/`) and the `/contested/` page."""

from __future__ import annotations

import pytest

from generators.content.loader import load_site
from generators.errors import ContentInvalid
from generators.pages.days import AROUND_SHOWN
from tests.sitebuild import build, page


def text(element) -> str:
    return " ".join(element.get_text().split())


def test_day_report_sections_come_in_a_desk_order(figures_site):
    soup = page(figures_site, "/days/2016-08-06/")
    headings = [text(h) for h in soup.select("article.day-report h2")]
    assert headings == [
        "Key takeaways",
        "Key figures as of Saturday 6 August 2016",
        "Events by place",
        "Contradicting claims",
    ]
    assert text(soup.select_one(".day-report > .meta")) == (
        "2 events in 2 places; 1 with contradicting claims."
    )


def test_takeaways_come_from_the_analysis_marked_as_the_days_report(figures_site):
    section = page(figures_site, "/days/2016-08-06/").select_one(".takeaways")
    items = [text(li) for li in section.select("li")]
    assert items == [
        "The alliance says the siege is broken (Siege said to be broken).",
        "About 250,000 people (Wire Agency B3, 6 Aug 2016) were under siege that day.",
    ]
    assert "latest count" not in text(section)  # only the 'Key takeaways' section
    assert section.select_one(".read-more a")["href"] == "/analyses/day-report/"


def test_a_day_without_report_has_no_takeaways(figures_site):
    soup = page(figures_site, "/days/2016-08-07/")
    assert soup.select_one(".takeaways") is None
    assert soup.select_one(".key-figures")


def test_events_are_grouped_by_place(figures_site):
    soup = page(figures_site, "/days/2016-08-07/")
    groups = {
        text(group.h3): [text(a) for a in group.select(".event-list a[href*='/events/']")]
        for group in soup.select(".place-group")
    }
    assert groups == {
        "South District in The City": ["Alliance says a corridor is open"],
        "Pumping station": ["Water supply cut"],
    }
    assert soup.select_one(".place-group h3 a")["href"] == "/places/district/"


def sides(article) -> dict[str, list[str]]:
    return {
        text(side.find(["h3", "h4"])): [text(claim.blockquote) for claim in side.select(".claim")]
        for side in article.select(".side")
    }


def test_contradicting_claims_of_the_day_sit_side_by_side(figures_site):
    rows = page(figures_site, "/days/2016-08-06/").select(".contradictions .contradiction")
    assert [text(row.h3.a) for row in rows] == ["Siege said to be broken"]
    assert sides(rows[0]) == {
        "Says it is so": ["The siege is broken."],
        "Says otherwise": ["The attack was repelled.", "No road is open yet."],
    }
    attribution = text(rows[0].select(".side-against .attribution")[0])
    assert attribution == "State TV denies"  # no "reported by" itself


def test_a_claim_made_on_a_later_day_brings_its_event_to_that_day(figures_site):
    rows = page(figures_site, "/days/2016-08-07/").select(".contradictions .contradiction")
    assert [text(row.h3.a) for row in rows] == [
        "Siege said to be broken",
        "Alliance says a corridor is open",
    ]


def test_day_page_keeps_previous_and_next_links(figures_site):
    soup = page(figures_site, "/days/2016-08-06/")
    assert soup.select_one("a[rel=prev]")["href"] == "/days/2016-08-05/"
    assert soup.select_one("a[rel=next]")["href"] == "/days/2016-08-07/"


def test_contested_lists_contested_grades_and_assert_deny_pairs_with_who_says_what(
    figures_site,
):
    soup = page(figures_site, "/contested/")
    rows = {text(row.h2.a): row for row in soup.select("article.contradiction")}
    # graded contested; asserts + denies (graded fair); contested with no claims
    assert list(rows) == [
        "Siege said to be broken",
        "Alliance says a corridor is open",
        "Water supply cut",
    ]
    assert sides(rows["Alliance says a corridor is open"]) == {
        "Says it is so": ["Trucks can pass."],
        "Says otherwise": ["No truck has passed."],
    }
    who = [text(a) for a in rows["Alliance says a corridor is open"].select(".attribution a")]
    assert who == ["Rebel Alliance", "Wire Agency", "State TV"]
    assert "No claim on record." in text(rows["Water supply cut"])
    assert "Nobody says who cut it." in text(rows["Water supply cut"])


def write_analysis(content, name: str, meta: str) -> None:
    body = f"Title: {name}\nDate: 2016-08-08\n{meta}\n\nText.\n"
    (content / "analyses" / f"{name}.md").write_text(body, encoding="utf-8")


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            "Report: 2016-08-09",
            "content/analyses/extra.md:3:9: error: report: no events on 2016-08-09: only a day "
            "with events has a report page (hint: check the date, or record the day's events "
            "first)",
        ),
        (
            "Report: 2016-08-06",
            "content/analyses/extra.md:3:9: error: report: content/analyses/day-report.md is "
            "already the report of 2016-08-06 (hint: one analysis per day carries 'Report:')",
        ),
        (
            "Report: 6 August",
            "content/analyses/extra.md:3:9: error: Report: expected a date like 2016-08-06, "
            "got '6 August'",
        ),
    ],
)
def test_report_metadata_is_checked_at_its_line(copy_site, meta, expected):
    content = copy_site("figures") / "content"
    write_analysis(content, "extra", meta)
    with pytest.raises(ContentInvalid) as caught:
        load_site(content)
    assert [e.format() for e in caught.value.errors] == [expected]


def test_demo_6_august_reads_as_a_daily_report_with_every_figure_sourced(demo_site):
    soup = page(demo_site, "/days/2016-08-06/")
    headings = [text(h) for h in soup.select("article.day-report h2")]
    assert headings[:2] == ["Key takeaways", "Key figures as of Saturday 6 August 2016"]
    assert len(soup.select(".takeaways li")) >= 4
    figures = soup.select(".key-figures .figure")
    assert {f["data-indicator"] for f in figures} == {
        "civilians-under-siege-eastern-aleppo",
        "doctors-remaining-aleppo",
        "people-needing-medical-evacuation",
        "strikes-on-medical-facilities-aleppo",
    }
    for figure in figures:
        assert figure.select_one(".figure-source a[href^='/sources/']")
        assert figure.select_one(".figure-source abbr.admiralty")
    assert soup.select(".contradictions .side-for .claim")
    assert soup.select(".contradictions .side-against .claim")


def test_events_known_to_the_week_or_month_are_never_placed_on_one_day(demo_site):
    """Regression: 'strikes on medical facilities during July' sat under Friday 1 July on
    the timeline and had a daily report of 1 July; week-precision events sat under a day."""
    days = sorted(p.name for p in (demo_site / "days").iterdir())
    assert "2016-07-01" not in days and "2016-12-01" not in days
    timeline = page(demo_site, "/timeline/")
    headings = {
        " ".join(s.h2.get_text().split()): [
            a["href"] for a in s.select('.event-list a[href^="/events/"]')
        ]
        for s in timeline.select("main section")
    }
    july = headings["July 2016 (date known to the month)"]
    assert july == ["/events/2016-07-01-medical-facilities-struck-in-july/"]
    week = headings["Week of Monday 1 August 2016 (date known to the week)"]
    assert "/events/2016-08-06-syrian-air-strikes-on-eastern-aleppo/" in week
    for heading, links in headings.items():
        if "known to the" not in heading:  # a day: only events known to the day
            for link in links:
                assert "medical-facilities-struck-in-july" not in link, heading
                assert "air-strikes-on-eastern-aleppo" not in link, heading
    day = page(demo_site, "/days/2016-08-06/")
    shown = [a["href"] for a in day.select('.by-place .event-list a[href^="/events/"]')]
    assert "/events/2016-08-06-syrian-air-strikes-on-eastern-aleppo/" not in shown
    around = [a["href"] for a in day.select('.around .event-list a[href^="/events/"]')]
    assert "/events/2016-08-06-syrian-air-strikes-on-eastern-aleppo/" in around
    dates = [t["datetime"] for t in day.select(".around .event-list time")]
    assert set(dates) == {"2016-W31"}


def test_contested_shows_the_counter_claims_of_related_events(demo_site):
    """Regression: an event graded contested whose counter-claim is in a related event said
    'Says otherwise: No claim on record'."""
    soup = page(demo_site, "/contested/")
    army = next(
        row
        for row in soup.select("article.contradiction")
        if row.h2.a["href"] == "/events/2016-08-06-army-says-lost-ground-regained/"
    )
    against = army.select_one(".side-against")
    assert "No claim on record" not in against.get_text()
    related = against.select_one(".elsewhere a")
    assert related["href"] == "/events/2016-08-06-siege-declared-broken/"
    who = [a.get_text(strip=True) for a in against.select(".claim a[href^='/actors/']")]
    assert "Jaish al-Fath" in who
    # The party that asserts this event (SANA) also denies the related one: never shown
    # as saying otherwise.
    assert "SANA" not in against.get_text()
    event = page(demo_site, "/events/2016-08-06-army-says-lost-ground-regained/")
    elsewhere = event.select_one(".stance-elsewhere")
    assert elsewhere.select_one("a")["href"] == "/events/2016-08-06-siege-declared-broken/"
    assert [a.get_text(strip=True) for a in elsewhere.select(".claim a[href^='/actors/']")] == [
        "Jaish al-Fath"
    ]


def test_a_day_lists_at_most_fifty_events_of_its_month_and_links_the_rest(copy_site, tmp_path):
    """At 100,000 events a day's month held 480 events known only to the month, all listed
    on the day's page (657 KB): the page lists 50 and says how many more the timeline has."""
    content = copy_site("minimal") / "content"
    week = (content / "events/2016-07-20-old-name.yaml").read_text(encoding="utf-8")
    for n in range(AROUND_SHOWN + 7):
        month = week.replace(
            "date: 2016-07-20\ndate_precision: week", "date: 2016-08-01\ndate_precision: month"
        ).replace("Front fighters", f"Report {n}")
        (content / f"events/2016-08-01-month-report-{n}.yaml").write_text(month, "utf-8")
    site = build(content, tmp_path / "output", SITREP_SEARCH=False)
    for prefix, more in (("", "7 more such events: see the timeline."), ("/ar", "٧ أحداث")):
        day = page(site, f"{prefix}/days/2016-08-06/")
        listed = day.select('.around .event-list a[href*="/events/"]')
        assert len(listed) == AROUND_SHOWN
        link = day.select_one(".around p a")
        assert link["href"] == f"{prefix}/timeline/" and more in link.get_text()
