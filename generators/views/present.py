"""How dates, numbers, grades and names read on the site: small functions used as Jinja
filters, in the language of the page.

Each takes the page's `Language` (None: English). English keeps the desk's house style
("Saturday 6 August 2016", "6 Aug 2016", "250,000"); other languages are formatted by Babel
with their locale's names and digits. The filters read the language from the template
context, so templates write `{{ day|long_date }}` in every language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, TypeGuard

from jinja2 import pass_context
from markupsafe import Markup, escape

from ..content import vocabulary as voc
from ..content.i18n import ENGLISH, Language
from ..content.schema import Range, Translatable, UnitForms
from ..content.translated import foreign, localized, tr, tr_text
from .markup import markdown, markdown_inline, sanitize

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..content.schema import Event


def _babel_style(language: Language | None) -> TypeGuard[Language]:
    """Whether Babel formats for `language`: any but English (None), which keeps the desk's
    house style."""
    return language is not None and language.code != "en"


def translator(language: Language | None) -> Callable[[str], str]:
    """The gettext of `language` (None: English), to bind to `_` where messages are said,
    so that the catalogue extractor finds them."""
    return (language or ENGLISH).gettext


def long_date(day: date, language: Language | None = None) -> str:
    """'Saturday 6 August 2016'."""
    if not _babel_style(language):
        return f"{day:%A} {day.day} {day:%B %Y}"
    return language.format_date(day, "full")


def short_date(day: date, language: Language | None = None) -> str:
    """'6 Aug 2016'."""
    if not _babel_style(language):
        return f"{day.day} {day:%b %Y}"
    return language.format_date(day, "d MMMM y")


def month_year(day: date, language: Language | None = None) -> str:
    """'August 2016'."""
    if not _babel_style(language):
        return f"{day:%B %Y}"
    return language.format_date(day, "MMMM y")


def padded_date(day: date, language: Language | None = None) -> str:
    """'06 August 2016', as page descriptions give it."""
    if not _babel_style(language):
        return f"{day:%d %B %Y}"
    return language.format_date(day, "d MMMM y")


def clock(moment: datetime, language: Language | None = None) -> str:
    """'21:00 (UTC+03:00)': the time in the offset it was given in."""
    _ = translator(language)
    offset = f"{moment:%z}"
    time = f"{moment:%H:%M}"
    # The offset stays in Latin digits: it reads as one code with 'UTC' in any direction.
    return _("%(time)s (UTC%(offset)s)") % {
        "time": time if not _babel_style(language) else language.localize_digits(time),
        "offset": f"{offset[:3]}:{offset[3:]}",
    }


def event_when(event: Event, language: Language | None = None) -> str:
    """The event's date as precisely as the desk knows it."""
    _ = translator(language)
    day = event.day
    if event.date_precision == "month":
        text = month_year(day, language)
    elif event.date_precision == "week":
        monday = day - timedelta(days=day.weekday())
        text = _("week of %(day)s") % {"day": long_date(monday, language)}
    else:
        text = long_date(day, language)
        if isinstance(event.date, datetime):
            text = _("%(day)s, %(time)s") % {
                "day": text,
                "time": clock(event.date, language),
            }
    if event.end_date and event.end_date != day:
        text = _("%(start)s to %(end)s") % {
            "start": text,
            "end": long_date(event.end_date, language),
        }
    return text


def approximate(event: Event) -> bool:
    return event.date_precision != "day"


def when_iso(event: Event) -> str:
    """The event's date as an HTML `datetime` as precise as the desk knows it: '2016-08-06'
    (or its date-time), the week '2016-W31', the month '2016-07'."""
    if event.date_precision == "month":
        return f"{event.day:%Y-%m}"
    if event.date_precision == "week":
        year, week, _ = event.day.isocalendar()
        return f"{year}-W{week:02d}"
    return iso(event.date)


def admiralty(reliability: str, credibility: int) -> str:
    """The Admiralty grade, e.g. 'B2'."""
    return f"{reliability}{credibility}"


