"""What a page read while it was rendered: recorded, never declared.

The content a build shares with its pages is held in tracked collections (`TrackedDict`,
`TrackedList`, `TrackedSet`): each read made while a recording is open is noted as an input,
`(name, key)` for one entry (present or not) and `(name,)` for the whole collection
(iterating it, its length, a list's positions). The store opens a recording around each
file it makes (store.py), keeps the inputs with the file, and keeps the file for the next
build only when every input has the digest it had: a page cannot forget one of its
inputs, because nobody lists them.

Two things break that chain, and are handled here:

- a value computed while rendering one page and reused by others (a small map's data, a
  legend, a fragment of HTML): `Memo` keeps the inputs its value was made of, and a page
  that takes the value takes those inputs too (`replay`);
- a value computed before any page from the content, and handed to pages' code by other
  ways than their variables: there must be none. Pages get the content through their
  variables (hashed by value, see pages/keys.py), the tracked site, or a `Memo`.

Lektor records dependencies the same way (`Context.record_dependency` while an artifact
builds); Hugo tracks the content a template reads through its page objects.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

Input = tuple  # (name, key) or (name,): see the module's docstring
# What a file or a kept value read, as the store keeps it: a tuple, not a set (a frozenset of
# 17 inputs takes 1.2 KB, the tuple 190 bytes; at 10,000 events the sets of a cold build's
# files held 22 MB, the tuples 2.5 MB). Compared with the few inputs that changed, each once.
Inputs = tuple[Input, ...]
K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

# The open recordings, innermost last; a closed one hands its inputs to the one around it.
_open: list[set[Input]] = []


@contextmanager
def recording() -> Iterator[set[Input]]:
    """Collect the inputs read inside the block (nested blocks pass theirs outward)."""
    reads: set[Input] = set()
    _open.append(reads)
    try:
        yield reads
    finally:
        _open.pop()
        if _open:
            _open[-1] |= reads


def replay(inputs: Iterable[Input]) -> None:
    """Count `inputs` as read now: what a reused value was made of."""
    if _open:
        _open[-1].update(inputs)


def _whole(name: str) -> None:
    if _open:
        _open[-1].add((name,))


class TrackedDict(dict[K, V]):
    """A dict whose reads are recorded. `default` makes a missing key read as a new empty
    value (as a defaultdict's, but without storing it: pages do not change the content)."""

    __slots__ = ("default", "name")

    def __init__(self, name: str, data: dict[K, V], default: Callable[[], V] | None = None):
        super().__init__(data)
        self.name, self.default = name, default

    def __getitem__(self, key: K) -> V:
        if _open:
            _open[-1].add((self.name, key))
        try:
            return dict.__getitem__(self, key)
        except KeyError:
            if self.default is None:
                raise
            return self.default()

    def get(self, key: K, default: Any = None) -> Any:
        if _open:
            _open[-1].add((self.name, key))
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        if _open:
            _open[-1].add((self.name, key))
        return dict.__contains__(self, key)

    def __iter__(self) -> Iterator[K]:
        _whole(self.name)
        return dict.__iter__(self)

    def __len__(self) -> int:
        _whole(self.name)
        return dict.__len__(self)

    def keys(self) -> Any:
        _whole(self.name)
        return dict.keys(self)

    def values(self) -> Any:
        _whole(self.name)
        return dict.values(self)

    def items(self) -> Any:
        _whole(self.name)
        return dict.items(self)

    def copy(self) -> dict[K, V]:
        _whole(self.name)
        return dict(dict.items(self))

    def __reduce__(self) -> Any:  # pickled as the plain dict it holds
        return dict, (dict(dict.items(self)),)


class TrackedList(list[T]):
    """A list whose reads are recorded, always as the whole list (a position depends on
    every item before it)."""

    __slots__ = ("name",)

    def __init__(self, name: str, data: Iterable[T]):
        super().__init__(data)
        self.name = name

    def __getitem__(self, index: Any) -> Any:
        _whole(self.name)
        return list.__getitem__(self, index)

    def __iter__(self) -> Iterator[T]:
        _whole(self.name)
        return list.__iter__(self)

    def __len__(self) -> int:
        _whole(self.name)
        return list.__len__(self)

    def __contains__(self, item: object) -> bool:
        _whole(self.name)
        return list.__contains__(self, item)

    def __reversed__(self) -> Iterator[T]:
        _whole(self.name)
        return list.__reversed__(self)

    def __reduce__(self) -> Any:
        return list, (list(list.__iter__(self)),)


class TrackedSet(frozenset):
    """A set whose reads are recorded (membership by key)."""

    name: str

    def __new__(cls, name: str, data: Iterable[Hashable]) -> TrackedSet:
        made = super().__new__(cls, data)
        made.name = name
        return made

    def __contains__(self, key: object) -> bool:
        if _open:
            _open[-1].add((self.name, key))
        return frozenset.__contains__(self, key)

    def __iter__(self) -> Iterator[Any]:
        _whole(self.name)
        return frozenset.__iter__(self)

    def __len__(self) -> int:
        _whole(self.name)
        return frozenset.__len__(self)

    def __reduce__(self) -> Any:
        return frozenset, (frozenset(frozenset.__iter__(self)),)


def raw(collection: Any) -> Any:
    """What a tracked collection holds, as a plain one, read without recording."""
    if isinstance(collection, dict):
        return dict(dict.items(collection))
    if isinstance(collection, frozenset):
        return sorted(frozenset.__iter__(collection), key=repr)
    return list(list.__iter__(collection))


def raw_entry(collection: Any, key: Any) -> Any:
    """A tracked collection's entry at `key` (None when absent; for a set, whether the key
    is in it), read without recording."""
    if isinstance(collection, frozenset):
        return frozenset.__contains__(collection, key)
    return dict.get(collection, key)


class Memo:
    """Values computed once per build and shared by pages, each with the inputs it was made
    of: a page that takes a value counts those inputs as its own."""

    def __init__(self) -> None:
        self._made: dict[Hashable, tuple[Any, Inputs]] = {}

    def __call__(self, key: Hashable, make: Callable[[], T]) -> T:
        found = self._made.get(key)
        if found is None:
            with recording() as reads:
                value = make()
            found = self._made[key] = value, tuple(reads)
        else:
            replay(found[1])
        return found[0]


class Ledger:
    """The digests of inputs in this build, each computed once: the store compares them
    with the digests a previous build saved, to find the inputs that changed."""

    def __init__(self, digest_of: Callable[[Input], bytes]):
        self._digest_of = digest_of
        self._digests: dict[Input, bytes] = {}
        self._interned: dict[int, Inputs] = {}  # by the hash of their set
        self._inputs: dict[Input, Input] = {}

    def digest(self, one: Input) -> bytes:
        found = self._digests.get(one)
        if found is None:
            found = self._digests[one] = self._digest_of(one)
        return found

    def intern(self, inputs: Iterable[Input]) -> Inputs:
        """`inputs` as one tuple shared by every file with the same inputs, in any order
        (the manifest pickles each such tuple once), made of inputs shared by every tuple
        that holds them. Each page records its reads as new tuples, and a forked worker's
        come back unpickled: at 10,000 events the copies held 31 MB of the cold build's
        peak."""
        made = inputs if type(inputs) is frozenset else frozenset(inputs)
        found = hash(made)
        shared = self._interned.get(found)
        if shared is not None and len(shared) == len(made) and all(map(made.__contains__, shared)):
            return shared
        one = self._inputs.setdefault
        made_here = tuple([one(each, each) for each in made])
        self._interned.setdefault(found, made_here)  # another set of the same hash: not shared
        return made_here
