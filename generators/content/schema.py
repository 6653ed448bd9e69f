"""The sitrep content format, declared once: one pydantic model per content kind.

Validation of single files lives here (types, vocabularies, ranges, field combinations);
`references.py` checks the links between files. Every check speaks to authors: what it
expected, what it got and, where useful, how to fix it. YAML arrives with every scalar as a
string (see `yamlsource`), so the field types below parse text themselves.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import math
import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache, cached_property
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeGuard, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from ..errors import ContentError
from . import vocabulary as voc
from .yamlsource import Document, label

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX = 80
ID_CUTOFF = 0.8  # how close an unknown id must be to a known one to be suggested
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder
# the text after them, up to the end of the paragraph: around a title, the page itself.
# Zero-width spaces, word joiners and BOMs hide inside a word. (Zero-width (non-)joiners
# and the left-to-right and right-to-left marks are kept: Arabic, Persian and Kurdish text
# needs them, and they reorder nothing.)
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff]")
# The years a date may have: every page, feed and data file computes dates from them (a
# week's Monday, a chart's axis, a year's pages), which must stay in Python's calendar.
YEARS = (1900, 2999)
URL_RE = re.compile(r"https?://[^\s<>\"'`]+\.[^\s<>\"'`]+")


def _fail(message: str, hint: str = "", field: str | tuple = "") -> PydanticCustomError:
    """An error for authors; `field` places it below the failing value (a name or a path).
    The message goes in as a context value, so that braces in an author's text are never
    taken for placeholders."""
    return PydanticCustomError(
        "sitrep", "{message}", {"hint": hint, "field": field, "message": message}
    )


def describe(value: Any) -> str:
    """How a wrong value reads in an error message."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _text(max_len: int, *, multiline: bool = False):
    what = "text" if multiline else "one line of text"

    def check(value: Any) -> str:
        if not isinstance(value, str):
            hint = ""
            if isinstance(value, list | dict):
                hint = "put the text in quotes: unquoted, a value that starts with [ or { is a list"
            raise _fail(f"expected {what}, got {describe(value)}", hint)
        value = value.strip()
        if not value:
            raise _fail(f"expected {what}, got an empty value")
        if len(value) > max_len:
            raise _fail(
                f"expected {what} of at most {max_len:,} characters, got {len(value):,} characters",
                "shorten it" + ("" if multiline else ", or move detail into the summary"),
            )
        if not multiline and "\n" in value:
            raise _fail(f"expected {what}, got several lines", "join them into one line")
        if found := _CONTROL.search(value):
            raise _fail(
                f"expected {what}, got the control character U+{ord(found[0]):04X}", "remove it"
            )
        if found := _BIDI.search(value):
            raise _fail(
                f"expected {what}, got the direction control U+{ord(found[0]):04X}",
                "remove it: it would reorder the page around the text; the page sets each "
                "text's direction itself",
            )
        if found := _ZERO_WIDTH.search(value):
            raise _fail(
                f"expected {what}, got the invisible character U+{ord(found[0]):04X}",
                "remove it: it hides inside a word and breaks search",
            )
        return value

    return BeforeValidator(check)


def is_id(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and len(value) <= ID_MAX and ID_RE.match(value) is not None


def id_like(value: str) -> str:
    """The id an author probably meant: 'places/City Centre.yaml' -> 'city-centre'."""
    stem = re.sub(r"\.ya?ml$", "", value.strip().replace("\\", "/").rsplit("/", 1)[-1])
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:ID_MAX].rstrip("-")


def _id(value: Any) -> str:
    if not is_id(value):
        hint = "ids look like 'jaish-al-fath': the file name of the item, without .yaml"
        if isinstance(value, str) and len(value) > ID_MAX:
            hint = f"an id has at most {ID_MAX} characters, this one {len(value)}"
        elif isinstance(value, str) and id_like(value):
            hint = f"did you mean '{id_like(value)}'?"
            if "/" in value or value.endswith(".yaml"):
                hint = f"an id is a file name without its folder or .yaml: {hint}"
        raise _fail(
            f"expected an id of lower-case letters, digits and single hyphens, "
            f"got {describe(value)}",
            hint,
        )
    return value


def _in_years(day: date, value: str) -> None:
    low, high = YEARS
    if not low <= day.year <= high:
        raise _fail(
            f"expected a date from {low} to {high}, got {value!r}",
            "check the year: sitrep publishes dates of these years only",
        )


def _day(value: Any) -> date:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            year, month = int(value[:4]), int(value[5:7])
            hint = "months run from 01 to 12"
            if 1 <= month <= 12 and year >= 1:
                days = calendar.monthrange(year, month)[1]
                hint = f"{calendar.month_name[month]} {year} has {days} days"
            raise _fail(f"expected a real calendar day, got {value!r}", hint) from None
        _in_years(day, value)
        return day
    raise _fail(f"expected a date like 2016-08-06, got {describe(value)}")


def _when(value: Any) -> date | datetime:
    if isinstance(value, str) and "T" in value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            _in_years(moment.date(), value)
            return moment
        raise _fail(
            f"expected a date-time with its offset like 2016-08-06T21:00:00+03:00, "
            f"got {describe(value)}",
            "add the UTC offset (+03:00 for Syria in summer), or give only the date",
        )
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return _day(value)
    raise _fail(
        "expected a date like 2016-08-06 or a date-time with offset like "
        f"2016-08-06T14:30:00+03:00, got {describe(value)}"
    )


def _count(value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"0|[1-9][0-9]{0,8}", value):
        return int(value)
    text = str(value).strip().lower()
    hint = ""
    if re.fullmatch(r"0[0-9]+", text):
        hint = "write the number without leading zeros"
    elif re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", text):
        hint = "write the number without thousands separators"
    elif text in ("no", "none", "n", "false", "off", "nil", "zero"):
        hint = "write 0 for none, or leave the field out when the number is not known"
    elif low_high := re.fullmatch(r"([0-9]+) *(?:-|:|to|/) *([0-9]+)", text):
        low, high = low_high.groups()
        hint = f"for a range write {{min: {low}, max: {high}}}"
    elif text in ("yes", "y", "true", "on", "unknown", "many", "several", "dozens"):
        hint = "leave the field out when the number is not known; put words in the summary"
    raise _fail(f"expected a whole number of 0 or more, got {describe(value)}", hint)


