"""Markdown to HTML that is safe to publish: rendered, then sanitised with nh3.

Python-Markdown passes raw HTML through, and content may quote hostile sources, so every
piece of Markdown and every analysis body goes through `sanitize` before it reaches a page.
This is the one place where HTML from content is marked safe.
"""

from __future__ import annotations

import markdown as md
import nh3
from markupsafe import Markup

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "q", "s",
    "small", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
_renderer = md.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def sanitize(html: str | None) -> Markup:
    """Keep only harmless markup: no script, no event handler, no javascript: or data: URL."""
    cleaned = nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(cleaned)


def markdown(text: str | None) -> Markup:
    """Render an author's Markdown field to sanitised HTML."""
    if not text:
        return Markup("")
    _renderer.reset()
    return sanitize(_renderer.convert(text))


def markdown_inline(text: str | None) -> Markup:
    """Render one line of Markdown without the wrapping paragraph."""
    html = str(markdown(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
