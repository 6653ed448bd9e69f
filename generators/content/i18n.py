"""The site's languages: which ones, where their pages go, and how each one reads.

The main language (`DEFAULT_LANG`) is written at the root; every other language listed in
`SITE_LANGUAGES` gets the same pages under `/<code>/` (`/ar/events/<id>/`). A `Language`
carries what a page in it needs: its gettext translations (compiled at build time from the
theme's `.po` catalogue, so nothing binary is kept in the repository), its Babel locale for
dates and numbers, its digits and its direction. Page generators get the language they are
writing as `self.language`; templates get it as `language`, with `_()` and `{% trans %}`
installed for it.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from io import BytesIO
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, get_decimal_symbol
from jinja2 import pass_eval_context
from markupsafe import Markup

from ..errors import SettingsInvalid
from ..settings import sitrep_settings

_ARABIC_INDIC = str.maketrans("0123456789", "".join(chr(0x0660 + d) for d in range(10)))
CATALOGUE = Path("translations") / "{code}" / "LC_MESSAGES" / "messages.po"


@dataclass(frozen=True, eq=False)
class Language:
    """One language of the site, as pages in it are written."""

    code: str
    main: bool
    locale: Locale
    digits: str
    translations: gettext.NullTranslations
    original: str = "en"  # the main language: what the text falls back to when untranslated

    @property
    def prefix(self) -> str:
        """Where its pages go, below the site's root: '' or 'ar/'."""
        return "" if self.main else f"{self.code}/"

    @cached_property
    def rtl(self) -> bool:
        return self.locale.character_order == "right-to-left"

    @cached_property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @cached_property
    def name(self) -> str:
        """The language's name in itself, as a language switch shows it ('English')."""
        return self.locale.get_language_name(self.locale) or self.code

    @cached_property
    def original_name(self) -> str:
        """The main language's name in this one: English is 'Anglais' in French."""
        return self.locale.languages.get(self.original, self.original)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    @cached_property
    def original_dir(self) -> str:
        """The direction of the main language's text."""
        return "rtl" if Locale.parse(self.original).character_order == "right-to-left" else "ltr"

    def localize_digits(self, text: str) -> str:
        """Latin digits in `text` written in this language's digits."""
        return text.translate(_ARABIC_INDIC) if self.digits == "arab" else text

    @cached_property
    def _formatted(self) -> dict[tuple, str]:
        # Babel takes tens of microseconds a call; a site repeats its few thousand days
        # and numbers on many pages.
        return {}

    def format_date(self, day: date, pattern: str) -> str:
        """`day` by a CLDR pattern ('full', 'd MMMM y') in this language's locale and digits."""
        key = (day, pattern)
        text = self._formatted.get(key)
        if text is None:
            text = self.localize_digits(format_date(day, pattern, locale=self.locale))
            self._formatted[key] = text
        return text

    @cached_property
    def decimal_symbol(self) -> str:
        return get_decimal_symbol(self.locale, numbering_system=self.digits)

    def format_number(self, number: float) -> str:
        """'250,000' as this language writes it (Arabic-Indic digits and separators
        when its digits are 'arab')."""
        key = (type(number), number)
        text = self._formatted.get(key)
        if text is None:
            text = format_decimal(number, locale=self.locale, numbering_system=self.digits)
            text = self._formatted[key] = self.localize_digits(text)
        return text


ENGLISH = Language("en", True, Locale("en"), "latn", gettext.NullTranslations())


def site_languages(settings: dict) -> list[str]:
    """The codes of the site's languages, its main language first."""
    main = settings.get("DEFAULT_LANG") or "en"
    listed = sitrep_settings(settings).SITE_LANGUAGES or [main]
    if main not in listed:
        raise SettingsInvalid(
            f"SITE_LANGUAGES: expected the main language DEFAULT_LANG ('{main}') among "
            f"{list(listed)} (hint: the main language is the one the content is written in)"
        )
    return [main, *dict.fromkeys(c for c in listed if c != main)]


def load_translations(po_file: Path) -> gettext.GNUTranslations:
    """A `.po` catalogue compiled in memory (fuzzy entries left out, as msgfmt does)."""
    with po_file.open("rb") as handle:
        catalogue = read_po(handle)
    compiled = BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def make_language(code: str, main: bool, settings: dict) -> Language:
    checked = sitrep_settings(settings)
    locales = checked.LANGUAGE_LOCALES
    try:
        locale = Locale.parse(locales.get(code, code))
    except (ValueError, UnknownLocaleError):
        raise SettingsInvalid(
            f"LANGUAGE_LOCALES / SITE_LANGUAGES: no locale for '{locales.get(code, code)}' "
            "(hint: use a language code such as 'ar' or a locale such as 'ar_SY')"
        ) from None
    digits: str = checked.ARABIC_DIGITS
    po_file = Path(settings["THEME"]) / str(CATALOGUE).format(code=code)
    if po_file.is_file():
        translations: gettext.NullTranslations = load_translations(po_file)
    elif code == "en":  # message ids are English
        translations = gettext.NullTranslations()
    else:
        raise SettingsInvalid(
            f"SITE_LANGUAGES: no message catalogue for '{code}': expected {po_file} "
            "(hint: copy the Arabic one and translate its messages)"
        )
    digits = digits if code == "ar" else "latn"
    original = site_languages(settings)[0]
    return Language(code, main, locale, digits, translations, original)


def languages_for(context: dict) -> list[Language]:
    """The languages of this build, main first, made once and shared by all generators."""
    if "sitrep_languages" not in context:
        codes = site_languages(context)
        context["sitrep_languages"] = [
            make_language(c, i == 0, context) for i, c in enumerate(codes)
        ]
    return context["sitrep_languages"]


def gettext_in(language: Language | None) -> Any:
    """`language`'s gettext; without one, English: the message itself."""
    return language.gettext if language is not None else (lambda message: message)


def template_gettext(language: Language) -> dict[str, Any]:
    """`_`, `gettext` and `ngettext` for templates in `language`: what Jinja's new-style
    gettext does (the message is a format string, escaped when autoescaping), called
    directly instead of through Jinja's alias and wrappers, with each message's Markup
    made once. A page says some thirty messages; a site has tens of thousands of pages."""
    translations = language.translations
    said: dict[str, Markup] = {}  # messages without values, as pages show them

    # The evaluation context, not the page's: Jinja copies a page's whole context to pass
    # it to a function called in a loop or a block.
    @pass_eval_context
    def gettext(__eval, __message: str, **variables: Any) -> str:
        # Dunder names, as Jinja's: the values may be named anything else.
        if not __eval.autoescape:
            return translations.gettext(__message) % variables
        if variables:
            return Markup(translations.gettext(__message)) % variables
        text = said.get(__message)
        if text is None:
            text = said[__message] = Markup(translations.gettext(__message)) % variables
        return text

    @pass_eval_context
    def ngettext(__eval, __singular: str, __plural: str, __num: int, **variables: Any) -> str:
        variables.setdefault("num", __num)
        text = translations.ngettext(__singular, __plural, __num)
        return (Markup(text) if __eval.autoescape else text) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}
