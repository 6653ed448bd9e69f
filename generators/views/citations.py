"""Who says what about an event, as pages show it: each cited source with its name and
Admiralty grade, and the claims grouped by stance. Shared by the event, indicator and day
pages and the `[[figure:...]]` links of analyses.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content import vocabulary as voc
from ..content.i18n import Language
from ..content.model import Site
from ..content.schema import Claim, Event, SourceCitation, day_of
from ..content.translated import tr
from .present import admiralty_meaning


@dataclass
class CitedSource:
    citation: SourceCitation
    name: str
    kind: str
    grade: str
    meaning: str


@dataclass
class ClaimLine:
    claim: Claim
    by: str
    by_url: str


def cite(site: Site, citation: SourceCitation, language: Language | None = None) -> CitedSource:
    """A citation with its source's name and the Admiralty grade, as pages show it."""
    source = site.sources[citation.source]
    kind = voc.SOURCE_KINDS[source.kind]
    return CitedSource(
        citation,
        source.name if language is None else tr(source, "name", language),
        kind if language is None else language.gettext(kind),
        f"{source.reliability}{citation.credibility}",
        admiralty_meaning(source.reliability, citation.credibility, language),
    )


def cited_sources(site: Site, event: Event, language: Language | None = None) -> list[CitedSource]:
    return [cite(site, citation, language) for citation in event.sources]


def claims_by_stance(
    site: Site, event: Event, language: Language | None = None
) -> dict[str, list[ClaimLine]]:
    """Claims grouped in a fixed order of stances, so that opposite views sit side by side."""
    groups: dict[str, list[ClaimLine]] = {stance: [] for stance in voc.STANCES}
    for claim in event.claims:
        day = day_of(claim.date) if claim.date is not None else event.day
        groups[claim.stance].append(
            ClaimLine(
                claim, site.claimant_label(claim.by, day, language), site.claimant_url(claim.by)
            )
        )
    return {stance: lines for stance, lines in groups.items() if lines}
