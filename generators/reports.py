"""Daily situation reports: what a day page shows beyond its list of events.

A desk's daily report opens with key takeaways, gives the key figures, goes through the day
place by place and sets contradicting claims side by side. The takeaways come from the
analysis whose metadata says `Report: 2016-08-06` (checked in `analysis_meta`); the rest is
composed here from the validated site.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .events import ClaimLine, claims_by_stance
from .schema import Event, day_of

if TYPE_CHECKING:
    from .site import Site

# Stances that say a claim is true, and those that say it is not.
FOR = ("asserts", "confirms")
AGAINST = ("denies", "disputes")
TAKEAWAYS_RE = re.compile(
    r"<h2[^>]*>\s*Key takeaways\s*</h2>(?P<body>.*?)(?=<h[12][\s>]|\Z)", re.IGNORECASE | re.DOTALL
)


def takeaways(html: str) -> str | None:
    """The 'Key takeaways' section of a rendered analysis, up to its next heading."""
    match = TAKEAWAYS_RE.search(html or "")
    return match.group("body").strip() if match and match.group("body").strip() else None


@dataclass
class PlaceGroup:
    """The events of one day at one place."""

    name: str
    url: str
    within: str
    events: list[Event] = field(default_factory=list)


def events_by_place(site: Site, events: list[Event]) -> list[PlaceGroup]:
    """The day's events grouped by place, places in the order of their first event."""
    groups: dict[str, PlaceGroup] = {}
    for event in events:
        if event.place:
            chain = site.place_chain(event.place)
            key, name, url = event.place, chain[0].name, f"places/{event.place}/"
            within = chain[1].name if len(chain) > 1 else ""
        else:
            key, name, url, within = f"@{event.location.name}", event.location.name, "", ""
        groups.setdefault(key, PlaceGroup(name, url, within)).events.append(event)
    return list(groups.values())


@dataclass
class Contradiction:
    """One event's claims for and against, to be read side by side."""

    event: Event
    supporting: list[ClaimLine]
    opposing: list[ClaimLine]


def sides(site: Site, event: Event) -> Contradiction:
    """The event's claims split into those for and those against."""
    lines = claims_by_stance(site, event)
    return Contradiction(
        event,
        [line for stance in FOR for line in lines.get(stance, [])],
        [line for stance in AGAINST for line in lines.get(stance, [])],
    )


def contradictions_by_day(site: Site) -> dict[date, list[Contradiction]]:
    """For each day, the events whose claims contradict each other and that were made or
    happened that day (an event's day, or the date of any of its claims)."""
    found: dict[date, list[Contradiction]] = defaultdict(list)
    for event in site.events.values():
        row = sides(site, event)
        if not (row.supporting and row.opposing):
            continue
        days = {event.day} | {day_of(c.date) for c in event.claims if c.date is not None}
        for day in sorted(days):
            found[day].append(row)
    return found


def contested(site: Site) -> list[Contradiction]:
    """Every event graded contested, or whose claims include both asserts and denies."""
    rows = []
    for event in site.events.values():
        stances = {claim.stance for claim in event.claims}
        graded = event.assessment is not None and event.assessment.grade == "contested"
        if graded or {"asserts", "denies"} <= stances:
            rows.append(sides(site, event))
    return rows
