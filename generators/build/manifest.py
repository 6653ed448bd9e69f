"""The store's manifest on disk: what one build keeps for the next (store.py says what each
part holds), written as one sealed pickle (sealed.py) and read back only when sealed here.

The files' recorded inputs are most of its objects: some 25,000 files at 10,000 events,
20,000 distinct sets of 370,000 inputs in all. Pickled as frozensets of tuples they took
about a second to write and as long to read at each rebuild; here each distinct input is
written once in a table, and each distinct set as a tuple of positions in it (`_encode`),
which reads back in a quarter of the time.

A rebuild writes again, as they were read, the rows of the sets it read back (`Table`),
and adds to the table only the inputs it had not seen: encoding every set again took a
tenth of a second. Inputs no longer read stay in the table until it has grown by a quarter
since it was last made whole; then every set is encoded again, and the table with it.

The kept values (`memo`: each event's data records, converted analyses, compiled
templates; 42 MB at 10,000 events) are written each as its own pickle, one record after
another before the rest (`_records`), and read back as those bytes (`Recalled`): a value
is unpickled only when a build asks for it, and one kept as it was read is written back as
the same bytes, not pickled again. Each record is made as it is written, so the values and
all their pickles are never in memory together (400 MB more at 100,000 events).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .inputs import Input, Inputs
from .lasting import made_to_last
from .sealed import dump_sealed, unseal

PARTS = ("output", "spare", "memo", "listing", "inputs", "scripts")
# The parts that list files with their inputs (store.Entry), encoded.
_FILES = ("output", "spare")
# Read back only from a manifest of this layout: an older sitrep's is not used.
_LAYOUT = 6

# The manifest this process saved last, with the identity of its file: a process that
# builds again and again (the preview server) does not read it back.
_saved: tuple[tuple[str, int, int, int], dict] | None = None


class Entry(NamedTuple):
    """A file of a build, as the manifest keeps it."""

    key: bytes
    inode: int
    size: int
    mtime_ns: int
    inputs: Inputs = ()  # what making the file read (inputs.py)


class Recalled:
    """The kept values of the previous build, each unpickled when first asked for."""

    def __init__(
        self, pickled: Mapping[Any, bytes | memoryview], values: dict[Any, Any] | None = None
    ):
        self.pickled = pickled
        self.values: dict[Any, Any] = values if values is not None else {}

    def get(self, key: Any) -> Any:
        found = self.values.get(key)
        if found is None and key in self.pickled:
            found = self.values[key] = pickle.loads(self.pickled[key])
        return found

    def pickled_as(self, key: Any, value: Any) -> bytes | memoryview:
        """`value`'s pickle: the bytes it was read from, when it is the value read."""
        if key in self.pickled and self.values.get(key) is value:
            return self.pickled[key]
        return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


class Table:
    """The table of inputs of a manifest as read (or just written), and the row of each
    set of inputs it gave, by the set's identity (the set held: its id is not reused)."""

    def __init__(
        self,
        inputs: list[Input],
        rows: dict[int, tuple[Inputs, tuple[int, ...]]],
        whole: int,
    ):
        self.inputs = inputs
        self.rows = rows
        self.whole = whole  # how many inputs the table had when it was last made whole

    def row_of(self, inputs: Inputs) -> tuple[int, ...] | None:
        """The row `inputs` was read from, if it is a set this table gave."""
        found = self.rows.get(id(inputs))
        return found[1] if found is not None and found[0] is inputs else None

    def outgrown(self) -> bool:
        """Whether it holds so many inputs no longer read that it is made whole again."""
        return len(self.inputs) > self.whole + self.whole // 4 + 1000


def empty() -> dict[str, Any]:
    manifests: dict[str, Any] = {part: {} for part in PARTS}
    manifests["memo"] = Recalled({})
    manifests["table"] = Table([], {}, 0)
    return manifests


def _identity(path: Path, stat: os.stat_result) -> tuple[str, int, int, int]:
    return str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns


def _encode(manifests: dict[str, Any], before: Table) -> tuple[dict[str, Any], Table]:
    """`manifests` with each file part's input sets as positions in one table of inputs
    (the sets `before` gave as their rows in it), but the kept values; and the table of
    what was encoded."""
    whole = before.outgrown()
    inputs = [] if whole else list(before.inputs)
    positions: dict[Input, int] = {one: index for index, one in enumerate(inputs)}
    rows: dict[int, int] = {}  # id() of a set -> its row: the store shares equal sets
    sets: list[tuple[int, ...]] = []
    held: list[Inputs] = []  # the inputs of each row
    encoded: dict[str, Any] = {part: manifests[part] for part in PARTS if part not in _FILES}
    for part in _FILES:
        files = {}
        for name, entry in manifests[part].items():
            found = entry.inputs
            row = rows.get(id(found))
            if row is None:
                row = rows[id(found)] = len(sets)
                held.append(found)
                known = None if whole else before.row_of(found)
                if known is None:
                    known = tuple(_position(positions, inputs, one) for one in found)
                sets.append(known)
            files[name] = (entry.key, entry.inode, entry.size, entry.mtime_ns, row)
        encoded[part] = files
    encoded["memo"] = len(manifests["memo"])  # in records before the pickle: `_records`
    size = len(inputs) if whole else before.whole
    encoded["layout"] = _LAYOUT, inputs, sets, size
    made = {id(found): (found, row) for found, row in zip(held, sets, strict=True)}
    return encoded, Table(inputs, made, size)


