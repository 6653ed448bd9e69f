"""What a page is made of, as one key: equal keys mean equal pages, so a rebuild can keep
the previous build's file instead of rendering it again (see generators/store.py).

A page's key hashes three things:

- what every page may read without it being passed in: the sitrep code and the installed
  libraries, the theme, the settings, and every content file except events. Templates and
  their helpers look actors, places, sources, areas and analyses up in the site, so a change
  to any of these gives every page a new key; they change far less often than events do.
- the page itself: its output path, template and language.
- the variables the generator passed to the template, pickled. An event inside them counts
  by the bytes of its file, not by value, so that pickling a page that lists ten thousand
  events costs ten thousand lookups. Objects that cannot be told apart by their bytes (the
  whole site, a function's closure) make the page uncacheable: it is rendered every time.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..content.analysis_meta import AnalysisFile
from ..content.i18n import Language
from ..content.model import Site
from ..content.schema import Event
from .digests import code_digest, digest, tree

# Settings that differ between two builds of the same site without changing any page (the
# content itself is hashed, wherever it is; --verify and how errors are reported change
# how the build runs, not what it writes: a verifying build must see the kept pages' keys).
_PER_BUILD = {
    "PATH",
    "OUTPUT_PATH",
    "PLUGIN_PATHS",
    "CACHE_PATH",
    "SITREP_CACHE",
    "SITREP_VERIFY",
    "SITREP_RAISE",
}
_PLAIN = (str, int, float, bool, type(None))


class Uncacheable(Exception):
    """Raised while pickling a page's variables that hold something with no stable bytes."""


def _is_event_file(relative: str) -> bool:
    return relative.startswith("events/") and relative.endswith(".yaml")


def _plain_settings(settings: Mapping[str, Any]) -> bytes:
    """The settings that are plain data (the rest are code, hashed with the code)."""

    def plain(value: Any) -> bool:
        if isinstance(value, _PLAIN):
            return True
        if isinstance(value, list | tuple):
            return all(plain(v) for v in value)
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        return False

    kept = {k: v for k, v in settings.items() if k.isupper() and k not in _PER_BUILD and plain(v)}
    return repr(sorted(kept.items())).encode()


def reading_digest(settings: Mapping[str, Any]) -> bytes:
    """What reading any file may depend on: the sitrep code, the libraries, the settings."""
    return digest([code_digest(), _plain_settings(settings)])


def shared_digest(settings: Mapping[str, Any]) -> bytes:
    """What every page may depend on: code, libraries, theme, settings, non-event content."""
    return digest(
        [
            reading_digest(settings),
            *tree(Path(settings["THEME"])),
            *tree(Path(settings["PATH"]), _is_event_file),
        ]
    )


def _token(value: Any) -> Any:
    return value  # what a token unpickles to; only the pickled bytes matter


class _Pickler(pickle.Pickler):
    def __init__(self, file, tokens: dict[int, tuple]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.tokens = tokens

    # reducer_override, unlike persistent_id, is not called for builtin types (strings,
    # numbers, lists, dicts, sets): most of what a page's variables hold. Sets iterate in an
    # order that varies between processes, so models count by their fields, not their state
    # (which holds the set of fields given); generators pass no bare sets to templates.
    def reducer_override(self, obj: Any) -> Any:
        token = self.tokens.get(id(obj))
        if token is None:
            if isinstance(obj, BaseModel):
                private = obj.__pydantic_private__ or {}
                token = (type(obj).__qualname__, obj.__dict__, sorted(private.items()))
            elif isinstance(obj, Language):
                token = ("language", obj.code)
            elif isinstance(obj, AnalysisFile):  # its file is part of the shared digest
                token = ("analysis", obj.path)
            elif isinstance(obj, Site):  # reached through a bound method, say: too much
                raise Uncacheable(type(obj).__name__)
            else:
                return NotImplemented
        return _token, (token,)


class Fingerprints:
    """Keys of the pages of one build."""

    def __init__(self, site: Site, settings: Mapping[str, Any]):
        self.shared = shared_digest(settings)
        # Events count by their file's bytes; other items by kind and id, their files being
        # in the shared digest. Keyed by object identity: the site lives for the whole build.
        self.tokens: dict[int, tuple] = {}
        for kind in ("actors", "places", "sources", "indicators", "areas"):
            for item_id, item in site.kind(kind).items():
                self.tokens[id(item)] = (kind, item_id)
        for event_id, event in site.events.items():
            # The id too: it is the file's name, which two files of equal bytes differ by.
            file_digest = site.documents[("events", event_id)].digest
            self.tokens[id(event)] = ("event", event_id, file_digest)

    def of_event(self, event: Event, *more: str) -> bytes:
        """The key of something made of one event alone (and of what every page may read),
        with `more` of what it is made of (a base URL, say)."""
        _, event_id, file_digest = self.tokens[id(event)]
        return digest([self.shared, event_id.encode(), file_digest, *(m.encode() for m in more)])

    def key(self, name: str, template: str, variables: Mapping[str, Any]) -> bytes | None:
        """The key of the page written to `name`, or None when it cannot have one."""
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, self.tokens).dump(dict(variables))
        except (Uncacheable, pickle.PicklingError, TypeError, AttributeError):
            return None
        return digest([self.shared, name.encode(), template.encode(), buffer.getvalue()])
