"""`sitrep new`: write a valid, commented content file from command-line arguments."""

from __future__ import annotations

import re
from pathlib import Path

from ..content import vocabulary as voc
from ..content.jsonschemas import SCHEMA_FOLDER, modeline, write_schemas
from ..content.schema import ID_MAX, KINDS, id_like, is_id, validate_item
from ..content.yamlsource import load_yaml
from ..errors import ContentError, ContentInvalid

SCHEMA_COMMENT = "# One {kind} of the sitrep format; see docs/content-format.md in sitrep.\n"


def _quote(value: str) -> str:
    """A YAML double-quoted scalar: safe for any text an author passes."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def event_text(args) -> str:
    subtypes = ", ".join(voc.SUBTYPES.get(args.type, {})) or "see README"
    lines = [
        SCHEMA_COMMENT.format(kind="event"),
        f"title: {_quote(args.title)}",
        "# ISO date, or date-time with offset (2016-08-06T21:00:00+03:00)",
        f"date: {args.date}",
        "# day, week or month: how precisely the date is known",
        "date_precision: day",
        f"# ACLED event type: {', '.join(voc.EVENT_TYPES)}",
        f"type: {args.type}",
    ]
    if args.subtype:
        lines += [f"# sub-event type of {args.type}: {subtypes}", f"subtype: {args.subtype}"]
    else:
        lines += [f"# subtype: one of {subtypes}"]
    lines += [
        "# a place id from content/places/",
        f"place: {args.place}",
        "# exact, near or region",
        f"geo_precision: {args.geo_precision}",
    ]
    if args.actor:
        lines += ["actors:"]
        for given in args.actor:
            actor, _, role = given.partition(":")
            lines += [f"  - actor: {_quote(actor)}"]
            if role:
                lines += [f"    role: {_quote(role)}      # initiator, target or associate"]
    else:
        lines += [
            "# actors:",
            "#   - actor: syrian-arab-army",
            "#     role: initiator      # initiator, target or associate",
        ]
    lines += ["# fatalities: {min: 0, max: 10}   # the desk's conservative figure"]
    if args.summary:
        lines += ["# what happened, in Markdown", f"summary: {_quote(args.summary)}"]
    else:
        lines += ["# summary: |", "#   What happened, in two or three sentences of Markdown."]
    lines += [
        "sources:",
        f"  - source: {args.source}",
        "    # Admiralty credibility of this report: 1 confirmed ... 6 cannot be judged",
        f"    credibility: {args.credibility}",
        "    # url: https://...",
        "    # title: Headline of the report",
        "    # published: 2016-08-06",
        "# claims:",
        f"#   - by: {args.source}",
        "#     stance: asserts       # asserts, denies, confirms or disputes",
        "#     statement: What they say happened.",
        f"#     source: {args.source}",
    ]
    grades = ", ".join(voc.GRADES)
    if args.grade:
        lines += ["assessment:", f"  # {grades}", f"  grade: {args.grade}"]
        lines += ["  # note: Why the desk grades it so."]
    else:
        lines += ["# assessment:", f"#   grade: weak            # {grades}"]
        lines += ["#   note: Why the desk grades it so."]
    lines += ["# tags: [siege]", "# related: [another-event-id]"]
    return "\n".join(lines) + "\n"


def actor_text(args) -> str:
    return (
        SCHEMA_COMMENT.format(kind="actor")
        + f"name: {_quote(args.name)}\n"
        + f"# ACLED actor type: {', '.join(voc.ACTOR_KINDS)}\n"
        + f"kind: {args.kind}\n"
        + "# names: {ar: ...}\n"
        + "# aliases:\n#   - name: Former name\n#     until: 2016-07-28\n"
        + "# member_of:\n#   - actor: coalition-id\n"
        + "# side: government\n"
        + "# description: One paragraph of Markdown.\n"
    )


def place_text(args) -> str:
    return (
        SCHEMA_COMMENT.format(kind="place")
        + f"name: {_quote(args.name)}\n"
        + "# WGS84 decimal degrees: latitude first\n"
        + f"lat: {args.lat}\nlon: {args.lon}\n"
        + "# kind: district         # city, district, site, road or region\n"
        + "# country: SYR           # ISO 3166 alpha-3\n"
        + "# admin1: Aleppo\n# parent: aleppo\n# names: {ar: ...}\n"
    )


def source_text(args) -> str:
    return (
        SCHEMA_COMMENT.format(kind="source")
        + f"name: {_quote(args.name)}\n"
        + f"# {', '.join(voc.SOURCE_KINDS)}\n"
        + f"kind: {args.kind}\n"
        + "# Admiralty reliability: A completely reliable ... E unreliable, F cannot be judged\n"
        + f"reliability: {args.reliability}\n"
        + "# url: https://...\n# language: en\n"
    )


TEXT = {"event": event_text, "actor": actor_text, "place": place_text, "source": source_text}


def target_path(content: Path, kind: str, item_id: str, args) -> Path:
    folder = content / f"{kind}s"
    if kind == "event" and re.match(r"\d{4}-\d{2}", args.date):
        folder = folder / args.date[:4] / args.date[5:7]
    return folder / f"{item_id}.yaml"


def create(content: Path, kind: str, item_id: str, args) -> Path:
    """Write the new file after checking it; raise ContentInvalid and write nothing if bad."""
    from ..content.loader import load_site

    path = target_path(content, kind, item_id, args)
    shown = path.relative_to(content.parent).as_posix()
    if not is_id(item_id):
        hint = f"did you mean '{id_like(item_id)}'?" if id_like(item_id) else ""
        raise ContentInvalid(
            [ContentError(shown, 1, 1, "", "expected an id of lower-case letters, digits and "
                          f"single hyphens (at most {ID_MAX} characters), got {item_id!r}", hint)]
        )  # fmt: skip
    existing = sorted((content / f"{kind}s").rglob(f"{item_id}.yaml"))
    if existing:
        raise ContentInvalid(
            [ContentError(existing[0].relative_to(content.parent).as_posix(), 1, 1, "",
                          f"expected a new {kind} id, got '{item_id}', which this file has",
                          "choose another id; sitrep new never overwrites a file")]
        )  # fmt: skip
    new_folders = [folder for folder in path.parents if not folder.exists()]  # deepest first
    # The first line names the file's JSON Schema, for editors (see jsonschemas.py).
    text = modeline(f"{kind}s", path, content.parent) + TEXT[kind](args)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        doc, errors = load_yaml(path, shown)
        if not errors:
            errors = validate_item(KINDS[f"{kind}s"], doc, item_id)[1]
        if not errors:
            try:
                load_site(content)  # references: the place and source must exist
            except ContentInvalid as exc:  # errors in other files are not this command's
                errors = [e for e in exc.errors if e.path == shown]
        if errors:
            raise ContentInvalid(errors)
    except BaseException:
        path.unlink(missing_ok=True)
        for folder in new_folders:
            folder.rmdir()
        raise
    write_schemas(content.parent / SCHEMA_FOLDER)  # so that the first line resolves
    return path