def _position(positions: dict[Input, int], inputs: list[Input], one: Input) -> int:
    found = positions.get(one)
    if found is None:
        found = positions[one] = len(inputs)
        inputs.append(one)
    return found


_MEMO = b"sitrep kept values\n"  # where the records start: nothing else is read as them
_CHUNK = 1 << 20


def _records(memo: dict[Any, Any], recalled: Recalled) -> Iterator[bytes | memoryview]:
    """The kept values as records, each its pickled key and its pickle, length first."""
    chunk: list[bytes | memoryview] = [_MEMO + len(memo).to_bytes(8, "little")]
    size = 0
    for key, value in memo.items():
        head = pickle.dumps(key, pickle.HIGHEST_PROTOCOL)
        pickled = recalled.pickled_as(key, value)
        chunk += [len(head).to_bytes(8, "little") + head + len(pickled).to_bytes(8, "little")]
        chunk.append(pickled)
        size += len(pickled)
        if size > _CHUNK:  # written a megabyte at a time: 20,000 writes took 0.05 s more
            yield b"".join(chunk)
            chunk, size = [], 0
    yield b"".join(chunk)


def _split(payload: memoryview) -> tuple[dict[Any, memoryview], memoryview]:
    """The records `_records` wrote at the start of `payload` (each pickle a view into it,
    not a copy), and the rest of it."""
    if payload[: len(_MEMO)] != _MEMO:
        raise ValueError("not a manifest of this layout")
    at = len(_MEMO) + 8
    memo: dict[Any, memoryview] = {}
    for _ in range(int.from_bytes(payload[at - 8 : at], "little")):
        size = int.from_bytes(payload[at : at + 8], "little")
        key = pickle.loads(payload[at + 8 : at + 8 + size])
        at += 8 + size
        size = int.from_bytes(payload[at : at + 8], "little")
        memo[key] = payload[at + 8 : at + 8 + size]
        at += 8 + size
    return memo, payload[at:]


def _decode(encoded: dict[str, Any]) -> dict[str, Any]:
    _layout, table, sets, whole = encoded.pop("layout")
    shared = [tuple([table[position] for position in row]) for row in sets]
    for part in _FILES:
        encoded[part] = {
            name: Entry(key, inode, size, mtime_ns, shared[row])
            for name, (key, inode, size, mtime_ns, row) in encoded[part].items()
        }
    rows = {id(found): (found, row) for found, row in zip(shared, sets, strict=True)}
    encoded["table"] = Table(table, rows, whole)
    return encoded


def read(path: Path) -> dict[str, Any]:
    """The manifest the previous build saved, or an empty one when there is none usable."""
    try:
        if _saved is not None and _saved[0] == _identity(path, os.stat(path)):
            return _saved[1]  # the one this process saved: the same objects, not read back
        with open(path, "rb") as handle:
            payload = unseal(handle.read())  # not sealed here: never unpickled (sealed.py)
        if payload is None:
            return empty()
        # Hundreds of thousands of new objects, none of them cyclic, that last the build:
        # the collector's passes over them took a third of the time (lasting.py).
        with made_to_last():
            memo, rest = _split(payload)  # the kept values' pickles: views into the file
            found = pickle.loads(rest)
            del payload, rest
            layout = found.get("layout") if isinstance(found, dict) else None
            if (
                not isinstance(layout, tuple)
                or layout[0] != _LAYOUT
                or set(found) != {*PARTS, "layout"}
                or found["memo"] != len(memo)
            ):
                return empty()  # an older sitrep's
            decoded = _decode(found)
            decoded["memo"] = Recalled(memo)
            return decoded
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return empty()  # no usable manifest: every file is written


def write(path: Path, manifests: dict[str, Any], recalled: Recalled, table: Table) -> None:
    """Save `manifests` (every part of PARTS; `memo` a dict of the values to keep) at
    `path`, atomically, with what `read` gave of the previous one: its kept values
    (`recalled`) and its `table`. Without a key to seal with (sealed.py), remove it: the
    next build then makes every file."""
    global _saved
    part = path.with_name(f"{path.name}-{os.getpid()}")
    encoded, written = _encode(manifests, table)
    with open(part, "wb") as handle:
        sealed = dump_sealed(encoded, handle, _records(manifests["memo"], recalled))
        handle.flush()  # its size and time, as the next build will see them
        stat = os.fstat(handle.fileno())
    if not sealed:
        part.unlink()
        path.unlink(missing_ok=True)
        return
    os.replace(part, path)
    # Read back in this process as the values themselves (their pickles are not kept).
    kept = {**manifests, "memo": Recalled({}, dict(manifests["memo"])), "table": written}
    _saved = _identity(path, stat), kept
