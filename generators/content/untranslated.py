"""What is not yet translated: one warning per item, listing its fields without translation.

Pages show the original text where a translation is missing (marked with its language), so
a missing translation never breaks a build; `sitrep validate` lists them as warnings, and
`--strict` (or the STRICT setting) makes them errors.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from babel import Locale

from ..errors import ContentError
from .schema import KINDS, Item, Translatable
from .yamlsource import Document

if TYPE_CHECKING:
    from .model import Site


@cache  # asked once per item: Babel's lookup costs a fifth of `sitrep validate` at 10,000
def language_name(code: str) -> str:
    """'Arabic' for 'ar': messages to authors are in English."""
    return Locale("en").languages.get(code, code)


def _warning(path: str, line: int, col: int, message: str, hint: str) -> ContentError:
    return ContentError(path, line, col, "", message, hint, level="warning")


def item_warnings(item: Item, doc: Document, languages: tuple[str, ...]) -> list[ContentError]:
    """The warnings of one valid item: one per other language of the site that lacks its
    translation, with the fields it lacks. Depends on the file alone, so the content cache
    keeps them with the item (contentcache.py)."""
    if not isinstance(item, Translatable):
        return []
    warnings = []
    for lang in languages[1:]:
        missing = item.untranslated(lang)
        if not missing:
            continue
        name = f"{language_name(lang)} ({lang})"
        own = [f for f in item.text_fields() if getattr(item, f, None)]
        if len(missing) == len(item.untranslated(None)):  # nothing is translated
            if "name" in own:
                example = f"names: {{{lang}: ...}}"
            else:
                example = f"translations: {{{lang}: {{{', '.join(f'{f}: ...' for f in own)}}}}}"
            message = f"not translated into {name}"
            hint = f"add {example}"
        else:
            message = f"translation into {name} lacks {', '.join(missing)}"
            hint = "the page shows the original text for these fields"
        line, col = (
            doc.mark(("translations", lang), key=True)
            if lang in getattr(item, "translations", {})
            else (1, 1)
        )
        warnings.append(_warning(item.path, line, col, message, hint))
    return warnings


def untranslated(site: Site) -> list[ContentError]:
    """A warning for each item or analysis that lacks a translation into one of the site's
    other languages, with the fields it lacks."""
    warnings = []
    for kind in KINDS:
        for item_id, item in site.kind(kind).items():
            known = site.untranslated.get((kind, item_id))
            if known is None:
                known = item_warnings(item, site.documents[(kind, item_id)], site.languages)
            warnings += known
    for lang in site.languages[1:]:
        name = f"{language_name(lang)} ({lang})"
        for analysis in site.analyses:
            if analysis.meta is not None and (analysis.slug, lang) not in site.translated_analyses:
                warnings.append(
                    _warning(
                        analysis.path,
                        1,
                        1,
                        f"not translated into {name}",
                        f"add an analysis with 'Lang: {lang}' and 'Slug: {analysis.slug}'",
                    )
                )
    return sorted(warnings)
