"""The record of changes, read from git: when each content file changed and which fields.

A reader of a situation report needs to see corrections: that an event's grade went from
`weak` to `contested`, that a death toll was revised, that a denial was added. The content
folder's git history holds all of it. It is read in two passes, whatever the number of
files: one `git log --raw` over the content folder lists every change with the blob ids of
the file before and after, and one `git cat-file --batch` reads those blobs, which are then
compared field by field. Dates come from the commits, never from the clock, so a build is
the same every time. Without git, or outside a repository, there is simply no history.

A commit's subject and body are the committer's, never published: they may be about code,
tooling or anything else. What readers see is what changed in the content, and a note only
where the desk wrote one for them, as a `Desk-note:` trailer of the commit message (git's
trailer convention, `git interpret-trailers`; `Desk-note-ar:` gives its Arabic text).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..content.schema import KINDS
from ..content.vocabulary import N_
from ..content.yamlsource import parse_yaml
from .present import Listing, Phrase, Term, phrase, say

NO_BLOB = "0" * 40
RECORD = "\x1e"
UNIT = "\x1f"
TRAILER = "\x1d"
# The trailer that publishes a note with a commit's changes; `Desk-note-<lang>` translates it.
NOTE_TRAILER = "desk-note"
# Fields shown as 'old → new'; any other text field is only said to be revised.
SHORT_FIELDS = {
    "title", "date", "end_date", "date_precision", "type", "subtype", "place",
    "geo_precision", "name", "kind", "reliability", "lat", "lon", "unit", "parent",
    "country", "admin1", "admin2", "side", "url", "language", "sensitive",
}  # fmt: skip
Key = tuple[str, str]


@dataclass(frozen=True)
class FieldChange:
    """One field of one item in one commit: 'grade' 'weak → contested'. What changed is
    kept as a `Phrase`, so that pages in every language can say it."""

    field: str
    said: Phrase | Listing

    @property
    def text(self) -> str:
        """In English: 'weak → contested'."""
        return say(self.said)


@dataclass
class Change:
    """What one commit did to one content item."""

    commit: str
    when: datetime
    # The desk's note for readers (its `Desk-note:` trailers) by language code; "" is the
    # content's own language. Empty when the desk wrote none: the commit message is not one.
    notes: dict[str, str]
    kind: str
    item_id: str
    status: str  # added, changed, deleted
    fields: list[FieldChange] = field(default_factory=list)
    # What a withdrawn item was called when it was withdrawn: its title (or name) in the
    # content's language under "", and its translations by language code.
    last_title: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> Key:
        return (self.kind, self.item_id)

    def note(self, language: Any = None) -> tuple[str, bool]:
        """The desk's note in the page's language: (text, whether it is the original text
        shown untranslated); ("", False) when the desk wrote none."""
        code = getattr(language, "code", None)
        if code and not getattr(language, "main", True) and self.notes.get(code):
            return self.notes[code], False
        original = self.notes.get("", "")
        return original, bool(original and code and not getattr(language, "main", True))

    def summary(self) -> str:
        """One line for feeds: 'grade: weak → contested; claims: 1 added (denies, by sana)'."""
        if not self.fields:
            return self.status
        return "; ".join(f"{f.field}: {f.text}" for f in self.fields)


@dataclass
class History:
    """Every change to the content, newest first, and each item's own, newest first."""

    changes: list[Change] = field(default_factory=list)
    by_item: dict[Key, list[Change]] = field(default_factory=dict)

    def of(self, kind: str, item_id: str) -> list[Change]:
        return self.by_item.get((kind, item_id), [])


def history_for(context: dict) -> History | None:
    """The history of this build's content folder, read once and shared by all generators."""
    if "sitrep_history" not in context:
        context["sitrep_history"] = read_history(Path(context["PATH"]))
    return context["sitrep_history"]


