"""How sitrep's files are keyed, so that a rebuild can keep the previous build's file.

A file the store writes (a page, a feed, a data file, a part of one) is kept when two
things are as they were:

- its key: the build's root (code, libraries, settings, theme: build/digests.py), its
  name and template, and the values its generator handed it (its variables, or the
  arguments of its `Deferred` builder), pickled **by value**. Content items count by their
  content: an event by the bytes of its file (read once at loading), any other item by the
  digest of its fields; the tracked site and its maps count by name only, because
- everything a file reads from them while it is made is recorded (build/inputs.py), and
  each recorded input is compared by its digest here (`Keys.ledger`).

So no generator says what a page is made of: what it passes is hashed, what it reads is
recorded. Something that pickles by neither (a closure, a generator object) makes the file
unkeyed: it is made on every build, which is slow but never wrong.
"""

from __future__ import annotations

import dataclasses
import io
import operator
import pickle
import types
from collections import ChainMap, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2.runtime import Context
from markupsafe import Markup
from pydantic import BaseModel

from ..build.digests import digest, root_digest
from ..build.inputs import Input, Ledger, TrackedDict, TrackedList, TrackedSet, raw, raw_entry
from ..content.i18n import Language
from ..content.model import Site
from ..content.schema import KINDS
from ..views.basemap import basemap
from ..views.maps import SiteMaps


class Uncacheable(Exception):
    """Raised while pickling a value that has no stable bytes (a closure, the settings)."""


def track(site: Site) -> Site:
    """Make every collection of `site` record its reads (build/inputs.py), in place. A field
    that cannot be tracked is refused: a new field must not be a silent way around."""
    for spec in dataclasses.fields(site):
        value = getattr(site, spec.name)
        if isinstance(value, TrackedDict | TrackedList | TrackedSet):
            continue
        if isinstance(value, dict):
            default = value.default_factory if isinstance(value, defaultdict) else None
            setattr(site, spec.name, TrackedDict(spec.name, value, default))
        elif isinstance(value, list):
            setattr(site, spec.name, TrackedList(spec.name, value))
        elif isinstance(value, set | frozenset):
            setattr(site, spec.name, TrackedSet(spec.name, value))
        elif not isinstance(value, Path | str | tuple):  # the root and the languages' codes
            raise TypeError(f"Site.{spec.name}: a {type(value).__name__} cannot be tracked")
    return site


def _token(value: Any) -> Any:
    return value  # what a token unpickles to; only the pickled bytes matter