def _degrees(name: str, limit: int):
    def check(value: Any) -> float:
        number = None
        if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]+)?", value):
            number = float(value)
        if number is None or not math.isfinite(number):
            raise _fail(
                f"expected a {name} in decimal degrees, got {describe(value)}",
                _degrees_hint(value),
            )
        if not -limit <= number <= limit:
            if name == "latitude" and abs(number) <= 180:
                hint = f"{value} would be a longitude: lat comes first, then lon; are they swapped?"
            elif name == "latitude":
                hint = "latitude runs from -90 (south pole) to 90 (north pole)"
            else:
                hint = "longitude runs from -180 (west) to 180 (east)"
            raise _fail(f"expected a {name} between -{limit} and {limit}, got {value}", hint)
        return number

    return BeforeValidator(check)


def _degrees_hint(value: Any) -> str:
    # 36:12 or 36:12:30 is degrees, minutes (and seconds): give the decimal value.
    match = re.fullmatch(r"(-?)(\d{1,3}):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?", str(value).strip())
    if match:
        sign, degrees, minutes, seconds = match.groups()
        decimal = int(degrees) + int(minutes) / 60 + float(seconds or 0) / 3600
        return f"convert degrees and minutes to decimal degrees: {value} is {sign}{decimal:.5g}"
    return "write a number like 36.2: degrees north (lat) or east (lon), negative for south or west"


def _url(value: Any) -> str:
    if isinstance(value, str) and len(value) <= 2000 and URL_RE.fullmatch(value):
        # Encode the ASCII characters a valid URL may not hold, as browsers do when asked
        # to follow it, so that every href the site writes is valid HTML.
        return re.sub(r"[{}|\\^]|%(?![0-9A-Fa-f]{2})", lambda m: f"%{ord(m[0]):02X}", value)
    hint = ""
    if isinstance(value, str) and URL_RE.fullmatch("https://" + value):
        hint = f"add the scheme: https://{value}"
    raise _fail(f"expected a web address starting with https://, got {describe(value)}", hint)


def _sha256(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"[0-9a-fA-F]{64}", value):
        return value.lower()
    hint = "a SHA-256 is 64 hexadecimal digits: `sha256sum file` prints it"
    if isinstance(value, str) and re.fullmatch(r"[0-9a-fA-F]+", value):
        hint = f"a SHA-256 is 64 hexadecimal digits, this one has {len(value)}"
    elif isinstance(value, str) and value.lower().startswith("sha256:"):
        hint = "write the digits alone, without 'sha256:'"
    raise _fail(f"expected a SHA-256 of 64 hexadecimal digits, got {describe(value)}", hint)


def _moment(value: Any) -> datetime:
    """A date-time with its UTC offset: when a copy was captured is a moment, not a day."""
    when = _parsed(_when, value) if isinstance(value, str) and "T" in value else None
    if isinstance(when, datetime):
        return when
    raise _fail(
        f"expected a date-time with its offset like 2016-08-06T21:00:00+03:00, "
        f"got {describe(value)}",
        "a capture is a moment: write the time and its UTC offset (Z for UTC)",
    )


MEDIA_FOLDER = "images"  # of the content folder: Pelican copies it as it is (STATIC_PATHS)
MEDIA_PATH_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*")


def _media_path(value: Any) -> str:
    if (
        isinstance(value, str)
        and MEDIA_PATH_RE.fullmatch(value)
        and value.startswith(MEDIA_FOLDER + "/")
        and ".." not in value.split("/")
    ):
        return value
    hint = (
        f"a path in the content folder's {MEDIA_FOLDER}/ folder, such as "
        f"{MEDIA_FOLDER}/2016-08-06-castello.jpg, in letters, digits, '.', '_' and '-'"
    )
    raise _fail(f"expected a file in {MEDIA_FOLDER}/, got {describe(value)}", hint)


def _lang(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
        return value
    raise _fail(
        f"expected a language code such as 'ar' or 'en', got {describe(value)}",
        "use ISO 639 codes: ar Arabic, en English, fr French, ku Kurdish, ru Russian, tr Turkish",
    )


def _country(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value):
        return value
    hint = "Syria is SYR, Turkey TUR, Iraq IRQ, Lebanon LBN, Jordan JOR"
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{3}", value):
        hint = f"write it in capitals: {value.upper()}"
    raise _fail(f"expected an ISO 3166 alpha-3 country code like SYR, got {describe(value)}", hint)


def _slug_list(value: Any) -> Any:
    # Analyses' metadata gives comma-separated text; YAML gives lists.
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _json(**schema: Any) -> WithJsonSchema:
    """What editors are told a field takes, as authors write it in YAML (jsonschemas.py)."""
    return WithJsonSchema(schema)


def _line_json(max_len: int) -> WithJsonSchema:
    return _json(type="string", minLength=1, maxLength=max_len, pattern=r"^[^\n]*\n?$")


Id = Annotated[
    str, BeforeValidator(_id), _json(type="string", pattern=ID_RE.pattern, maxLength=ID_MAX)
]
DAY_JSON = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
MOMENT_JSON = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$",
}
Day = Annotated[date, BeforeValidator(_day), _json(**DAY_JSON)]
When = Annotated[date | datetime, BeforeValidator(_when), _json(anyOf=[DAY_JSON, MOMENT_JSON])]
Count = Annotated[int, BeforeValidator(_count), _json(type="integer", minimum=0)]
Line = Annotated[str, _text(300), _line_json(300)]
Title = Annotated[str, _text(200), _line_json(200)]
Markdown = Annotated[
    str, _text(20_000, multiline=True), _json(type="string", minLength=1, maxLength=20_000)
]
Latitude = Annotated[float, _degrees("latitude", 90), _json(type="number", minimum=-90, maximum=90)]
Longitude = Annotated[
    float, _degrees("longitude", 180), _json(type="number", minimum=-180, maximum=180)
]


