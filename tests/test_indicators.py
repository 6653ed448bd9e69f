"""Indicator pages: the chart as static SVG that loads nothing, its table and every source."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest

from generators.content.loader import load_site
from generators.views.charts import chart_svg
from tests.linkcheck import broken_links
from tests.sitebuild import SITES, page

SVG = "{http://www.w3.org/2000/svg}"


def chart(output) -> ET.Element:
    return ET.parse(output / "indicators" / "besieged-people" / "chart.svg").getroot()


def test_chart_is_an_svg_document_named_after_its_indicator(figures_site):
    root = chart(figures_site)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "People under siege"
    assert root.get("id") == "chart-indicator-besieged-people"  # not pygal's random id
    dots = root.findall(f".//{SVG}circle")
    assert len(dots) == 3  # one per value


def test_chart_loads_nothing_and_runs_no_script(figures_site):
    path = figures_site / "indicators" / "besieged-people" / "chart.svg"
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text.encode())
    assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("script", "foreignObject")]
    for element in root.iter():
        for name, value in element.attrib.items():
            assert not name.startswith("on"), f"event handler {name}"
            if name.rsplit("}", 1)[-1] == "href":
                assert not urlparse(value).scheme and not value.startswith("//"), value
    styles = " ".join(e.text or "" for e in root.iter(f"{SVG}style"))
    assert "@import" not in styles and "url(" not in styles
    assert "<?xml-stylesheet" not in text
    assert "<!--" not in text  # pygal's comments carry the build date


def test_chart_is_the_same_on_every_build(figures_site):
    indicator = load_site(SITES / "figures" / "content").indicators["besieged-people"]
    built = (figures_site / "indicators" / "besieged-people" / "chart.svg").read_text("utf-8")
    assert chart_svg(indicator) == chart_svg(indicator) == built


def test_indicator_page_has_chart_and_table_of_every_value_with_its_source(figures_site):
    soup = page(figures_site, "/indicators/besieged-people/")
    image = soup.select_one("figure.chart img")
    assert image["src"] == "/indicators/besieged-people/chart.svg"
    assert "same values are in the table" in image["alt"]
    rows = [
        [" ".join(cell.get_text().split()) for cell in row.find_all(["th", "td"])]
        for row in soup.select("table.values tbody tr")
    ]
    assert rows == [
        ["1 Aug 2016", "300,000", "Wire Agency B2"],
        [
            "6 Aug 2016",
            "250,000 Down 50,000 from 300,000 on 1 Aug 2016 An estimate.",
            "Wire Agency B3 Siege said to be broken, published 6 Aug 2016",
        ],
        ["10 Aug 2016", "275,000 Up 25,000 from 250,000 on 6 Aug 2016", "State TV D4"],
    ]
    report = soup.select_one("#value-2016-08-06 a[href^='https://']")
    assert report["href"] == "https://wire.example.org/siege"
    grades = [a["title"] for a in soup.select("table.values abbr.admiralty")]
    assert grades[0] == "Usually reliable source; probably true"
    lede = " ".join(soup.select_one(".lede").get_text().split())
    assert lede.startswith(
        "275,000 people as of Wednesday 10 August 2016, according to State TV D4"
    )


def test_ranges_are_charted_as_their_bounds(figures_site):
    root = ET.parse(figures_site / "indicators" / "evacuations-needed" / "chart.svg").getroot()
    legend = [t.text for t in root.iter(f"{SVG}text") if t.text and "bound" in t.text]
    assert legend == ["at least (lower bound)", "at most (upper bound)"]
    rows = page(figures_site, "/indicators/evacuations-needed/").select("table.values td.number")
    assert rows[0].get_text().split()[:3] == ["at", "least", "100"]
    assert rows[1].get_text().split()[0] == "120-150"


def test_indicator_list_gives_latest_value_date_and_source(figures_site):
    soup = page(figures_site, "/indicators/")
    rows = {
        row.th.get_text(strip=True): " ".join(row.get_text().split())
        for row in soup.select("tbody tr")
    }
    assert list(rows) == ["People needing evacuation", "People under siege"]
    assert rows["People under siege"] == (
        "People under siege 275,000 people Up 25,000 from 250,000 on 6 Aug 2016 "
        "10 Aug 2016 State TV D4"
    )


@pytest.mark.parametrize(
    "url", ["/indicators/", "/indicators/besieged-people/", "/contested/", "/changes/"]
)
def test_new_page_kinds_have_title_description_and_canonical(figures_site, url):
    soup = page(figures_site, url)
    assert soup.title.string.strip()
    assert soup.find("meta", attrs={"name": "description"})["content"].strip()
    assert soup.find("link", rel="canonical")["href"].endswith(url)
    assert len(soup.find_all("h1")) == 1


def test_every_internal_link_of_the_figures_site_resolves(figures_site):
    assert broken_links(figures_site) == []
    text = (figures_site / "indicators" / "besieged-people" / "index.html").read_text("utf-8")
    assert not re.search(r"""(src|href)=["'](https?:)?//(?!wire\.example\.org)""", text)
