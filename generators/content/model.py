"""The validated site: every item by kind and id, and the indexes the pages need.

`loader.load_site` makes it from the content folder, checked; nothing here reads a file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from markupsafe import Markup, escape

from ..errors import ContentError
from .analysis_meta import AnalysisFile
from .i18n import Language
from .schema import KINDS, Actor, Area, Event, Indicator, Item, Place, Source
from .translated import tr
from .yamlsource import Document


@dataclass
class Site:
    """Every validated item by kind and id, and the indexes the pages need."""

    root: Path
    # The site's languages, main first: translations must be in the others.
    languages: tuple[str, ...] = ("en",)
    events: dict[str, Event] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    areas: dict[str, Area] = field(default_factory=dict)
    analyses: list[AnalysisFile] = field(default_factory=list)  # in the main language
    # Translations of analyses by (slug of the original, language).
    translated_analyses: dict[tuple[str, str], AnalysisFile] = field(default_factory=dict)
    documents: dict[tuple[str, str], Document] = field(default_factory=dict)
    # (kind, id) of files that exist but are invalid: their own errors are reported, and a
    # reference to them is not reported again as unknown.
    invalid: set[tuple[str, str]] = field(default_factory=set)
    # Untranslated-warnings by (kind, id), where loading made them (untranslated.py).
    untranslated: dict[tuple[str, str], list[ContentError]] = field(default_factory=dict)
    by_actor: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    by_place: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    by_source: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    # Every event by the day of its date, whatever its precision (the map filters by it).
    by_day: dict[date, list[Event]] = field(default_factory=lambda: defaultdict(list))
    # Events known to the day, by day: the days that have a daily report.
    dated: dict[date, list[Event]] = field(default_factory=lambda: defaultdict(list))
    # Events known only to the week or the month, by (precision, first day of the period):
    # ("week", its Monday), ("month", its 1st). Never placed under one day.
    by_period: dict[tuple[str, date], list[Event]] = field(default_factory=dict)
    by_citation: dict[str, list[AnalysisFile]] = field(default_factory=lambda: defaultdict(list))

    def kind(self, name: str) -> dict[str, Item]:
        return getattr(self, name)

    def counts(self) -> dict[str, int]:
        counts = {kind: len(self.kind(kind)) for kind in KINDS}
        counts["analyses"] = len(self.analyses)
        return counts

    def place_chain(self, place_id: str) -> list[Place]:
        """The place and its parents, innermost first (stops on a cycle)."""
        chain: list[Place] = []
        while place_id in self.places and self.places[place_id] not in chain:
            chain.append(self.places[place_id])
            place_id = self.places[place_id].parent or ""
        return chain

    def actor_label(self, actor_id: str, day: date, language: Language | None = None) -> str:
        """The actor's name on `day`: 'Jabhat al-Nusra (later Jabhat Fateh al-Sham)'; as
        HTML in the page's language when `language` is given."""
        actor = self.actors[actor_id]
        if language is None:
            name = actor.name_on(day)
            return name if name == actor.name else f"{name} (later {actor.name})"
        alias = actor.alias_on(day)
        if alias is None:
            return tr(actor, "name", language)
        return Markup(escape(language.gettext("%(name)s (later %(current)s)"))) % {
            "name": tr(alias, "name", language),
            "current": tr(actor, "name", language),
        }

    def claimant_label(self, ref: str, day: date, language: Language | None = None) -> str:
        """Who made a claim: an actor as named that day, or a source."""
        if ref in self.actors:
            return self.actor_label(ref, day, language)
        source = self.sources[ref]
        return source.name if language is None else tr(source, "name", language)

    def claimant_url(self, ref: str) -> str:
        return f"actors/{ref}/" if ref in self.actors else f"sources/{ref}/"

    def around(self, day: date) -> list[Event]:
        """Events known only to the week or month that `day` falls in: a day page's 'also
        this week' and 'also this month'. Months first, then weeks, each in date order."""
        monday = day - timedelta(days=day.weekday())
        return [
            *self.by_period.get(("month", day.replace(day=1)), []),
            *self.by_period.get(("week", monday), []),
        ]

    def citing(self, event_id: str) -> list[AnalysisFile]:
        """Analyses that name the event in their metadata or link to it."""
        return self.by_citation.get(event_id, [])

    def build_indexes(self) -> None:
        self.events = dict(sorted(self.events.items(), key=_sort_key))
        chains = {place: [p.id for p in self.place_chain(place)] for place in self.places}
        for event in self.events.values():
            self.by_day[event.day].append(event)
            if event.date_precision == "day":
                self.dated[event.day].append(event)
            else:
                self.by_period.setdefault(period_of(event), []).append(event)
            for actor in dict.fromkeys(ref.actor for ref in event.actors):
                self.by_actor[actor].append(event)
            for source in dict.fromkeys(c.source for c in event.sources):
                self.by_source[source].append(event)
            for place in chains.get(event.place or "", ()):
                self.by_place[place].append(event)
        for analysis in self.analyses:
            for event_id in analysis.cited_events():
                self.by_citation[event_id].append(analysis)


def period_of(event: Event) -> tuple[str, date]:
    """(precision, first day) of the week or month an imprecise event is known to."""
    day = event.day
    if event.date_precision == "month":
        return ("month", day.replace(day=1))
    return ("week", day - timedelta(days=day.weekday()))


def _sort_key(item: tuple[str, Event]) -> tuple:
    event_id, event = item
    moment = event.date.isoformat() if isinstance(event.date, datetime) else ""
    return (event.day, moment, event_id)