def _flag(value: Any) -> Any:
    """`true` or `false`, as YAML writes them; anything else is an error."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"  # the loader keeps scalars as text (yamlsource.py)
    raise _fail(f"expected true or false, got {describe(value)}", "write `true` or `false`")


Flag = Annotated[bool, BeforeValidator(_flag), _json(type="boolean")]
# Who may carry `sensitive`, said where another item carries it.
SENSITIVE_HINT = (
    "only places and events have coordinates to generalise: mark the place (in its own "
    "file) or the event `sensitive: true`"
)
WebUrl = Annotated[
    str, BeforeValidator(_url), _json(type="string", format="uri", pattern="^https?://")
]
Sha256 = Annotated[str, BeforeValidator(_sha256), _json(type="string", pattern="^[0-9a-fA-F]{64}$")]
Moment = Annotated[datetime, BeforeValidator(_moment), _json(**MOMENT_JSON)]
MediaPath = Annotated[
    str,
    BeforeValidator(_media_path),
    _json(type="string", pattern=f"^{MEDIA_FOLDER}/" + MEDIA_PATH_RE.pattern + "$"),
]
Lang = Annotated[
    str, BeforeValidator(_lang), _json(type="string", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
]
Country = Annotated[str, BeforeValidator(_country), _json(type="string", pattern=r"^[A-Z]{3}$")]
IdList = Annotated[list[Id], BeforeValidator(_slug_list)]


_CREDIBILITY_DIGITS = {str(digit) for digit in voc.CREDIBILITY}
_CREDIBILITY_RANGE = min(voc.CREDIBILITY), max(voc.CREDIBILITY)


def _credibility(value: Any) -> int:
    if isinstance(value, str) and value in _CREDIBILITY_DIGITS:
        return int(value)
    low, high = _CREDIBILITY_RANGE
    raise _fail(
        f"expected an Admiralty credibility digit from {low} to {high}, got {describe(value)}",
        "1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, "
        "6 cannot be judged",
    )


Credibility = Annotated[
    int,
    BeforeValidator(_credibility),
    _json(type="integer", minimum=_CREDIBILITY_RANGE[0], maximum=_CREDIBILITY_RANGE[1]),
]

# The choices of the format's vocabularies, taken from vocabulary.py in its order (a
# Literal built at run time, which a type checker cannot read: to it they are text).
if TYPE_CHECKING:
    ActorRole = str
    Stance = str
    Grade = str
    DatePrecision = str
    EventType = str
    GeoPrecision = str
    ActorKind = str
    PlaceKind = str
    SourceKind = str
    Reliability = str
    AreaKind = str
    AreaStatus = str
else:
    ActorRole = Literal[tuple(voc.ACTOR_ROLES)]
    Stance = Literal[tuple(voc.STANCES)]
    Grade = Literal[tuple(voc.GRADES)]
    DatePrecision = Literal[tuple(voc.DATE_PRECISIONS)]
    EventType = Literal[tuple(voc.EVENT_TYPES)]
    GeoPrecision = Literal[tuple(voc.GEO_PRECISIONS)]
    ActorKind = Literal[tuple(voc.ACTOR_KINDS)]
    PlaceKind = Literal[tuple(voc.PLACE_KINDS)]
    SourceKind = Literal[tuple(voc.SOURCE_KINDS)]
    Reliability = Literal[tuple(voc.RELIABILITY)]
    AreaKind = Literal[tuple(voc.AREA_KINDS)]
    AreaStatus = Literal[tuple(voc.AREA_STATUSES)]


def day_of(when: date | datetime) -> date:
    """The calendar day of a date or date-time, in the offset its author wrote."""
    return when.date() if isinstance(when, datetime) else when


class Model(BaseModel):
    """Base of every content model: unknown fields are errors; empty values mean absent."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v is not None}
        return data

    @classmethod
    def cross_checks(cls, data: dict[str, Any]) -> Iterator[tuple[str, PydanticCustomError]]:
        """Checks between fields, as (field, error). They read the raw values (skipping those
        that do not parse) so that they run even when another field fails: an author sees
        every error of a file in one run."""
        return iter(())

    @model_validator(mode="wrap")
    @classmethod
    def _with_cross_checks(cls, data: Any, handler: Any) -> Any:
        if not isinstance(data, dict):
            return handler(data)
        given = {k: v for k, v in data.items() if v is not None}
        problems: list[InitErrorDetails] = [
            {"type": error, "loc": (name,), "input": given.get(name)}
            for name, error in cls.cross_checks(given)
        ]
        try:
            model = handler(data)
        except ValidationError as exc:
            if not problems:
                raise
            raise ValidationError.from_exception_data(
                exc.title, [*_line_errors(exc), *problems]
            ) from None
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        return model


def _line_errors(exc: ValidationError) -> list[InitErrorDetails]:
    """A ValidationError's errors in the form that builds a new one."""
    details = []
    for err in exc.errors(include_url=False):
        kind: str | PydanticCustomError = err["type"]
        ctx = err.get("ctx")
        if kind == "sitrep":
            kind = PydanticCustomError("sitrep", "{message}", ctx)
        detail: InitErrorDetails = {"type": kind, "loc": err["loc"], "input": err["input"]}
        if ctx:
            detail["ctx"] = ctx
        details.append(detail)
    return details


def _parsed(parse: Any, value: Any) -> Any:
    """`parse(value)`, or None when it does not parse (its own field reports that)."""
    try:
        return parse(value)
    except PydanticCustomError:
        return None


class Item(Model):
    """A top-level content item: one file, whose stem is its id."""

    _id: str = PrivateAttr("")
    _path: str = PrivateAttr("")

    # Cached: read on every page many times, and a private attribute costs a lookup
    # through pydantic's __getattr__; both are set once, when the file is loaded.
    @cached_property
    def id(self) -> str:
        return self._id

    @cached_property
    def path(self) -> str:
        return self._path


class Range(Model):
    """A number, or a range with `min` and/or `max`; a plain number means min = max."""

    min: Count | None = None
    max: Count | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, data: Any) -> Any:
        if isinstance(data, str):
            number = _count(data)
            return {"min": str(number), "max": str(number)}
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min is None and self.max is None:
            raise _fail("expected a number or {min, max}, got neither")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise _fail(
                f"expected min <= max, got min {self.min} and max {self.max}",
                "min is the lowest figure reported, max the highest",
            )
        return self

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler) -> dict:
        # Authors may write a plain number for min = max.
        as_range = {**handler(core_schema), "minProperties": 1}
        return {"anyOf": [{"type": "integer", "minimum": 0}, as_range]}

    def __str__(self) -> str:
        if self.min == self.max:
            return f"{self.min:,}"
        if self.max is None:
            return f"at least {self.min:,}"
        if self.min is None:
            return f"up to {self.max:,}"
        return f"{self.min:,}-{self.max:,}"


