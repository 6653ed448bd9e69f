"""One report page per day with events, the timeline of every day, and `/contested/`."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..content.i18n import Language
from ..content.model import Site
from ..content.schema import Event
from ..settings import sitrep_settings
from ..views.analysis_views import AnalysisView, analysis_views
from ..views.figures import key_figures
from ..views.reports import TAKEAWAYS, contested, contradictions_by_day, events_by_place, takeaways
from .base import Deferred, Page, SitrepGenerator


def timeline_pages(by_day: dict[date, list[Event]], most: int) -> list[Page]:
    """/timeline/: every day on one page up to `most` events (TIMELINE_PAGE_EVENTS); beyond,
    one page per month (/timeline/2016-08/) and /timeline/ lists the months, so that no
    reader downloads ten thousand events to see one week."""
    if sum(len(events) for events in by_day.values()) <= most:
        return [("timeline/", "timeline", {"days": by_day})]
    months: dict[date, dict[date, list[Event]]] = {}
    for day, events in by_day.items():
        months.setdefault(day.replace(day=1), {})[day] = events
    firsts = list(months)
    index = [(first, sum(len(e) for e in months[first].values())) for first in firsts]
    pages: list[Page] = [("timeline/", "timeline", {"days": {}, "months": index[::-1]})]
    for i, first in enumerate(firsts):
        neighbours = {
            "previous_month": firsts[i - 1] if i else None,
            "next_month": firsts[i + 1] if i + 1 < len(firsts) else None,
        }
        variables = {"days": months[first], "month": first, **neighbours}
        pages.append((f"timeline/{first:%Y-%m}/", "timeline", variables))
    return pages


def day_variables(
    site: Site,
    day: date,
    neighbours: tuple[date | None, date | None],
    report: AnalysisView | None,
    contradictions: list,
    language: Language,
) -> dict[str, Any]:
    """What a day's report page shows (a Deferred builder: see base.py)."""
    heading = language.gettext(TAKEAWAYS)
    return {
        "day": day,
        "events": site.by_day[day],
        "previous_day": neighbours[0],
        "next_day": neighbours[1],
        "report": report,
        "takeaways": takeaways(report.content, heading) if report else None,
        "key_figures": key_figures(site, day, language),
        "places": events_by_place(site, site.by_day[day], language),
        "contradictions": contradictions,
    }


class DaysGenerator(SitrepGenerator):
    def pages(self):
        site, language = self.site, self.language
        days = list(site.by_day)
        views = analysis_views(self.context, language)
        reports = {view.report: view for view in views.values() if view.report}
        contradictions = contradictions_by_day(site, language)
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
                language,
            )
            pages.append((f"days/{day.isoformat()}/", "day", variables))
        most = sitrep_settings(self.settings).TIMELINE_PAGE_EVENTS
        pages += timeline_pages(site.by_day, most)
        pages.append(("contested/", "contested", {"rows": contested(site, language)}))
        return pages
