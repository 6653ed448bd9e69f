"""One report page per day with events, the timeline of every day, and `/contested/`."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..content.i18n import Language
from ..content.model import Site
from ..settings import sitrep_settings
from ..views.analysis_views import AnalysisView, analysis_views
from ..views.figures import key_figures
from ..views.paging import month_url, numbered, split
from ..views.reports import (
    TAKEAWAYS,
    TimelineSection,
    contested,
    contradictions_by_day,
    events_by_place,
    takeaways,
    timeline_sections,
)
from .base import Deferred, Page, SitrepGenerator


def _pages_of(sections: list[TimelineSection], most: int) -> list[list[TimelineSection]]:
    """`sections` in pages of at most `most` events; a longer day is cut across pages."""
    pages: list[list[TimelineSection]] = [[]]
    room = most
    for section in sections:
        events = section.events
        while events:
            if not room:
                pages.append([])
                room = most
            taken, events = events[:room], events[room:]
            whole = len(taken) == len(section.events)
            pages[-1].append(
                section if whole else TimelineSection(section.kind, section.start, taken)
            )
            room -= len(taken)
    return pages


def timeline_pages(sections: list[TimelineSection], most: int) -> list[Page]:
    """/timeline/: every day, week and month on one page up to `most` events
    (TIMELINE_PAGE_EVENTS); beyond, one page per month (/timeline/2016-08/), a month of more
    paging through (/timeline/2016-08/2/), and /timeline/ lists the months, so that no
    reader downloads ten thousand events to see one week."""
    if sum(len(section.events) for section in sections) <= most:
        return [("timeline/", "timeline", {"sections": sections})]
    months: dict[date, list[TimelineSection]] = {}
    for section in sections:
        months.setdefault(section.month, []).append(section)
    firsts = sorted(months)
    index = [(first, sum(len(s.events) for s in months[first])) for first in firsts]
    pages: list[Page] = [("timeline/", "timeline", {"sections": [], "months": index[::-1]})]
    for i, first in enumerate(firsts):
        neighbours = {
            "previous_month": firsts[i - 1] if i else None,
            "next_month": firsts[i + 1] if i + 1 < len(firsts) else None,
        }
        parts = _pages_of(months[first], most)
        for number, shown in enumerate(parts, 1):
            variables: dict[str, Any] = {"sections": shown, "month": first, **neighbours}
            variables |= {"page_number": number, "page_count": len(parts)}
            url = month_url("timeline/", first, number)
            pages.append((url, "timeline", variables))
    return pages


# A day page lists at most this many of the events known only to its week or month, and
# links the timeline for the others: at 100,000 events a day's month held 480 of them, and
# listing them all made the page 657 KB.
AROUND_SHOWN = 50


def day_variables(
    site: Site,
    day: date,
    neighbours: tuple[date | None, date | None],
    report: AnalysisView | None,
    contradictions: list,
    stale_after: int,
    language: Language,
    page: tuple[int, int, int] = (1, 1, 0),
) -> dict[str, Any]:
    """What a day's report page shows (a Deferred builder: see base.py). `page` is (number,
    count, events a page) of a day that pages through (LIST_PAGE_EVENTS): the report, its
    figures, map and the week's or month's events are on the first page only."""
    number, count, most = page
    events = site.dated[day]
    shown = events[(number - 1) * most : number * most] if count > 1 else events
    first = number == 1
    heading = language.gettext(TAKEAWAYS)
    around = site.around(day) if first else []
    return {
        "day": day,
        "events": events,
        "shown": shown,
        "page_number": number,
        "page_count": count,
        # Known only to the week or month this day falls in: never 'on' this day.
        "around": around[:AROUND_SHOWN],
        "around_more": len(around[AROUND_SHOWN:]),
        "previous_day": neighbours[0],
        "next_day": neighbours[1],
        "report": report if first else None,
        "takeaways": takeaways(report.content, heading) if report and first else None,
        "key_figures": key_figures(site, day, language, stale_after=stale_after) if first else [],
        "places": events_by_place(site, shown, language),
        "contradictions": contradictions,
        "first_page": first,
    }


class DaysGenerator(SitrepGenerator):
    def pages(self):
        site, language = self.site, self.language
        # A daily report only for days that events known to the day fall on.
        days = list(site.dated)
        views = analysis_views(self.context, language)
        reports = {view.report: view for view in views.values() if view.report}
        contradictions = contradictions_by_day(site, language)
        checked = sitrep_settings(self.settings)
        pages: list[Page] = []
        most = checked.LIST_PAGE_EVENTS
        for i, day in enumerate(days):
            neighbours = (days[i - 1] if i else None, days[i + 1] if i + 1 < len(days) else None)
            # A day of thousands of events pages through: /days/2016-08-06/2/, ...
            parts = numbered(site.dated[day], f"days/{day.isoformat()}/", most)
            rows = contradictions.get(day, [])
            dated = {event.id for event in site.dated[day]}
            for url, shown, number, count in parts:
                # A row goes with its event's page; one of an event not listed, on the first.
                ids = {event.id for event in shown} | (set() if number > 1 else {None})
                variables = Deferred(
                    day_variables,
                    site,
                    day,
                    neighbours,
                    reports.get(day),
                    [r for r in rows if (r.event.id if r.event.id in dated else None) in ids]
                    if count > 1
                    else rows,
                    checked.FIGURE_STALE_DAYS,
                    language,
                    (number, count, most if count > 1 else 0),
                )
                pages.append((url, "day", variables))
        pages += timeline_pages(timeline_sections(site), checked.TIMELINE_PAGE_EVENTS)
        graded = contested(site, language)
        for url, listed, pager in split(
            graded, "contested/", checked.CONTESTED_PAGE_EVENTS, lambda row: row.event.day
        ):
            pages.append((url, "contested", {"rows": listed, "pager": pager}))
        return pages
