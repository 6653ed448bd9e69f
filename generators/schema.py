"""The sitrep content format, declared once: one pydantic model per content kind.

Validation of single files lives here (types, vocabularies, ranges, field combinations);
`references.py` checks the links between files. Every check speaks to authors: what it
expected, what it got and, where useful, how to fix it. YAML arrives with every scalar as a
string (see `yamlsource`), so the field types below parse text themselves.
"""

from __future__ import annotations

import difflib
import math
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import vocabulary as voc
from .errors import ContentError
from .yamlsource import Document

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX = 80
URL_RE = re.compile(r"https?://[^\s<>\"'`]+\.[^\s<>\"'`]+")


def _fail(message: str, hint: str = "", field: str = "") -> PydanticCustomError:
    return PydanticCustomError("sitrep", message, {"hint": hint, "field": field})


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
            raise _fail(f"expected {what}, got {describe(value)}")
        value = value.strip()
        if not value:
            raise _fail(f"expected {what}, got an empty value")
        if len(value) > max_len:
            raise _fail(
                f"expected at most {max_len:,} characters, got {len(value):,}",
                "shorten it" + ("" if multiline else ", or move detail into the summary"),
            )
        if not multiline and "\n" in value:
            raise _fail(f"expected {what}, got several lines", "join them into one line")
        if any(ord(c) < 32 and c not in "\n\t" for c in value):
            raise _fail(f"expected {what}, got control characters", "remove them")
        return value

    return BeforeValidator(check)


def _id(value: Any) -> str:
    if not isinstance(value, str) or not ID_RE.match(value) or len(value) > ID_MAX:
        raise _fail(
            f"expected an id of lower-case letters, digits and single hyphens "
            f"(at most {ID_MAX} characters), got {describe(value)}",
            "ids look like 'jaish-al-fath'; an item's id is its file name without .yaml",
        )
    return value


def _day(value: Any) -> date:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _fail(f"expected a real calendar day, got {describe(value)}") from None
    raise _fail(f"expected a date like 2016-08-06, got {describe(value)}")


def _when(value: Any) -> date | datetime:
    if isinstance(value, str) and "T" in value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment
        raise _fail(
            f"expected a date-time with its offset like 2016-08-06T21:00:00+03:00, "
            f"got {describe(value)}",
            "add the UTC offset (+03:00 for Syria in summer), or give only the date",
        )
    try:
        return _day(value)
    except PydanticCustomError:
        raise _fail(
            "expected a date like 2016-08-06 or a date-time with offset like "
            f"2016-08-06T14:30:00+03:00, got {describe(value)}"
        ) from None


def _count(value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"0|[1-9][0-9]{0,8}", value):
        return int(value)
    hint = "write the number without leading zeros" if str(value).startswith("0") else ""
    raise _fail(f"expected a whole number of 0 or more, got {describe(value)}", hint)


def _degrees(name: str, limit: int):
    def check(value: Any) -> float:
        number = None
        if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]+)?", value):
            number = float(value)
        if number is None or not math.isfinite(number):
            raise _fail(f"expected a {name} in decimal degrees, got {describe(value)}")
        if not -limit <= number <= limit:
            raise _fail(
                f"expected a {name} between -{limit} and {limit}, got {value}",
                "lat comes first, then lon; are they swapped?" if name == "latitude" else "",
            )
        return number

    return BeforeValidator(check)


def _url(value: Any) -> str:
    if isinstance(value, str) and len(value) <= 2000 and URL_RE.fullmatch(value):
        # Encode the ASCII characters a valid URL may not hold, as browsers do when asked
        # to follow it, so that every href the site writes is valid HTML.
        return re.sub(r"[{}|\\^]|%(?![0-9A-Fa-f]{2})", lambda m: f"%{ord(m[0]):02X}", value)
    raise _fail(f"expected a web address starting with https://, got {describe(value)}")


def _slug_list(value: Any) -> Any:
    # Analyses' metadata gives comma-separated text; YAML gives lists.
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


Id = Annotated[str, BeforeValidator(_id)]
Day = Annotated[date, BeforeValidator(_day)]
When = Annotated[date | datetime, BeforeValidator(_when)]
Count = Annotated[int, BeforeValidator(_count)]
Line = Annotated[str, _text(300)]
Title = Annotated[str, _text(200)]
Markdown = Annotated[str, _text(20_000, multiline=True)]
Latitude = Annotated[float, _degrees("latitude", 90)]
Longitude = Annotated[float, _degrees("longitude", 180)]
WebUrl = Annotated[str, BeforeValidator(_url)]
Lang = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
IdList = Annotated[list[Id], BeforeValidator(_slug_list)]