class _Pickler(pickle.Pickler):
    def __init__(self, file, reducers: dict[type, Callable[[Any], Any]]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        # By type, looked up by the C pickler itself (`Keys._reducers`): a reducer_override
        # would run in Python for every object that is not a builtin, twice for each
        # content item in a page's lists (the item, then the function it pickles as).
        self.dispatch_table = reducers
        # No memo: the bytes of a value must not depend on which of its parts are one
        # object (a freshly validated item shares strings that one read from the content
        # cache does not). The values hashed hold no cycle.
        self.fast = True


def same_items(new: Sequence[Any], old: Sequence[Any]) -> bool:
    """Whether two lists (or tuples) hold the very same objects, in the same order."""
    return len(new) == len(old) and all(map(operator.is_, new, old))


def _same_entry(site: Site, old: Site, one: Input) -> bool:
    """Whether the input `one` reads the very same objects in `site` as in `old`."""
    collection, was = getattr(site, one[0], None), getattr(old, one[0], None)
    if collection is None or was is None:
        return False
    if len(one) > 1:
        now, then = raw_entry(collection, one[1]), raw_entry(was, one[1])
    elif isinstance(collection, dict) and isinstance(was, dict):
        now, then = dict.items(collection), dict.items(was)  # in order, as pickled
        return len(now) == len(then) and all(
            a[0] == b[0] and type(a[0]) is type(b[0]) and a[1] is b[1]
            for a, b in zip(now, then, strict=True)
        )
    elif isinstance(collection, list) and isinstance(was, list):
        now, then = list(list.__iter__(collection)), list(list.__iter__(was))
    else:
        return False
    if now is then:
        return True
    if type(now) is type(then) and type(now) in (list, tuple):
        return same_items(now, then)
    return False


def _fields(model: BaseModel) -> dict[str, Any]:
    """A model's fields: its `__dict__` without what a `cached_property` (an item's `id`)
    put there once read, so that an item counts the same before and after a build reads it
    (the preview server's next build starts from the items the last one read)."""
    state = model.__dict__
    names = type(model).__pydantic_fields__
    if len(state) == len(names):
        return state
    return {name: value for name, value in state.items() if name in names}


# Values that pickle to the same bytes when they are equal (`Keys.same`): not floats, which
# are equal as 0.0 and -0.0, nor containers, whose items may be equal by value only.
_PLAIN = frozenset({str, bytes, int, bool, type(None), date, Markup})


def _pickled_by_state(kind: type) -> bool:
    """Whether instances of `kind` pickle as their class and their `__dict__` (a dataclass
    of sitrep's, not a model: those count by their fields, see `_Pickler`)."""
    return (
        dataclasses.is_dataclass(kind)
        and not issubclass(kind, BaseModel)
        and kind.__reduce_ex__ is object.__reduce_ex__
        and kind.__reduce__ is object.__reduce__
        and kind.__getstate__ is object.__getstate__
    )


# Mappings that are not dicts and have no stable bytes: the settings' ChainMap, a Jinja
# context (which holds the environment), a read-only view of either.
_REFUSED: tuple[type, ...] = (ChainMap, types.MappingProxyType, Context)


def _subclasses(kind: type) -> set[type]:
    found: set[type] = set()
    todo: list[type] = [kind]
    while todo:
        subclasses: list[type] = todo.pop().__subclasses__()
        for sub in subclasses:
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


class Keys:
    """Keys of the files of one build, and the digests of the inputs they record."""

    def __init__(self, site: Site, settings: Mapping[str, Any]):
        self.site = site
        # The basemap and its renderer are files every map reads, like the theme's.
        found = basemap(settings)
        shared = [path.read_bytes() for path in found.files().values()] if found else []
        self.root = digest([root_digest(settings), *shared])
        # The build's shared objects by identity (the site lives for the whole build): an
        # event by its file's digest, read at loading; an analysis by its file's too;
        # another item by its fields (an area's outline comes from a second file); the
        # site, and its maps (`share`), by name: what is read of them is recorded.
        self.tokens: dict[int, tuple] = {id(site): ("site",)}
        self._own: object = None  # see `_pickled`
        self._token_marks: dict[int, bytes] = {}  # see `_marks`
        self.reducers = self._reducers(site)
        for event_id, event in raw(site.events).items():
            file_digest = raw_entry(site.documents, ("events", event_id)).digest
            self.tokens[id(event)] = ("events", event_id, file_digest)
        for analysis in raw(site.analyses):
            self.tokens[id(analysis)] = ("analyses", analysis.path, analysis.doc.digest)
        for kind in KINDS:
            if kind != "events":
                for item_id, item in raw(site.kind(kind)).items():
                    fields = digest([self._pickled(item, own=item)])
                    self.tokens[id(item)] = (kind, item_id, fields)
        self.ledger = Ledger(self._input_digest)

    def _reducers(self, site: Site) -> dict[type, Callable[[Any], Any]]:
        """How the objects of the build pickle, by type. Content items and the other
        shared objects by their token (the build's objects by identity); models (the ones
        nested in items, and an item pickled for its own token) by their fields, not their
        state, which holds the set of fields given (sets iterate in an order that varies
        between processes; generators pass no bare sets to templates); another site, and
        mappings with no stable bytes, not at all. Any other object pickles as pickle does:
        builtins, functions and classes by name, dataclasses by their state."""
        tokens, keys = self.tokens, self
        # Each looks the object up inline: they run for every content item of every page.

        def model(obj: Any) -> Any:
            found = tokens.get(id(obj))
            if found is not None and obj is not keys._own:
                return _token, (found,)
            private = obj.__pydantic_private__ or {}
            return _token, ((type(obj).__qualname__, _fields(obj), sorted(private.items())),)

        def language(obj: Any) -> Any:
            return _token, (("language", obj.code),)

        def refused(obj: Any) -> Any:
            found = tokens.get(id(obj))  # the build's own site and maps
            if found is not None:
                return _token, (found,)
            raise Uncacheable(type(obj).__name__)

        def shared(obj: Any) -> Any:
            found = tokens.get(id(obj))
            if found is not None:
                return _token, (found,)
            return obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)

        # Every model class there is now (a class made later would pickle by its state:
        # a key that may differ between processes, so a file made again, never a stale one).
        reducers: dict[type, Callable[[Any], Any]] = dict.fromkeys(_subclasses(BaseModel), model)
        reducers[Language] = language
        reducers.update(dict.fromkeys((Site, SiteMaps, *_REFUSED), refused))
        for analysis in raw(site.analyses):  # the only shared objects that are not models
            reducers.setdefault(type(analysis), shared)
        self._shared = shared
        return reducers

    def share(self, obj: Any, name: str) -> None:
        """Count `obj` by `name` in keys: an object of the build whose reads of the site
        are recorded (the maps: their values are a Memo's)."""
        self.tokens[id(obj)] = (name,)
        self.reducers.setdefault(type(obj), self._shared)

    def _pickled(self, value: Any, own: object = None) -> bytes:
        """`value`'s bytes; `own`, an item pickled for its token, counts by its fields."""
        buffer = io.BytesIO()
        self._own = own
        try:
            _Pickler(buffer, self.reducers).dump(value)
        finally:
            self._own = None
        return buffer.getvalue()

    def same(self, new: Any, old: Any, before: Keys) -> bool:
        """Whether `new` (handed to a file in this build) pickles to the bytes `old` did in
        the build of `before`: a partial rebuild keeps a file handed the same values
        without keying it (pages/base.py). Exact where it says yes; a value it cannot
        follow (a float, a class of its own) is simply not the same."""
        if new is old:  # content items are never changed in place
            return True
        token = before.tokens.get(id(old))
        if token is not None:  # the site, its maps, a content item: by what they count as
            return token == self.tokens.get(id(new))
        kind = type(new)
        if kind is not type(old) or id(new) in self.tokens:
            return False
        if kind in _PLAIN:
            return bool(new == old)
        if kind is datetime:  # equal across time zones, but pickled with their own
            return repr(new) == repr(old)
        if kind is Language:
            return bool(new.code == old.code)
        if kind is list or kind is tuple:
            if same_items(new, old):  # most lists
                return True
            return len(new) == len(old) and self._all_same(new, old, before)
        if kind is dict:  # pickled in their order
            return list(new) == list(old) and self._all_same(new.values(), old.values(), before)
        if _pickled_by_state(kind) and hasattr(new, "__dict__"):  # its __dict__, in order
            state, state_old = vars(new), vars(old)
            return list(state) == list(state_old) and self._all_same(
                state.values(), state_old.values(), before
            )
        return False

    def _all_same(self, new: Iterable[Any], old: Iterable[Any], before: Keys) -> bool:
        # The very same object first, without a call: most values of a page handed again.
        return all(a is b or self.same(a, b, before) for a, b in zip(new, old, strict=True))

    def changed_since(self, then: dict[Input, bytes], before: Keys | None) -> frozenset[Input]:
        """The inputs of `then` (digests as the build of `before` left them) whose digest
        now differs. An entry that is the very object it was in `before`'s site, or a list
        of the very same objects (an index), is not digested again: the same objects give
        the same digest (content items are never changed in place). A partial rebuild's
        site keeps every item of an unchanged file: most inputs are found unchanged so."""
        old = before.site if before is not None else None
        digest_now = self.ledger.digest
        return frozenset(
            one
            for one, was in then.items()
            if not (old is not None and _same_entry(self.site, old, one)) and digest_now(one) != was
        )

    def key(self, name: str, template: str, variables: Any) -> bytes | None:
        """The key of the file written to `name`, or None when it cannot have one."""
        try:
            values = self._pickled(variables)
        except (Uncacheable, pickle.PicklingError, TypeError, AttributeError):
            return None
        return digest([self.root, name.encode(), template.encode(), values])

    def _input_digest(self, one: Input) -> bytes:
        collection = getattr(self.site, one[0])
        value = raw_entry(collection, one[1]) if len(one) > 1 else raw(collection)
        # A content item read by id counts by its token (its file's digest, or its fields'
        # digest made above): the same bytes as pickling it would give, without doing so
        # for each of the ten thousand events a rebuild compares.
        token = self.tokens.get(id(value))
        if token is not None:
            return digest([repr(one).encode(), repr(token).encode()])
        if value is None:  # an index's missing entry: most events are cited nowhere
            return digest([repr(one).encode()])
        if type(value) is list or type(value) is tuple:  # an index's entry: items by token
            marks = self._marks(value)
            if marks is not None:
                return digest([repr(one).encode(), type(value).__name__.encode(), marks])
        return digest([repr(one).encode(), self._pickled(value)])

    def _marks(self, items: list | tuple) -> bytes | None:
        """The digests of the items' tokens, joined (None unless each has one): an index
        of hundreds of events digested without pickling each event's token again, for
        every index entry a rebuild's kept pages read."""
        marks, tokens = self._token_marks, self.tokens
        joined = []
        for item in items:
            mark = marks.get(id(item))
            if mark is None:
                token = tokens.get(id(item))
                if token is None:
                    return None
                mark = marks[id(item)] = digest([repr(token).encode()])
            joined.append(mark)
        return b"".join(joined)
