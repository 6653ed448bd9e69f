"""Read one YAML content file into plain data, remembering the line of every value.

PyYAML's loaders turn `NO` into False and `1:30` into 90, keep the last of duplicate keys and
expand alias bombs. We build the data ourselves from the parser's events instead: every
scalar stays a string (the schema converts what it declares), and anchors, aliases, tags,
duplicate keys and extra documents are refused before anything is expanded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..build.digests import digest
from ..errors import ContentError

Loc = tuple[str | int, ...]
Mark = tuple[int, int]

MAX_FILE_BYTES = 1_000_000
# Lists and mappings nested deeper than this are refused at their line: no content kind
# needs more than 8 levels (an area's multipolygon), and libyaml's own limit, 1,000 levels,
# is past what Python's recursion takes.
MAX_DEPTH = 32
# Controls no text needs and a page must not hold (the HTML checker rejects U+007F): C0 but
# tab, line feed and carriage return, DEL, and C1.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
NULLS = {"", "~", "null", "Null", "NULL"}
YAML_TAG = "tag:yaml.org,2002:"
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """A YAML file's data and where each value and key stands (1-based line, column).

    Positions are only needed to report an error, so a document read on the fast path keeps
    its text and finds them on the first call to `mark()`."""

    path: str
    data: Any = None
    text: str | None = field(default=None, repr=False)
    digest: bytes = field(default=b"", repr=False)  # of the file's bytes (pages/keys.py)
    _marks: dict[Loc, Mark] = field(default_factory=dict, repr=False)
    _key_marks: dict[Loc, Mark] = field(default_factory=dict, repr=False)

    def _find_marks(self) -> None:
        if self.text is not None:
            # The fast reader took the text, so it holds nothing the careful reader refuses:
            # its events are walked again for their positions alone.
            self._marks, self._key_marks = _plain_marks(self.text)
            self.text = None

    @property
    def marks(self) -> dict[Loc, Mark]:
        """Where each value stands, by its place in the data."""
        self._find_marks()
        return self._marks

    @property
    def key_marks(self) -> dict[Loc, Mark]:
        """Where each key stands, by the place of its value."""
        self._find_marks()
        return self._key_marks

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


class _Unusual(Exception):
    """The fast reader met something only the careful reader can explain."""


def _plain_value(get: Callable[[], Any], event: yaml.NodeEvent, depth: int = 0) -> Any:
    """Data from parser events on the happy path: no marks, and anything out of the ordinary
    (anchor, alias, tag, duplicate or complex key, deep nesting) handed over to `_Builder`."""
    if depth > MAX_DEPTH:
        raise _Unusual
    if event.anchor is not None or getattr(event, "tag", None) is not None:
        raise _Unusual
    if type(event) is yaml.ScalarEvent:
        if not event.style and event.value in NULLS:  # plain, not quoted
            return None
        return event.value
    if type(event) is yaml.MappingStartEvent:
        mapping: dict[str, Any] = {}
        while (key := get()).__class__ is not yaml.MappingEndEvent:
            if key.__class__ is not yaml.ScalarEvent or key.anchor is not None or key.tag:
                raise _Unusual
            if key.value in mapping:
                raise _Unusual
            mapping[key.value] = _plain_value(get, get(), depth + 1)
        return mapping
    if type(event) is yaml.SequenceStartEvent:
        items: list[Any] = []
        while (item := get()).__class__ is not yaml.SequenceEndEvent:
            items.append(_plain_value(get, item, depth + 1))
        return items
    raise _Unusual


def _plain_marks(text: str) -> tuple[dict[Loc, Mark], dict[Loc, Mark]]:
    """Where each value and key of a file `_read_plain` read stands (a few times faster than
    `_Builder`, which checks what the fast reader already did)."""
    marks: dict[Loc, Mark] = {}
    key_marks: dict[Loc, Mark] = {}
    loader = _Parser(text)
    get = loader.get_event

    def walk(event: Any, loc: Loc) -> None:
        start = event.start_mark
        marks[loc] = (start.line + 1, start.column + 1)
        kind = event.__class__
        if kind is yaml.MappingStartEvent:
            while (key := get()).__class__ is not yaml.MappingEndEvent:
                at = (*loc, key.value)
                key_marks[at] = (key.start_mark.line + 1, key.start_mark.column + 1)
                walk(get(), at)
        elif kind is yaml.SequenceStartEvent:
            index = 0
            while (item := get()).__class__ is not yaml.SequenceEndEvent:
                walk(item, (*loc, index))
                index += 1

    try:
        get(), get()  # StreamStart, DocumentStart
        walk(get(), ())
    finally:
        loader.dispose()
    return marks, key_marks


def _read_plain(text: str) -> Any:
    """The data of a one-document file, straight from the C parser's events."""
    loader = _Parser(text)
    try:
        get = loader.get_event
        get()  # StreamStart
        if get().__class__ is not yaml.DocumentStartEvent:
            raise _Unusual
        data = _plain_value(get, get())
        get()  # DocumentEnd
        if get().__class__ is not yaml.StreamEndEvent:
            raise _Unusual
        return data
    finally:
        loader.dispose()


