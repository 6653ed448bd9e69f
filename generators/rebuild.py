"""The preview server's rebuild after a save: partial when it can be (build/partial.py),
else a whole build.

While a `Session` is open, each whole build notes, for each generator, the files it made
and what it read outside them (pages() and the like), and what every generator read while
the context was made (the analyses link events by title there). After a save that changed
only content items' files, `Session.rebuild` loads the site again (reading only the saved
files), finds the inputs whose digest changed, has each generator derive its context again
(`SitrepGenerator.refresh`), and runs only the generators that made a file reading a
changed input or read one themselves; their pages handed the same values, whose inputs did
not change, are kept without keying. Anything else (a template, the settings, an analysis,
a new or deleted file, a page that appears or goes, a changed input a generator read while
the context was made and cannot derive again) gets a whole build, as does every save
outside a session. docs/architecture.md says it in full.
"""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from .build.csp import Guard
from .build.executor import Executor
from .build.finish import PAGEFIND_FOLDER, index_if_asked
from .build.fragments import Fragments
from .build.inputs import Input, recording
from .build.partial import NotPartial, PartialStore, Snapshot, run_checked
from .build.store import Keying, OutputStore
from .build.writer import StoreWriter
from .content.loader import expect_changes
from .content.schema import KINDS
from .pages.base import SitrepGenerator, site_for
from .settings import sitrep_settings

# What a partial rebuild swaps in the context: restored when it fails.
_CONTEXT = ("sitrep", "sitrep_store", "sitrep_fragments", "maps")


