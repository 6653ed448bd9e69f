"""Indicator pages: `/indicators/<id>/` with its chart (a static SVG written beside the page)
and the table of every value with its source, and the `/indicators/` list. Also renders the
`[[figure:ID]]` links of analyses, so that a figure reads the same everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from markupsafe import Markup, escape

from .base import Deferred, SitrepGenerator
from .charts import chart_svg
from .events import CitedSource, cite
from .figurelinks import figure_day, parse_figure_ref
from .figures import Reading, reading, title_key
from .history import history_for
from .i18n import ENGLISH, Language
from .model import Site
from .present import short_date
from .schema import Indicator, IndicatorValue
from .translated import tr_text


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
        rows.append(ValueRow(value, found, cite(site, value.source, language)))
    return rows


def chart_url(indicator: Indicator) -> str:
    return f"indicators/{indicator.id}/chart.svg"


def figure_html(
    site: Site, siteurl: str, ref: str, language: Language | None = None
) -> Markup | None:
    """`[[figure:ID]]` or `[[figure:ID@DATE]]` as HTML: the value, its unit, its source with
    the Admiralty grade and its date, linked to the indicator's page. Uses only tags that
    the analysis sanitiser keeps."""
    figure_id, when = parse_figure_ref(ref)
    indicator = site.indicators.get(figure_id)
    found = reading(indicator, figure_day(when), language) if indicator else None
    if found is None:  # validation refuses these; keep the text if one slips by
        return None
    source = cite(site, found.value.source, language)
    day: date = found.value.date
    figure = Markup(escape((language or ENGLISH).gettext("%(value)s %(unit)s"))) % {
        "value": found.text,
        "unit": found.unit,
    }
    return Markup(
        '<a href="{base}/indicators/{id}/" title="{title}">{figure}</a> '
        '(<a href="{base}/sources/{source_id}/">{source}</a> '
        '<abbr title="{meaning}">{grade}</abbr>, {day})'
    ).format(
        base=siteurl,
        id=indicator.id,
        title=tr_text(indicator, "title", language),
        figure=figure,
        source_id=found.value.source.source,
        source=source.name,
        meaning=source.meaning,
        grade=source.grade,
        day=short_date(day, language),
    )


def chart_file(indicator: Indicator, language: Language) -> dict[str, Markup]:
    return {"body": Markup(chart_svg(indicator, language))}


class IndicatorsGenerator(SitrepGenerator):
    def pages(self):
        site, language = self.site, self.language
        history = history_for(self.context)
        pages = []
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
            chart = Deferred(indicator, partial(chart_file, indicator, language))
            pages.append((chart_url(indicator), "raw", chart))
        listing = sorted(site.indicators.values(), key=lambda i: (title_key(i, language), i.id))
        readings = [reading(i, None, language) for i in listing]
        pages.append(("indicators/", "indicators", {"readings": readings}))
        return pages
