"""Read one YAML content file into plain data, remembering the line of every value.

PyYAML's loaders turn `NO` into False and `1:30` into 90, keep the last of duplicate keys and
expand alias bombs. We build the data ourselves from the parser's events instead: every
scalar stays a string (the schema converts what it declares), and anchors, aliases, tags,
duplicate keys and extra documents are refused before anything is expanded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError

Loc = tuple[str | int, ...]
Mark = tuple[int, int]

MAX_FILE_BYTES = 1_000_000
NULLS = {"", "~", "null", "Null", "NULL"}
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """A YAML file's data and where each value and key stands (1-based line, column)."""

    path: str
    data: Any = None
    marks: dict[Loc, Mark] = field(default_factory=dict)
    key_marks: dict[Loc, Mark] = field(default_factory=dict)

    def mark(self, loc: Loc, *, key: bool = False) -> Mark:
        """The closest known position for `loc`, walking up to its parent when absent."""
        loc = tuple(loc)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc:
            if loc in self.marks:
                return self.marks[loc]
            loc = loc[:-1]
        return self.marks.get((), (1, 1))


class _Refused(Exception):
    def __init__(self, mark: Mark, message: str, hint: str = ""):
        self.mark, self.message, self.hint = mark, message, hint


def _pos(event: yaml.Event) -> Mark:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


class _Builder:
    """Turns a stream of parser events into data and marks, refusing what we do not allow."""

    def __init__(self, events, doc: Document):
        self.events = iter(events)
        self.doc = doc

    def next(self) -> yaml.Event:
        event = next(self.events)
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor is not None:
            raise _Refused(
                _pos(event),
                "anchors and aliases (&name, *name) are not allowed",
                "write the value out in full; aliases make files hard to review",
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise _Refused(
                _pos(event),
                f"YAML tags such as '{tag}' are not allowed",
                "remove the tag; quote the value if it must stay text",
            )
        return event

    def build(self) -> None:
        self.next()  # StreamStart
        start = self.next()
        if isinstance(start, yaml.StreamEndEvent):
            raise _Refused(
                (1, 1), "the file is empty", "an item needs at least its required fields"
            )
        self.doc.data = self.value(self.next(), ())
        self.next()  # DocumentEnd
        end = self.next()
        if not isinstance(end, yaml.StreamEndEvent):
            raise _Refused(
                _pos(end), "a second YAML document ('---') is not allowed", "one item per file"
            )

    def value(self, event: yaml.Event, loc: Loc) -> Any:
        self.doc.marks[loc] = _pos(event)
        if isinstance(event, yaml.ScalarEvent):
            if event.style in (None, "") and event.value in NULLS:  # plain, not quoted
                return None
            return event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not isinstance(item := self.next(), yaml.SequenceEndEvent):
                items.append(self.value(item, (*loc, len(items))))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            while not isinstance(key := self.next(), yaml.MappingEndEvent):
                if not isinstance(key, yaml.ScalarEvent):
                    raise _Refused(_pos(key), "a key must be plain text", "")
                name = key.value
                if name in mapping:
                    first = self.doc.key_marks[(*loc, name)][0]
                    raise _Refused(
                        _pos(key),
                        f"duplicate key '{name}' (first at line {first})",
                        "keep one of them; YAML would silently drop the first",
                    )
                self.doc.key_marks[(*loc, name)] = _pos(key)
                mapping[name] = self.value(self.next(), (*loc, name))
            return mapping
        raise _Refused(_pos(event), f"unexpected YAML {type(event).__name__}")


def _syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    hint = "check the indentation and quote values that contain ': ' or start with a symbol"
    source_line = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())]:
        hint = "indent with spaces: YAML does not allow tabs"
    return ContentError(path, line, col, "", f"invalid YAML: {problem}", hint)


def read_text(raw: bytes, path: str) -> tuple[str | None, ContentError | None]:
    """Decode a content file's bytes, refusing what an editor would show wrongly."""
    if len(raw) > MAX_FILE_BYTES:
        return None, ContentError(
            path, 1, 1, "", f"file is {len(raw):,} bytes, over the limit of {MAX_FILE_BYTES:,}",
            "split the item or move long text into an analysis",
        )  # fmt: skip
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, ContentError(
            path, 1, 1, "", "file starts with a byte-order mark", "save it as UTF-8 without BOM"
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, ContentError(
            path,
            line,
            col,
            "",
            f"byte 0x{raw[exc.start]:02x} is not UTF-8",
            "save the file as UTF-8",
        )


def load_yaml(file: Path, shown_as: str) -> tuple[Document, list[ContentError]]:
    """Parse one content file. Returns the document and the errors that stop its use."""
    text, error = read_text(Path(file).read_bytes(), shown_as)
    if error:
        return Document(shown_as), [error]
    return parse_yaml(text, shown_as)


def parse_yaml(text: str, shown_as: str) -> tuple[Document, list[ContentError]]:
    """Parse the text of one content file (as `load_yaml`, for text read elsewhere, e.g. an
    older revision from git)."""
    doc = Document(shown_as)
    try:
        _Builder(yaml.parse(text, Loader=_Parser), doc).build()
    except _Refused as exc:
        return doc, [ContentError(shown_as, *exc.mark, "", exc.message, exc.hint)]
    except yaml.MarkedYAMLError as exc:
        return doc, [_syntax_error(shown_as, text, exc)]
    except yaml.YAMLError as exc:
        return doc, [ContentError(shown_as, 1, 1, "", f"invalid YAML: {exc}", "")]
    if not isinstance(doc.data, dict):
        return doc, [
            ContentError(
                shown_as, *doc.mark(()), "", "expected a mapping of fields (key: value)", ""
            )
        ]
    return doc, []