# --- translations ---------------------------------------------------------------------


def _site_language(value: Any, info: ValidationInfo) -> str:
    """A language the site is translated into: one of SITE_LANGUAGES but the main one."""
    code = _lang(value)
    languages = (info.context or {}).get("languages")
    if not languages or code in languages[1:]:
        return code
    main, others = languages[0], list(languages[1:])
    publish = f"add '{code}' to SITE_LANGUAGES in the settings to publish it"
    if code == main:
        raise _fail(
            f"expected a language the site is translated into, got its main language '{code}'",
            f"the item's own fields are in '{main}': remove this translation",
        )
    if not others:
        raise _fail(f"expected no translation: the site is only in '{main}', got '{code}'", publish)
    raise _fail(
        f"expected one of the site's other languages ({', '.join(others)}), got '{code}'",
        suggest(code, others) or publish,
    )


def _any_site_language(value: Any, info: ValidationInfo) -> str:
    """A language of the site, its main one included."""
    code = _lang(value)
    languages = (info.context or {}).get("languages")
    if not languages or code in languages:
        return code
    raise _fail(
        f"expected one of the site's languages ({', '.join(languages)}), got '{code}'",
        suggest(code, list(languages)) or f"add '{code}' to SITE_LANGUAGES in the settings",
    )


TranslationLang = Annotated[str, BeforeValidator(_site_language)]
SiteLang = Annotated[str, BeforeValidator(_any_site_language)]
FigureName = Annotated[str, BeforeValidator(_id)]


class Text(Model):
    """The fields of a kind that a translation gives, in one language. Each translatable
    kind declares its own (`EventText`...): any other field in a translation is an error."""


class Translatable(Model):
    """A model whose text may be given in the site's other languages: a name through
    `names: {ar: ...}`, the fields of its `Text` model through
    `translations: {ar: {field: text}}`. Models inside it translate their own fields."""

    NAMED: ClassVar[bool] = False  # its `name` is translated by `names`

    @classmethod
    @cache  # per class: asked for each item and each nested model of every page's language
    def text_fields(cls) -> tuple[str, ...]:
        names = ("name",) if cls.NAMED else ()
        field = cls.model_fields.get("translations")
        text = _innermost_model(field.annotation) if field else None
        return names + tuple(text.model_fields) if text else names

    @classmethod
    @cache  # per class: `untranslated` then looks only where a nested model may be
    def nested_fields(cls) -> tuple[str, ...]:
        """Its fields whose declared type may hold a translatable model (or a list of them)."""
        return tuple(
            name
            for name, field in cls.model_fields.items()
            if _may_hold_translatable(field.annotation)
        )

    def translated(self, name: str, lang: str | None) -> Any:
        """The field's text in `lang`, or None when it has not been translated."""
        if name == "name" and self.NAMED:
            return getattr(self, "names", {}).get(lang)
        block = getattr(self, "translations", {}).get(lang)
        return getattr(block, name, None) if block is not None else None

    def untranslated(self, lang: str | None, prefix: str = "") -> list[str]:
        """Fields that have text but no translation into `lang`, nested models included:
        `['title', 'claims[0].statement', 'claims[1].figures.killed']` (with `lang` None:
        every field that has text)."""
        missing = []
        for name in self.text_fields():
            original, found = getattr(self, name, None), self.translated(name, lang)
            if isinstance(original, dict):
                missing += [f"{prefix}{name}.{key}" for key in original if key not in (found or {})]
            elif original and not found:
                missing.append(prefix + name)
        for name in type(self).nested_fields():
            value = getattr(self, name)
            if isinstance(value, Translatable):
                missing += value.untranslated(lang, f"{prefix}{name}.")
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, Translatable):
                        missing += item.untranslated(lang, f"{prefix}{name}[{i}].")
        return missing


class LocationText(Text):
    name: Line | None = None


class ClaimText(Text):
    statement: Markdown | None = None
    figures: dict[FigureName, Line] = Field(default_factory=dict)


class AssessmentText(Text):
    note: Markdown | None = None


class EventText(Text):
    title: Title | None = None
    summary: Markdown | None = None


class ActorText(Text):
    description: Markdown | None = None


class PlaceText(Text):
    admin1: Line | None = None
    admin2: Line | None = None


class UnitForms(Model):
    """A unit in a language whose nouns agree with the number before them (Arabic: 5 أطباء,
    35 طبيبًا, 250,000 شخص): a form per CLDR plural category. A plain text is its `other`
    form, which is also the one shown without a number."""

    zero: Line | None = None
    one: Line | None = None
    two: Line | None = None
    few: Line | None = None
    many: Line | None = None
    other: Line

    def form(self, category: str) -> str:
        return getattr(self, category, None) or self.other

    def __str__(self) -> str:
        return self.other


def _unit_forms(value: Any) -> Any:
    return {"other": value} if isinstance(value, str) else value


class IndicatorText(Text):
    title: Title | None = None
    unit: Annotated[UnitForms, BeforeValidator(_unit_forms)] | None = None
    description: Markdown | None = None


class IndicatorValueText(Text):
    note: Markdown | None = None


class CorrectionText(Text):
    note: Markdown | None = None


class Correction(Translatable):
    """A correction the desk publishes on the item's page: what was wrong and what it says
    now, on the day it was corrected (the newsroom's visible correction)."""

    date: Day
    note: Markdown
    translations: dict[TranslationLang, CorrectionText] = Field(default_factory=dict)


class Location(Translatable):
    name: Line
    lat: Latitude
    lon: Longitude
    # Published only at SENSITIVE_PRECISION (content/sensitive.py): people are there.
    sensitive: Flag = False
    translations: dict[TranslationLang, LocationText] = Field(default_factory=dict)


class ActorRef(Model):
    actor: Id
    role: ActorRole | None = None


