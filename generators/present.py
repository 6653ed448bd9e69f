"""How dates, grades and names read on the site: small functions used as Jinja filters."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from markupsafe import Markup

from . import vocabulary as voc
from .markup import markdown, markdown_inline, sanitize

if TYPE_CHECKING:
    from jinja2 import Environment

    from .schema import Event


def long_date(day: date) -> str:
    """'Saturday 6 August 2016'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """'6 Aug 2016'."""
    return f"{day.day} {day:%b %Y}"


def event_when(event: Event) -> str:
    """The event's date as precisely as the desk knows it."""
    day = event.day
    if event.date_precision == "month":
        text = f"{day:%B %Y}"
    elif event.date_precision == "week":
        monday = day - timedelta(days=day.weekday())
        text = f"week of {long_date(monday)}"
    else:
        text = long_date(day)
        if isinstance(event.date, datetime):
            offset = f"{event.date:%z}"
            text += f", {event.date:%H:%M} (UTC{offset[:3]}:{offset[3:]})"
    if event.end_date and event.end_date != day:
        text += f" to {long_date(event.end_date)}"
    return text


def approximate(event: Event) -> bool:
    return event.date_precision != "day"


def admiralty(reliability: str, credibility: int) -> str:
    """The Admiralty grade, e.g. 'B2'."""
    return f"{reliability}{credibility}"


def admiralty_meaning(reliability: str, credibility: int) -> str:
    return f"{voc.RELIABILITY[reliability]} source; {voc.CREDIBILITY[credibility].lower()}"


def count(value: int) -> str:
    return f"{value:,}"


def iso(value: date | datetime) -> str:
    return value.isoformat()


FILTERS = {
    "long_date": long_date,
    "short_date": short_date,
    "event_when": event_when,
    "approximate": approximate,
    "admiralty": admiralty,
    "admiralty_meaning": admiralty_meaning,
    "count": count,
    "iso": iso,
    "markdown": markdown,
    "markdown_inline": markdown_inline,
    "sanitize": sanitize,
}

GLOBALS = {
    "EVENT_TYPES": voc.EVENT_TYPES,
    "SUBTYPES": voc.SUBTYPES,
    "ACTOR_KINDS": voc.ACTOR_KINDS,
    "SOURCE_KINDS": voc.SOURCE_KINDS,
    "STANCES": voc.STANCES,
    "GRADES": voc.GRADES,
    "RELIABILITY": voc.RELIABILITY,
    "CREDIBILITY": voc.CREDIBILITY,
}


def install(env: Environment) -> None:
    """Give a Jinja environment sitrep's filters and vocabularies."""
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    env.globals["Markup"] = Markup