def admiralty_meaning(reliability: str, credibility: int, language: Language | None = None) -> str:
    """'Usually reliable source; probably true'."""
    _ = translator(language)
    return _("%(reliability)s source; %(credibility)s") % {
        "reliability": _(voc.RELIABILITY[reliability]),
        "credibility": _(voc.CREDIBILITY[credibility]).lower(),
    }


def count(value: float, language: Language | None = None) -> str:
    """'1,200'."""
    return f"{value:,}" if not _babel_style(language) else language.format_number(value)


def number(value: float | str, language: Language | None = None) -> str:
    """A number written as a page writes it: '1200' or '36.170' (already formatted text) in
    English, in the page's digits and separators otherwise."""
    if not _babel_style(language):
        return str(value)
    if isinstance(value, str):
        return language.localize_digits(value.replace(".", language.decimal_symbol))
    return language.format_number(value)


def language_name(code: str, language: Language | None = None) -> str:
    """A language code as a page names it: the code in English pages ('ar'), the
    language's name in others."""
    if not _babel_style(language):
        return code
    return language.locale.languages.get(code, code)


def amount(value: Range | None, language: Language | None = None) -> str:
    """A figure or a range: '300', 'at least 300', 'up to 50', '12-20'."""
    if value is None:
        return ""
    if not _babel_style(language):
        return str(value)
    _ = translator(language)
    low, high = value.min, value.max
    if low is None:
        assert high is not None  # a Range has min, max or both
        return _("up to %(max)s") % {"max": count(high, language)}
    if low == high:
        return count(low, language)
    if high is None:
        return _("at least %(min)s") % {"min": count(low, language)}
    return _("%(min)s-%(max)s") % {
        "min": count(low, language),
        "max": count(high, language),
    }


def iso(value: date | datetime) -> str:
    return value.isoformat()


# --- content in the page's language -----------------------------------------------------


def unit_for(indicator: Any, number: float | None, language: Language | None = None) -> Markup:
    """An indicator's unit after `number`, in the form that agrees with it in the page's
    language (the `other` form without a number)."""
    text, translated = localized(indicator, "unit", language)
    if isinstance(text, UnitForms):
        locale = (language or ENGLISH).locale
        category = locale.plural_form(number) if number is not None else "other"
        text = text.form(category)
    html = escape(text or "")
    return html if translated or language is None else foreign(html, language)


def tr_markdown(item: Any, field: str, language: Language | None = None) -> Markup:
    """A Markdown field as HTML, translated, else the original marked with its language."""
    text, translated = localized(item, field, language)
    html = markdown(text)
    return html if translated or language is None else foreign(html, language, block=True)


def tr_inline(item: Any, field: str, language: Language | None = None) -> Markup:
    """One line of Markdown as HTML without its paragraph, translated or marked."""
    text, translated = localized(item, field, language)
    html = markdown_inline(text)
    return html if translated or language is None else foreign(html, language)


def figure_name(item: Any, key: str, language: Language | None = None) -> Markup:
    """The name of a claim's figure ('killed'), from the translation's `figures` when the
    page is in another language."""
    if language is not None and not language.main and isinstance(item, Translatable):
        names = item.translated("figures", language.code) or {}
        if key in names:
            return escape(names[key])
        return foreign(escape(key.replace("-", " ")), language)
    return escape(key.replace("-", " "))


def untranslated_state(item: Any, language: Language | None = None) -> str:
    """'' when the item reads wholly in the page's language, else 'part' or 'all'."""
    if getattr(item, "foreign", False):  # an analysis shown in its original language
        return "all"
    if language is None or language.main or not isinstance(item, Translatable):
        return ""
    missing = item.untranslated(language.code)
    if not missing:
        return ""
    return "all" if len(missing) == len(item.untranslated(None)) else "part"