def _actor_entry(value: Any) -> Any:
    return {"actor": value} if isinstance(value, str) else value


class Media(Model):
    """An image or video still the desk keeps of a report: a file of the content folder's
    images/ (published with the site) or an address, with its hash, caption and credit.
    A `graphic` one is never shown before the reader asks for it."""

    file: MediaPath | None = None
    url: WebUrl | None = None
    sha256: Sha256
    caption: Line
    credit: Line | None = None
    graphic: Flag = False
    # A kept file's width and height in pixels, read from it on each load (media.py), so
    # that its page reserves its place.
    _size: tuple[int, int] | None = PrivateAttr(default=None)

    @property
    def size(self) -> tuple[int, int] | None:
        return self._size

    @classmethod
    def cross_checks(cls, data: dict[str, Any]) -> Iterator[tuple[str, PydanticCustomError]]:
        if ("file" in data) == ("url" in data):
            got = "both" if "file" in data else "neither"
            yield (
                "file",
                _fail(
                    f"expected a file or a url, got {got}",
                    f"a copy the desk keeps is a file in {MEDIA_FOLDER}/; one it does not "
                    "keep has the address where it was seen",
                ),
            )


class SourceCitation(Model):
    source: Id
    credibility: Credibility
    url: WebUrl | None = None
    title: Line | None = None
    published: Day | None = None
    archive_url: WebUrl | None = None
    captured: Moment | None = None
    sha256: Sha256 | None = None
    media: list[Media] = Field(default_factory=list)

    @classmethod
    def cross_checks(cls, data: dict[str, Any]) -> Iterator[tuple[str, PydanticCustomError]]:
        for name in ("captured", "sha256"):
            if name in data and "archive_url" not in data:
                yield (
                    name,
                    _fail(
                        f"expected an archive_url with '{name}', got none",
                        f"'{name}' is about the archived copy: give its address as archive_url",
                    ),
                )


class Claim(Translatable):
    by: Id
    stance: Stance
    statement: Markdown
    source: Id
    date: When | None = None
    figures: dict[FigureName, Range] = Field(default_factory=dict)
    translations: dict[TranslationLang, ClaimText] = Field(default_factory=dict)

    @classmethod
    def cross_checks(cls, data: dict[str, Any]) -> Iterator[tuple[str, PydanticCustomError]]:
        figures = data.get("figures")
        figures = figures if isinstance(figures, dict) else {}
        translations = data.get("translations")
        for lang, text in translations.items() if isinstance(translations, dict) else ():
            named = text.get("figures") if isinstance(text, dict) else None
            for key in named if isinstance(named, dict) else ():
                if key not in figures:
                    choices = list(figures)
                    yield (
                        "translations",
                        _fail(
                            f"expected the name of one of the claim's figures "
                            f"({', '.join(choices) or 'it has none'}), got '{key}'",
                            suggest(key, choices) or "a translation names the claim's figures",
                            (lang, "figures", key),
                        ),
                    )


class Assessment(Translatable):
    grade: Grade
    note: Markdown | None = None
    translations: dict[TranslationLang, AssessmentText] = Field(default_factory=dict)


class Event(Item, Translatable):
    title: Title
    date: When
    end_date: Day | None = None
    date_precision: DatePrecision = "day"
    type: EventType
    subtype: Id | None = None
    place: Id | None = None
    location: Location | None = None
    geo_precision: GeoPrecision = "exact"
    # Its location published only at SENSITIVE_PRECISION; at a sensitive place, set by the
    # build (content/sensitive.py).
    sensitive: Flag = False
    actors: list[
        Annotated[ActorRef, BeforeValidator(_actor_entry, json_schema_input_type=Id | ActorRef)]
    ] = Field(default_factory=list)
    fatalities: Range | None = None
    summary: Markdown | None = None
    sources: Annotated[list[SourceCitation], Field(min_length=1)]
    claims: list[Claim] = Field(default_factory=list)
    assessment: Assessment | None = None
    tags: list[Id] = Field(default_factory=list)
    related: list[Id] = Field(default_factory=list)
    corrections: list[Correction] = Field(default_factory=list)
    translations: dict[TranslationLang, EventText] = Field(default_factory=dict)

    @classmethod
    def cross_checks(cls, data: dict[str, Any]) -> Iterator[tuple[str, PydanticCustomError]]:
        kind, subtype = data.get("type"), data.get("subtype")
        if (
            isinstance(kind, str)
            and kind in voc.SUBTYPES
            and is_id(subtype)
            and subtype not in voc.SUBTYPES[kind]
        ):
            choices = list(voc.SUBTYPES[kind])
            owner = next((t for t, subs in voc.SUBTYPES.items() if subtype in subs), None)
            hint = f"'{subtype}' belongs to type '{owner}'" if owner else suggest(subtype, choices)
            choices_text = ", ".join(choices)
            yield (
                "subtype",
                _fail(
                    f"expected a sub-event type of '{kind}' ({choices_text}), got '{subtype}'",
                    hint,
                ),
            )
        # A misspelt 'place' is reported once, as an unknown field with its suggestion.
        misspelt = any(suggest(k, ["place", "location"]) for k in data if k not in cls.model_fields)
        if ("place" in data) == ("location" in data) and not misspelt:
            got = "both" if "place" in data else "neither"
            yield (
                "place",
                _fail(
                    f"expected either 'place' (a place id) or 'location' ({{name, lat, lon}}), "
                    f"got {got}",
                    "use a place id when the place has a page of its own",
                ),
            )
        if _parsed(_flag, data.get("sensitive")) is True and isinstance(data.get("place"), str):
            yield (
                "sensitive",
                _fail(
                    f"expected 'sensitive' on the place '{data['place']}' itself, got it on an "
                    "event at that place",
                    "an event at a place is drawn at the place's coordinates, which the "
                    f"place's page publishes: mark places/{data['place']}.yaml "
                    "`sensitive: true`, or give the event its own `location`",
                ),
            )
        start, end = _parsed(_when, data.get("date")), _parsed(_day, data.get("end_date"))
        if start is not None and end is not None and end < day_of(start):
            yield (
                "end_date",
                _fail(
                    f"expected an end date on or after the date {day_of(start)}, got {end}",
                    "end_date is the last day of an event that lasted several days",
                ),
            )

    @cached_property  # read for each event of every list that pages by month
    def day(self) -> dt.date:  # `date` is the field, in this class
        """The calendar day of the event, in the time zone its author wrote."""
        return day_of(self.date)