def _git(folder: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "-c", "core.quotePath=false", *args],
            input=stdin,
            capture_output=True,
            check=False,
        )
    except OSError:  # git is not installed
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(content: Path) -> History | None:
    """The history of the content folder, or None when it is not in a git repository."""
    prefix = _git(content, "rev-parse", "--show-prefix")
    if prefix is None:
        return None
    log = _git(
        content,
        "log",
        "--reverse",
        "--raw",
        "--no-abbrev",
        "-M",
        "--no-color",
        f"--format={RECORD}%H{UNIT}%cI{UNIT}%(trailers:only,unfold,separator=%x1d)",
        "--",
        ".",
    )
    if log is None:
        return None
    entries = list(_entries(log.decode("utf-8", "replace"), prefix.decode().strip()))
    # Only revisions of YAML items that existed before are compared; an added file is
    # simply 'first published', so its text is not needed.
    # A withdrawn item's last revision is read for the title it had.
    wanted = sorted(
        {b for e in entries if e.yaml and e.old != NO_BLOB for b in (e.old, e.new) if b != NO_BLOB}
        | {e.old for e in entries if e.status == "D" and e.old != NO_BLOB}
    )
    blobs = _read_blobs(content, wanted)
    return _assemble(entries, blobs)


@dataclass
class _Entry:
    commit: str
    when: datetime
    notes: dict[str, str]
    status: str
    old: str
    new: str
    old_key: Key | None
    key: Key | None
    yaml: bool


def _item_key(path: str, prefix: str) -> Key | None:
    """(kind, id) of a content file at `path` (relative to the repository), else None."""
    if not path.startswith(prefix):
        return None
    kind, _, rest = path[len(prefix) :].partition("/")
    name = rest.rpartition("/")[2]
    stem, dot, suffix = name.rpartition(".")
    if not rest or not dot:
        return None
    if (kind in KINDS and suffix == "yaml") or (kind == "analyses" and suffix == "md"):
        return (kind, stem)
    return None


def _entries(log: str, prefix: str):
    """Each change of a content file, oldest commit first."""
    for record in log.split(RECORD)[1:]:
        lines = record.strip("\n").split("\n")
        commit, when, trailers = lines[0].split(UNIT, 2)
        moment = datetime.fromisoformat(when)
        notes = desk_notes(trailers)
        for line in lines[1:]:
            if not line.startswith(":"):
                continue
            meta, *paths = line.split("\t")
            _, _, old, new, status = meta.split(" ")
            old_path, new_path = paths[0], paths[-1]
            key, old_key = _item_key(new_path, prefix), _item_key(old_path, prefix)
            item = key or old_key
            if item is None:
                continue
            yaml = item[0] in KINDS
            yield _Entry(commit, moment, notes, status[0], old, new, old_key, key, yaml)


def desk_notes(trailers: str) -> dict[str, str]:
    """The `Desk-note:` trailers of a commit message ('Key: value' entries separated by
    TRAILER), by language: "" for `Desk-note`, "ar" for `Desk-note-ar`. Several notes in
    one language are joined with a space."""
    notes: dict[str, list[str]] = {}
    for trailer in trailers.split(TRAILER):
        key, colon, value = trailer.partition(":")
        key, value = key.strip().lower(), " ".join(value.split())
        if not colon or not value:
            continue
        if key == NOTE_TRAILER:
            notes.setdefault("", []).append(value)
        elif key.startswith(NOTE_TRAILER + "-") and key[len(NOTE_TRAILER) + 1 :].isalpha():
            notes.setdefault(key[len(NOTE_TRAILER) + 1 :], []).append(value)
    return {code: " ".join(texts) for code, texts in notes.items()}


def _read_blobs(folder: Path, ids: list[str]) -> dict[str, str]:
    """The text of each blob, read by one `git cat-file --batch`."""
    if not ids:
        return {}
    out = _git(folder, "cat-file", "--batch", stdin="".join(f"{i}\n" for i in ids).encode())
    blobs: dict[str, str] = {}
    position = 0
    while out and position < len(out):
        header_end = out.index(b"\n", position)
        header = out[position:header_end].decode().split(" ")
        position = header_end + 1
        if len(header) < 3:  # "<id> missing"
            continue
        size = int(header[2])
        blobs[header[0]] = out[position : position + size].decode("utf-8", "replace")
        position += size + 1
    return blobs


def _data(blobs: dict[str, str], blob: str, parsed: dict[str, dict | None]) -> dict | None:
    """A revision's data, parsed once even when it is the 'after' of one change and the
    'before' of the next."""
    if blob not in parsed:
        parsed[blob] = None
        if blob in blobs:
            doc, errors = parse_yaml(blobs[blob], "")
            if not errors and isinstance(doc.data, dict):
                parsed[blob] = doc.data
    return parsed[blob]


