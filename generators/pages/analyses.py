"""Analyses are Pelican articles; sitrep links their `[[kind:id]]` references and lists the
events they cite. Their metadata and links were validated with the rest of the content.

Pelican writes the analyses in the main language. In every other language of the site,
sitrep writes each analysis itself, under the language's prefix: its translation (a
Markdown file with `Lang:` and the Slug of the original, Pelican's convention) when there is
one, else the original marked with its language. Pages list analyses through
`AnalysisView`s, so that a list in Arabic shows Arabic titles where they exist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from pelican.contents import Content

from ..build.inputs import Input, raw, recording
from ..content.i18n import Language, languages_for
from ..content.model import Site
from ..content.translated import foreign, localized
from ..content.wikilinks import LINK_KINDS, render_links
from ..settings import sitrep_settings
from ..views.analysis_views import AnalysisView, analysis_views, views_of
from ..views.figures import figure_html, key_figures
from ..views.markup import harden_body, harden_pelican_content
from ..views.paging import split
from .base import SitrepGenerator


def link_resolver(site: Site, siteurl: str, language: Language | None, names: bool = True):
    """How `[[kind:id]]` renders on pages at `siteurl`: a link with the item's name in
    `language` (its original name, marked, when untranslated), or its original name
    everywhere when `names` is False (for an original shown untranslated)."""

    def resolve(kind: str, ref: str):
        if kind == "figure":
            return figure_html(site, siteurl, ref, language if names else None)
        items = site.kind(LINK_KINDS.get(kind, "")) if kind in LINK_KINDS else {}
        item = items.get(ref)
        if item is None:
            return None
        url = f"{siteurl}/{LINK_KINDS[kind]}/{ref}/"
        field_name = "title" if hasattr(item, "title") else "name"
        text, translated = localized(item, field_name, language if names else None)
        if translated or not names or language is None:
            return url, text
        return Markup(f'<a href="{escape(url)}">{foreign(escape(text), language)}</a>')

    return resolve


class AnalysesGenerator(SitrepGenerator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._resolvers: dict[tuple, Callable] = {}

    def resolver(self, siteurl: str, language: Language | None, names: bool = True):
        """`link_resolver`, made once per build and page root: analyses link the same
        events and sources again and again (17,600 links in 200 analyses)."""
        key = (siteurl, language.code if language is not None else None, names)
        if key not in self._resolvers:
            self._resolvers[key] = cache(link_resolver(self.site, siteurl, language, names))
        return self._resolvers[key]

    def generate_context(self) -> None:
        super().generate_context()
        self._link(first=True)

    def _link(self, first: bool) -> None:
        """Render the analyses' links to the site's items, and make their views. Again
        after a partial rebuild (`refresh`), from the text as it was read."""
        site = self.site
        siteurl = self.settings["SITEURL"]
        by_path = {Path(a.path).name: a for a in site.analyses}
        languages = languages_for(self.context)
        articles = sorted(self.context.get("articles", []), key=lambda a: a.date, reverse=True)
        views = views_of(self.context)
        _forget_rendered()
        with recording() as reads:
            for article in articles:
                analysis = by_path.get(Path(article.source_path).name)
                original = _unlinked(article)
                article._content = render_links(original, self.resolver(siteurl, None))
                if first:
                    harden_pelican_content(article)
                else:  # its title and summary were hardened already, and have no links
                    harden_body(article)
                cited = analysis.cited_events() if analysis else []
                article.cited_events = [site.events[e] for e in cited if e in site.events]
                if analysis is not None:
                    analysis.url, analysis.title = article.url, article.title
                report = analysis.meta.report if analysis and analysis.meta else None
                for language in languages:
                    view = self.view(article, original, language, report)
                    views.setdefault(language.code, {})[article.url] = view
        self.linked = frozenset(reads)
        if not first:
            return
        for key in ("drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages"):
            for content in self.context.get(key, []):
                harden_pelican_content(content)

    def refresh(self, before: Site, changed: frozenset[Input]) -> bool:
        self._resolvers = {}  # they link to the items of `before`
        if not self.linked.isdisjoint(changed):
            self._link(first=False)
            return True
        # The address and title given to each analysis by `_link`, on the site loaded again.
        given = {analysis.path: analysis for analysis in raw(before.analyses)}
        for analysis in raw(self.site.analyses):
            if (old := given.get(analysis.path)) is not None:
                analysis.url, analysis.title = old.url, old.title
        return False

    def view(self, article, original: str, language: Language, report) -> AnalysisView:
        """The analysis in `language`: the original in the main language, else its
        translation, else the original marked with its language."""
        common: dict[str, Any] = {"cited_events": article.cited_events, "report": report}
        if language.main:
            return AnalysisView(
                article.url, article.title, article.summary, article.date, article.content, **common
            )
        siteurl = f"{self.settings['SITEURL']}/{language.code}"
        translation = next((t for t in article.translations if t.lang == language.code), None)
        if translation is not None:
            resolve = self.resolver(siteurl, language)
            translation._content = render_links(_unlinked(translation), resolve)
            return AnalysisView(
                article.url,
                translation.title,
                translation.summary,
                translation.date,
                translation.content,
                **common,
            )
        resolve = self.resolver(siteurl, language, names=False)
        return AnalysisView(
            article.url,
            article.title,
            article.summary,
            article.date,
            render_links(original, resolve),
            lang=language.original,
            dir=language.original_dir,
            **common,
        )

    def pages(self):
        views = list(analysis_views(self.context, self.language).values())
        # Above LIST_PAGE_EVENTS analyses, one page per month (`/analyses/2016-08/`), as
        # the other lists: 2,000 analyses made /analyses/ 737 KB.
        most = sitrep_settings(self.settings).LIST_PAGE_EVENTS
        pages: list[tuple[str, str, dict[str, Any]]] = [
            (url, "analyses", {"analyses": shown, "pager": pager})
            for url, shown, pager in split(views, "analyses/", most, _published)
        ]
        if not self.language.main:  # Pelican writes the main language's
            pages += [(view.url, "article", {"article": view}) for view in views]
        return pages


def _published(view: AnalysisView) -> date:
    return view.date.date()


def _unlinked(content: Any) -> str:
    """A Pelican article's text as it was read, before `_link` rendered its links."""
    found = getattr(content, "_sitrep_unlinked", None)
    if found is None:
        found = content._sitrep_unlinked = content._content
    return found


def _forget_rendered() -> None:
    """Forget the bodies and summaries Pelican made of its contents' texts: it keeps them
    for every content object it ever made (`memoized`, in the class), so in a preview
    server those of every earlier build, and `_link` gives an article another text."""
    for name in ("get_content", "get_summary"):
        getattr(Content, name).cache.clear()


class HomeGenerator(SitrepGenerator):
    """The home page, the grading scales and the not-found page."""

    def pages(self):
        site = self.site
        articles = list(analysis_views(self.context, self.language).values())
        events = list(site.events.values())
        newest = max(site.by_day, default=None)  # the day the home page's figures are as of
        return [
            (
                "",
                "index",
                {
                    "latest_analysis": articles[0] if articles else None,
                    "analyses": articles[1:4],
                    "latest_events": events[::-1][:10],
                    "counts": site.counts(),
                    "days": list(site.dated)[::-1][:7],
                    "figures_day": newest,
                    # Aged from the newest day on record: the day the home page reports on.
                    "key_figures": key_figures(
                        site,
                        None,
                        self.language,
                        newest,
                        sitrep_settings(self.settings).FIGURE_STALE_DAYS,
                    ),
                },
            ),
            ("about/grades/", "grades", {}),
            ("404.html", "404", {}),
        ]