class Period(Model):
    """A span of days: `from` is the first day, `until` the first day after it."""

    from_: Day | None = Field(None, alias="from")
    until: Day | None = None

    @classmethod
    def cross_checks(cls, data: dict[str, Any]) -> Iterator[tuple[str, PydanticCustomError]]:
        start, until = _parsed(_day, data.get("from")), _parsed(_day, data.get("until"))
        if start is not None and until is not None and until <= start:
            yield (
                "until",
                _fail(
                    f"expected 'until' after 'from' {start}, got {until}",
                    "'until' is the first day the entry no longer applies",
                ),
            )

    def covers(self, day: date) -> bool:
        return (self.from_ is None or self.from_ <= day) and (
            self.until is None or day < self.until
        )


class Alias(Period, Translatable):
    NAMED = True
    name: Line
    names: dict[Lang, Line] = Field(default_factory=dict)


class Membership(Period):
    actor: Id


class Actor(Item, Translatable):
    NAMED = True
    name: Line
    kind: ActorKind
    names: dict[Lang, Line] = Field(default_factory=dict)
    aliases: list[Alias] = Field(default_factory=list)
    member_of: list[Membership] = Field(default_factory=list)
    side: Id | None = None
    description: Markdown | None = None
    translations: dict[TranslationLang, ActorText] = Field(default_factory=dict)

    def name_on(self, day: date) -> str:
        """The name the actor went by on `day`: an alias when one covers it."""
        alias = self.alias_on(day)
        return alias.name if alias else self.name

    def alias_on(self, day: date) -> Alias | None:
        """The alias that covers `day`, if any."""
        return next((alias for alias in self.aliases if alias.covers(day)), None)


class Place(Item, Translatable):
    NAMED = True
    name: Line
    lat: Latitude
    lon: Longitude
    sensitive: Flag = False  # as an event's location's (content/sensitive.py)
    names: dict[Lang, Line] = Field(default_factory=dict)
    kind: PlaceKind | None = None
    country: Country | None = None
    admin1: Line | None = None
    admin2: Line | None = None
    parent: Id | None = None
    translations: dict[TranslationLang, PlaceText] = Field(default_factory=dict)


class Source(Item, Translatable):
    NAMED = True
    name: Line
    kind: SourceKind
    reliability: Reliability
    url: WebUrl | None = None
    language: Lang | None = None
    names: dict[Lang, Line] = Field(default_factory=dict)


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _status(value: Any) -> str:
    """Pelican's `Status`: a draft is refused rather than built (Pelican writes drafts to
    drafts/, where sitrep's pages would link to an analysis nobody may read)."""
    if value in ("published", "hidden"):
        return value
    hint = "sitrep publishes every analysis in content/analyses/: keep a draft out of it "
    hint += "(in a branch, or a folder outside content/) until it is ready"
    if value != "draft":
        hint = suggest(str(value), ["published", "hidden"]) or "leave the line out to publish"
    raise _fail(f"expected 'published' or 'hidden', got {describe(value)}", hint)


class AnalysisMeta(Model):
    """The metadata lines at the top of an analysis (Pelican lower-cases their names)."""

    title: Title
    date: When
    summary: Markdown | None = None
    events: IdList = Field(default_factory=list)
    places: IdList = Field(default_factory=list)
    actors: IdList = Field(default_factory=list)
    slug: Id | None = None
    modified: When | None = None
    tags: Line | None = None
    authors: Line | None = None
    author: Line | None = None
    status: Annotated[str, BeforeValidator(_status)] | None = None
    report: Day | None = None
    lang: SiteLang | None = None
    translation: Annotated[Literal["true", "false"], BeforeValidator(_lower)] | None = None


def _quantity(value: Any) -> int | float:
    if isinstance(value, str) and re.fullmatch(r"(0|[1-9][0-9]{0,11})(\.[0-9]{1,6})?", value):
        number = float(value)
        return int(number) if number.is_integer() and "." not in value else number
    hint = "write the number without thousands separators" if "," in str(value) else ""
    if isinstance(value, str) and value.startswith("0") and value[1:2].isdigit():
        hint = "write the number without leading zeros"
    raise _fail(f"expected a number of 0 or more like 250000 or 12.5, got {describe(value)}", hint)


Quantity = Annotated[int | float, BeforeValidator(_quantity)]


class IndicatorValue(Translatable):
    """One dated figure of an indicator: `value`, or a range `min` and/or `max`."""

    date: Day
    value: Quantity | None = None
    min: Quantity | None = None
    max: Quantity | None = None
    source: SourceCitation
    note: Markdown | None = None
    translations: dict[TranslationLang, IndicatorValueText] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_figure(self) -> IndicatorValue:
        ranged = self.min is not None or self.max is not None
        if self.value is not None and ranged:
            raise _fail(
                "expected either 'value' or 'min'/'max', got both",
                "a range replaces the single value: keep one of them",
                "value",
            )
        if self.value is None and not ranged:
            raise _fail(
                "expected 'value', or 'min' and/or 'max', got none of them",
                "write 'value: 35', or 'min: 100' for 'more than 100'",
            )
        if self.min is not None and self.max is not None and self.min > self.max:
            raise _fail(
                f"expected min <= max, got min {self.min} and max {self.max}",
                "are min and max swapped?",
                "max",
            )
        return self


class Indicator(Item, Translatable):
    """A humanitarian figure followed over time (people besieged, doctors remaining...)."""

    title: Title
    unit: Line
    place: Id | None = None
    description: Markdown | None = None
    values: Annotated[list[IndicatorValue], Field(min_length=1)]
    corrections: list[Correction] = Field(default_factory=list)
    translations: dict[TranslationLang, IndicatorText] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Indicator:
        for i in range(1, len(self.values)):
            before, day = self.values[i - 1].date, self.values[i].date
            if day == before:
                raise _fail(
                    f"duplicate date {day}: values[{i - 1}] has the same date",
                    "one value per date: correct the date or keep one of the two values",
                    ("values", i, "date"),
                )
            if day < before:
                raise _fail(
                    f"expected dates in ascending order, got {day} after {before}",
                    "list the values from the oldest to the newest",
                    ("values", i, "date"),
                )
        return self


