"""Markdown to HTML that is safe to publish: rendered, then sanitised with nh3.

Python-Markdown passes raw HTML through, and content may quote hostile sources, so every
piece of Markdown and every analysis body goes through `sanitize` before it reaches a page.
This is the one place where HTML from content is marked safe.
"""

from __future__ import annotations

import functools
import re

import markdown as md
import nh3
from markupsafe import Markup, escape

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "q", "s",
    "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
# `lang` and `dir` mark text in another language (an untranslated name in a translation).
ATTRIBUTES = {
    "a": {"href", "title", "lang", "dir"},
    "abbr": {"title"},
    "span": {"lang", "dir"},
    "td": {"align"},
    "th": {"align"},
}
_renderer = md.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def sanitize(html: str | None) -> Markup:
    """Keep only harmless markup: no script, no event handler, no javascript: or data: URL."""
    cleaned = nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        # No rel on links: every page sends no Referer (its Referrer-Policy) and no link
        # opens a window (target is not allowed), and a rel on a link whose dangerous href
        # was removed would make the page invalid HTML.
        link_rel=None,
    )
    return Markup(cleaned)


def markdown(text: str | None) -> Markup:
    """Render an author's Markdown field to sanitised HTML."""
    return _rendered(text) if text else Markup("")


# One event's summary is shown on its page, in several feeds, the exports and the JSON-LD:
# render each text once per process.
@functools.lru_cache(maxsize=65536)
def _rendered(text: str) -> Markup:
    if not _MARKDOWN_SYNTAX.search(text):
        return sanitize(_paragraphs(text))
    _renderer.reset()
    return sanitize(_renderer.convert(text))


# Anything Markdown (with its "extra" extensions) could read as syntax: emphasis, code, links,
# HTML and entities, headings, lists, quotes, tables, definitions, attributes, abbreviations,
# footnotes, hard line breaks, indented code. Text without any of it is plain paragraphs,
# which most event summaries are, and which is far quicker to render without the parser.
_MARKDOWN_SYNTAX = re.compile(
    r"[*_`\[\]<>&#|\\{}~:=]|^\s*([-+]|\d+[.)])\s|^ {4}|^\t| {2}$|^\s*-{3,}\s*$",
    re.MULTILINE,
)


def _paragraphs(text: str) -> str:
    """What Python-Markdown makes of plain text: one <p> per block between blank lines."""
    blocks = re.split(r"\n[ \t]*\n", text.strip("\n"))
    return "\n".join(
        "<p>" + "\n".join(line.strip() for line in block.strip().splitlines()) + "</p>"
        for block in blocks
        if block.strip()
    )


def markdown_inline(text: str | None) -> Markup:
    """Render one line of Markdown without the wrapping paragraph."""
    html = str(markdown(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def harden_body(content) -> None:
    """Sanitise a Pelican article's or page's body (`harden_pelican_content`)."""
    content._content = str(sanitize(content._content))


def harden_pelican_content(content) -> None:
    """Sanitise a Pelican article or page where Pelican itself would publish it raw.

    Templates sanitise what they show, but Pelican's feed writer takes the body and the
    summary straight from the content object and reads its title as HTML (it strips tags
    from it). So the body and summary are sanitised at the source, and the title becomes
    escaped Markup: pages and feeds then show the author's text literally.
    """
    harden_body(content)
    if "summary" in content.metadata:
        content.metadata["summary"] = str(sanitize(content.metadata["summary"]))
        content._summary = content.metadata["summary"]
    if getattr(content, "title", None) is not None and not isinstance(content.title, Markup):
        content.title = escape(content.title)