# --- generated sentences ---------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """Words to say in a page's language: a catalogue message and its values (text, numbers,
    `Term`s, `Listing`s or other phrases)."""

    message: str
    values: tuple[tuple[str, Any], ...] = ()


def phrase(message: str, **values: Any) -> Phrase:
    """A `Phrase`; the catalogue extractor knows `phrase` as a gettext keyword."""
    return Phrase(message, tuple(values.items()))


@dataclass(frozen=True)
class Listing:
    """Several things said one after the other, separated by `separator` (a catalogue
    message: ', ' in English)."""

    items: tuple[Any, ...]
    separator: str = ", "


@dataclass(frozen=True)
class Term:
    """A slug of a vocabulary ('weak' of GRADE_NAMES): the slug itself in English, its
    label in other languages."""

    vocabulary: str
    key: str


def say(value: Any, language: Language | None = None) -> str:
    """A phrase, term, number or text as a page in `language` says it."""
    if isinstance(value, Phrase):
        return translator(language)(value.message) % {k: say(v, language) for k, v in value.values}
    if isinstance(value, Term):
        labels = VOCABULARIES.get(value.vocabulary, {})
        if not _babel_style(language) or value.key not in labels:
            return value.key
        return translator(language)(labels[value.key])
    if isinstance(value, Listing):
        return translator(language)(value.separator).join(say(v, language) for v in value.items)
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value, language)
    return str(value)


# --- vocabularies and filters -----------------------------------------------------------

VOCABULARIES: dict[str, dict[Any, Any]] = {
    "EVENT_TYPES": voc.EVENT_TYPES,
    "SUBTYPES": voc.SUBTYPES,
    "ACTOR_KINDS": voc.ACTOR_KINDS,
    "SOURCE_KINDS": voc.SOURCE_KINDS,
    "STANCES": voc.STANCES,
    "STANCE_VERBS": voc.STANCE_VERBS,
    "GRADES": voc.GRADES,
    "GRADE_NAMES": voc.GRADE_NAMES,
    "RELIABILITY": voc.RELIABILITY,
    "CREDIBILITY": voc.CREDIBILITY,
    "ROLE_NAMES": voc.ROLE_NAMES,
    "PLACE_KIND_NAMES": voc.PLACE_KIND_NAMES,
    "DATE_PRECISION_NOTES": voc.DATE_PRECISION_NOTES,
    "FIELD_NAMES": voc.FIELD_NAMES,
    "CHANGE_KINDS": voc.CHANGE_KINDS,
}


def _translated(labels: dict, language: Language) -> dict:
    return {
        key: _translated(value, language) if isinstance(value, dict) else language.gettext(value)
        for key, value in labels.items()
    }


@cache
def vocabularies(language: Language) -> dict[str, dict]:
    """The vocabularies with their labels in `language`, as template globals."""
    return {name: _translated(labels, language) for name, labels in VOCABULARIES.items()}


def _in_page_language(func: Callable) -> Callable:
    """A filter that formats in the language of the page it is rendered in."""

    @pass_context
    def in_language(context, value, *args):
        return func(value, *args, language=context.get("language"))

    return in_language


FILTERS = {
    "long_date": _in_page_language(long_date),
    "short_date": _in_page_language(short_date),
    "month_year": _in_page_language(month_year),
    "event_when": _in_page_language(event_when),
    "approximate": approximate,
    "when_iso": when_iso,
    "admiralty": admiralty,
    "admiralty_meaning": _in_page_language(admiralty_meaning),
    "count": _in_page_language(count),
    "number": _in_page_language(number),
    "amount": _in_page_language(amount),
    "language_name": _in_page_language(language_name),
    "iso": iso,
    "markdown": markdown,
    "markdown_inline": markdown_inline,
    "sanitize": sanitize,
    "tr": _in_page_language(tr),
    "tr_text": _in_page_language(tr_text),
    "tr_markdown": _in_page_language(tr_markdown),
    "tr_inline": _in_page_language(tr_inline),
    "figure_name": _in_page_language(figure_name),
    "untranslated_state": _in_page_language(untranslated_state),
    "say": _in_page_language(say),
    "clock": _in_page_language(clock),
}

GLOBALS = dict(VOCABULARIES)


def install(env: Environment) -> None:
    """Give a Jinja environment sitrep's filters and vocabularies."""
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    env.globals["Markup"] = Markup
