"""Daily situation reports: what a day page shows beyond its list of events.

A desk's daily report opens with key takeaways, gives the key figures, goes through the day
place by place and sets contradicting claims side by side. The takeaways come from the
analysis whose metadata says `Report: 2016-08-06` (checked in `references`); the rest is
composed here from the validated site.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..content.i18n import Language
from ..content.schema import Event, day_of
from ..content.translated import tr
from ..content.vocabulary import N_
from .citations import ClaimLine, claims_by_stance

if TYPE_CHECKING:
    from ..content.model import Site

# Stances that say a claim is true, and those that say it is not.
FOR = ("asserts", "confirms")
AGAINST = ("denies", "disputes")
# The heading of the section; in a translated analysis, the catalogue's translation of it.
TAKEAWAYS = N_("Key takeaways")


@dataclass(frozen=True)
class TimelineSection:
    """One heading of the timeline: a day ("day", the day), or the week or month that
    events known only that precisely fall in ("week", its Monday; "month", its 1st)."""

    kind: str
    start: date
    events: list[Event]

    @property
    def month(self) -> date:
        return self.start.replace(day=1)


_SECTION_ORDER = {"month": 0, "week": 1, "day": 2}


def timeline_sections(site: Site) -> list[TimelineSection]:
    """Every event under the most precise heading its date allows, in date order: a month
    opens before its days, a week before the days from its Monday on."""
    sections = [TimelineSection("day", day, events) for day, events in site.dated.items()]
    sections += [TimelineSection(kind, s, events) for (kind, s), events in site.by_period.items()]
    return sorted(sections, key=lambda s: (s.start, _SECTION_ORDER[s.kind]))


def takeaways(html: str, heading: str = TAKEAWAYS) -> str | None:
    """The 'Key takeaways' section of a rendered analysis (under `heading`, or the English
    one), up to its next heading."""
    headings = "|".join(re.escape(h) for h in dict.fromkeys((heading, TAKEAWAYS)))
    pattern = rf"<h2[^>]*>\s*(?:{headings})\s*</h2>(?P<body>.*?)(?=<h[12][\s>]|\Z)"
    match = re.search(pattern, html or "", re.IGNORECASE | re.DOTALL)
    return match.group("body").strip() if match and match.group("body").strip() else None


@dataclass
class PlaceGroup:
    """The events of one day at one place."""

    name: str
    url: str
    within: str
    events: list[Event] = field(default_factory=list)


def events_by_place(
    site: Site, events: list[Event], language: Language | None = None
) -> list[PlaceGroup]:
    """The day's events grouped by place, places in the order of their first event."""
    groups: dict[str, PlaceGroup] = {}
    for event in events:
        if event.place:
            chain = site.place_chain(event.place)
            key, name, url = event.place, tr(chain[0], "name", language), f"places/{event.place}/"
            within = tr(chain[1], "name", language) if len(chain) > 1 else ""
        else:
            assert event.location is not None  # the schema requires a place or a location
            key, url, within = f"@{event.location.name}", "", ""
            name = tr(event.location, "name", language)
        groups.setdefault(key, PlaceGroup(name, url, within)).events.append(event)
    return list(groups.values())


@dataclass
class Contradiction:
    """One event's claims for and against, to be read side by side."""

    event: Event
    supporting: list[ClaimLine]
    opposing: list[ClaimLine]
    # Claims against it made in related events: (the related event, its claims).
    opposing_elsewhere: list[tuple[Event, list[ClaimLine]]] = field(default_factory=list)


def counter_claims(
    site: Site, event: Event, language: Language | None = None
) -> list[tuple[Event, list[ClaimLine]]]:
    """Claims of related events that say otherwise than the event's own claims: where a
    party that asserts this event stands on one side of a related event, that event's
    claims on the other side, by other parties, are against this one. (A party asserting
    the army regains ground also denies that the siege is broken: those who say the siege
    is broken say otherwise.) Nothing is inferred for a related event where none of this
    event's claimants speaks."""
    mine = {claim.by for claim in event.claims if claim.stance in FOR}
    found = []
    for other_id in event.related:
        other = site.events.get(other_id)
        if other is None or not mine:
            continue
        lines = claims_by_stance(site, other, language)
        for_them = [line for stance in FOR for line in lines.get(stance, [])]
        against_them = [line for stance in AGAINST for line in lines.get(stance, [])]
        if mine & {line.claim.by for line in against_them}:
            others = [line for line in for_them if line.claim.by not in mine]
        elif mine & {line.claim.by for line in for_them}:
            others = [line for line in against_them if line.claim.by not in mine]
        else:
            continue
        if others:
            found.append((other, others))
    return found


def sides(site: Site, event: Event, language: Language | None = None) -> Contradiction:
    """The event's claims split into those for and those against."""
    lines = claims_by_stance(site, event, language)
    return Contradiction(
        event,
        [line for stance in FOR for line in lines.get(stance, [])],
        [line for stance in AGAINST for line in lines.get(stance, [])],
        counter_claims(site, event, language),
    )


def contradictions_by_day(
    site: Site, language: Language | None = None
) -> dict[date, list[Contradiction]]:
    """For each day, the events whose claims contradict each other and that were made or
    happened that day (an event's day, or the date of any of its claims)."""
    found: dict[date, list[Contradiction]] = defaultdict(list)
    for event in site.events.values():
        stances = {claim.stance for claim in event.claims}
        if stances.isdisjoint(FOR) or stances.isdisjoint(AGAINST):
            continue  # no claim on one side: not made into lines (their claimants' names)
        row = sides(site, event, language)
        if not (row.supporting and row.opposing):
            continue
        days = {event.day} | {day_of(c.date) for c in event.claims if c.date is not None}
        for day in sorted(days):
            found[day].append(row)
    return found


def contested(site: Site, language: Language | None = None) -> list[Contradiction]:
    """Every event graded contested, or whose claims include both asserts and denies."""
    rows = []
    for event in site.events.values():
        stances = {claim.stance for claim in event.claims}
        graded = event.assessment is not None and event.assessment.grade == "contested"
        if graded or {"asserts", "denies"} <= stances:
            rows.append(sides(site, event, language))
    return rows