class _Refused(Exception):
    def __init__(self, mark: Mark, message: str, hint: str = "", field: str = ""):
        self.mark, self.message, self.hint, self.field = mark, message, hint, field


def label(loc: Loc) -> str:
    """How a field's place in a file reads in messages: `sources[0].credibility`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _pos(event: yaml.Event) -> Mark:
    mark = event.start_mark
    assert mark is not None  # the parser marks every event it makes
    return (mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a stream of parser events into data and marks, refusing what we do not allow."""

    def __init__(self, events: Iterable[yaml.Event], doc: Document):
        self.events = iter(events)
        self.doc = doc

    def next(self) -> yaml.Event:
        event = next(self.events)
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor is not None:
            # Refused at the first anchor, before any alias is expanded: an alias bomb costs
            # nothing.
            what = f"alias *{anchor}" if isinstance(event, yaml.AliasEvent) else f"anchor &{anchor}"
            raise _Refused(
                _pos(event),
                f"expected plain values, got the YAML {what}",
                "write the value out in full; anchors and aliases make files hard to review",
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            shown = "!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag
            raise _Refused(
                _pos(event),
                f"expected plain values, got the YAML tag '{shown}'",
                "remove the tag: sitrep reads every value as text and converts it itself",
            )
        return event

    def build(self) -> None:
        self.next()  # StreamStart
        start = self.next()
        if isinstance(start, yaml.StreamEndEvent):
            raise _Refused(
                (1, 1),
                "expected fields (key: value), got an empty file",
                "an item needs at least its required fields; `sitrep new` writes one to start from",
            )
        self.doc.data = self.value(self.next(), ())
        self.next()  # DocumentEnd
        end = self.next()
        if not isinstance(end, yaml.StreamEndEvent):
            raise _Refused(
                _pos(end),
                "expected one YAML document, got a second one after '---'",
                "one item per file: move the second item into a file of its own",
            )

    def value(self, event: yaml.Event, loc: Loc) -> Any:
        self.doc.marks[loc] = _pos(event)
        if len(loc) >= MAX_DEPTH and not isinstance(event, yaml.ScalarEvent):
            raise _Refused(
                _pos(event),
                f"expected lists and mappings nested at most {MAX_DEPTH} deep, got deeper",
                "check the brackets and the indentation: no field of any kind nests this deep",
            )
        if isinstance(event, yaml.ScalarEvent):
            if event.style in (None, "") and event.value in NULLS:  # plain, not quoted
                return None
            return event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(item := self.next(), yaml.SequenceEndEvent):
                items.append(self.value(item, (*loc, len(items))))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            while not isinstance(key := self.next(), yaml.MappingEndEvent):
                if not isinstance(key, yaml.ScalarEvent):
                    raise _Refused(
                        _pos(key),
                        "expected a plain key such as 'name', got a list or mapping as a key",
                        "write each key as a word followed by ': '",
                    )
                name = key.value
                if name in mapping:
                    first = self.doc.key_marks[(*loc, name)][0]
                    raise _Refused(
                        _pos(key),
                        f"expected each key once, got '{name}' again (first at line {first})",
                        "keep one of them; other YAML tools would silently keep only the last",
                        label((*loc, name)),
                    )
                self.doc.key_marks[(*loc, name)] = _pos(key)
                mapping[name] = self.value(self.next(), (*loc, name))
            return mapping
        raise _Refused(_pos(event), f"unexpected YAML {type(event).__name__}")


# What PyYAML's parser was inside when it failed, in an author's words.
_OPENED = {
    "while parsing a flow sequence": "the list opened with '['",
    "while parsing a flow mapping": "the mapping opened with '{'",
}


def _syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "the text is not valid YAML"
    lines = text.splitlines()
    source_line = lines[line - 1] if line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip())]
    hint = "check the indentation, and quote values that contain ': ' or start with a symbol"
    opened = exc.context_mark
    if problem.startswith("exceeded maximum nesting depth"):
        problem = f"lists and mappings nested deeper than {MAX_DEPTH} levels"
        hint = "check the brackets: no field of any kind nests this deep"
    elif "\t" in indent or (source_line[col - 1 : col] == "\t" and "token" in problem):
        problem, hint = "a tab indents this line", "indent with spaces: YAML does not allow tabs"
    elif starts_oddly := re.match(r"\s*(?:- )?[\w.-]+:\s+([\[{*&!|>%@`'\"])", source_line):
        if exc.context == "while scanning a quoted scalar" and opened is not None:
            line, col = opened.line + 1, opened.column + 1
        hint = (
            f"put the whole value in quotes: unquoted, a value that starts with "
            f"{starts_oddly.group(1)} means something else in YAML"
        )
    elif exc.context == "while scanning a quoted scalar" and opened is not None:
        # The parser notices at the end of the file; the mistake is where the quote opens.
        line, col = opened.line + 1, opened.column + 1
        problem, hint = "this quote is never closed", "end the text with the same quote mark"
    elif exc.context in _OPENED and opened is not None:
        hint = (
            f"close {_OPENED[exc.context]} at line {opened.line + 1}, column "
            f"{opened.column + 1}, or put the whole value in quotes"
        )
    elif problem.startswith("mapping values are not allowed"):
        problem = "a second ': ' on this line"
        hint = "put the value in quotes: text that contains ': ' must be quoted"
    elif problem.startswith("did not find expected key") or "indicator" in problem:
        hint = "indent the keys of one mapping, and the '- ' of one list, by the same spaces"
    return ContentError(path, line, col, "", f"invalid YAML: {problem}", hint)


