"""One report page per day with events, the timeline of every day, and `/contested/`."""

from __future__ import annotations

from .base import SitrepGenerator
from .figures import key_figures
from .reports import contested, contradictions_by_day, events_by_place, takeaways


class DaysGenerator(SitrepGenerator):
    def pages(self):
        site = self.site
        days = list(site.by_day)
        articles = {a.url: a for a in self.context.get("articles", [])}
        reports = {
            a.meta.report: articles[a.url]
            for a in site.analyses
            if a.meta and a.meta.report and a.url in articles
        }
        contradictions = contradictions_by_day(site)
        pages = []
        for i, day in enumerate(days):
            report = reports.get(day)
            pages.append(
                (
                    f"days/{day.isoformat()}/",
                    "day",
                    {
                        "day": day,
                        "events": site.by_day[day],
                        "previous_day": days[i - 1] if i else None,
                        "next_day": days[i + 1] if i + 1 < len(days) else None,
                        "report": report,
                        "takeaways": takeaways(report.content) if report else None,
                        "key_figures": key_figures(site, day),
                        "places": events_by_place(site, site.by_day[day]),
                        "contradictions": contradictions.get(day, []),
                    },
                )
            )
        pages.append(("timeline/", "timeline", {"days": site.by_day}))
        pages.append(("contested/", "contested", {"rows": contested(site)}))
        return pages
