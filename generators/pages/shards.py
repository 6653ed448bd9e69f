"""A generator's pages rendered by the workers of a distributed build (build/executor.py's
`DaskExecutor`), and written by the building process.

The building process lists the pages, keys them and keeps those it can, as a local build
does; it cuts the others into shards, each a task naming the pages by their place in the
generator's `pages()`. A worker shares no memory with it: once per build it reads the same
settings file with the same overrides and loads the site as a build does (Pelican's
generators, `site_for`, the tracked site), so that a page reads and records the same inputs
and renders to the same bytes. It hands back each page's bytes and recorded inputs; the
building process writes them through its own store, which records them in the manifest as
if it had rendered them itself.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from pelican import Pelican, signals
from pelican.settings import read_settings

from ..build import parallel
from ..build.csp import Guard
from ..build.digests import reading_digest
from ..build.executor import DaskExecutor, Rendered, Shard, ShardDone, Source
from ..build.inputs import recording
from ..build.store import OutputStore, WorkerStore
from ..content.i18n import Language, languages_for
from ..errors import SettingsInvalid
from ..settings import KEY, check
from .base import Page, SitrepGenerator, install_language


def _name(generator: Any) -> str:
    return f"{type(generator).__module__}.{type(generator).__qualname__}"


def write_remotely(
    generator: SitrepGenerator, pages: Sequence[Page], store: OutputStore, advance: Callable
) -> None:
    """Write `pages`, in the generator's current language: those the store keeps, kept;
    the others rendered by the cluster, a shard a task, or here when they are few."""
    executor = store.guard.executor
    assert isinstance(executor, DaskExecutor)
    todo: list[tuple[int, str, bytes | None, bool, Callable[[], str]]] = []
    for index, (url, template, variables) in enumerate(pages):
        name, key, render = generator.prepare_page(url, template, variables)
        kept = store.kept(name, key)
        if kept and not store.verify:
            advance()
            continue
        todo.append((index, name, key, kept, render))
    if len(todo) < max(executor.min_pages, 1):
        for _index, name, key, kept, render in todo:
            store.page(name, key, render, kept)
            advance()
        return
    assert executor.source is not None, "the executor was not started"
    # As few shards as the shard size allows, of equal size (no last shard of a few pages).
    count = -(-len(todo) // executor.shard_pages)
    shards = [
        Shard(
            executor.source,
            store.code,
            _name(generator),
            generator.language.code,
            tuple((index, name) for index, name, *_ in todo[start:stop]),
        )
        for start, stop in parallel.shares(len(todo), count)
    ]
    wanted = {name: (key, kept) for _index, name, key, kept, _render in todo}
    del todo
    for done in executor.render(render_shard, shards):
        store.guard.errors += done.errors
        for page in done.pages:
            key, kept = wanted[page.name]
            store.put(page.name, key, page.data, page.inputs, kept)
            advance()


# --- in a worker ------------------------------------------------------------------------

# Rendering is not thread-safe (recordings, the generators' language): a worker's threads
# take turns. Give workers one thread and more processes (docs/publishing.md).
_lock = threading.Lock()
_loaded: _Build | None = None


class _Build:
    """The site of one build as a worker loads it: Pelican's run up to the pages."""

    def __init__(self, source: Source, code: bytes):
        self.id = source.build
        overrides = {**source.overrides, "SITREP_EXECUTOR": "serial", "SITREP_CACHE": False}
        # The content cache is the building process's: workers validate, and never write it.
        settings = read_settings(source.settings_file, override=overrides)
        pelican = Pelican(settings)  # registers the plugin, as the build's did
        if reading_digest(settings) != code:
            raise SettingsInvalid(
                "SITREP_EXECUTOR: a Dask worker runs other code or settings than the build "
                "(sitrep, its libraries, Python or the settings file differ): install the "
                "same sitrep on every worker, beside the same project folder"
            )
        settings[KEY] = check(settings)
        self.store = WorkerStore(Guard(settings), code)
        settings["sitrep_store"] = self.store
        # As Pelican.run, but for the output: every generator's context, Pelican's own too
        # (the analyses), for pages read what any generator put there.
        context = settings.copy()
        context.update(generated_content={}, static_links=set(), static_content={})
        context["localsiteurl"] = settings["SITEURL"]
        generators = [
            cls(
                context=context,
                settings=settings,
                path=pelican.path,
                theme=pelican.theme,
                output_path=pelican.output_path,
            )
            for cls in pelican._get_generator_classes()
        ]
        with _quiet():  # the building process said what loading the site has to say
            for one in generators:
                if hasattr(one, "generate_context"):
                    one.generate_context()
                if hasattr(one, "check_disabled_readers"):
                    one.check_disabled_readers()
        signals.all_generators_finalized.send(generators)
        for one in generators:
            if hasattr(one, "refresh_metadata_intersite_links"):
                one.refresh_metadata_intersite_links()
        self.store.keys = None  # the building process keys the pages
        self.generators = {_name(g): g for g in generators if isinstance(g, SitrepGenerator)}
        self.languages = {language.code: language for language in languages_for(context)}
        self.pages: dict[tuple[str, str], list[Page]] = {}

    def pages_of(self, generator: SitrepGenerator, language: Language) -> list[Page]:
        """The generator's pages in `language`, listed once for the shards that need them."""
        generator.language = language
        install_language(generator.env, language)
        found = self.pages.get((_name(generator), language.code))
        if found is None:
            found = self.pages[(_name(generator), language.code)] = generator.pages()
        return found


@contextmanager
def _quiet() -> Iterator[None]:
    """No warning of sitrep's or Pelican's logged inside the block."""
    loggers = [logging.getLogger(name) for name in ("generators", "pelican")]
    levels = [one.level for one in loggers]
    for one in loggers:
        one.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for one, level in zip(loggers, levels, strict=True):
            one.setLevel(level)


def _build_for(shard: Shard) -> _Build:
    """The loaded site of the shard's build: the one loaded last, or loaded now."""
    global _loaded
    if _loaded is None or _loaded.id != shard.source.build:
        _loaded = None
        gc.unfreeze()  # what the previous build froze (base.py) may go now
        gc.collect()
        _loaded = _Build(shard.source, shard.code)
    return _loaded


def render_shard(shard: Shard) -> ShardDone:
    """A Dask task: the shard's pages rendered, each with its recorded inputs."""
    with _lock:
        start = time.perf_counter()
        build = _build_for(shard)
        loading, start = time.perf_counter() - start, time.perf_counter()
        generator = build.generators[shard.generator]
        pages = build.pages_of(generator, build.languages[shard.language])
        guard = build.store.guard
        rendered = []
        for index, name in shard.pages:
            made, _key, render = generator.prepare_page(*pages[index])
            if made != name:
                raise RuntimeError(f"{shard.generator} listed {made} where the build has {name}")
            with recording() as reads:
                data = guard.secure(name, render()).encode("utf-8")
            rendered.append(Rendered(name, data, frozenset(reads)))
        errors, guard.errors = guard.errors, []
        return ShardDone(rendered, errors, time.perf_counter() - start, loading)
