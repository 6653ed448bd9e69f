"""The `[[figure:ID]]` and `[[figure:ID@2016-08-06]]` links of analyses: what they name,
and why one cannot be rendered (an unknown indicator, a date that is not one, or a day
before the indicator's first value).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..errors import ContentError
from .schema import suggest

if TYPE_CHECKING:
    from .analysis_meta import AnalysisFile
    from .model import Site
    from .wikilinks import WikiLink


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
    if indicator is None and ("indicators", figure_id) in site.invalid:
        return None  # the indicator's own errors are reported, at its file
    if indicator is None:
        hint = suggest(figure_id, list(site.indicators)) or f"no file indicators/{figure_id}.yaml"
        return error(f"unknown figure '{figure_id}' in [[figure:{link.ref}]]", hint)
    day = figure_day(when)
    if when is not None and day is None:
        return error(
            f"expected a date like 2016-08-06 after '@' in [[figure:{link.ref}]], got '{when}'",
            f"write [[figure:{figure_id}@2016-08-06]], or [[figure:{figure_id}]] for the latest",
        )
    first = indicator.values[0].date  # values are in ascending order of date (schema.py)
    if day is not None and day < first:
        return error(
            f"figure '{figure_id}' has no value on or before {day} (its first is {first})",
            f"use a date from {first} on",
        )
    return None
