"""Indicator pages: `/indicators/<id>/` with its chart (a static SVG written beside the page)
and the table of every value with its source, and the `/indicators/` list. The
`[[figure:ID]]` links of analyses read the same figures (figures.figure_html)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..content.i18n import Language
from ..content.model import Site
from ..content.schema import Indicator, IndicatorValue
from ..views.charts import chart_svg
from ..views.citations import CitedSource, cite
from ..views.figures import Reading, reading, title_key
from ..views.history import history_for
from .base import Deferred, Page, SitrepGenerator


@dataclass
class ValueRow:
    """One line of an indicator's table: the value, how it moved, and who gives it."""

    value: IndicatorValue
    reading: Reading
    source: CitedSource


def value_rows(
    site: Site, indicator: Indicator, language: Language | None = None
) -> list[ValueRow]:
    rows = []
    for value in indicator.values:
        found = reading(indicator, value.date, language)
        assert found is not None  # the reading on a value's own date is that value
        rows.append(ValueRow(value, found, cite(site, value.source, language)))
    return rows


def chart_url(indicator: Indicator) -> str:
    return f"indicators/{indicator.id}/chart.svg"


def chart_file(indicator: Indicator, language: Language) -> dict[str, Markup]:
    return {"body": Markup(chart_svg(indicator, language))}


class IndicatorsGenerator(SitrepGenerator):
    def pages(self):
        site, language = self.site, self.language
        history = history_for(self.context)
        pages: list[Page] = []
        for indicator in site.indicators.values():
            pages.append(
                (
                    f"indicators/{indicator.id}/",
                    "indicator",
                    {
                        "indicator": indicator,
                        "place": site.places.get(indicator.place or ""),
                        "latest": reading(indicator, None, language),
                        "rows": value_rows(site, indicator, language),
                        "chart_url": chart_url(indicator),
                        "history": history.of("indicators", indicator.id) if history else [],
                    },
                )
            )
            # Drawn only when its file is written, not when a rebuild keeps it (pygal: 30 ms).
            chart = Deferred(chart_file, indicator, language)
            pages.append((chart_url(indicator), "raw", chart))
        listing = sorted(site.indicators.values(), key=lambda i: (title_key(i, language), i.id))
        readings = [reading(i, None, language) for i in listing]
        pages.append(("indicators/", "indicators", {"readings": readings}))
        return pages
