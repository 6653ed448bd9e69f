"""Content as plain data: the one shape behind the JSON, GeoJSON and CSV exports, the feeds
and the JSON-LD, so that every format says the same thing about an event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache, lru_cache
from typing import Any

from markupsafe import Markup

from ..content import vocabulary as voc
from ..content.model import Site
from ..content.schema import Event, Item, Place, day_of, singular
from ..urls import item_path
from .markup import markdown


@dataclass(frozen=True)
class Where:
    """Where an event happened, with the administrative names of its place or its parents."""

    place: Place | None
    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    admin2: str | None


def where(site: Site, event: Event) -> Where:
    if event.place is None:
        loc = event.location
        assert loc is not None  # the schema requires a place or a location
        return Where(None, loc.name, loc.lat, loc.lon, None, None, None)
    chain = site.place_chain(event.place)
    place = chain[0]

    def first(attr: str) -> str | None:
        return next((getattr(p, attr) for p in chain if getattr(p, attr)), None)

    return Where(
        place, place.name, place.lat, place.lon, first("country"), first("admin1"), first("admin2")
    )


@dataclass(frozen=True)
class Country:
    alpha3: str
    name: str
    numeric: int | None


@cache
def country(alpha3: str | None) -> Country | None:
    """A country's common name and ISO 3166 numeric code (ACLED's `country` and `iso`)."""
    if not alpha3:
        return None
    import pycountry  # imported late: its database takes a moment to load

    found = pycountry.countries.get(alpha_3=alpha3)
    if found is None:
        return Country(alpha3, alpha3, None)
    name = getattr(found, "common_name", None) or found.name
    return Country(alpha3, name, int(found.numeric))


# An event's summary is told again by its page's JSON-LD in every language, by each feed
# that lists it and by the CSV export: strip it once per process.
@lru_cache(maxsize=65536)
def plain_text(text: str | None) -> str:
    """Markdown as one paragraph of plain text (for CSV notes and feed summaries)."""
    return Markup(str(markdown(text))).striptags() if text else ""


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def moment(value: date | datetime) -> datetime:
    """A date as a timezone-aware moment (midnight UTC), as Atom and sorting need."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(0), tzinfo=UTC)


def last_change(event: Event) -> datetime:
    """The latest date the event's file speaks of: the event, its claims, its reports."""
    dates: list[date | datetime] = [event.date]
    if event.end_date:
        dates.append(event.end_date)
    dates += [c.date for c in event.claims if c.date is not None]
    dates += [s.published for s in event.sources if s.published is not None]
    return max(moment(d) for d in dates)


def _range(value) -> dict[str, int | None] | None:
    return None if value is None else {"min": value.min, "max": value.max}


def event_record(
    site: Site, event: Event, base: str, modified: datetime | None = None
) -> dict[str, Any]:
    """Everything the desk records about one event, with names and labels resolved;
    `modified`: when a commit last changed its file (None outside git)."""
    at = where(site, event)
    nation = country(at.country)
    return {
        "id": event.id,
        "url": f"{base}/{item_path('events', event.id)}",
        "title": event.title,
        "date": iso(event.date),
        "end_date": iso(event.end_date),
        "date_precision": event.date_precision,
        "type": event.type,
        "event_type": voc.EVENT_TYPES[event.type],
        "subtype": event.subtype,
        "sub_event_type": voc.SUBTYPES[event.type][event.subtype] if event.subtype else None,
        "place": event.place,
        "location": at.name,
        "latitude": at.lat,
        "longitude": at.lon,
        "geo_precision": event.geo_precision,
        "sensitive": event.sensitive,
        "country": nation.name if nation else None,
        "iso3": at.country,
        "admin1": at.admin1,
        "admin2": at.admin2,
        "actors": [
            {
                "id": ref.actor,
                "name": site.actors[ref.actor].name,
                "name_on_date": site.actors[ref.actor].name_on(event.day),
                "kind": site.actors[ref.actor].kind,
                "role": ref.role,
            }
            for ref in event.actors
        ],
        "fatalities": _range(event.fatalities),
        "summary": event.summary,
        "grade": event.assessment.grade if event.assessment else None,
        "assessment_note": event.assessment.note if event.assessment else None,
        "sources": [
            {
                "id": cite.source,
                "name": site.sources[cite.source].name,
                "kind": site.sources[cite.source].kind,
                "reliability": site.sources[cite.source].reliability,
                "credibility": cite.credibility,
                "admiralty": f"{site.sources[cite.source].reliability}{cite.credibility}",
                "url": cite.url,
                "title": cite.title,
                "published": iso(cite.published),
                "archive_url": cite.archive_url,
                "captured": iso(cite.captured),
                "sha256": cite.sha256,
                "media": [media.model_dump(mode="json", exclude_none=True) for media in cite.media],
            }
            for cite in event.sources
        ],
        "claims": [
            {
                "by": claim.by,
                "by_name": site.claimant_label(
                    claim.by, day_of(claim.date) if claim.date else event.day
                ),
                "stance": claim.stance,
                "statement": claim.statement,
                "source": claim.source,
                "date": iso(claim.date),
                "figures": {name: _range(value) for name, value in claim.figures.items()},
            }
            for claim in event.claims
        ],
        "tags": list(event.tags),
        "related": list(event.related),
        "last_modified": iso(modified),
    }


