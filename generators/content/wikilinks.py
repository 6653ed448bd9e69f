"""`[[kind:id]]` links in Markdown: found with their lines for validation, then rendered."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markupsafe import Markup, escape

LINK_RE = re.compile(r"\[\[([a-z]+):([^\]\s]*)\]\]")
LINK_KINDS = {
    "event": "events",
    "actor": "actors",
    "place": "places",
    "source": "sources",
    "figure": "indicators",
}


@dataclass(frozen=True)
class WikiLink:
    kind: str
    ref: str
    line: int
    col: int


def find_links(text: str, first_line: int = 1) -> Iterator[WikiLink]:
    """Every `[[kind:id]]` in `text`, with 1-based line and column in the file."""
    for number, line in enumerate(text.splitlines(), start=first_line):
        for match in LINK_RE.finditer(line):
            yield WikiLink(match.group(1), match.group(2), number, match.start() + 1)


def render_links(html: str, resolve: Callable[[str, str], tuple[str, str] | Markup | None]) -> str:
    """Replace each link in rendered HTML by an anchor; `resolve` gives (url, title), or the
    finished HTML (a Markup) for links that render more than a name, such as figures."""

    def replace(match: re.Match) -> str:
        target = resolve(match.group(1), match.group(2))
        if target is None:  # validation refuses unknown ids; keep the text if one slips by
            return match.group(0)
        if isinstance(target, Markup):
            return str(target)
        url, title = target
        # Concatenated: Markup.format, at tens of thousands of links, cost a third of a second.
        return f'<a href="{escape(url)}">{escape(title)}</a>'

    return LINK_RE.sub(replace, html)
