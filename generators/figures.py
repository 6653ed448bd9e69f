"""Reading indicators: the value of a figure as of a day, the change since the value before,
and the `[[figure:ID]]` / `[[figure:ID@2016-08-06]]` links of analyses.

Pages (key-figures boxes, indicator pages, analyses) all read figures through `reading`, so a
figure shows the same value, date, source and change wherever it appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .errors import ContentError
from .schema import Indicator, IndicatorValue, suggest

if TYPE_CHECKING:
    from .analysis_meta import AnalysisFile
    from .site import Site
    from .wikilinks import WikiLink


def number_text(number: int | float) -> str:
    """'250,000', '12.5'."""
    return f"{number:,}"


def figure_text(value: IndicatorValue) -> str:
    """The figure as a reader says it: '35', '1,000-2,000', 'at least 100', 'up to 50'."""
    if value.value is not None:
        return number_text(value.value)
    if value.min is not None and value.max is not None:
        return f"{number_text(value.min)}-{number_text(value.max)}"
    if value.min is not None:
        return f"at least {number_text(value.min)}"
    return f"up to {number_text(value.max)}"


@dataclass(frozen=True)
class Reading:
    """An indicator's latest value on a day, and the value before it (None for the first)."""

    indicator: Indicator
    value: IndicatorValue
    previous: IndicatorValue | None

    @property
    def text(self) -> str:
        return figure_text(self.value)

    @property
    def change(self) -> str:
        """How the figure moved since the previous value, in words a screen reader reads well."""
        if self.previous is None:
            return "First value on record"
        before, now = self.previous.value, self.value.value
        since = f"{self.previous.date.day} {self.previous.date:%b %Y}"
        if before is None or now is None:
            return f"Was {figure_text(self.previous)} on {since}"
        if now == before:
            return f"Unchanged since {since}"
        direction = "Up" if now > before else "Down"
        return f"{direction} {number_text(abs(now - before))} from {number_text(before)} on {since}"

    @property
    def direction(self) -> str:
        """'up', 'down', 'same' or '' (not comparable): for styling only."""
        if self.previous is None or self.previous.value is None or self.value.value is None:
            return ""
        if self.value.value == self.previous.value:
            return "same"
        return "up" if self.value.value > self.previous.value else "down"


def reading(indicator: Indicator, day: date | None = None) -> Reading | None:
    """The value in force on `day` (the latest on or before it; the latest of all when None)."""
    values = indicator.values
    index = len(values) - 1
    if day is not None:
        index = max((i for i, v in enumerate(values) if v.date <= day), default=-1)
    if index < 0:
        return None
    return Reading(indicator, values[index], values[index - 1] if index else None)


def key_figures(site: Site, day: date | None = None) -> list[Reading]:
    """Every indicator with a value on `day`, ordered by title."""
    readings = [reading(indicator, day) for indicator in site.indicators.values()]
    found = [r for r in readings if r is not None]
    return sorted(found, key=lambda r: (r.indicator.title.casefold(), r.indicator.id))


def parse_figure_ref(ref: str) -> tuple[str, str | None]:
    """'id@2016-08-06' -> ('id', '2016-08-06'); 'id' -> ('id', None)."""
    figure_id, _, when = ref.partition("@")
    return figure_id, (when if "@" in ref else None)


def figure_day(when: str | None) -> date | None:
    """The date of a figure link, or None when it has none or it is not a real date."""
    if when is None or len(when) != 10:
        return None
    try:
        return date.fromisoformat(when)
    except ValueError:
        return None


def check_figure_link(site: Site, analysis: AnalysisFile, link: WikiLink) -> ContentError | None:
    """Why a `[[figure:...]]` link cannot be rendered, at its line; None when it can."""
    figure_id, when = parse_figure_ref(link.ref)

    def error(message: str, hint: str = "") -> ContentError:
        return ContentError(analysis.path, link.line, link.col, "", message, hint)

    indicator = site.indicators.get(figure_id)
    if indicator is None:
        hint = suggest(figure_id, list(site.indicators)) or f"no file indicators/{figure_id}.yaml"
        return error(f"unknown figure '{figure_id}' in [[figure:{link.ref}]]", hint)
    day = figure_day(when)
    if when is not None and day is None:
        return error(
            f"expected a date like 2016-08-06 after '@' in [[figure:{link.ref}]], got '{when}'",
            f"write [[figure:{figure_id}@2016-08-06]], or [[figure:{figure_id}]] for the latest",
        )
    if day is not None and reading(indicator, day) is None:
        first = indicator.values[0].date
        return error(
            f"figure '{figure_id}' has no value on or before {day} (its first is {first})",
            f"use a date from {first} on",
        )
    return None
