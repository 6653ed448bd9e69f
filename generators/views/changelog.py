"""The events' changes for data consumers: `/data/changes.json` and its Atom feed.

Every addition, update and withdrawal of an event, from the content's git history (see
history.py), under the event's stable id, newest first: a consumer who last synced on day D
reads the entries down to D. A withdrawn event stays listed as withdrawn (ACLED publishes
its deletions for the same reason), so that a copy can drop it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from markupsafe import escape

from ..content.model import Site
from ..urls import item_path
from .atom import BasedAtomFeed, atom_id
from .history import Change, History

# What consumers are told happened, by history's status.
VERBS = {"added": "added", "changed": "updated", "deleted": "withdrawn"}
# history.py names two fields for readers; consumers get the content's own names.
FIELD_NAMES = {"grade": "assessment.grade", "assessment note": "assessment.note"}
FEED_LIMIT = 100


def _entry(site: Site, change: Change, base: str) -> dict[str, Any]:
    event = site.events.get(change.item_id)
    # A withdrawn event by the title it had when withdrawn.
    title = change.last_title.get("") if change.status == "deleted" else None
    entry: dict[str, Any] = {
        "id": change.item_id,
        "title": title or (event.title if event is not None else change.item_id),
        "change": VERBS[change.status],
        "date": change.when.isoformat(),
        "commit": change.commit,
        "fields": list(dict.fromkeys(FIELD_NAMES.get(f.field, f.field) for f in change.fields)),
        "summary": change.summary() if change.status == "changed" else VERBS[change.status],
    }
    if change.status != "deleted":
        entry["url"] = f"{base}/{item_path('events', change.item_id)}"
    note, _ = change.note()
    if note:
        entry["note"] = note
    return entry


def event_changes(site: Site, history: History | None, base: str, about: dict) -> dict:
    """The document of /data/changes.json."""
    changes = [c for c in history.changes if c.kind == "events"] if history is not None else []
    last: dict[str, Change] = {}
    for change in changes:  # newest first: the first seen is an event's latest
        last.setdefault(change.item_id, change)
    withdrawn = sorted(
        item
        for item, change in last.items()
        if change.status == "deleted" and item not in site.events
    )
    return {
        **about,
        "from_git_history": history is not None,
        "withdrawn": withdrawn,
        "changes": [_entry(site, change, base) for change in changes],
    }


def changes_feed(document: dict, settings: dict, base: str) -> str | None:
    """The latest entries of `document` as Atom (None without any: an empty feed would need
    the clock for its date). Entry ids come from the commit and the event, so are stable."""
    entries = document["changes"][:FEED_LIMIT]
    if not entries:
        return None
    name = settings["SITENAME"]
    feed = BasedAtomFeed(
        title=f"{name}: changes to the events data",
        link=f"{base}/data/changes.json",
        description=f"Every addition, update and withdrawal of an event of {name}, from git.",
        language=settings.get("DEFAULT_LANG", "en"),
        author_name=settings.get("AUTHOR") or name,
        feed_url=f"{base}/data/changes.xml",
        feed_guid=atom_id(base, "data/changes.xml", name),
        base=base,
    )
    for entry in entries:
        title = entry["title"]
        fields = ", ".join(entry["fields"])
        summary = entry["summary"] + (f" (fields: {fields})" if fields else "")
        if entry.get("note"):
            summary += f". Desk's note: {entry['note']}"
        key = f"{entry['commit']}/events/{entry['id']}"
        when = datetime.fromisoformat(entry["date"])
        feed.add_item(
            title=f"Event {entry['change']}: {title} ({entry['id']})",
            link=entry.get("url") or f"{base}/data/changes.json",
            description=str(escape(summary)),
            unique_id=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}",
            pubdate=when,
            updateddate=when,
            categories=[entry["change"]],
        )
    return feed.writeString("utf-8")
