"""One report page per day with events, the timeline of every day, and `/contested/`."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..content.i18n import Language
from ..content.model import Site
from ..settings import sitrep_settings
from ..views.analysis_views import AnalysisView, analysis_views
from ..views.figures import key_figures
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


def timeline_pages(sections: list[TimelineSection], most: int) -> list[Page]:
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
    pages: list[Page] = [("timeline/", "timeline", {"sections": [], "months": index[::-1]})]
    for i, first in enumerate(firsts):
        neighbours = {
            "previous_month": firsts[i - 1] if i else None,
            "next_month": firsts[i + 1] if i + 1 < len(firsts) else None,
        }
        variables = {"sections": months[first], "month": first, **neighbours}
        pages.append((f"timeline/{first:%Y-%m}/", "timeline", variables))
    return pages


def day_variables(
    site: Site,
    day: date,
    neighbours: tuple[date | None, date | None],
    report: AnalysisView | None,
    contradictions: list,
    stale_after: int,
    language: Language,
) -> dict[str, Any]:
    """What a day's report page shows (a Deferred builder: see base.py)."""
    heading = language.gettext(TAKEAWAYS)
    return {
        "day": day,
        "events": site.dated[day],
        # Known only to the week or month this day falls in: never 'on' this day.
        "around": site.around(day),
        "previous_day": neighbours[0],
        "next_day": neighbours[1],
        "report": report,
        "takeaways": takeaways(report.content, heading) if report else None,
        "key_figures": key_figures(site, day, language, stale_after=stale_after),
        "places": events_by_place(site, site.dated[day], language),
        "contradictions": contradictions,
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
        for i, day in enumerate(days):
            neighbours = (days[i - 1] if i else None, days[i + 1] if i + 1 < len(days) else None)
            variables = Deferred(
                day_variables,
                site,
                day,
                neighbours,
                reports.get(day),
                contradictions.get(day, []),
                checked.FIGURE_STALE_DAYS,
                language,
            )
            pages.append((f"days/{day.isoformat()}/", "day", variables))
        pages += timeline_pages(timeline_sections(site), checked.TIMELINE_PAGE_EVENTS)
        pages.append(("contested/", "contested", {"rows": contested(site, language)}))
        return pages