def _credibility(value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"[1-6]", value):
        return int(value)
    raise _fail(
        f"expected an Admiralty credibility digit from 1 to 6, got {describe(value)}",
        "1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, "
        "6 cannot be judged",
    )


Credibility = Annotated[int, BeforeValidator(_credibility)]


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


class Item(Model):
    """A top-level content item: one file, whose stem is its id."""

    _id: str = PrivateAttr("")
    _path: str = PrivateAttr("")

    @property
    def id(self) -> str:
        return self._id

    @property
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
            raise _fail(f"expected min <= max, got min {self.min} and max {self.max}")
        return self

    def __str__(self) -> str:
        if self.min == self.max:
            return f"{self.min:,}"
        if self.max is None:
            return f"at least {self.min:,}"
        if self.min is None:
            return f"up to {self.max:,}"
        return f"{self.min:,}-{self.max:,}"


class Location(Model):
    name: Line
    lat: Latitude
    lon: Longitude


class ActorRef(Model):
    actor: Id
    role: Literal["initiator", "target", "associate"] | None = None


def _actor_entry(value: Any) -> Any:
    return {"actor": value} if isinstance(value, str) else value


class SourceCitation(Model):
    source: Id
    credibility: Credibility
    url: WebUrl | None = None
    title: Line | None = None
    published: Day | None = None
    archive_url: WebUrl | None = None


class Claim(Model):
    by: Id
    stance: Literal["asserts", "denies", "confirms", "disputes"]
    statement: Markdown
    source: Id
    date: When | None = None
    figures: dict[Annotated[str, BeforeValidator(_id)], Range] = {}


class Assessment(Model):
    grade: Literal["confirmed", "fair", "weak", "contested", "discounted"]
    note: Markdown | None = None


class Event(Item):
    title: Title
    date: When
    end_date: Day | None = None
    date_precision: Literal["day", "week", "month"] = "day"
    type: Literal[
        "battles",
        "explosions-remote-violence",
        "violence-against-civilians",
        "protests",
        "riots",
        "strategic-developments",
    ]
    subtype: Id | None = None
    place: Id | None = None
    location: Location | None = None
    geo_precision: Literal["exact", "near", "region"] = "exact"
    actors: list[Annotated[ActorRef, BeforeValidator(_actor_entry)]] = []
    fatalities: Range | None = None
    summary: Markdown | None = None
    sources: Annotated[list[SourceCitation], Field(min_length=1)]
    claims: list[Claim] = []
    assessment: Assessment | None = None
    tags: list[Id] = []
    related: list[Id] = []

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        if self.subtype and self.subtype not in voc.SUBTYPES[self.type]:
            choices = ", ".join(voc.SUBTYPES[self.type])
            owner = next((t for t, subs in voc.SUBTYPES.items() if self.subtype in subs), None)
            hint = f"'{self.subtype}' belongs to type '{owner}'" if owner else ""
            raise _fail(
                f"expected a sub-event type of '{self.type}' ({choices}), got '{self.subtype}'",
                hint,
                "subtype",
            )
        if (self.place is None) == (self.location is None):
            got = "both" if self.place else "neither"
            raise _fail(
                f"expected either 'place' (a place id) or 'location' ({{name, lat, lon}}), "
                f"got {got}",
                "use a place id when the place has a page of its own",
                "place",
            )
        if self.end_date is not None and self.end_date < self.day:
            raise _fail(
                f"expected an end date on or after the date {self.day}, got {self.end_date}",
                "",
                "end_date",
            )
        return self

    @property
    def day(self) -> date:
        """The calendar day of the event, in the time zone its author wrote."""
        return day_of(self.date)


class Period(Model):
    """A span of days: `from` is the first day, `until` the first day after it."""

    from_: Day | None = Field(None, alias="from")
    until: Day | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.from_ and self.until and self.until <= self.from_:
            raise _fail(
                f"expected 'until' after 'from' {self.from_}, got {self.until}", "", "until"
            )
        return self

    def covers(self, day: date) -> bool:
        return (self.from_ is None or self.from_ <= day) and (
            self.until is None or day < self.until
        )


class Alias(Period):
    name: Line


class Membership(Period):
    actor: Id