def where(text: str, index: int) -> Mark:
    """The 1-based line and column of the character at `index` of `text`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def control_error(text: str, path: str) -> ContentError | None:
    """A control character in a file's text, at its line and column (the first of them)."""
    found = CONTROL.search(text)
    if found is None:
        return None
    more = len(CONTROL.findall(text)) - 1
    hint = "remove it: an editor shows it as nothing or a box, and a page may not hold it"
    if more:
        hint += f"; the file has {more} more"
    return ContentError(
        path,
        *where(text, found.start()),
        "",
        f"expected text, got the control character U+{ord(found.group()):04X}",
        hint,
    )


def read_text(raw: bytes, path: str) -> tuple[str | None, ContentError | None]:
    """Decode a content file's bytes, refusing what an editor would show wrongly (a BOM, other
    encodings, control characters)."""
    if len(raw) > MAX_FILE_BYTES:
        return None, ContentError(
            path, 1, 1, "", f"file is {len(raw):,} bytes, over the limit of {MAX_FILE_BYTES:,}",
            "split the item or move long text into an analysis",
        )  # fmt: skip
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, ContentError(
            path,
            1,
            1,
            "",
            "expected UTF-8 text, got a byte-order mark (BOM) at the start",
            "save the file as UTF-8 without BOM",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start : exc.start + 1]
        return None, ContentError(
            path,
            line,
            col,
            "",
            f"expected UTF-8 text, got the byte 0x{byte[0]:02x}",
            f"save the file as UTF-8; this byte reads as "
            f"'{byte.decode('cp1252', errors='replace')}' in Windows-1252",
        )
    error = control_error(text, path)
    return (None, error) if error else (text, None)


def load_yaml(
    file: Path, shown_as: str, data: bytes | None = None
) -> tuple[Document, list[ContentError]]:
    """Parse one content file (its bytes `data`, when already read). Returns the document
    and the errors that stop its use."""
    data = Path(file).read_bytes() if data is None else data
    text, error = read_text(data, shown_as)
    if error:
        return Document(shown_as), [error]
    assert text is not None  # read_text gives the text or an error
    doc, errors = parse_yaml(text, shown_as)
    doc.digest = file_digest(data)
    return doc, errors


def file_digest(data: bytes) -> bytes:
    """The digest of a content file's bytes, by which caches know it (pages/keys.py,
    contentcache.py)."""
    return digest([data])


def parse_yaml(text: str, shown_as: str) -> tuple[Document, list[ContentError]]:
    """Parse the text of one content file (as `load_yaml`, for text read elsewhere, e.g. an
    older revision from git)."""
    doc = Document(shown_as)
    try:
        doc.data, doc.text = _read_plain(text), text
    except (_Unusual, yaml.YAMLError):
        doc = Document(shown_as)  # the careful reader says exactly what is wrong, and where
    else:
        if isinstance(doc.data, dict):
            return doc, []
    try:
        _Builder(yaml.parse(text, Loader=_Parser), doc).build()
    except _Refused as exc:
        return doc, [ContentError(shown_as, *exc.mark, exc.field, exc.message, exc.hint)]
    except yaml.MarkedYAMLError as exc:
        return doc, [_syntax_error(shown_as, text, exc)]
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, at its place
        return doc, [
            ContentError(
                shown_as,
                *where(text, exc.position),
                "",
                f"expected text, got the character U+{exc.character:04X}",
                "remove it: YAML does not allow it in a file",
            )
        ]
    except yaml.YAMLError as exc:
        problem = str(exc).splitlines()[0][:80] if str(exc) else "the text is not valid YAML"
        return doc, [ContentError(shown_as, 1, 1, "", f"invalid YAML: {problem}", "")]
    if not isinstance(doc.data, dict):
        got = "a list" if isinstance(doc.data, list) else f"the text {doc.data!r}"
        return doc, [
            ContentError(
                shown_as,
                *doc.mark(()),
                "",
                f"expected fields (key: value), got {got}",
                "one item per file, its fields at the start of the line, without '- '",
            )
        ]
    return doc, []