class Session:
    """The builds of one preview server (`sitrep serve`)."""

    def __init__(self) -> None:
        self.context: dict[str, Any] | None = None
        self.generators: list[Any] = []
        self.outputs: list[Callable[[Any], None]] = []  # each one's own generate_output
        self.owned: list[set[str]] = []  # the files each made in the last build
        self.reads: list[frozenset[Input]] = []  # what each read making them
        self.context_reads: list[frozenset[Input]] = []  # each one's, making the context
        self.snapshot: Snapshot | None = None
        self.guard: Guard | None = None
        self.code = b""
        self.keys: Keying | None = None  # the last build's: what its files were handed
        self.last = ""  # why the last rebuild was whole, or what the partial one made
        self._touched = False  # whether the rebuild under way changed the generators' state

    def watch(self, generator: Any) -> None:
        """Note what `generator` (of the build under way) reads and makes."""
        if generator.context is not self.context:  # a new build
            self.context, self.snapshot = generator.context, None
            self.generators, self.outputs, self.owned, self.reads = [], [], [], []
            self.context_reads = []
        index = len(self.generators)
        if isinstance(generator, SitrepGenerator):
            generator.keeps_handed = True
        self.generators.append(generator)
        self.outputs.append(generator.generate_output)
        self.owned.append(set())
        self.reads.append(frozenset())
        self.context_reads.append(frozenset())
        make_context, make_output = generator.generate_context, generator.generate_output

        def generate_context() -> None:
            with recording() as reads:
                make_context()
            self.context_reads[index] = frozenset(reads)

        def generate_output(writer: Any) -> None:
            store = generator.context.get("sitrep_store")
            before = set(store.handled) if store is not None else set()
            with recording() as reads:
                make_output(writer)
            self.reads[index] = frozenset(reads)
            if store is not None:
                self.owned[index] = store.handled - before

        generator.generate_context = generate_context
        generator.generate_output = generate_output

    def built(self, store: OutputStore, guard: Guard, folder: Path) -> None:
        """A whole build swapped in `folder`, made with `store`: the next rebuild starts
        from it."""
        self.snapshot = Snapshot.of(store, folder)
        self.guard, self.code, self.keys = guard, store.code, store.keys
        if store.keys is not None:  # what was read outside the files is compared too
            digest_now = store.keys.ledger.digest
            for reads in (*self.context_reads, *self.reads):
                self.snapshot.note(reads, digest_now)

    def failed(self) -> None:
        self.snapshot = None

    def can_follow(self, paths: Collection[str]) -> bool:
        """Whether a partial rebuild may follow the change of `paths`: content items'
        files, all still there, into the site the last build left."""
        if self.snapshot is None or self.context is None or not self.snapshot.current():
            return False
        if sitrep_settings(self.context).SITREP_VERIFY:
            return False
        root = os.path.abspath(self.context["PATH"])
        for path in paths:
            relative = os.path.relpath(os.path.abspath(path), root).split(os.sep)
            if relative[0] not in KINDS or relative[0] == "areas":  # an outline's own file
                return False
            if not relative[-1].endswith(".yaml") or not os.path.isfile(path):
                return False
            if os.path.islink(path):  # checked before anything is read, by a whole build
                return False
        return bool(paths)

    def rebuild(
        self, paths: Collection[str], shown: Callable[[list[str]], None] | None = None
    ) -> list[str] | None:
        """Rebuild after `paths` changed: the files written into the served site, or None
        when only a whole build can rebuild it (nothing was written then). `shown` hears
        of the files each generator made as soon as they are written: the edited item's
        pages first, the files that list the whole site (the data files, /map/) last."""
        if not self.can_follow(paths):
            self.last = "a whole build: not only content items changed"
            return None
        assert self.context is not None and self.snapshot is not None and self.guard is not None
        context = self.context
        guard = self.guard.after_changes([os.path.abspath(p) for p in paths], Executor())
        store = PartialStore(self.snapshot, guard, self.code)
        store.before = self.keys
        before = {name: context.get(name) for name in _CONTEXT}
        self._touched = False
        try:
            expect_changes(paths)
            old_site = context.pop("sitrep")
            context["sitrep_store"] = store
            site_for(context)  # validated again: only the saved files are read
            assert store.keys is not None  # made by site_for
            changed = store.changed()
            everything = self._refresh(old_site, changed, store.keys)
            targets = {
                name
                for name, entry in self.snapshot.entries.items()
                if not changed.isdisjoint(entry.inputs)
            }
            written: list[str] = []

            def publish() -> None:
                # What is made is served at once: the edited event's page first (a generator
                # makes the pages that read what changed before it checks the others), then
                # each generator's files, the lists that show it before the data files.
                guard.check()
                made = store.commit()
                written.extend(made)
                if made and shown is not None:
                    shown(made)

            store.targets, store.publish = targets, publish
            store.changed_items = self._saved_items(paths)
            only = None if everything else targets
            for later in (False, True):
                for _generator in self._run(later, store, changed, only):
                    publish()
            store.settle()
            if written and sitrep_settings(context).SITREP_SEARCH:
                # The search index of every page, made anew as a whole build makes it.
                shutil.rmtree(self.snapshot.folder / PAGEFIND_FOLDER, ignore_errors=True)
                index_if_asked(self.snapshot.folder, context)
        except NotPartial as why:
            self.last = f"a whole build: {why}"
            self._restore(before)
            self.snapshot = None  # the whole build that follows makes a new one
            return None
        except BaseException:
            self._restore(before)
            if self._touched:  # the generators' notes may be of a site never written
                self.snapshot = None
            raise
        finally:
            gc.unfreeze()  # what site_for and the generators froze
        self.guard, self.keys = guard, store.keys
        self.last = f"{len(written)} files made again, {len(targets)} read what changed"
        return written

    def _saved_items(self, paths: Collection[str]) -> set[int]:
        """The ids of the items of the saved files (an item's file is its kind's folder,
        its name its id), in the site just loaded."""
        assert self.context is not None
        site, root = self.context["sitrep"], os.path.abspath(self.context["PATH"])
        found = set()
        for path in paths:
            kind = os.path.relpath(os.path.abspath(path), root).split(os.sep)[0]
            item = site.kind(kind).get(Path(path).stem) if kind in KINDS else None
            if item is not None:
                found.add(id(item))
        return found

    def _refresh(self, old_site: Any, changed: frozenset[Input], keys: Keying) -> bool:
        """Have each generator derive again what its context holds of the site; True when
        what one derived may differ (every generator then runs again)."""
        assert self.snapshot is not None and self.context is not None
        fragments = self.context["sitrep_fragments"] = Fragments()
        everything = False
        for index, generator in enumerate(self.generators):
            generator.env.globals["cached"] = fragments
            derived = False
            if isinstance(generator, SitrepGenerator):
                with recording() as reads:
                    derived = generator.refresh(old_site, changed)
            if derived:
                self._touched = everything = True
                self.context_reads[index] = frozenset(reads)
                self.snapshot.note(reads, keys.ledger.digest)
            elif not self.context_reads[index].isdisjoint(changed):
                raise NotPartial(f"{type(generator).__name__} read what changed")
        return everything

    def _run(
        self,
        later: bool,
        store: PartialStore,
        changed: frozenset[Input],
        targets: set[str] | None,
    ) -> Iterator[Any]:
        """Run again the generators (those of `later` files or not) that made a file of
        `targets` (None: all) or read what changed; yields each after it ran, its files
        made but not yet committed."""
        assert self.snapshot is not None and store.keys is not None
        writer = StoreWriter(str(self.snapshot.folder), settings=self.context)
        for index, generator in enumerate(self.generators):
            owned = self.owned[index]
            if getattr(generator, "later", False) != later or not owned:  # not: static files
                continue
            untouched = targets is not None and owned.isdisjoint(targets)
            if untouched and self.reads[index].isdisjoint(changed):
                continue
            self._touched = True
            with recording() as reads:
                make = partial(self.outputs[index], writer)
                run_checked(owned, store, make, type(generator).__name__)
            self.reads[index] = frozenset(reads)
            self.snapshot.note(reads, store.keys.ledger.digest)
            yield generator

    def _restore(self, before: dict[str, Any]) -> None:
        assert self.context is not None
        for name, value in before.items():
            if value is None:
                self.context.pop(name, None)
            else:
                self.context[name] = value
        for generator in self.generators:
            generator.env.globals["cached"] = before["sitrep_fragments"]


_session: Session | None = None


@contextmanager
def session() -> Iterator[Session]:
    """Within it, builds note what a partial rebuild needs (the preview server's)."""
    global _session
    _session = Session()
    try:
        yield _session
    finally:
        _session = None


def active() -> Session | None:
    return _session