def item_record(site: Site, kind: str, item: Item, base: str) -> dict[str, Any]:
    """Any other content item as written (field names as in YAML), with its id, its page
    and the ids of its events when the site indexes them (actors, places, sources)."""
    record: dict[str, Any] = {"id": item.id, "page": f"{base}/{item_path(kind, item.id)}"}
    record.update(item.model_dump(mode="json", by_alias=True, exclude_none=True))
    events = getattr(site, f"by_{singular(kind)}", None)
    if isinstance(events, dict):
        record["events"] = [event.id for event in events.get(item.id, [])]
    return record


# What each field of an event record means: documented on /data/ and checked by the tests
# against `event_record`, so the two cannot drift apart.
EVENT_FIELDS: dict[str, str] = {
    "id": "The event's id: its file name, stable across builds",
    "url": "Its page on this site",
    "title": "One line",
    "date": "ISO date, or date-time with the UTC offset the desk wrote",
    "end_date": "Last day, for events over several days, or null",
    "date_precision": "day, week or month: how precisely the date is known",
    "type": "ACLED event type, as a slug (battles)",
    "event_type": "The same in ACLED's wording (Battles)",
    "subtype": "ACLED sub-event type, as a slug, or null",
    "sub_event_type": "The same in ACLED's wording, or null",
    "place": "Id of the place, or null when the event gives its own location",
    "location": "Name of the place",
    "latitude": "WGS84 latitude, decimal degrees",
    "longitude": "WGS84 longitude, decimal degrees",
    "geo_precision": "exact, near or region",
    "sensitive": "true when latitude and longitude are generalised to the site's grid "
    "(SENSITIVE_PRECISION degrees) to protect people there",
    "country": "Country name, from the place or its parents, or null",
    "iso3": "ISO 3166-1 alpha-3 code of the country, or null",
    "admin1": "First administrative level, or null",
    "admin2": "Second administrative level, or null",
    "actors": "Each {id, name, name_on_date, kind, role}: name_on_date is the name the actor "
    "went by that day; kind is the ACLED actor type; role is initiator, target, associate "
    "or null",
    "fatalities": "The desk's conservative figure as {min, max} (either may be null), or null",
    "summary": "The desk's summary, Markdown",
    "grade": "The desk's assessment: confirmed, fair, weak, contested, discounted, or null",
    "assessment_note": "Why the desk grades it so, Markdown, or null",
    "sources": "Each {id, name, kind, reliability, credibility, admiralty, url, title, "
    "published, archive_url, captured, sha256, media}: admiralty is the grade such as B2; "
    "captured is when the archived copy was made (date-time with offset), sha256 its hash; "
    "media each {file or url, sha256, caption, credit, graphic}",
    "claims": "Each {by, by_name, stance, statement, source, date, figures}: stance is "
    "asserts, confirms, disputes or denies; figures map a slug to {min, max}",
    "tags": "Slugs",
    "related": "Ids of related events",
    "last_modified": "When a commit last changed the event's file (date-time with offset, "
    "from the content's git history; null outside git): see /data/changes.json",
}