def _assemble(entries: list[_Entry], blobs: dict[str, str]) -> History:
    lineage: dict[Key, list[Change]] = defaultdict(list)
    everything: list[Change] = []
    parsed: dict[str, dict | None] = {}
    # Items any revision of which is sensitive: no revision's coordinates are shown.
    sensitive: set[Key] = set()
    for entry in entries:
        if any(SENSITIVE.search(blobs.get(blob, "")) for blob in (entry.old, entry.new)):
            sensitive.update(k for k in (entry.key, entry.old_key) if k is not None)
        if entry.status == "D" or entry.key is None:
            assert entry.old_key is not None  # _entries keeps changes with a key on one side
            change = Change(entry.commit, entry.when, entry.notes, *entry.old_key, "deleted")
            change.last_title = _titles(blobs.get(entry.old), entry.yaml)
            lineage[entry.old_key].append(change)
        else:
            change = Change(entry.commit, entry.when, entry.notes, *entry.key, "changed")
            if entry.status in ("R", "C") and entry.old_key and entry.old_key != entry.key:
                if entry.status == "R":  # the item keeps its record under its new id
                    lineage[entry.key] = lineage.pop(entry.old_key, []) + lineage[entry.key]
                moved = _from_to(entry.old_key[1], entry.key[1])
                change.fields.append(FieldChange("id", moved))
            if entry.status == "A" or entry.old == NO_BLOB:
                change.status = "added"
            elif entry.yaml:
                before, after = _data(blobs, entry.old, parsed), _data(blobs, entry.new, parsed)
                if before is not None and after is not None:
                    before, after = _original(before), _original(after)
                    if before == after:
                        continue  # only translations changed: the record itself did not
                    change.fields.extend(diff_fields(before, after))
                if entry.old == entry.new and not change.fields:
                    continue  # a file moved between folders: nothing a reader would see
            lineage[entry.key].append(change)
        everything.append(change)
    for key in lineage.keys() & sensitive:
        for change in lineage[key]:
            change.fields[:] = [_unshown(f) for f in change.fields]
    by_item = {key: changes[::-1] for key, changes in lineage.items()}
    everything.sort(key=lambda c: c.when, reverse=True)  # stable: keeps commit order on ties
    return History(everything, by_item)


# `sensitive: true` at any depth (a place's, an event's, its location's), in a revision's text.
SENSITIVE = re.compile(r"\bsensitive\s*:\s*true\b", re.IGNORECASE)  # over-hides, never under
COORDINATES = ("lat", "lon")


def _unshown(change: FieldChange) -> FieldChange:
    """A change of a sensitive item's coordinates, said without them."""
    return FieldChange(change.field, phrase("revised")) if change.field in COORDINATES else change


def _titles(text: str | None, yaml: bool) -> dict[str, str]:
    """The title (or name) of a revision, and its translations: {"": ..., "ar": ...}."""
    if text is None:
        return {}
    if not yaml:  # an analysis: its `Title:` metadata line
        for line in text.splitlines():
            key, colon, value = line.partition(":")
            if not line.strip():
                break
            if colon and key.strip().lower() == "title" and value.strip():
                return {"": value.strip()}
        return {}
    doc, errors = parse_yaml(text, "")
    data = doc.data if not errors and isinstance(doc.data, dict) else {}
    titles: dict[str, str] = {}
    for name in ("title", "name"):
        if isinstance(data.get(name), str):
            titles[""] = data[name]
            translations = data.get("translations")
            for code, block in (
                (translations or {}).items() if isinstance(translations, dict) else ()
            ):
                if isinstance(block, dict) and isinstance(block.get(name), str):
                    titles[str(code)] = block[name]
            names = data.get("names")
            for code, value in (names or {}).items() if isinstance(names, dict) else ():
                if name == "name" and isinstance(value, str):
                    titles[str(code)] = value
            break
    return titles


# --- comparing two revisions of an item -------------------------------------------------


TRANSLATION_KEYS = ("translations", "names")


def _original(data: Any) -> Any:
    """An item's data without its translations, at every level: what changed in the record
    is compared in the language it is kept in."""
    if isinstance(data, dict):
        return {k: _original(v) for k, v in data.items() if k not in TRANSLATION_KEYS}
    if isinstance(data, list):
        return [_original(v) for v in data]
    return data


def _number(value: Any) -> Any:
    """A whole number written as text ('300') as a number, so that pages write it in their
    own digits; anything else as it is."""
    return int(value) if isinstance(value, str) and value.isdigit() and value.isascii() else value


