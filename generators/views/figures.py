"""Reading indicators: the value of a figure as of a day and the change since the value
before, as pages show them, and the `[[figure:ID]]` / `[[figure:ID@2016-08-06]]` links of
analyses rendered from them (checked in `figurelinks`).

Pages (key-figures boxes, indicator pages, analyses) all read figures through `reading`, so a
figure shows the same value, date, source and change wherever it appears.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..content.figurelinks import figure_day, parse_figure_ref
from ..content.i18n import ENGLISH, Language
from ..content.schema import Indicator, IndicatorValue
from ..content.translated import tr_text
from .citations import cite
from .present import count, short_date, unit_for

if TYPE_CHECKING:
    from ..content.model import Site


def number_text(number: int | float, language: Language | None = None) -> str:
    """'250,000', '12.5'."""
    return count(number, language)


def figure_text(value: IndicatorValue, language: Language | None = None) -> str:
    """The figure as a reader says it: '35', '1,000-2,000', 'at least 100', 'up to 50'."""
    _ = (language or ENGLISH).gettext
    if value.value is not None:
        return number_text(value.value, language)
    low, high = (number_text(n, language) if n is not None else "" for n in (value.min, value.max))
    if value.min is not None and value.max is not None:
        return _("%(min)s-%(max)s") % {"min": low, "max": high}
    if value.min is not None:
        return _("at least %(min)s") % {"min": low}
    return _("up to %(max)s") % {"max": high}


@dataclass(frozen=True)
class Reading:
    """An indicator's latest value on a day, and the value before it (None for the first),
    read in a page's language (None: English)."""

    indicator: Indicator
    value: IndicatorValue
    previous: IndicatorValue | None
    language: Language | None = None

    @property
    def text(self) -> str:
        return figure_text(self.value, self.language)

    @property
    def unit(self) -> str:
        """The indicator's unit, agreeing with the number written before it."""
        value = self.value
        number = next((n for n in (value.value, value.max, value.min) if n is not None), None)
        return unit_for(self.indicator, number, self.language)

    @property
    def change(self) -> str:
        """How the figure moved since the previous value, in words a screen reader reads well."""
        _ = (self.language or ENGLISH).gettext
        if self.previous is None:
            return _("First value on record")
        before, now = self.previous.value, self.value.value
        values = {
            "since": short_date(self.previous.date, self.language),
            "before": figure_text(self.previous, self.language),
        }
        if before is None or now is None:
            return _("Was %(before)s on %(since)s") % values
        if now == before:
            return _("Unchanged since %(since)s") % values
        values["difference"] = number_text(abs(now - before), self.language)
        if now > before:
            return _("Up %(difference)s from %(before)s on %(since)s") % values
        return _("Down %(difference)s from %(before)s on %(since)s") % values

    @property
    def direction(self) -> str:
        """'up', 'down', 'same' or '' (not comparable): for styling only."""
        if self.previous is None or self.previous.value is None or self.value.value is None:
            return ""
        if self.value.value == self.previous.value:
            return "same"
        return "up" if self.value.value > self.previous.value else "down"


def reading(
    indicator: Indicator, day: date | None = None, language: Language | None = None
) -> Reading | None:
    """The value in force on `day` (the latest on or before it; the latest of all when None)."""
    values = indicator.values
    index = len(values) - 1
    if day is not None:  # values are in ascending order of date (schema.py)
        index = bisect_right(values, day, key=lambda v: v.date) - 1
    if index < 0:
        return None
    return Reading(indicator, values[index], values[index - 1] if index else None, language)


def figure_html(
    site: Site, siteurl: str, ref: str, language: Language | None = None
) -> Markup | None:
    """`[[figure:ID]]` or `[[figure:ID@DATE]]` as HTML: the value, its unit, its source with
    the Admiralty grade and its date, linked to the indicator's page. Uses only tags that
    the analysis sanitiser keeps."""
    figure_id, when = parse_figure_ref(ref)
    indicator = site.indicators.get(figure_id)
    found = reading(indicator, figure_day(when), language) if indicator else None
    if found is None or indicator is None:  # validation refuses these; keep the text
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


def key_figures(
    site: Site, day: date | None = None, language: Language | None = None
) -> list[Reading]:
    """Every indicator with a value on `day`, ordered by title (in the page's language)."""
    readings = [reading(indicator, day, language) for indicator in site.indicators.values()]
    found = [r for r in readings if r is not None]
    return sorted(found, key=lambda r: (title_key(r.indicator, language), r.indicator.id))


def title_key(indicator: Indicator, language: Language | None) -> str:
    """An indicator's title as lists sort it, in the page's language."""
    return tr_text(indicator, "title", language).casefold()
