"""Atom feeds: all events, all analyses, and the events of each actor and each place.

sitrep writes the analyses feed too (not Pelican's FEED_ALL_ATOM, whose links follow
SITEURL). Every link here starts with `absolute_base()`: the site's address, or nothing in
a build that has none, whose feeds then carry `xml:base` and `urn:uuid:` ids (views/atom.py).
An entry's `updated` is the latest date its file speaks of (the event, its claims, its
reports), so that a build of unchanged content writes the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, partial

from markupsafe import Markup, escape

from ..content import vocabulary as voc
from ..content.model import Site
from ..content.schema import Actor, Event, Place
from ..urls import FEED_KINDS, absolute_base, feed_path, item_path
from ..views.atom import BasedAtomFeed, atom_id
from ..views.markup import markdown, sanitize
from ..views.present import event_when
from ..views.records import last_change, moment, plain_text, where
from .base import SitrepGenerator


class StableAtomFeed(BasedAtomFeed):
    """An Atom feed whose `updated` never falls back to the clock (empty feeds included)."""

    def __init__(self, *args, fallback_updated: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.fallback_updated = fallback_updated

    def latest_post_date(self) -> datetime:
        dates = [item["updateddate"] for item in self.items if item.get("updateddate")]
        return max(dates, default=self.fallback_updated)


def entry_html(site: Site, event: Event) -> str:
    """The entry's content: what, when, where, how sure, then the desk's summary."""
    grade = event.assessment.grade if event.assessment else "not yet assessed"
    facts = (
        f"<p>{escape(voc.EVENT_TYPES[event.type])}, {escape(event_when(event))}, "
        f"{escape(where(site, event).name)}. Assessment: {escape(grade)}.</p>"
    )
    return facts + str(markdown(event.summary))


def _atom(feed: StableAtomFeed) -> bytes:
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue().encode("utf-8")


@dataclass(frozen=True)
class FeedHead:
    """What a feed says of itself."""

    path: str
    title: str
    page: str  # the page it follows
    base: str  # absolute_base()
    language: str | None
    author: str
    updated: datetime  # when it has no entry: the site's latest change, never the clock
    sitename: str  # in the feed's and entries' ids when the site has no address (atom_id)

    def new(self) -> StableAtomFeed:
        return StableAtomFeed(
            title=self.title,
            link=f"{self.base}/{self.page}",
            description="",
            language=self.language,
            author_name=self.author,
            feed_url=f"{self.base}/{self.path}",
            feed_guid=atom_id(self.base, self.path, self.sitename),
            fallback_updated=self.updated,
            base=self.base,
        )


def events_feed(site: Site, head: FeedHead, newest: list[Event]) -> bytes:
    """An events feed's file: its key hashes `head` and `newest`; what it reads of the site
    (places, for where) is recorded (store.py)."""
    feed = head.new()
    for event in newest:
        url = f"{head.base}/{item_path('events', event.id)}"
        feed.add_item(
            title=event.title,
            link=url,
            unique_id=atom_id(head.base, item_path("events", event.id), head.sitename),
            # Atom summaries are HTML to feed readers: plain text must be escaped.
            description=str(escape(plain_text(event.summary) or event.title)),
            content=entry_html(site, event),
            pubdate=moment(event.date),
            updateddate=last_change(event),
            categories=[voc.EVENT_TYPES[event.type]],
        )
    return _atom(feed)


class FeedsGenerator(SitrepGenerator):
    later = True

    def pages(self):
        return []

    @cached_property
    def latest(self) -> datetime:
        """What an empty feed gives as `updated`: the site's latest change, never the clock."""
        changes = (last_change(e) for e in self.site.events.values())
        return max(changes, default=moment(date(1970, 1, 1)))

    def head(self, path: str, title: str, page: str, updated: datetime) -> FeedHead:
        author = self.settings.get("AUTHOR") or self.settings["SITENAME"]
        base, language = absolute_base(self.settings), self.settings.get("DEFAULT_LANG")
        return FeedHead(
            path, title, page, base, language, author, updated, self.settings["SITENAME"]
        )

    def write(self, path: str, feed: StableAtomFeed) -> None:
        self.context["sitrep_store"].file(path, _atom(feed))

    def feed(self, path: str, title: str, page: str, events: list[Event]) -> None:
        limit = self.settings.get("FEED_MAX_ITEMS") or len(events)
        newest = sorted(events, key=lambda e: (e.day, e.date.isoformat(), e.id), reverse=True)
        newest = newest[:limit]
        # The date an empty feed gives: a feed with entries takes theirs, and its key does
        # not change with the site's latest change.
        head = self.head(path, title, page, moment(date(1970, 1, 1)) if newest else self.latest)
        store = self.context["sitrep_store"]
        key = store.keys.key(path, "feed", (head, newest)) if store.keys else None
        store.made(path, key, partial(events_feed, self.site, head, newest))

    def analyses_feed(self) -> None:
        base, name = absolute_base(self.settings), self.settings["SITENAME"]
        path = feed_path("analyses")
        feed = self.head(path, f"{name}: analyses", "analyses/", self.latest).new()
        articles = sorted(self.context.get("articles", []), key=lambda a: a.date, reverse=True)
        for article in articles[: self.settings.get("FEED_MAX_ITEMS") or len(articles)]:
            url = f"{base}/{article.url}"
            authors = [str(a) for a in getattr(article, "authors", [])]
            feed.add_item(
                title=article.title,
                link=url,
                unique_id=atom_id(base, article.url, name),
                description=str(escape(Markup(article.summary or "").striptags() or article.title)),
                content=str(sanitize(article.content)),
                pubdate=article.date,
                updateddate=getattr(article, "modified", None) or article.date,
                author_name=", ".join(authors) or None,
            )
        self.write(path, feed)

    def generate_output(self, writer) -> None:
        site, name = self.site, self.settings["SITENAME"]
        self.analyses_feed()
        self.feed(
            feed_path("events"), f"{name}: all events", "timeline/", list(site.events.values())
        )
        for kind in FEED_KINDS:
            events_of = getattr(site, f"by_{kind[:-1]}")
            for item in site.kind(kind).values():
                assert isinstance(item, Actor | Place)  # the kinds with feeds
                self.feed(
                    feed_path(kind, item.id),
                    f"{name}: events of {item.name}",
                    item_path(kind, item.id),
                    events_of.get(item.id, []),
                )
