"""One report page per day with events, the timeline of every day, and `/contested/`."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from ..views.analysis_views import analysis_views
from ..views.figures import STALE_DAYS, key_figures
from ..views.reports import (
    TAKEAWAYS,
    TimelineSection,
    contested,
    contradictions_by_day,
    events_by_place,
    takeaways,
    timeline_sections,
)
from .base import Deferred, SitrepGenerator


def timeline_pages(
    sections: list[TimelineSection], most: int
) -> list[tuple[str, str, dict[str, Any]]]:
    """/timeline/: every day, week and month on one page up to `most` events
    (TIMELINE_PAGE_EVENTS); beyond, one page per month (/timeline/2016-08/) and /timeline/
    lists the months, so that no reader downloads ten thousand events to see one week."""
    if sum(len(section.events) for section in sections) <= most:
        return [("timeline/", "timeline", {"sections": sections})]
    months: dict[date, list[TimelineSection]] = {}
    for section in sections:
        months.setdefault(section.month, []).append(section)
    firsts = sorted(months)
    index = [(first, sum(len(s.events) for s in months[first])) for first in firsts]
    pages = [("timeline/", "timeline", {"sections": [], "months": index[::-1]})]
    for i, first in enumerate(firsts):
        neighbours = {
            "previous_month": firsts[i - 1] if i else None,
            "next_month": firsts[i + 1] if i + 1 < len(firsts) else None,
        }
        variables = {"sections": months[first], "month": first, **neighbours}
        pages.append((f"timeline/{first:%Y-%m}/", "timeline", variables))
    return pages


class DaysGenerator(SitrepGenerator):
    def pages(self):
        site, language = self.site, self.language
        # A daily report only for days that events known to the day fall on.
        days = list(site.dated)
        views = analysis_views(self.context, language)
        reports = {view.report: view for view in views.values() if view.report}
        contradictions = contradictions_by_day(site, language)
        heading = language.gettext(TAKEAWAYS)
        stale_after = self.settings.get("FIGURE_STALE_DAYS", STALE_DAYS)

        def variables(i: int) -> dict[str, Any]:
            day = days[i]
            report = reports.get(day)
            return {
                "day": day,
                "events": site.dated[day],
                # Known only to the week or month this day falls in: never 'on' this day.
                "around": site.around(day),
                "previous_day": days[i - 1] if i else None,
                "next_day": days[i + 1] if i + 1 < len(days) else None,
                "report": report,
                "takeaways": takeaways(report.content, heading) if report else None,
                "key_figures": key_figures(site, day, language, stale_after=stale_after),
                "places": events_by_place(site, site.dated[day], language),
                "contradictions": contradictions.get(day, []),
            }

        pages = []
        for i, day in enumerate(days):
            # Beyond what every page may read (reports and figures are not events): the
            # day's events, its neighbours, and the events whose claims that day disagree.
            made_of = (
                site.dated[day],
                site.around(day),
                days[i - 1 : i] + days[i + 1 : i + 2],
                [row.event for row in contradictions.get(day, [])],
                # The day's report as this language shows it, by value: its takeaways link
                # events of other days, whose titles its HTML holds.
                reports.get(day),
            )
            pages.append(
                (f"days/{day.isoformat()}/", "day", Deferred(made_of, partial(variables, i)))
            )
        most = self.settings.get("TIMELINE_PAGE_EVENTS", 2000)
        pages += timeline_pages(timeline_sections(site), most)
        pages.append(("contested/", "contested", {"rows": contested(site, language)}))
        return pages
