"""One report page per day with events, the timeline of every day, and `/contested/`."""

from __future__ import annotations

from functools import partial
from typing import Any

from .analysis_views import analysis_views
from .base import Deferred, SitrepGenerator
from .figures import key_figures
from .reports import TAKEAWAYS, contested, contradictions_by_day, events_by_place, takeaways


class DaysGenerator(SitrepGenerator):
    def pages(self):
        site, language = self.site, self.language
        days = list(site.by_day)
        views = analysis_views(self.context, language)
        reports = {view.report: view for view in views.values() if view.report}
        contradictions = contradictions_by_day(site, language)
        heading = language.gettext(TAKEAWAYS)

        def variables(i: int) -> dict[str, Any]:
            day = days[i]
            report = reports.get(day)
            return {
                "day": day,
                "events": site.by_day[day],
                "previous_day": days[i - 1] if i else None,
                "next_day": days[i + 1] if i + 1 < len(days) else None,
                "report": report,
                "takeaways": takeaways(report.content, heading) if report else None,
                "key_figures": key_figures(site, day, language),
                "places": events_by_place(site, site.by_day[day], language),
                "contradictions": contradictions.get(day, []),
            }

        pages = []
        for i, day in enumerate(days):
            # Beyond what every page may read (reports and figures are not events): the
            # day's events, its neighbours, and the events whose claims that day disagree.
            made_of = (
                site.by_day[day],
                days[i - 1 : i] + days[i + 1 : i + 2],
                [row.event for row in contradictions.get(day, [])],
            )
            pages.append(
                (f"days/{day.isoformat()}/", "day", Deferred(made_of, partial(variables, i)))
            )
        pages.append(("timeline/", "timeline", {"days": site.by_day}))
        pages.append(("contested/", "contested", {"rows": contested(site, language)}))
        return pages
