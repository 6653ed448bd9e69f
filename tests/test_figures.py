"""Key figures: the value of an indicator as of a day, its change, and `[[figure:]]` links."""

from __future__ import annotations

from datetime import date

import pytest

from generators.content.loader import load_site
from generators.errors import ContentInvalid
from generators.views.figures import reading
from tests.sitebuild import SITES, page


@pytest.fixture(scope="module")
def site():
    return load_site(SITES / "figures" / "content")


def text(element) -> str:
    """An element's text as a reader sees it: whitespace collapsed."""
    return " ".join(element.get_text().split())


def box(soup) -> dict[str, dict[str, str]]:
    """The key-figures box of a page: per indicator, its value, change and source lines."""
    figures = {}
    for item in soup.select(".key-figures .figure"):
        figures[item["data-indicator"]] = {
            "value": text(item.select_one(".figure-value")),
            "change": text(item.select_one(".figure-change")),
            "source": text(item.select_one(".figure-source")),
            "source_url": item.select_one(".figure-source a")["href"],
        }
    return figures


@pytest.mark.parametrize(
    ("day", "value", "previous"),
    [
        (date(2016, 7, 31), None, None),
        (date(2016, 8, 1), 300000, None),
        (date(2016, 8, 5), 300000, None),
        (date(2016, 8, 6), 250000, 300000),
        (date(2016, 8, 9), 250000, 300000),
        (None, 275000, 250000),
    ],
)
def test_reading_is_the_latest_value_on_or_before_the_day(site, day, value, previous):
    found = reading(site.indicators["besieged-people"], day)
    assert (found.value.value if found else None) == value
    assert (found.previous.value if found and found.previous else None) == previous


def test_change_reads_as_words(site):
    besieged = site.indicators["besieged-people"]
    assert reading(besieged, date(2016, 8, 1)).change == "No earlier value on record"
    assert reading(besieged, date(2016, 8, 6)).change == "Down 50,000 from 300,000 on 1 Aug 2016"
    assert reading(besieged).change == "Up 25,000 from 250,000 on 6 Aug 2016"
    evacuations = site.indicators["evacuations-needed"]
    assert reading(evacuations).text == "120-150"
    assert reading(evacuations).change == "Was at least 100 on 6 Aug 2016"


def test_day_box_shows_the_value_as_of_that_day_with_source_and_change(figures_site):
    soup = page(figures_site, "/days/2016-08-06/")
    assert "as of Saturday 6 August 2016" in soup.select_one("#key-figures-h").get_text()
    figures = box(soup)
    assert figures["besieged-people"] == {
        "value": "250,000 people",
        "change": "Down 50,000 from 300,000 on 1 Aug 2016",
        "source": "As of 6 Aug 2016; Wire Agency B3",
        "source_url": "/sources/wire/",
    }
    assert figures["evacuations-needed"]["value"] == "at least 100 patients"
    assert figures["evacuations-needed"]["source"] == "As of 6 Aug 2016; The Monitor C3"


def test_day_box_leaves_out_figures_that_start_later(figures_site):
    figures = box(page(figures_site, "/days/2016-08-05/"))
    assert list(figures) == ["besieged-people"]
    assert figures["besieged-people"]["value"] == "300,000 people"
    assert figures["besieged-people"]["change"] == "No earlier value on record"


def test_a_figure_says_its_age_when_older_than_the_setting(site):
    besieged = site.indicators["besieged-people"]
    recent = reading(besieged, date(2016, 8, 9))
    assert (recent.age, recent.stale, recent.age_text) == (3, False, "")
    old = reading(besieged, date(2016, 8, 9), stale_after=2)
    assert old.stale and old.age_text == "Last reported 6 Aug 2016, 3 days earlier"
    one = reading(besieged, date(2016, 8, 7), stale_after=0)
    assert one.age_text == "Last reported 6 Aug 2016, 1 day earlier"