# --- areas: control, sieges, front lines and corridors, with GeoJSON geometry -------------

GEOMETRY_TYPES = ("Polygon", "MultiPolygon", "LineString")
_JSON_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def _position(value: Any) -> tuple[float, float]:
    """A GeoJSON position: [longitude, latitude], in that order (RFC 7946)."""
    order = "GeoJSON puts longitude first, then latitude: [37.175, 36.2]"
    if not isinstance(value, list) or len(value) not in (2, 3):
        raise _fail(f"expected a position [longitude, latitude], got {describe(value)}", order)
    numbers = []
    for part in value[:2]:
        if not isinstance(part, str) or not _JSON_NUMBER.fullmatch(part):
            raise _fail(f"expected a position of two numbers, got {describe(part)}", order)
        numbers.append(float(part))
    lon, lat = numbers
    if not -180 <= lon <= 180:
        raise _fail(f"expected a longitude between -180 and 180 first, got {_num(lon)}", order)
    if not -90 <= lat <= 90:
        raise _fail(
            f"expected a latitude between -90 and 90 second, got {_num(lat)}",
            "are longitude and latitude swapped? " + order,
        )
    return (lon, lat)


def _num(number: float) -> str:
    return f"{number:g}"


def _closed_ring(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    if len(ring) < 4:
        raise _fail(
            f"expected a ring of at least 4 positions, got {len(ring)}",
            "a ring is closed: its last position repeats the first, so a triangle takes 4",
        )
    if ring[0] != ring[-1]:
        first, last = (f"[{_num(a)}, {_num(b)}]" for a, b in (ring[0], ring[-1]))
        raise _fail(
            f"expected a closed ring ending where it starts, {first}, got {last}",
            f"add {first} as the last position",
        )
    return ring


def _line(line: list[tuple[float, float]]) -> list[tuple[float, float]]:
    if len(line) < 2:
        raise _fail(f"expected a line of at least 2 positions, got {len(line)}")
    return line


def _some(items: list) -> list:
    if not items:
        raise _fail("expected at least one ring, got none")
    return items


Position = Annotated[tuple[float, float], BeforeValidator(_position)]
Ring = Annotated[list[Position], AfterValidator(_closed_ring)]
Polygon = Annotated[list[Ring], AfterValidator(_some)]


class _Geometry(Model):
    bbox: list[Any] | None = None  # allowed by RFC 7946, recomputed by whoever needs it


class PolygonGeometry(_Geometry):
    type: Literal["Polygon"]
    coordinates: Polygon


class MultiPolygonGeometry(_Geometry):
    type: Literal["MultiPolygon"]
    coordinates: Annotated[list[Polygon], AfterValidator(_some)]


class LineStringGeometry(_Geometry):
    type: Literal["LineString"]
    coordinates: Annotated[list[Position], AfterValidator(_line)]


def _geometry_tag(value: Any) -> str | None:
    # Tags carry brackets so that error locations drop them (see `_clean_loc`).
    if isinstance(value, dict):
        return f"[{value.get('type')}]"
    return f"[{getattr(value, 'type', None)}]"


def _geometry_type(value: Any) -> Any:
    if not isinstance(value, dict):
        raise _fail(
            f"expected a GeoJSON geometry (type and coordinates) or the name of a .geojson "
            f"file next to this one, got {describe(value)}"
        )
    if value.get("type") not in GEOMETRY_TYPES:
        got = describe(value.get("type"))
        hint = suggest(str(value.get("type")), list(GEOMETRY_TYPES)) or (
            "points are for events and places; an area is a polygon or a line"
        )
        expected = ", ".join(GEOMETRY_TYPES)
        raise _fail(f"expected a geometry type {expected}, got {got}", hint, "type")
    return value


Geometry = Annotated[
    Annotated[PolygonGeometry, Tag("[Polygon]")]
    | Annotated[MultiPolygonGeometry, Tag("[MultiPolygon]")]
    | Annotated[LineStringGeometry, Tag("[LineString]")],
    Discriminator(_geometry_tag),
    # Editors are told that a geometry may also be the name of a sibling .geojson file.
    BeforeValidator(
        _geometry_type,
        json_schema_input_type=Annotated[str, Field(pattern=r"\.geojson$")]
        | PolygonGeometry
        | MultiPolygonGeometry
        | LineStringGeometry,
    ),
]


class AreaText(Text):
    name: Line | None = None
    description: Markdown | None = None


class Area(Item, Translatable):
    """Ground held, besieged, fought over or passable during a span of days."""

    name: Line
    kind: AreaKind
    held_by: Id
    status: AreaStatus
    valid_from: Day
    valid_until: Day | None = None
    geometry: Geometry
    description: Markdown | None = None
    translations: dict[TranslationLang, AreaText] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ordered(self) -> Area:
        if self.valid_until is not None and self.valid_until <= self.valid_from:
            raise _fail(
                f"expected 'valid_until' after 'valid_from' {self.valid_from}, "
                f"got {self.valid_until}",
                "valid_until is the first day the area no longer holds",
                "valid_until",
            )
        return self

    def in_force(self, day: date) -> bool:
        """Whether the area holds on `day` (valid_until is the first day it no longer does)."""
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


class GeometryFile(Model):
    """A sibling .geojson file, seen through its geometry (see `areas.attach_geometry_file`)."""

    geometry: Geometry


KINDS: dict[str, type[Item]] = {
    "events": Event,
    "actors": Actor,
    "places": Place,
    "sources": Source,
    "indicators": Indicator,
    "areas": Area,
}


def singular(kind: str) -> str:
    """'events' -> 'event', 'indicators' -> 'indicator'."""
    return kind[:-1] if kind.endswith("s") else kind


# --- turning pydantic's errors into messages for authors -------------------------------


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that holds the field at the end of `loc` (for typo suggestions)."""
    current: Any = model
    keyed = False  # the next part is a key of a mapping (a language code), not a field
    for part in loc:
        if keyed or isinstance(part, int):
            keyed = False
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        field = next((f for n, f in current.model_fields.items() if part in (n, f.alias)), None)
        if field is None:
            return None
        keyed = get_origin(field.annotation) is dict
        current = _innermost_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _innermost_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation) if get_origin(annotation) else ():
        found = _innermost_model(arg)
        if found is not None:
            return found
    return None


def _may_hold_translatable(annotation: Any) -> bool:
    if annotation is Any:
        return True
    if isinstance(annotation, type) and issubclass(annotation, Translatable):
        return True
    return any(_may_hold_translatable(arg) for arg in get_args(annotation))


def field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


def suggest(word: str, choices: list[str], cutoff: float = 0.6) -> str:
    """'did you mean ...?' for the closest choice, ignoring case; '' when none is close.
    Ids of dated events share long prefixes: compare them with a higher `cutoff`."""
    by_lower = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(str(word).lower(), list(by_lower), n=1, cutoff=cutoff)
    return f"did you mean '{by_lower[close[0]]}'?" if close else ""


_VALIDATOR_NAME = re.compile(r"(?:[a-z][a-z-]*)?\[.*\]")


def _clean_loc(loc: tuple) -> tuple:
    # pydantic adds validator names (e.g. "function-before[...]") for Annotated validators,
    # and geometry tags ("[Polygon]"); an author's key such as "n[[x]]ame" stays.
    return tuple(p for p in loc if isinstance(p, int) or not _VALIDATOR_NAME.fullmatch(str(p)))


def _field_loc(err: ErrorDetails) -> tuple:
    """Where an error is, in the data; an unknown or missing key always ends it."""
    loc = _clean_loc(err["loc"])
    last = err["loc"][-1] if err["loc"] else None
    if err["type"] in ("extra_forbidden", "missing") and last is not None and loc[-1:] != (last,):
        loc = (*loc, last)
    return loc


def _typos(errors: list[ErrorDetails], model: type[BaseModel]) -> dict[tuple, str]:
    """Unknown fields that look like a misspelt missing field: {loc of the missing: typo}."""
    missing = {_field_loc(e) for e in errors if e["type"] == "missing"}
    typos = {}
    for err in errors:
        loc = _field_loc(err)
        if err["type"] == "extra_forbidden" and (parent := _model_at(model, loc[:-1])):
            close = difflib.get_close_matches(str(loc[-1]), field_names(parent), n=1, cutoff=0.6)
            if close and (*loc[:-1], close[0]) in missing:
                typos[(*loc[:-1], close[0])] = str(loc[-1])
    return typos


def errors_from(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[ContentError]:
    """One `ContentError` per pydantic error, placed at the value's line in the file."""
    found = []
    errors = exc.errors(include_url=False)
    typos = _typos(errors, model)
    for err in errors:
        loc = _field_loc(err)
        ctx = err.get("ctx") or {}
        kind, value = err["type"], err.get("input")
        hint = ctx.get("hint", "")
        if ctx.get("field"):
            extra = ctx["field"]
            loc = (*loc, *(extra if isinstance(extra, tuple) else (extra,)))
        at_key = kind in ("extra_forbidden", "missing") or err["loc"][-1:] == ("[key]",)
        line, col = doc.mark(loc, key=at_key)
        if kind == "missing":
            if loc in typos:  # reported once, as the misspelt field
                continue
            message = "required field is missing or empty"
            hint = f"add '{loc[-1]}: ...'"
            line, col = doc.mark(loc[:-1])
        elif kind == "extra_forbidden":
            message = "unknown field"
            parent = _model_at(model, loc[:-1])
            names = field_names(parent) if parent else []
            hint = suggest(loc[-1], names) or (f"allowed: {', '.join(names)}" if names else "")
            if loc[-1] == "sensitive":
                message = "expected 'sensitive' only on a place, an event or an event's location"
                hint = SENSITIVE_HINT
            if parent is not None and issubclass(parent, Text):
                message = "unknown field, or one that is not translated"
                hint = suggest(loc[-1], names) or f"a translation gives {', '.join(names)}"
            for missing, typo in typos.items():
                if typo == loc[-1] and missing[:-1] == loc[:-1]:
                    hint += f" '{missing[-1]}' is required and missing"
        elif kind == "literal_error":
            expected = ctx.get("expected", "")
            message = f"expected one of {expected}, got {describe(value)}"
            choices = re.findall(r"'([^']*)'", expected)
            hint = suggest(value, choices)
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            message = f"expected a mapping of fields, got {describe(value)}"
            inner = _model_at(model, loc)
            if inner is not None:
                needed = [f.alias or n for n, f in inner.model_fields.items() if f.is_required()]
                hint = f"give its fields on the lines below, indented: {', '.join(needed)}"
            else:
                hint = "write one 'key: value' per line below, indented"
        elif kind == "list_type":
            message = f"expected a list, got {describe(value)}"
            hint = "write one '- item' per line, or [a, b]"
        elif kind == "too_short":
            message = "expected at least one item, got none"
            hint = {
                ("sources",): "every event cites at least one source",
                ("values",): "an indicator needs at least one dated value",
            }.get(loc[-1:], "")
        elif kind == "string_type":
            message = f"expected text, got {describe(value)}"
        else:
            message = err["msg"]
        found.append(ContentError(doc.path, line, col, label(loc), message, hint))
    return found


def validate_item(
    model: type[Item], doc: Document, item_id: str, languages: tuple[str, ...] = ()
) -> tuple[Item | None, list]:
    """Validate one file's data against its kind's model; `languages` are the site's (main
    first), which translations must use (any language when empty)."""
    try:
        item = model.model_validate(doc.data, context={"languages": languages})
    except ValidationError as exc:
        errors = errors_from(exc, doc, model)
        return None, [_id_field(e, doc, item_id) if e.field == "id" else e for e in errors]
    item._id, item._path = item_id, doc.path
    return item, []


def _id_field(error: ContentError, doc: Document, item_id: str) -> ContentError:
    """An `id:` line: authors coming from other tools expect it; the file name is the id."""
    written = doc.data.get("id")
    hint = f"an item's id is its file name: this file's id is '{item_id}'; remove 'id:'"
    if is_id(written) and written != item_id:
        hint += f", or rename the file to {written}.yaml"
    return ContentError(error.path, error.line, error.col, "id", error.message, hint)