class Actor(Item):
    name: Line
    kind: Literal[
        "state-forces",
        "rebel-group",
        "political-militia",
        "identity-militia",
        "rioters",
        "protesters",
        "civilians",
        "external-forces",
    ]
    names: dict[Lang, Line] = {}
    aliases: list[Alias] = []
    member_of: list[Membership] = []
    side: Id | None = None
    description: Markdown | None = None

    def name_on(self, day: date) -> str:
        """The name the actor went by on `day`: an alias when one covers it."""
        for alias in self.aliases:
            if alias.covers(day):
                return alias.name
        return self.name


class Place(Item):
    name: Line
    lat: Latitude
    lon: Longitude
    names: dict[Lang, Line] = {}
    kind: Literal["city", "district", "site", "road", "region"] | None = None
    country: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    admin1: Line | None = None
    admin2: Line | None = None
    parent: Id | None = None


class Source(Item):
    name: Line
    kind: Literal[
        "news-agency",
        "state-media",
        "monitor",
        "ngo",
        "government",
        "belligerent",
        "social-media",
        "other",
    ]
    reliability: Literal["A", "B", "C", "D", "E", "F"]
    url: WebUrl | None = None
    language: Lang | None = None


class AnalysisMeta(Model):
    """The metadata lines at the top of an analysis (Pelican lower-cases their names)."""

    title: Title
    date: When
    summary: Markdown | None = None
    events: IdList = []
    places: IdList = []
    actors: IdList = []
    slug: Id | None = None
    modified: When | None = None
    tags: str | None = None
    authors: str | None = None
    author: str | None = None
    status: Literal["published", "draft", "hidden"] | None = None


KINDS: dict[str, type[Item]] = {
    "events": Event,
    "actors": Actor,
    "places": Place,
    "sources": Source,
}


# --- turning pydantic's errors into messages for authors -------------------------------


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that holds the field at the end of `loc` (for typo suggestions)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            continue
        field = next((f for n, f in current.model_fields.items() if part in (n, f.alias)), None)
        if field is None:
            return None
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


def field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


def suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _field_label(loc: tuple) -> str:
    label = ""
    for part in loc:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else str(part))
    return label


def _clean_loc(loc: tuple) -> tuple:
    # pydantic adds validator names (e.g. "function-before[...]") for Annotated validators.
    return tuple(p for p in loc if isinstance(p, int) or "[" not in str(p))


def errors_from(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[ContentError]:
    """One `ContentError` per pydantic error, placed at the value's line in the file."""
    found = []
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"])
        ctx = err.get("ctx") or {}
        kind, value = err["type"], err.get("input")
        hint = ctx.get("hint", "")
        if ctx.get("field"):
            loc = (*loc, ctx["field"])
        line, col = doc.mark(loc, key=kind in ("extra_forbidden", "missing"))
        if kind == "missing":
            message = "required field is missing or empty"
            hint = f"add '{loc[-1]}: ...'"
            line, col = doc.mark(loc[:-1]) if loc[:-1] else doc.mark(loc, key=True)
            if loc not in doc.key_marks and not loc[:-1]:
                line, col = 1, 1
        elif kind == "extra_forbidden":
            message = "unknown field"
            parent = _model_at(model, loc[:-1])
            names = field_names(parent) if parent else []
            hint = suggest(loc[-1], names) or (f"allowed: {', '.join(names)}" if names else "")
        elif kind == "literal_error":
            expected = ctx.get("expected", "")
            message = f"expected one of {expected}, got {describe(value)}"
            choices = re.findall(r"'([^']*)'", expected)
            hint = suggest(value, choices)
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            message = f"expected a mapping of fields, got {describe(value)}"
        elif kind == "list_type":
            message = f"expected a list, got {describe(value)}"
            hint = "write one '- item' per line, or [a, b]"
        elif kind == "too_short":
            message = "expected at least one item, got none"
            hint = "every event cites at least one source" if loc[-1:] == ("sources",) else ""
        elif kind == "string_type":
            message = f"expected text, got {describe(value)}"
        elif kind == "string_pattern_mismatch":
            message = f"expected text matching {ctx.get('pattern')}, got {describe(value)}"
        else:
            message = err["msg"]
        found.append(ContentError(doc.path, line, col, _field_label(loc), message, hint))
    return found


def validate_item(model: type[Item], doc: Document, item_id: str) -> tuple[Item | None, list]:
    """Validate one file's data against its kind's model."""
    try:
        item = model.model_validate(doc.data)
    except ValidationError as exc:
        return None, errors_from(exc, doc, model)
    item._id, item._path = item_id, doc.path
    return item, []
