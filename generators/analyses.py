"""Analyses are Pelican articles; sitrep links their `[[kind:id]]` references and lists the
events they cite. Their metadata and links were validated with the rest of the content."""

from __future__ import annotations

from pathlib import Path

from .base import SitrepGenerator
from .figures import key_figures
from .indicators import figure_html
from .markup import harden_pelican_content
from .wikilinks import LINK_KINDS, render_links


class AnalysesGenerator(SitrepGenerator):
    def generate_context(self) -> None:
        super().generate_context()
        site = self.site
        siteurl = self.settings["SITEURL"]
        by_path = {Path(a.path).name: a for a in site.analyses}

        def resolve(kind: str, ref: str):
            if kind == "figure":
                return figure_html(site, siteurl, ref)
            items = site.kind(LINK_KINDS.get(kind, "")) if kind in LINK_KINDS else {}
            item = items.get(ref)
            if item is None:
                return None
            title = getattr(item, "title", None) or item.name
            return f"{siteurl}/{LINK_KINDS[kind]}/{ref}/", title

        for article in self.context.get("articles", []):
            analysis = by_path.get(Path(article.source_path).name)
            article._content = render_links(article._content, resolve)
            harden_pelican_content(article)
            cited = analysis.cited_events() if analysis else []
            article.cited_events = [site.events[e] for e in cited if e in site.events]
            if analysis is not None:
                analysis.url, analysis.title = article.url, article.title
        for key in ("drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages"):
            for content in self.context.get(key, []):
                harden_pelican_content(content)

    def pages(self):
        articles = sorted(self.context.get("articles", []), key=lambda a: a.date, reverse=True)
        return [("analyses/", "analyses", {"analyses": articles})]


class HomeGenerator(SitrepGenerator):
    """The home page, the grading scales and the not-found page."""

    def pages(self):
        site = self.site
        articles = sorted(self.context.get("articles", []), key=lambda a: a.date, reverse=True)
        events = list(site.events.values())
        return [
            (
                "",
                "index",
                {
                    "latest_analysis": articles[0] if articles else None,
                    "analyses": articles[1:4],
                    "latest_events": events[::-1][:10],
                    "counts": site.counts(),
                    "days": list(site.by_day)[::-1][:7],
                    "key_figures": key_figures(site),
                },
            ),
            ("about/grades/", "grades", {}),
            ("404.html", "404", {}),
        ]
