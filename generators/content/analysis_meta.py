"""Validate an analysis (a Pelican Markdown article) before Pelican reads it.

Pelican skips an article without a title with only a warning; sitrep refuses it, and checks
the metadata and every `[[kind:id]]` link at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..errors import ContentError
from .schema import AnalysisMeta, describe, errors_from, field_names, suggest
from .wikilinks import WikiLink, find_links
from .yamlsource import Document, file_digest, read_text

META_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$")
# Metadata Pelican itself understands; accepted here so that Pelican features keep working.
# (`Lang` and `Translation` are validated with the rest: see `AnalysisMeta`.)
# `Template`, `Save_as` and `Url` are not: a template the theme lacks stops the build, and an
# analysis saved elsewhere than its page says breaks every link to it.
PELICAN_META = {"category"}


LIST_FIELDS = ("events", "places", "actors")


@dataclass
class AnalysisFile:
    path: str
    meta: AnalysisMeta | None
    links: list[WikiLink] = field(default_factory=list)
    doc: Document = field(default_factory=lambda: Document(""))  # read_analysis sets it
    url: str = ""
    title: str = ""
    written: dict[str, str] = field(default_factory=dict)

    def cited_events(self) -> list[str]:
        """Events named in the metadata, then those linked in the text, each once."""
        named = list(self.meta.events) if self.meta else []
        linked = [link.ref for link in self.links if link.kind == "event"]
        return list(dict.fromkeys(named + linked))

    def label(self, key: str) -> str:
        """A metadata name as the author wrote it ('Events'), for messages."""
        return self.written.get(key, key.title())

    @property
    def slug(self) -> str:
        """What ties translations together, as for Pelican: `Slug:`, else the file name."""
        return (self.meta.slug if self.meta else None) or Path(self.path).stem

    def lang(self, main: str) -> str:
        return (self.meta.lang if self.meta else None) or main


def read_analysis(
    file: Path, shown_as: str, languages: tuple[str, ...] = ()
) -> tuple[AnalysisFile, list[ContentError]]:
    """Read the metadata block and the links of one analysis; `Lang` must be one of
    `languages` (the site's, main first) when they are given."""
    analysis = AnalysisFile(shown_as, None)
    try:
        data = file.read_bytes()
    except OSError as exc:
        problem = f"cannot read the file: {exc.strerror or exc}"
        return analysis, [ContentError(shown_as, 1, 1, "", problem, "check its permissions")]
    text, error = read_text(data, shown_as)
    if error:
        return analysis, [error]
    assert text is not None  # read_text gives the text or an error
    doc, errors = Document(shown_as, {}), []
    doc.digest = file_digest(data)  # by which keys know it (pages/keys.py)
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
                    f"expected a metadata line 'Key: value', got {describe(line)}",
                    "put a blank line between the metadata and the text",
                )
            )
            continue
        key = match.group(1).lower()
        if key in PELICAN_META:
            continue
        if key in doc.data:
            first = doc.key_marks[(key,)][0]
            errors.append(
                ContentError(
                    shown_as,
                    number,
                    1,
                    match.group(1),
                    f"expected each metadata line once, got it again (first at line {first})",
                    "keep one of them",
                )
            )
            continue
        analysis.written[key] = match.group(1)
        doc.data[key] = match.group(2).strip() or None
        doc.marks[(key,)] = (number, match.start(2) + 1)
        doc.key_marks[(key,)] = (number, 1)
        if key in LIST_FIELDS:  # each id of a comma-separated list at its own column
            items = re.finditer(r"[^,\s][^,]*", match.group(2))
            for i, item in enumerate(items):
                doc.marks[(key, i)] = (number, match.start(2) + item.start() + 1)
    try:
        analysis.meta = AnalysisMeta.model_validate(doc.data, context={"languages": languages})
    except ValidationError as exc:
        errors.extend(_for_authors(err, analysis) for err in errors_from(exc, doc, AnalysisMeta))
    analysis.links = list(find_links("\n".join(lines[body_start:]), body_start + 1))
    return analysis, errors


def _for_authors(err: ContentError, analysis: AnalysisFile) -> ContentError:
    """Speak of metadata as Pelican authors write it: 'Title:', not the field 'title'."""
    key, _, rest = err.field.partition("[")
    field_label = analysis.label(key) + (f"[{rest}" if rest else "")
    message, hint = err.message, err.hint
    if message == "unknown field":
        known = [name.title() for name in field_names(AnalysisMeta)]
        message = "unknown metadata"
        hint = suggest(key, known) or "known: " + ", ".join(known)
    elif message.startswith("required field"):
        message = "required metadata is missing or empty"
        hint = f"add a line '{field_label}: ...' at the top, before the blank line"
    return ContentError(err.path, err.line, err.col, field_label, message, hint)


def pair_translations(
    analyses: list[AnalysisFile], main: str
) -> tuple[list[AnalysisFile], dict[tuple[str, str], AnalysisFile], list[ContentError]]:
    """Split analyses into those in the main language and translations keyed by (slug,
    lang). A translation has the Slug of an analysis in the main language (Pelican's
    convention); one translation per language."""
    originals = [a for a in analyses if a.lang(main) == main]
    slugs = {a.slug: a for a in originals}
    translations: dict[tuple[str, str], AnalysisFile] = {}
    errors = []
    for analysis in analyses:
        lang = analysis.lang(main)
        if lang == main or analysis.meta is None:
            continue
        line, col = analysis.doc.mark(("slug",)) if analysis.meta.slug else (1, 1)
        field = analysis.label("slug") if analysis.meta.slug else ""
        if analysis.slug not in slugs:
            problem = (
                f"expected the Slug of the analysis this one translates, got "
                f"'{analysis.slug}', which no analysis in '{main}' has",
                suggest(analysis.slug, list(slugs))
                or "add 'Slug: <the slug of the original>' to the metadata",
            )
        elif (analysis.slug, lang) in translations:
            first = translations[(analysis.slug, lang)].path
            problem = (
                f"{first} already translates '{analysis.slug}' into '{lang}'",
                "keep one translation per language",
            )
        else:
            translations[(analysis.slug, lang)] = analysis
            continue
        errors.append(ContentError(analysis.path, line, col, field, *problem))
    return originals, translations, errors
