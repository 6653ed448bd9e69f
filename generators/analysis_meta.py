"""Validate an analysis (a Pelican Markdown article) before Pelican reads it.

Pelican skips an article without a title with only a warning; sitrep refuses it, and checks
the metadata and every `[[kind:id]]` link at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from .errors import ContentError
from .schema import AnalysisMeta, errors_from, field_names, suggest
from .wikilinks import WikiLink, find_links
from .yamlsource import Document, read_text

if TYPE_CHECKING:
    from .site import Site

META_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$")
# Metadata Pelican itself understands; accepted here so that Pelican features keep working.
PELICAN_META = {"lang", "translation", "category", "save_as", "url", "template"}


@dataclass
class AnalysisFile:
    path: str
    meta: AnalysisMeta | None
    links: list[WikiLink] = field(default_factory=list)
    doc: Document | None = None
    url: str = ""
    title: str = ""

    def cited_events(self) -> list[str]:
        """Events named in the metadata, then those linked in the text, each once."""
        named = list(self.meta.events) if self.meta else []
        linked = [link.ref for link in self.links if link.kind == "event"]
        return list(dict.fromkeys(named + linked))


def read_analysis(file: Path, shown_as: str) -> tuple[AnalysisFile, list[ContentError]]:
    """Read the metadata block and the links of one analysis."""
    analysis = AnalysisFile(shown_as, None)
    text, error = read_text(file.read_bytes(), shown_as)
    if error:
        return analysis, [error]
    doc, errors = Document(shown_as, {}), []
    analysis.doc = doc
    lines = text.splitlines()
    body_start = len(lines)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            body_start = number
            break
        match = META_RE.match(line)
        if match is None:
            errors.append(
                ContentError(
                    shown_as,
                    number,
                    1,
                    "",
                    "expected a metadata line 'Key: value'",
                    "put a blank line between the metadata and the text",
                )
            )
            continue
        key = match.group(1).lower()
        if key in PELICAN_META:
            continue
        if key in doc.data:
            errors.append(ContentError(shown_as, number, 1, key, "duplicate metadata line"))
            continue
        doc.data[key] = match.group(2).strip() or None
        doc.marks[(key,)] = (number, match.start(2) + 1)
        doc.key_marks[(key,)] = (number, 1)
    try:
        analysis.meta = AnalysisMeta.model_validate(doc.data)
    except ValidationError as exc:
        for err in errors_from(exc, doc, AnalysisMeta):
            if err.message == "unknown field":
                known = field_names(AnalysisMeta)
                hint = suggest(err.field, known) or "known: " + ", ".join(k.title() for k in known)
                err = ContentError(err.path, err.line, err.col, err.field, "unknown metadata", hint)
            errors.append(err)
    analysis.links = list(find_links("\n".join(lines[body_start:]), body_start + 1))
    return analysis, errors


def check_reports(site: Site) -> list[ContentError]:
    """A report must be about a day with events (so its page exists), and one per day."""
    errors: list[ContentError] = []
    days = {event.day for event in site.events.values()}
    first_of: dict[date, str] = {}
    for analysis in site.analyses:
        day = analysis.meta.report if analysis.meta else None
        if day is None:
            continue
        line, col = analysis.doc.mark(("report",))
        if day not in days:
            errors.append(
                ContentError(
                    analysis.path,
                    line,
                    col,
                    "report",
                    f"no events on {day}: only a day with events has a report page",
                    "check the date, or record the day's events first",
                )
            )
        elif day in first_of:
            errors.append(
                ContentError(
                    analysis.path,
                    line,
                    col,
                    "report",
                    f"{first_of[day]} is already the report of {day}",
                    "one analysis per day carries 'Report:'",
                )
            )
        else:
            first_of[day] = analysis.path
    return errors
