"""How /map/'s events are cut into period files, so that the map loads what it shows.

A reader of a 100,000-event site opens /map/ on its latest events; loading every event
first would cost megabytes. So the events are cut into calendar periods, each written as
its own data file (with its titles in a file per language, in the same order), and the page
lists the periods with their dates and counts. The map loads the periods its date range
needs, each once, as the reader widens the dates.

Periods follow the calendar so that a new or edited event changes one file, never shifts
the others: a year, or when a year holds more than `limit` events its quarters, then
months, then dekads (days 1-10, 11-20, 21 to the end of the month, as in humanitarian
reporting), then days. A small site is one file a year.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from ..content.schema import Event

PERIOD_EVENTS = 5_000  # at most this many events a file, unless one day holds more


@dataclass
class MapPeriod:
    """One period file's events (each event in the period of its first day)."""

    key: str  # "2016", "2016-q3", "2016-08", "2016-08-d2" (11-20 August), "2016-08-15"
    start: date  # the calendar period's first day
    end: date  # and its last
    events: list[Event]  # by date, as `Site.events`
    first: date  # the first day of its events
    # The last day of its events, those lasting several days included: a date range from
    # `first` to `last` needs this period.
    last: date


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarters(start: date, _end: date) -> list[tuple[str, date, date]]:
    year = start.year
    return [(f"{year}-q{q}", date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
            for q in range(1, 5)]  # fmt: skip


def _months(start: date, end: date) -> list[tuple[str, date, date]]:
    return [(f"{start.year}-{m:02d}", date(start.year, m, 1), _month_end(start.year, m))
            for m in range(start.month, end.month + 1)]  # fmt: skip


def _dekads(start: date, end: date) -> list[tuple[str, date, date]]:
    y, m = start.year, start.month
    return [(f"{y}-{m:02d}-d1", date(y, m, 1), date(y, m, 10)),
            (f"{y}-{m:02d}-d2", date(y, m, 11), date(y, m, 20)),
            (f"{y}-{m:02d}-d3", date(y, m, 21), end)]  # fmt: skip


def _days(start: date, end: date) -> list[tuple[str, date, date]]:
    days = (date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1))
    return [(day.isoformat(), day, day) for day in days]


# Each level cuts a period of the level above into these.
_FINER: list[Callable[[date, date], list[tuple[str, date, date]]]] = [
    _quarters,
    _months,
    _dekads,
    _days,
]


Dated = list[tuple[date, Event]]  # events with their day (a property worth computing once)


def split(events: Iterable[Event], limit: int = PERIOD_EVENTS) -> list[MapPeriod]:
    """The period files of `events` (sorted by day, as `Site.events` is), in date order;
    no period is empty."""
    years: dict[int, Dated] = {}
    for event in events:
        day = event.day
        years.setdefault(day.year, []).append((day, event))
    periods: list[MapPeriod] = []
    for year, dated in years.items():
        _cut(str(year), date(year, 1, 1), date(year, 12, 31), dated, 0, limit, periods)
    return periods


def _cut(
    key: str, start: date, end: date, dated: Dated, level: int, limit: int, into: list[MapPeriod]
) -> None:
    if len(dated) <= limit or level == len(_FINER):
        events = [event for _day, event in dated]
        last = max(event.end_date or day for day, event in dated)
        into.append(MapPeriod(key, start, end, events, dated[0][0], last))
        return
    parts = _FINER[level](start, end)
    held: list[Dated] = [[] for _ in parts]
    index = 0
    for day, event in dated:  # by date: each part takes a run of them
        while day > parts[index][2]:
            index += 1
        held[index].append((day, event))
    for (part_key, part_start, part_end), part in zip(parts, held, strict=True):
        if part:
            _cut(part_key, part_start, part_end, part, level + 1, limit, into)


def latest(periods: list[MapPeriod], budget: int) -> list[MapPeriod]:
    """The latest periods whose events number at most `budget` together (at least one):
    what /map/ opens on when no date range is set."""
    chosen: list[MapPeriod] = []
    total = 0
    for period in reversed(periods):
        total += len(period.events)
        if chosen and total > budget:
            break
        chosen.append(period)
    return chosen[::-1]


def needed(periods: list[MapPeriod], start: date, end: date) -> list[MapPeriod]:
    """The periods holding an event of the days `start` to `end` (as sitrep-map.js asks)."""
    return [p for p in periods if p.first <= end and p.last >= start]
