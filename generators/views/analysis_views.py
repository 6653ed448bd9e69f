"""Analyses as pages in each language show them (see `analyses`): shared with the
generators that list analyses (home, days, events)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup, escape

from ..content.i18n import Language
from ..content.schema import Event
from .markup import sanitize


@dataclass
class AnalysisView:
    """An analysis as pages in one language show it."""

    url: str  # the same in every language, without the language's prefix
    title: str
    summary: str  # HTML
    date: datetime
    content: str  # HTML, its links leading to pages in the page's language
    cited_events: list[Event] = field(default_factory=list)
    report: dt.date | None = None  # `date` is the field above
    # Set when the page's language has no translation: the text's language and direction.
    lang: str = ""
    dir: str = ""

    @property
    def foreign(self) -> bool:
        return bool(self.lang)

    @property
    def title_html(self) -> Markup:
        return self._marked(escape(self.title), "span")

    @property
    def summary_html(self) -> Markup:
        """The summary, sanitised, marked with its language when it is not the page's."""
        return self._marked(sanitize(self.summary), "div")

    def _marked(self, html: Markup, tag: str) -> Markup:
        if not self.foreign:
            return html
        return Markup('<{0} lang="{1}" dir="{2}">{3}</{0}>').format(
            Markup(tag), self.lang, self.dir, html
        )


def views_of(context: dict) -> dict[str, dict[str, AnalysisView]]:
    return context.setdefault("sitrep_analysis_views", {})


def analysis_views(context: dict, language: Language) -> dict[str, AnalysisView]:
    """Every analysis as pages in `language` show it, by url, the newest first."""
    return views_of(context).get(language.code, {})
