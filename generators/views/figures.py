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


# A figure last reported more than this many days before the page's day is said to be old
# (setting FIGURE_STALE_DAYS).
STALE_DAYS = 7


@dataclass(frozen=True)
class Reading:
    """An indicator's latest value on a day, and the value before it (None for the first),
    read in a page's language (None: English). `as_of` is the day the page reports on (None:
    the reading is not about a day), which the value's age is counted from."""

    indicator: Indicator
    value: IndicatorValue
    previous: IndicatorValue | None
    language: Language | None = None
    as_of: date | None = None
    stale_after: int = STALE_DAYS

    @property
    def age(self) -> int | None:
        """Days between the value's date and the page's day (None without a page day)."""
        return (self.as_of - self.value.date).days if self.as_of is not None else None

    @property
    def stale(self) -> bool:
        """Whether the value is older than `stale_after` days on the page's day: a reader
        must not take it for the figure of that day."""
        age = self.age
        return age is not None and age > self.stale_after

    @property
    def age_text(self) -> str:
        """'Last reported 6 Aug 2016, 117 days earlier' (empty when the value is recent)."""
        if not self.stale:
            return ""
        lang = self.language or ENGLISH
        template = lang.ngettext(
            "Last reported %(day)s, %(num)s day earlier",
            "Last reported %(day)s, %(num)s days earlier",
            self.age or 0,
        )
        return template % {
            "day": short_date(self.value.date, self.language),
            "num": number_text(self.age or 0, self.language),
        }

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
            if len(self.indicator.values) == 1:
                return _("The only value on record")
            return _("No earlier value on record")
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
    indicator: Indicator,
    day: date | None = None,
    language: Language | None = None,
    as_of: date | None = None,
    stale_after: int = STALE_DAYS,
) -> Reading | None:
    """The value in force on `day` (the latest on or before it; the latest of all when None),
    its age counted from `as_of` (`day` when not given)."""
    values = indicator.values
    index = len(values) - 1
    if day is not None:  # values are in ascending order of date (schema.py)
        index = bisect_right(values, day, key=lambda v: v.date) - 1
    if index < 0:
        return None
    previous = values[index - 1] if index else None
    when = as_of if as_of is not None else day
    return Reading(indicator, values[index], previous, language, when, stale_after)


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
    site: Site,
    day: date | None = None,
    language: Language | None = None,
    as_of: date | None = None,
    stale_after: int = STALE_DAYS,
) -> list[Reading]:
    """Every indicator with a value on `day`, ordered by title (in the page's language),
    each with its age on `as_of` (`day` when not given)."""
    readings = [
        reading(indicator, day, language, as_of, stale_after)
        for indicator in site.indicators.values()
    ]
    found = [r for r in readings if r is not None]
    return sorted(found, key=lambda r: (title_key(r.indicator, language), r.indicator.id))


def title_key(indicator: Indicator, language: Language | None) -> str:
    """An indicator's title as lists sort it, in the page's language."""
    return tr_text(indicator, "title", language).casefold()
