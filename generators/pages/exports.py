"""Data out: every event as GeoJSON, CSV (ACLED columns, HXL hashtags) and JSON, one JSON
file per item of every other kind, and the JSON Schema of every content kind.

The CSV's columns are declared once below (`COLUMNS`): the writer and the /data/ page that
documents them both read this list.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from ..build.fragments import fragments_for
from ..content import vocabulary as voc
from ..content.jsonschemas import schema_files
from ..content.model import Site
from ..content.schema import KINDS, Event
from ..settings import sitrep_settings
from ..urls import absolute_base
from ..views.changelog import changes_feed, event_changes
from ..views.history import history_for
from ..views.records import EVENT_FIELDS, country, event_record, item_record, plain_text
from .base import SitrepGenerator


def event_data(
    site: Site, event: Event, base: str, modified: datetime | None = None
) -> tuple[bytes, bytes, bytes, bytes]:
    """What the three data files write of one event: its CSV line; its JSON record without
    its closing brace; what the GeoJSON Feature writes before and after that record (its
    properties, `event_feature`). The Feature is not kept in full: it repeats the record
    (at 10,000 events the records kept went from 41.8 MB to 25.9 MB)."""
    record = event_record(site, event, base, modified)
    opened = encoded(record)[:-1]
    feature = event_feature(record)
    properties = feature.pop("properties")
    before = encoded({**feature, "properties": {}})[: -len("{}}")]
    added = dict(list(properties.items())[len(record) :])  # after the record's fields
    assert properties == {**record, **added}, "the Feature's properties are not the record's"
    after = b"," + encoded(added)[1:] + b"}"
    return csv_lines([csv_row(record)]), opened, before, after


@dataclass(frozen=True)
class Column:
    name: str
    hxl: str
    meaning: str
    type: str = "string"  # its Table Schema type, as datapackage.json declares it


COLUMNS: list[Column] = [
    Column("event_id_cnty", "#event+id", "The event's id (its file name), stable across builds"),
    Column("event_date", "#date", "Day of the event, ISO 8601 (2016-08-06)", "date"),
    Column("year", "#date+year", "Year of the event", "integer"),
    # Not `#date+precision`: HXL types every `#date` column as a date (libhxl core schema).
    Column(
        "time_precision",
        "#meta+date+precision",
        "1 day known, 2 week known, 3 month known",
        "integer",
    ),
    Column("event_type", "#event+type", "ACLED event type, in ACLED's wording"),
    Column("sub_event_type", "#event+type+sub", "ACLED sub-event type, in ACLED's wording"),
    Column(
        "actor1", "#group+name+first", "The first initiator, else the first actor without a role"
    ),
    Column(
        "assoc_actor_1",
        "#group+name+first+assoc",
        "Other initiators and associates; separated by '; '",
    ),
    Column(
        "inter1",
        "#group+type+code+first",
        "ACLED actor type of actor1: 1 state forces ... 8 external forces",
        "integer",
    ),
    Column("actor2", "#group+name+second", "The first target, else the next actor without a role"),
    Column("assoc_actor_2", "#group+name+second+assoc", "Other targets, '; '-separated"),
    Column("inter2", "#group+type+code+second", "ACLED actor type code of actor2", "integer"),
    Column(
        "interaction",
        "#group+interaction+code",
        "inter1 and inter2, lower first, as ACLED: 12, or 10 alone",
        "integer",
    ),
    Column("country", "#country+name", "Country of the place (or of its parents)"),
    Column(
        "iso", "#country+code+num", "ISO 3166-1 numeric country code, as ACLED (760)", "integer"
    ),
    Column("iso3", "#country+code", "ISO 3166-1 alpha-3 code of the country (SYR)"),
    Column("admin1", "#adm1+name", "First administrative level (governorate)"),
    Column("admin2", "#adm2+name", "Second administrative level (district)"),
    Column("location", "#loc+name", "Name of the place"),
    Column("latitude", "#geo+lat", "WGS84 latitude, decimal degrees", "number"),
    Column("longitude", "#geo+lon", "WGS84 longitude, decimal degrees", "number"),
    Column(
        "geo_precision",
        "#geo+precision",
        "1 exact place, 2 near it, 3 only the region known (or generalised to protect people)",
        "integer",
    ),
    Column("source", "#meta+source", "Names of the sources cited, '; '-separated"),
    Column(
        "source_scale",
        "#meta+source+type",
        "Kinds of the sources cited (sitrep has no geographic scale)",
    ),
    Column("notes", "#description", "The desk's summary, as plain text"),
    Column(
        "fatalities",
        "#affected+killed",
        "The desk's conservative figure (lower bound); empty if none",
        "integer",
    ),
    Column("tags", "#meta+tags", "Tags, '; '-separated"),
    Column(
        "assessment",
        "#status+assessment",
        "The desk's grade: confirmed, fair, weak, contested, discounted",
    ),
    Column("url", "#meta+url", "The event's page"),
    Column(
        "timestamp",
        "#meta+timestamp",
        "When a commit last changed the event's file, in Unix seconds as ACLED's timestamp; "
        "empty outside git",
        "integer",
    ),
]


def acled_actors(actors: list[dict[str, Any]]) -> dict[str, Any]:
    """ACLED's actor columns from the event's actors and their roles."""
    initiators = [a for a in actors if a["role"] == "initiator"]
    targets = [a for a in actors if a["role"] == "target"]
    associates = [a for a in actors if a["role"] == "associate"]
    unroled = [a for a in actors if a["role"] is None]
    first = initiators[:1] or unroled[:1]
    unroled = [a for a in unroled if a not in first]
    second = targets[:1] or unroled[:1]
    unroled = [a for a in unroled if a not in second]
    assoc1 = [a for a in initiators + associates + unroled if a not in first]
    assoc2 = [a for a in targets if a not in second]
    inter1 = voc.ACLED_INTER[first[0]["kind"]] if first else None
    inter2 = voc.ACLED_INTER[second[0]["kind"]] if second else None
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    return {
        "actor1": first[0]["name"] if first else "",
        "assoc_actor_1": "; ".join(a["name"] for a in assoc1),
        "inter1": inter1 if inter1 is not None else "",
        "actor2": second[0]["name"] if second else "",
        "assoc_actor_2": "; ".join(a["name"] for a in assoc2),
        "inter2": inter2 if inter2 is not None else "",
        # ACLED writes 10, 20 ... for an event with one actor.
        "interaction": int("".join(map(str, codes)).ljust(2, "0")) if codes else "",
    }


def csv_row(record: dict[str, Any]) -> list[Any]:
    """One event as a CSV row, in the order of `COLUMNS`, every text cell neutralised
    (`neutralised`): once per event, kept with it, not each time a file lists it."""
    fatalities = record["fatalities"]
    nation = country(record["iso3"])
    values = {
        "event_id_cnty": record["id"],
        "event_date": record["date"][:10],
        "year": record["date"][:4],
        "time_precision": voc.TIME_PRECISION[record["date_precision"]],
        "event_type": record["event_type"],
        "sub_event_type": record["sub_event_type"] or "",
        **acled_actors(record["actors"]),
        "country": record["country"] or "",
        "iso": nation.numeric if nation and nation.numeric is not None else "",
        "iso3": record["iso3"] or "",
        "admin1": record["admin1"] or "",
        "admin2": record["admin2"] or "",
        "location": record["location"],
        "latitude": record["latitude"],
        "longitude": record["longitude"],
        "geo_precision": 3 if record["sensitive"] else voc.GEO_PRECISION[record["geo_precision"]],
        "source": "; ".join(s["name"] for s in record["sources"]),
        "source_scale": "; ".join(
            dict.fromkeys(voc.SOURCE_KINDS[s["kind"]] for s in record["sources"])
        ),
        "notes": plain_text(record["summary"]),
        "fatalities": _conservative(fatalities),
        "tags": "; ".join(record["tags"]),
        "assessment": record["grade"] or "",
        "url": record["url"],
        "timestamp": _unix(record["last_modified"]),
    }
    return [neutralised(values[column.name]) for column in COLUMNS]


def _unix(moment: str | None) -> int | str:
    return int(datetime.fromisoformat(moment).timestamp()) if moment else ""


def _conservative(fatalities: dict | None) -> int | str:
    if fatalities is None:
        return ""
    return fatalities["min"] if fatalities["min"] is not None else 0


# What makes a spreadsheet run a cell as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made text by a leading apostrophe;
    numbers (a negative longitude) are not text and stay as they are."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell


def csv_lines(rows: list[list[Any]]) -> bytes:
    """`rows` as lines of CSV (RFC 4180: quoted where needed, CRLF line ends), UTF-8."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


