"""An item's text in a page's language: its translation where there is one, else the
original, which HTML marks with its language (`lang`, `dir`) so that browsers and screen
readers read it right. Used by the site model (an actor's name on a day) and by the pages,
whose `tr` and `tr_text` filters these are (see `present`).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from .i18n import Language
from .schema import Translatable


def localized(item: Any, field: str, language: Language | None) -> tuple[Any, bool]:
    """The field's text in the page's language, and whether it is in that language (False:
    the original text, shown because the translation is missing)."""
    original = getattr(item, field, None)
    if language is None or language.main or not isinstance(item, Translatable) or not original:
        return original, True
    found = item.translated(field, language.code)
    return (found, True) if found else (original, False)


def tr_text(item: Any, field: str, language: Language | None = None) -> str:
    """Plain text, for titles and attributes: the translation, else the original."""
    return str(localized(item, field, language)[0] or "")


def foreign(html: Markup | str, language: Language, block: bool = False) -> Markup:
    """Text in the main language on a page in another: marked with its language."""
    tag = "div" if block else "span"
    # Plain concatenation: Markup.format costs more than the rest of a page's text.
    lang, direction = escape(language.original), language.original_dir
    return Markup(f'<{tag} lang="{lang}" dir="{direction}">{escape(html)}</{tag}>')


def tr(item: Any, field: str, language: Language | None = None) -> Markup:
    """A line of text as HTML: the translation, else the original marked with its language."""
    text, translated = localized(item, field, language)
    html = escape(text or "")
    return html if translated or language is None else foreign(html, language)
