"""`/.well-known/security.txt` (RFC 9116): where to report a security problem with the site.

Written only when the SECURITY_CONTACT setting names someone (an e-mail address or a URL, or a
list of them). RFC 9116 wants its Expires date in the future, and two builds of the same
commit must give the same bytes, so it counts from the build's date, taken reproducibly. In
order of precedence it is:
- the SECURITY_EXPIRES setting (a date), for a desk that wants to set it by hand;
- SOURCE_DATE_EPOCH (the reproducible-builds convention) plus SECURITY_EXPIRES_DAYS (365);
- else the date of the commit being built (the content folder's git HEAD) plus those days;
- else (no git) today plus those days.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from ..content.schema import day_of
from ..settings import sitrep_settings
from .base import SitrepGenerator


def contacts(setting: Any) -> list[str]:
    """Contact URIs: a bare e-mail address becomes a mailto: URI."""
    values = [setting] if isinstance(setting, str) else list(setting or [])
    return [v if ":" in v or "@" not in v else f"mailto:{v}" for v in map(str.strip, values) if v]


def commit_time(folder: str | Path) -> int | None:
    """When the commit checked out in `folder` was made (Unix time); None outside git."""
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = done.stdout.strip()
    return int(text) if done.returncode == 0 and text.isdigit() else None


def build_day(settings: Mapping[str, Any]) -> date:
    """The day of the build, reproducibly: SOURCE_DATE_EPOCH, else the commit's, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = int(epoch) if epoch.isdigit() else commit_time(settings.get("PATH", "."))
    if moment is None:
        return datetime.now(UTC).date()
    return datetime.fromtimestamp(moment, UTC).date()


def expires(settings: Mapping[str, Any]) -> datetime:
    checked = sitrep_settings(settings)
    if checked.SECURITY_EXPIRES is not None:
        return datetime.combine(day_of(checked.SECURITY_EXPIRES), time(), UTC)
    days = timedelta(days=checked.SECURITY_EXPIRES_DAYS)
    return datetime.combine(build_day(settings), time(), UTC) + days


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
            expires=expires(self.settings).strftime("%Y-%m-%dT%H:%M:%SZ"),
            canonical=siteurl if siteurl.startswith("https://") else "",
        )