# The CSV files' first two lines: ACLED's column names, then their HXL hashtags.
CSV_HEAD = csv_lines([[c.name for c in COLUMNS], [c.hxl for c in COLUMNS]])


def events_csv(lines: list[bytes]) -> list[bytes]:
    """The CSV file's parts: its head, then one line per event (`event_data`'s, written once
    per event and kept with it: writing 10,000 rows again took 0.18 s of every rebuild)."""
    return [CSV_HEAD, *lines]


def event_feature(record: dict[str, Any]) -> dict[str, Any]:
    """An RFC 7946 Feature: the event as a Point (longitude, latitude)."""
    properties = {
        **record,
        "actor_names": "; ".join(a["name_on_date"] for a in record["actors"]),
        "source_names": "; ".join(s["name"] for s in record["sources"]),
    }
    return {
        "type": "Feature",
        "id": record["id"],
        "geometry": {"type": "Point", "coordinates": [record["longitude"], record["latitude"]]},
        "properties": properties,
    }


def dumps(data: Any) -> str:
    # Compact: indenting switches json to its pure-Python encoder, ten times slower.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def encoded(data: Any) -> bytes:
    """`dumps(data)` as UTF-8, without its final line end."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def listing(head: dict[str, Any], key: str, items: Sequence[Sequence[bytes]]) -> list[bytes]:
    """The parts of `dumps({**head, key: [...]})` as UTF-8, from its items already `encoded`
    one by one, each as the parts it joins: the whole document never exists as objects,
    text or bytes (at 100,000 events, each was hundreds of MB); the store writes the parts
    (store.py)."""
    parts = [dumps({**head, key: []})[: -len("]}\n")].encode()]
    for item in items:
        parts += (*item, b",")
    if items:
        parts.pop()  # the last comma
    parts.append(b"]}\n")
    return parts


@dataclass(frozen=True)
class DataFile:
    path: str
    format: str
    about: str


def N_(message: str) -> str:
    """Marks a label for the catalogue; the page translates it."""
    return message


# What each kind's files hold, as the /data/ page says it.
EVERY_CSV = N_("Every event, ACLED columns and HXL hashtags")
EVERY_POINT = N_("Every event as a point")
CHANGES = N_("Every addition, update and withdrawal of an event, newest first, from git")
CHANGES_FEED = N_("The latest of those changes as an Atom feed")
EVERY = {
    "events": N_("Every event, in full"),
    "actors": N_("Every actor, in full"),
    "places": N_("Every place, in full"),
    "sources": N_("Every source, in full"),
    "indicators": N_("Every figure, in full"),
    "areas": N_("Every area, in full"),
}
ONE_FILE = {
    "events": N_("One file per event"),
    "actors": N_("One file per actor"),
    "places": N_("One file per place"),
    "sources": N_("One file per source"),
    "indicators": N_("One file per figure"),
    "areas": N_("One file per area"),
}


def coverage(site: Site) -> tuple[date, date] | None:
    """The first and last day of the events on record."""
    events = list(site.events.values())
    return (events[0].day, events[-1].day) if events else None


# The Data Package standard (Frictionless Data, v2) that datapackage.json follows.
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
MEDIA_TYPES = {
    "CSV": "text/csv",
    "GeoJSON": "application/geo+json",
    "JSON": "application/json",
    "Atom": "application/atom+xml",
}


def table_schema() -> dict[str, Any]:
    """events.csv's Table Schema: each column's type and meaning, its HXL hashtag as an
    extra property (the hashtag row itself is a comment row of the dialect)."""
    return {
        "fields": [
            {"name": c.name, "type": c.type, "description": c.meaning, "hxl": c.hxl}
            for c in COLUMNS
        ],
        "primaryKey": ["event_id_cnty"],
        "missingValues": [""],
    }


def package_name(title: str) -> str:
    """A Data Package `name`: lower-case letters, digits, '-', '_' and '.'."""
    return re.sub(r"[^a-z0-9._-]+", "-", title.lower()).strip("-") or "sitrep-data"


def resource(path: str, format_: str, about: str, data: list[bytes]) -> dict[str, Any]:
    """One file of /data/ (the parts of its bytes) as a Data Resource (its `path` relative
    to /data/), with its size and hash so that a consumer can check the copy it fetched."""
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
    sha256 = hashlib.sha256()
    for part in data:
        sha256.update(part)
    described: dict[str, Any] = {
        "name": name,
        "path": path,
        "format": format_.lower(),
        "mediatype": MEDIA_TYPES[format_],
        "encoding": "utf-8",
        "description": about,
        "bytes": sum(map(len, data)),
        "hash": f"sha256:{sha256.hexdigest()}",
    }
    if format_ == "CSV":
        described["type"] = "table"
        described["dialect"] = {"header": True, "headerRows": [1], "commentRows": [2]}
        described["schema"] = table_schema()
    return described


def data_package(
    site: Site, settings: dict, base: str, resources: list[dict[str, Any]]
) -> dict[str, Any]:
    """/data/datapackage.json: every download (its `resource`), the licence the desk gives,
    and the sources the data rests on."""
    title = settings["SITENAME"]
    package: dict[str, Any] = {"$schema": PACKAGE_PROFILE, "name": package_name(title)}
    if base:
        package["id"] = f"{base}/data/datapackage.json"
        package["homepage"] = f"{base}/data/"
    package["title"] = title
    description = sitrep_settings(settings).SITE_DESCRIPTION
    if description:
        package["description"] = description
    licence = sitrep_settings(settings).DATA_LICENSE
    if licence is not None:
        package["licenses"] = [licence.model_dump()]
    sources = []
    for source in site.sources.values():
        cited: dict[str, Any] = {"title": source.name}
        if source.url:
            cited["path"] = source.url
        sources.append(cited)
    if sources:
        package["sources"] = sources
    package["resources"] = resources
    return package


def year_of(event: Event) -> int:
    return event.day.year


class DataGenerator(SitrepGenerator):
    """Writes /data/ (the files and the page that documents them) and /schema/."""

    later = True

    def files(self) -> list[DataFile]:
        files = [
            DataFile("data/datapackage.json", "JSON", N_("What every file holds (Data Package)")),
            DataFile("data/events.csv", "CSV", EVERY_CSV),
            DataFile("data/events.geojson", "GeoJSON", EVERY_POINT),
        ]
        for kind in KINDS:
            files.append(DataFile(f"data/{kind}.json", "JSON", EVERY[kind]))
        files.append(DataFile("data/changes.json", "JSON", CHANGES))
        history = history_for(self.context)
        if history is not None and any(c.kind == "events" for c in history.changes):
            files.append(DataFile("data/changes.xml", "Atom", CHANGES_FEED))
        events = self.site.events
        if len(events) > sitrep_settings(self.settings).DATA_YEAR_FILES_ABOVE:
            for year in sorted({year_of(event) for event in events.values()}):
                for name, format_ in (("csv", "CSV"), ("geojson", "GeoJSON"), ("json", "JSON")):
                    path = f"data/years/{year}/events.{name}"
                    files.append(DataFile(path, format_, N_("The events of one year")))
        return files

    def write(self, path: str, text: str) -> None:
        self.context["sitrep_store"].file(path, text.encode("utf-8"))

    def generate_output(self, writer) -> None:
        # The pages that list events are written (plugin.GENERATORS: those before this one);
        # the pieces they shared go before every event's record is made (at 10,000 events,
        # 28 MB of the build's peak; the data and map pages render their few again).
        fragments_for(self.context).forget()
        site, base = self.site, absolute_base(self.settings)
        about = {"site": self.settings["SITENAME"], "url": f"{base}/"}
        store = self.context["sitrep_store"]
        keys = store.keys
        # What datapackage.json describes, each file's size and hash taken as it is
        # written: the files themselves are not kept (at 100,000 events, hundreds of MB).
        described: list[dict[str, Any]] = []

        def publish(path: str, format_: str, what: str, data: list[bytes]) -> None:
            store.file(f"data/{path}", data)
            described.append(resource(path, format_, what, data))

        # Each event's record, once, kept only as what the three files write of it; kept
        # from the previous build for each event whose file, and what its record read (its
        # place's name, say), did not change.
        history = history_for(self.context)
        lines, records, features, years = [], [], [], []
        for event in site.events.values():
            changes = history.of("events", event.id) if history is not None else []
            modified = changes[0].when if changes else None
            handed = (event, base, modified)
            key = keys.key(event.id, "event-data", handed) if keys is not None else None
            made = partial(event_data, site, event, base, modified)
            line, opened, before, after = store.remembered("event-data", key, made)
            lines.append(line)
            records.append((opened, b"}"))
            features.append((before, opened, after))
            years.append(year_of(event))
        collection = {"type": "FeatureCollection"}
        publish("events.csv", "CSV", EVERY_CSV, events_csv(lines))
        publish("events.geojson", "GeoJSON", EVERY_POINT, listing(collection, "features", features))
        publish("events.json", "JSON", EVERY["events"], listing(about, "events", records))
        if len(years) > sitrep_settings(self.settings).DATA_YEAR_FILES_ABOVE:
            for year in sorted(set(years)):
                at = [i for i, of in enumerate(years) if of == year]
                folder, what = f"years/{year}", f"The events of {year}"
                publish(f"{folder}/events.csv", "CSV", what, events_csv([lines[i] for i in at]))
                points = [features[i] for i in at]
                publish(
                    f"{folder}/events.geojson",
                    "GeoJSON",
                    what,
                    listing(collection, "features", points),
                )
                year_head = {**about, "year": year}
                year_records = [records[i] for i in at]
                publish(
                    f"{folder}/events.json",
                    "JSON",
                    what,
                    listing(year_head, "events", year_records),
                )
        del lines, features, records
        for kind in KINDS:
            if kind == "events":
                continue
            items = [item_record(site, kind, item, base) for item in site.kind(kind).values()]
            publish(f"{kind}.json", "JSON", EVERY[kind], [dumps({**about, kind: items}).encode()])
            for item in items:
                self.write(f"data/{kind}/{item['id']}.json", dumps(item))
        changelog = event_changes(site, history, base, about)
        publish("changes.json", "JSON", CHANGES, [dumps(changelog).encode()])
        feed = changes_feed(changelog, self.settings, base)
        if feed is not None:
            publish("changes.xml", "Atom", CHANGES_FEED, [feed.encode()])
        package = data_package(site, self.settings, base, described)
        self.write(
            "data/datapackage.json", json.dumps(package, ensure_ascii=False, indent=1) + "\n"
        )
        for name, schema in schema_files(base).items():
            self.write(f"schema/{name}", dumps(schema))
        super().generate_output(writer)

    def pages(self):
        return [
            (
                "data/",
                "data",
                {
                    "files": self.files(),
                    "columns": COLUMNS,
                    "event_fields": EVENT_FIELDS,
                    "kinds": list(KINDS),
                    "one_file": ONE_FILE,
                    "schemas": list(schema_files(absolute_base(self.settings))),
                    "dataset": True,
                    "coverage": coverage(self.site),
                    "data_license": sitrep_settings(self.settings).DATA_LICENSE,
                },
            )
        ]
