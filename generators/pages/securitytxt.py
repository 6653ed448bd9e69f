"""`/.well-known/security.txt` (RFC 9116): where to report a security problem with the site.

Written only when the SECURITY_CONTACT setting names someone (an e-mail address or a URL, or a
list of them). Its Expires date must not come from the clock, because two builds of the same
content must give the same bytes. In order of precedence it is:
- the SECURITY_EXPIRES setting (a date), for a desk that wants to set it by hand;
- SOURCE_DATE_EPOCH (the reproducible-builds convention; CI can set it to the time of the
  last commit) plus SECURITY_EXPIRES_DAYS (365 by default);
- otherwise the newest date in the content plus SECURITY_EXPIRES_DAYS: a desk that publishes
  every day then always announces about a year ahead, and a frozen archive expires a year
  after its last report, which is true of a site nobody maintains any more.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..content.model import Site
from ..content.schema import day_of
from ..settings import sitrep_settings
from .base import SitrepGenerator


def contacts(setting: Any) -> list[str]:
    """Contact URIs: a bare e-mail address becomes a mailto: URI."""
    values = [setting] if isinstance(setting, str) else list(setting or [])
    return [v if ":" in v or "@" not in v else f"mailto:{v}" for v in map(str.strip, values) if v]


def newest_content_day(site: Site) -> date | None:
    days = [event.end_date or event.day for event in site.events.values()]
    for analysis in site.analyses:
        if analysis.meta is not None:
            days += [day_of(d) for d in (analysis.meta.date, analysis.meta.modified) if d]
    return max(days, default=None)


def expires(settings: Mapping[str, Any], site: Site) -> datetime:
    checked = sitrep_settings(settings)
    if checked.SECURITY_EXPIRES is not None:
        return datetime.combine(day_of(checked.SECURITY_EXPIRES), time(), UTC)
    days = timedelta(days=checked.SECURITY_EXPIRES_DAYS)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        start = datetime.fromtimestamp(int(epoch), UTC).replace(hour=0, minute=0, second=0)
    else:  # content with no date at all: the Unix epoch, so that the file still parses
        newest = newest_content_day(site) or date(1970, 1, 1)
        start = datetime.combine(newest, time(), UTC)
    return start + days


class SecurityTxtGenerator(SitrepGenerator):
    def generate_output(self, writer) -> None:
        contact = contacts(sitrep_settings(self.settings).SECURITY_CONTACT)
        if not contact:
            return
        siteurl = self.settings.get("SITEURL", "")
        writer.write_file(
            ".well-known/security.txt",
            self.env.get_template("security.txt"),
            self.context,
            contacts=contact,
            expires=expires(self.settings, self.site).strftime("%Y-%m-%dT%H:%M:%SZ"),
            canonical=siteurl if siteurl.startswith("https://") else "",
        )
