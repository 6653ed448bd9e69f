"""Search as a reader uses it, on the demo site in a real browser: it answers as they type
(no Enter), each event result shows its grade badge and date, the grade filter and a date
range narrow the results, and excerpts are sentences, without the pages' labels."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.browser import serve

GRADES = {"Confirmed", "Fair", "Weak", "Contested", "Discounted"}


@pytest.fixture(scope="module")
def server(demo_site) -> Iterator[str]:
    with serve(demo_site) as base:
        yield base


@pytest.fixture
def search(browser, server) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "/search/")
    page.wait_for_selector("#search-form:not([hidden])")
    yield page
    context.close()


def results(page: Page) -> list[dict]:
    page.wait_for_function(
        "() => document.getElementById('search-status').textContent.includes('result')"
    )
    return page.eval_on_selector_all(
        "#search-results li",
        """items => items.map(li => ({
            href: li.querySelector('h2 a').getAttribute('href'),
            grade: li.querySelector('.grade') ? li.querySelector('.grade').textContent : null,
            meta: li.querySelector('.meta') ? li.querySelector('.meta').textContent : '',
            excerpt: li.querySelector('p:last-child').textContent,
        }))""",
    )


def test_a_partial_word_finds_events_with_their_grades_as_one_types(search):
    search.get_by_label("Words to find").press_sequentially("Ramou", delay=40)  # no Enter
    found = results(search)
    events = [r for r in found if r["href"].startswith("/events/")]
    assert "/events/2016-08-06-siege-declared-broken/" in [r["href"] for r in events]
    assert events and all(r["grade"] in GRADES for r in events), events
    assert all(re.search(r"\b2016\b", r["meta"]) for r in events), events
    assert "q=Ramou" in search.url  # the search can be linked


def test_excerpts_leave_out_the_pages_labels(search):
    search.get_by_label("Words to find").fill("Ramousah")
    found = results(search)
    place = next(r for r in found if r["href"] == "/places/ramousah/")
    labels = ("Coordinates", "Country", "Governorate", "When", "Where", "Assessment")
    for result in found:
        assert not re.search("|".join(labels) + r"\S", result["excerpt"]), result
    assert "Coordinates" not in place["excerpt"]


def test_the_grade_filter_and_a_date_range_narrow_the_results(search):
    search.get_by_label("Grade", exact=True).select_option("Contested")
    found = results(search)
    assert "/events/2016-08-06-siege-declared-broken/" in {r["href"] for r in found}
    assert all(r["grade"] == "Contested" for r in found), found

    search.get_by_label("Grade", exact=True).select_option("")
    search.get_by_label("Type", exact=True).select_option("Event")
    every_event = {r["href"] for r in results(search)}
    search.get_by_label("From", exact=True).fill("2016-08-06")
    search.get_by_label("To", exact=True).fill("2016-08-06")
    search.wait_for_function("() => location.search.includes('to=2016-08-06')")
    search.wait_for_function(
        "() => document.querySelectorAll('#search-results li').length > 0 && "
        "document.querySelectorAll('#search-results li').length < " + str(len(every_event))
    )
    narrowed = results(search)
    assert "/events/2016-08-06-siege-declared-broken/" in {r["href"] for r in narrowed}
    assert "/events/2016-07-17-castello-road-cut/" in every_event
    assert all("6 Aug" in r["meta"] or "6 August" in r["meta"] for r in narrowed), narrowed