def test_the_demos_figures_of_august_read_as_old_in_december(demo_site):
    """Regression: 1 December 2016 showed the values of 6 August as that day's figures. The
    record ends in December 2016 (a month-precision event): the home page's figures are as
    of then, and say how old they are."""
    soup = page(demo_site, "/")
    assert "as of Thursday 1 December 2016" in text(soup.select_one("#key-figures-h"))
    cards = soup.select(".key-figures .figure")
    assert cards
    for card in cards:
        value_day = card.select_one(".figure-source time")["datetime"]
        if value_day < "2016-11-24":
            assert "figure-is-stale" in card["class"]
            stale = text(card.select_one(".figure-stale"))
            assert stale.startswith("Last reported "), stale
            assert "days earlier" in stale
        assert text(card.select_one(".figure-change")) != "First value on record"
    siege = soup.select_one('.figure[data-indicator="civilians-under-siege-eastern-aleppo"]')
    assert text(siege.select_one(".figure-stale")) == "Last reported 6 Aug 2016, 117 days earlier"
    arabic = page(demo_site, "/ar/")
    assert arabic.select_one(".figure-is-stale .figure-stale").get_text().strip()


def test_home_box_shows_the_latest_values(figures_site):
    figures = box(page(figures_site, "/"))
    assert figures["besieged-people"]["value"] == "275,000 people"
    assert figures["besieged-people"]["source"] == "As of 10 Aug 2016; State TV D4"
    assert figures["evacuations-needed"]["value"] == "120-150 patients"


def test_figure_links_render_the_value_with_its_source(figures_site):
    body = page(figures_site, "/analyses/day-report/").select_one("article.analysis")
    takeaways = text(body.find("ul"))
    assert "About 250,000 people (Wire Agency B3, 6 Aug 2016) were under siege" in takeaways
    latest = body.find(string=lambda s: "latest count" in s).parent
    assert text(latest) == "The latest count is 275,000 people (State TV D4, 10 Aug 2016)."
    links = [a["href"] for a in latest.find_all("a")]
    assert links == ["/indicators/besieged-people/", "/sources/state-tv/"]
    assert "[[" not in body.get_text()


@pytest.mark.parametrize(
    ("link", "message"),
    [
        (
            "[[figure:besieged-peple]]",
            "unknown figure 'besieged-peple' in [[figure:besieged-peple]] "
            "(hint: did you mean 'besieged-people'?)",
        ),
        (
            "[[figure:besieged-people@6-8-2016]]",
            "expected a date like 2016-08-06 after '@' in [[figure:besieged-people@6-8-2016]], "
            "got '6-8-2016' (hint: write [[figure:besieged-people@2016-08-06]], or "
            "[[figure:besieged-people]] for the latest)",
        ),
        (
            "[[figure:besieged-people@2016-02-30]]",
            "expected a date like 2016-08-06 after '@' in [[figure:besieged-people@2016-02-30]], "
            "got '2016-02-30' (hint: write [[figure:besieged-people@2016-08-06]], or "
            "[[figure:besieged-people]] for the latest)",
        ),
        (
            "[[figure:besieged-people@2016-07-01]]",
            "figure 'besieged-people' has no value on or before 2016-07-01 (its first is "
            "2016-08-01) (hint: use a date from 2016-08-01 on)",
        ),
    ],
)
def test_bad_figure_link_is_an_error_at_its_line(copy_site, link, message):
    content = copy_site("figures") / "content"
    text = f"Title: Bad figure\nDate: 2016-08-08\n\nFirst line.\nThe count: {link}.\n"
    (content / "analyses" / "bad-figure.md").write_text(text, encoding="utf-8")
    with pytest.raises(ContentInvalid) as caught:
        load_site(content)
    errors = [e.format() for e in caught.value.errors]
    assert errors == [f"content/analyses/bad-figure.md:5:12: error: {message}"]
