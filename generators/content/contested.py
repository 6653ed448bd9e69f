"""A warning for each event graded contested that shows no other side.

`contested` means credible sources disagree: a reader of such an event must find a claim
that denies or disputes it, on the event or on one of its related events. Without one the
grade says more than the record does. `sitrep validate` warns; `--strict` makes it an error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ContentError

if TYPE_CHECKING:
    from .model import Site

AGAINST = ("denies", "disputes")


def contested_warnings(site: Site) -> list[ContentError]:
    """One warning per event graded contested with no denying or disputing claim in itself
    or in its related events."""
    warnings = []
    for event_id, event in site.events.items():
        if event.assessment is None or event.assessment.grade != "contested":
            continue
        events = [event, *(site.events[r] for r in event.related if r in site.events)]
        if any(claim.stance in AGAINST for e in events for claim in e.claims):
            continue
        line, col = site.documents[("events", event_id)].mark(("assessment", "grade"))
        warnings.append(
            ContentError(
                event.path,
                line,
                col,
                "assessment.grade",
                "graded contested, but no claim denies or disputes it, in the event or in its "
                "related events",
                "add the claim that says otherwise (stance: denies or disputes), relate the "
                "event that holds it, or grade the event otherwise",
                level="warning",
            )
        )
    return warnings
