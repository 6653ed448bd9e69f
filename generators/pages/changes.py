"""`/changes/`: the latest changes across the site from git, and their Atom feed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from markupsafe import Markup, escape

from ..content.i18n import Language
from ..content.model import Site
from ..content.translated import tr
from ..content.vocabulary import CHANGE_KINDS
from ..urls import absolute_base
from ..views.analysis_views import analysis_views
from ..views.atom import BasedAtomFeed
from ..views.history import Change, history_for
from ..views.present import clock
from .base import SitrepGenerator

PAGE_LIMIT = 200
FEED_LIMIT = 50
KIND_LABELS = CHANGE_KINDS
# Kinds without pages of their own: a change links to the page that shows them.
SHOWN_ON = {"areas": "map/"}


@dataclass
class ChangeLine:
    """A change with the name and address of what it changed (no address once deleted)."""

    change: Change
    label: str
    title: str
    url: str


@dataclass
class CommitGroup:
    """The changes one commit made: read together, under the desk's note if it wrote one."""

    commit: str
    when: datetime
    change: Change  # the first: it carries the commit's desk note
    lines: list[ChangeLine] = field(default_factory=list)

    @property
    def time(self) -> str:
        """'09:26 (UTC+03:00)': the commit's time in the offset it was made in."""
        return clock(self.when)


def change_lines(
    site: Site, changes: list[Change], language: Language | None = None, views: dict | None = None
) -> list[ChangeLine]:
    """Each change with the label of its kind and its entry's title and address, in the
    page's language (titles of analyses from `views`, by url, when given)."""
    analyses = {Path(a.path).stem: a for a in site.analyses}
    # Translations are not changes to the record (as in YAML items, see history._original).
    translations = {Path(a.path).stem for a in site.translated_analyses.values()}
    lines = []
    for change in changes:
        if change.kind == "analyses" and change.item_id in translations:
            continue
        title, url = change.item_id, ""
        if change.kind == "analyses" and change.item_id in analyses:
            analysis = analyses[change.item_id]
            title, url = analysis.title or title, analysis.url
            if views and url in views:
                title = views[url].title_html
        elif change.kind != "analyses" and change.item_id in site.kind(change.kind):
            item = site.kind(change.kind)[change.item_id]
            field = "title" if getattr(item, "title", None) else "name"
            title = getattr(item, field) if language is None else tr(item, field, language)
            url = SHOWN_ON.get(change.kind, f"{change.kind}/{change.item_id}/")
        if change.status == "deleted":
            # Withdrawn: named by the title it had, in the page's language when translated.
            code = "" if language is None or language.main else language.code
            titles = change.last_title
            title = titles.get(code) or titles.get("") or title
            url = ""
        label = KIND_LABELS[change.kind]
        lines.append(
            ChangeLine(change, label if language is None else language.gettext(label), title, url)
        )
    return lines


def atom_feed(lines: list[ChangeLine], settings: dict) -> str:
    """The changes as a valid Atom document; ids are derived from commits, so stable."""
    siteurl = absolute_base(settings)
    name = settings["SITENAME"]
    feed = BasedAtomFeed(
        title=f"{name}: changes",
        link=f"{siteurl}/changes/",
        description=f"Every change to the events, figures and sources of {name}, from git.",
        language=settings.get("DEFAULT_LANG", "en"),
        author_name=settings.get("AUTHOR") or name,
        feed_url=f"{siteurl}/changes/atom.xml",
        feed_guid=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name + '/changes/')}",
        base=siteurl,
    )
    for line in lines:
        change = line.change
        key = f"{change.commit}/{change.kind}/{change.item_id}"
        summary = change.summary()
        note, _ = change.note()
        if note:
            summary += f". Desk's note: {note}"
        feed.add_item(
            title=f"{line.label} {change.status}: {line.title}",
            link=f"{siteurl}/{line.url or 'changes/'}",
            description=str(escape(summary)),
            unique_id=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}",
            pubdate=change.when,
            updateddate=change.when,
        )
    return feed.writeString("utf-8")


class ChangesGenerator(SitrepGenerator):
    def pages(self):
        history = history_for(self.context)
        changes = history.changes if history else []
        views = analysis_views(self.context, self.language)
        lines = change_lines(self.site, changes[:PAGE_LIMIT], self.language, views)
        days: dict[date, list[CommitGroup]] = {}
        for line in lines:
            groups = days.setdefault(line.change.when.date(), [])
            if not groups or groups[-1].commit != line.change.commit:
                groups.append(CommitGroup(line.change.commit, line.change.when, line.change))
            groups[-1].lines.append(line)
        variables = {"days": days, "has_history": history is not None, "has_feed": bool(lines)}
        pages = [("changes/", "changes", variables)]
        # One feed, in the main language; an empty feed would need the clock for its date.
        if lines and self.language.main:
            feed = atom_feed(change_lines(self.site, changes[:FEED_LIMIT]), self.settings)
            pages.append(("changes/atom.xml", "raw", {"body": Markup(feed)}))
        return pages