def _text(value: Any) -> Any:
    """A scalar or a {min, max} as it reads in a change line."""
    if isinstance(value, dict) and set(value) <= {"min", "max"}:
        low, high = _number(value.get("min")), _number(value.get("max"))
        if low is not None and high is not None:
            return low if low == high else phrase("%(min)s-%(max)s", min=low, max=high)
        if low is not None:
            return phrase("at least %(min)s", min=low)
        return phrase("up to %(max)s", max=high)
    if isinstance(value, dict | list):
        return "…"
    return phrase("none") if value is None else _number(value)


def _from_to(old: Any, new: Any) -> Phrase:
    return phrase("%(old)s → %(new)s", old=old, new=new)


def _grade(value: Any) -> Any:
    """A grade as a change line names it: a term pages translate."""
    return Term("GRADE_NAMES", value) if isinstance(value, str) else _text(value)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _describe_item(name: str, value: Any) -> Any:
    """How an added or removed list entry reads: a claim by its stance and author..."""
    if isinstance(value, dict):
        if name == "claims":
            stance = Term("STANCE_VERBS", str(value.get("stance", "?")))
            return phrase("%(stance)s, by %(by)s", stance=stance, by=value.get("by", "?"))
        for key in ("source", "actor", "date", "name"):
            if key in value:
                return str(value[key])
        return "…"
    return str(value)


# Lists whose entries keep an identity across revisions: a source cited again with another
# credibility is revised, not removed and added.
LIST_KEYS = {
    "sources": "source",
    "values": "date",
    "actors": "actor",
    "aliases": "name",
    "member_of": "actor",
}


def _entry_key(name: str, value: Any) -> str:
    key = LIST_KEYS.get(name)
    if key and isinstance(value, dict) and key in value:
        return str(value[key])
    if key and isinstance(value, str):  # `actors: [id]` is short for `{actor: id}`
        return value
    return _canonical(value)


LIST_CHANGES = {
    "added": N_("%(count)s added (%(items)s)"),
    "revised": N_("%(count)s revised (%(items)s)"),
    "removed": N_("%(count)s removed (%(items)s)"),
}


def _list_change(name: str, before: list, after: list) -> Phrase | Listing:
    old = {_entry_key(name, v): v for v in before}
    new = {_entry_key(name, v): v for v in after}
    added = [v for k, v in new.items() if k not in old]
    removed = [v for k, v in old.items() if k not in new]
    revised = [v for k, v in new.items() if k in old and _canonical(old[k]) != _canonical(v)]
    parts = []
    for verb, items in (("added", added), ("revised", revised), ("removed", removed)):
        if items:
            what = Listing(tuple(_describe_item(name, v) for v in items), N_(", "))
            parts.append(phrase(LIST_CHANGES[verb], count=len(items), items=what))
    if not parts:
        return phrase("reordered")
    return Listing(tuple(parts), N_("; "))


def diff_fields(before: dict, after: dict) -> list[FieldChange]:
    """The fields that differ between two revisions of an item, as a reader would say it."""
    changes: list[FieldChange] = []
    for name in list(dict.fromkeys([*after, *before])):
        old, new = before.get(name), after.get(name)
        if _canonical(old) == _canonical(new):
            continue
        if name == "assessment":
            old, new = old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {}
            if old.get("grade") != new.get("grade"):
                grades = [_grade(old.get("grade")), _grade(new.get("grade"))]
                changes.append(FieldChange("grade", _from_to(*grades)))
            if old.get("note") != new.get("note"):
                changes.append(FieldChange("assessment note", phrase("revised")))
        elif isinstance(old, list) or isinstance(new, list):
            old_list = old if isinstance(old, list) else []
            new_list = new if isinstance(new, list) else []
            changes.append(FieldChange(name, _list_change(name, old_list, new_list)))
        elif name == "fatalities" or name in SHORT_FIELDS:
            if old is None:
                changes.append(FieldChange(name, phrase("set to %(new)s", new=_text(new))))
            elif new is None:
                was = phrase("removed (was %(old)s)", old=_text(old))
                changes.append(FieldChange(name, was))
            else:
                changes.append(FieldChange(name, _from_to(_text(old), _text(new))))
        else:
            said = phrase("removed") if new is None else phrase("revised")
            changes.append(FieldChange(name, said))
    return changes
