"""One page per day with events, and the timeline of every day."""

from __future__ import annotations

from .base import SitrepGenerator


class DaysGenerator(SitrepGenerator):
    def pages(self):
        days = list(self.site.by_day)
        pages = []
        for i, day in enumerate(days):
            pages.append(
                (
                    f"days/{day.isoformat()}/",
                    "day",
                    {
                        "day": day,
                        "events": self.site.by_day[day],
                        "previous_day": days[i - 1] if i else None,
                        "next_day": days[i + 1] if i + 1 < len(days) else None,
                    },
                )
            )
        pages.append(("timeline/", "timeline", {"days": self.site.by_day}))
        return pages
