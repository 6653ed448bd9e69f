"""What every sitrep page generator shares: the validated site, templates and the writer.

Every page is written once per language of the site: at the root for the main language,
under `/<code>/` for the others. While a generator writes a language, `self.language` is
that language, its translations are installed in the templates (`_()`, `{% trans %}`), the
vocabularies are translated, and `SITEURL` points at that language's root, so that every
link of a page leads to pages in its language. `ROOT_URL` is the site's root, for files
shared by all languages (the stylesheet).
"""

from __future__ import annotations

import gc
import inspect
import logging
from collections import ChainMap
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar, cast

from jinja2 import Template
from jinja2.bccache import Bucket, BytecodeCache
from pelican.generators import Generator
from pelican.utils import get_relative_path, path_to_url

from ..build.executor import DaskExecutor
from ..build.inputs import Input, recording
from ..build.partial import PartialStore
from ..build.progress import current
from ..build.store import OutputStore, Taken
from ..content.contentcache import cache_for
from ..content.i18n import Language, languages_for, template_gettext
from ..content.loader import load_site
from ..content.model import Site
from ..content.untranslated import untranslated
from ..errors import ContentInvalid
from ..settings import sitrep_settings
from ..views import present
from .keys import Keys, same_items, track

logger = logging.getLogger(__name__)
T = TypeVar("T")


def site_for(context: dict) -> Site:
    """The validated content of this build, loaded once and shared by all generators."""
    if "sitrep" not in context:
        codes = tuple(language.code for language in languages_for(context))
        with current().step("Validating content"):
            # --verify validates every file again: the content cache is a cache too.
            checked = sitrep_settings(context)
            cache = None if checked.SITREP_VERIFY else cache_for(context, codes)
            site = load_site(context["PATH"], codes, cache, checked.SENSITIVE_PRECISION)
        # The site lives for the whole build: out of the collector's sight (until the build
        # ends, plugin.py), full collections no longer walk its millions of objects.
        gc.freeze()
        warnings = untranslated(site)
        if warnings and checked.STRICT:
            raise ContentInvalid([w.as_error() for w in warnings])
        if warnings:
            logger.warning(
                "%d items are not fully translated; `sitrep validate` lists them", len(warnings)
            )
        # Pages read the site through collections that record what each page reads.
        context["sitrep"] = site = track(site)
        gc.freeze()  # and so do the collections over it
        if "sitrep_store" in context:
            context["sitrep_store"].keys = Keys(site, context)
        context["LANGUAGES"] = languages_for(context)
    return context["sitrep"]


def install_language(env, language: Language) -> None:
    """Make `env` render in `language`: its gettext and its vocabularies."""
    env.install_gettext_translations(language.translations, newstyle=True)
    env.globals.update(template_gettext(language))
    env.globals.update(present.vocabularies(language))


@dataclass(frozen=True, init=False)
class Deferred:
    """A page's variables, `build(*args)`, made only when the page is rendered: building
    every event page's variables only to hash them took longer than rendering what an edit
    changes. The page's key hashes `args` by value (keys.py), and what `build` reads from
    the site is recorded; so `build` must be a plain function of its arguments, which is
    checked here: a closure or a bound method could read what neither covers."""

    build: Callable[..., dict[str, Any]]
    args: tuple

    def __init__(self, build: Callable[..., dict[str, Any]], *args: Any):
        if not _plain_function(build):
            raise TypeError(f"Deferred needs a module-level function, got {build!r}")
        object.__setattr__(self, "build", build)
        object.__setattr__(self, "args", args)

    def variables(self) -> dict[str, Any]:
        return self.build(*self.args)


# What a generator's `pages()` lists: (url, template, variables), in one language.
Page = tuple[str, str, dict[str, Any] | Deferred]
Keyed = tuple[bytes | None, bool]  # a page's key, and whether the store kept it (--verify)


def page_name(url: str, language: Language) -> str:
    """The file a page of `url` is written to in `language`."""
    save_as = f"{url}index.html" if url.endswith("/") or not url else url
    return language.prefix + save_as


def _same_values(before: tuple[str, Any], now: tuple[str, Any], store: PartialStore) -> bool:
    """Whether a page is handed what it was handed by the last build, as its key counts
    values (keys.py): then, if nothing it read changed, it is the same page."""
    (template, variables), (template_now, variables_now) = before, now
    if template != template_now or store.keys is None or store.before is None:
        return False
    if isinstance(variables, Deferred) and isinstance(variables_now, Deferred):
        if variables.build is not variables_now.build:
            return False
        variables, variables_now = variables.args, variables_now.args
    return store.keys.same(variables_now, variables, store.before)


def _handed_any(variables: dict[str, Any] | Deferred, items: Collection[int]) -> bool:
    """Whether a page is handed one of `items` (ids of objects) as a value of its own."""
    values = variables.args if isinstance(variables, Deferred) else variables.values()
    return any(id(value) in items for value in values)


def _identical(args: tuple, before: tuple) -> bool:
    """Whether `args` are the very objects `before` were (a list or tuple: the very same
    items; a string or a number: an equal one of the same type)."""
    if len(args) != len(before):
        return False
    for new, old in zip(args, before, strict=True):
        if new is old:
            continue
        kind = type(new)
        if kind is not type(old):
            return False
        if kind in (list, tuple):
            if not same_items(new, old):
                return False
        elif kind not in (str, int, bool) or new != old:
            return False
    return True


def _plain_function(make: Callable[..., Any]) -> bool:
    """A module-level function, which reads nothing but its arguments and the site."""
    return inspect.isfunction(make) and not make.__closure__ and "<locals>" not in make.__qualname__


def render_template(template: Template, *layers: dict[str, Any]) -> str:
    """`template.render({**layer, ...})` with the variables copied once: Jinja copies them,
    then copies them again merged into its globals (a ChainMap, slow to copy). A page's
    variables hold some two hundred settings: the copies took a tenth of an event page."""
    variables: dict[str, Any] = {}
    chained = cast(ChainMap, template.globals)  # Jinja makes it so (Environment.make_globals)
    for names in reversed(chained.maps):  # the environment's, then the template's
        variables.update(names)
    for layer in layers:
        variables.update(layer)
    try:
        return template.environment.concat(
            template.root_render_func(template.new_context(variables, shared=True))
        )
    except Exception:
        template.environment.handle_exception()  # Jinja's traceback, pointing at the template


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once and shared by every generator's environment (each of which
    would compile them again): kept in memory for the build, and in the store for the next
    one (Jinja checks what it loads against the template's source and its own version)."""

    def __init__(self, store: OutputStore | None) -> None:
        self.store = store
        self.compiled: dict[str, tuple[str, bytes]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.compiled.get(bucket.key)
        if found is None and self.store is not None:
            found = self.store.recalled("template", bucket.key.encode())
        if found is not None and found[0] == bucket.checksum:
            bucket.bytecode_from_string(found[1])
            self._keep(bucket.key, found)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._keep(bucket.key, (bucket.checksum, bucket.bytecode_to_string()))

    def _keep(self, key: str, compiled: tuple[str, bytes]) -> None:
        self.compiled[key] = compiled
        if self.store is not None:
            self.store.remember("template", key.encode(), compiled)


def compiled_templates(context: dict[str, Any]) -> BytecodeCache:
    """The build's compiled templates, which every generator's environment (Pelican's own
    too) loads from: made with the build's store, once per build (the context is new)."""
    if "sitrep_templates" not in context:
        context["sitrep_templates"] = _CompiledTemplates(context.get("sitrep_store"))
    return context["sitrep_templates"]


class SitrepGenerator(Generator):
    """A Pelican generator over sitrep's content. Subclasses implement `pages()`, which is
    called once per language with `self.language` set."""

    language: Language
    # Writes a generator's pages when a cluster renders them (a Dask executor): shards.py's
    # `write_remotely`, handed in by plugin.py, since shards.py builds on this module.
    remote_writer: ClassVar[Callable[..., None] | None] = None
    # Whether a partial rebuild (rebuild.py) writes its files after the other generators':
    # those of files that list the whole site, which an author waits for least.
    later: ClassVar[bool] = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A build reads each template file once: a new build makes new environments.
        self.env.auto_reload = False
        # Looked up in a dict: Jinja's LRU cache takes a lock and reorders its queue on each
        # include and import, several times a page.
        self.env.cache = {}
        # What each page was handed by the last build, by file, when a preview server's
        # partial rebuilds may follow (`keeps_handed`, set by rebuild.py): a partial rebuild
        # keeps a page handed the same values without keying it again (`_write_changed`).
        self.keeps_handed = False
        self.handed: dict[str, tuple[str, dict[str, Any] | Deferred]] = {}
        self._made: dict[Hashable, tuple[Callable[..., Any], tuple, Any]] = {}  # `again`

    @property
    def site(self) -> Site:
        return site_for(self.context)

    def generate_context(self) -> None:
        # Loading validates everything, before any generator writes a file.
        self._update_context(())
        self.site  # noqa: B018
        self.language = languages_for(self.context)[0]

    def refresh(self, before: Site, changed: frozenset[Input]) -> bool:
        """After a partial rebuild loaded the site again (rebuild.py): derive again what
        `generate_context` derived from the site `before` (and left in the context or on
        the content) from `self.site`, now that the inputs `changed` changed. True when
        what it derived may differ: every generator then runs again. A generator whose
        `generate_context` read a changed input must say True, or the rebuild is whole."""
        return False

    def again(self, key: Hashable, make: Callable[..., T], *args: Any) -> T:
        """`make(*args)`, or what it gave at `key` before, in this build (another language)
        or the last (a partial rebuild's), when `args` are the very objects they were then
        (lists: the very same items). `make` is a module-level function that reads nothing
        of the site: what it gives then depends on `args` alone."""
        if not _plain_function(make):
            raise TypeError(f"again() needs a module-level function, got {make!r}")
        found = self._made.get(key)
        if found is not None and found[0] is make and _identical(args, found[1]):
            return found[2]
        with recording() as reads:
            made = make(*args)
        if reads:  # it read the site: what it gives does not depend on `args` alone
            raise TypeError(f"{make.__qualname__} read the site ({sorted(reads)[:3]})")
        self._made[key] = (make, args, made)
        return made

    def pages(self) -> list[Page]:
        """(url, template, variables) of every page this generator writes in
        `self.language`; urls are the same in every language (no language prefix)."""
        raise NotImplementedError

    def generate_output(self, writer) -> None:
        languages = languages_for(self.context)
        store: OutputStore = self.context["sitrep_store"]
        label = f"Writing {type(self).__name__.removesuffix('Generator').lower()} pages"
        try:
            for language in languages:
                self.language = language
                install_language(self.env, language)
                pages = self.pages()
                if isinstance(store, PartialStore):
                    self._write_changed(pages, store)
                    continue
                for url, template, variables in pages:
                    name = page_name(url, language)
                    store.handled.add(name)  # also those a forked worker writes
                    if self.keeps_handed:
                        self.handed[name] = (template, variables)
                # The pages' variables outlive the writing, as the site does (`site_for`).
                gc.freeze()
                with current().step(label, len(pages)) as advance:
                    if isinstance(store.guard.executor, DaskExecutor):
                        assert self.remote_writer is not None, "plugin.py hands it in"
                        self.remote_writer(self, pages, store, advance)
                        continue

                    def write(share: Sequence[tuple[Page, Keyed | None]]) -> Taken:
                        for page, keyed in share:
                            self._write_keyed(page, keyed, store)
                            advance()
                        return store.take()

                    for share in store.guard.run(self._to_make(pages, store, advance), write):
                        store.merge(share)
        finally:
            self.language = languages[0]
            install_language(self.env, languages[0])

    def _to_make(
        self, pages: Sequence[Page], store: OutputStore, advance: Callable[[], None]
    ) -> list[tuple[Page, Keyed | None]]:
        """The pages the store does not keep, each with its key and whether it was kept
        (--verify) when known. A page a previous build wrote is keyed and kept here, before
        the work is shared out: a rebuild forks only for what it must render (forking per
        generator to key pages it then kept cost a 10,000-event rebuild 1.1 s of CPU, most
        of it the kernel's, copying the memory a worker touches, for no time saved). A page
        no build wrote is keyed by the process that renders it: a cold build keys on every
        core."""
        todo: list[tuple[Page, Keyed | None]] = []
        for page in pages:
            if not store.wrote_before(page_name(page[0], self.language)):
                todo.append((page, None))
                continue
            name, key, _render = self.prepare_page(*page)
            kept = store.kept(name, key)
            if kept and not store.verify:
                advance()
                continue
            todo.append((page, (key, kept)))
        return todo

    def _write_keyed(self, page: Page, keyed: Keyed | None, store: OutputStore) -> None:
        """Write a page `_to_make` listed: keyed here, unless its key is known."""
        if keyed is None:
            self.write_page(*page)
        else:
            name, _, render = self.prepare_page(*page, key=False)
            store.page(name, keyed[0], render, keyed[1])

    def _write_changed(self, pages: Sequence[Page], store: PartialStore) -> None:
        """A partial rebuild's pages (build/partial.py): a page whose inputs did not change
        and that is handed the very objects it was last time is kept without keying it.
        The pages that read what changed or are handed a changed item are made first and
        served at once: the edited event's page is on disk before the other 20,000 are
        checked."""
        rest, items = [], store.changed_items
        for url, template, variables in pages:
            name = page_name(url, self.language)
            if name in store.targets or (items and _handed_any(variables, items)):
                self.handed[name] = (template, variables)
                self.write_page(url, template, variables)
            else:
                rest.append((name, url, template, variables))
        if len(rest) < len(pages) and store.publish is not None:
            store.publish()
        for name, url, template, variables in rest:
            before = self.handed.get(name)
            self.handed[name] = now = (template, variables)
            if before is not None and _same_values(before, now, store) and store.settled(name):
                store.keep(name)
            else:
                self.write_page(url, template, variables)

    def write_page(self, url: str, template: str, variables: dict[str, Any] | Deferred) -> None:
        """Write one page through the build's store, which keeps the previous build's file
        when its key and what it read did not change."""
        store: OutputStore = self.context["sitrep_store"]
        store.page(*self.prepare_page(url, template, variables))

    def prepare_page(
        self, url: str, template: str, variables: dict[str, Any] | Deferred, key: bool = True
    ) -> tuple[str, bytes | None, Callable[[], str]]:
        """One page of `pages()` in `self.language`: its file name, its key (None: not
        keyed, or not asked for: the caller has it) and how to render it."""
        language = self.language
        name = page_name(url, language)
        save_as = name.removeprefix(language.prefix)
        relative = self.settings["RELATIVE_URLS"]
        page: dict[str, Any] = {"output_file": name, "url": name[: -len(save_as)] + url}
        page |= {"page_url": url, "language": language}
        page |= sitrep_settings(self.settings).LANGUAGE_SETTINGS.get(language.code, {})
        # A page links within its language: its SITEURL is that language's root.
        if relative or not language.main:
            root = path_to_url(get_relative_path(name)) if relative else self.settings["SITEURL"]
            page["SITEURL"] = root if language.main else f"{root}/{language.code}"
            if not language.main:
                page["ROOT_URL"] = root
            if relative:
                page["localsiteurl"] = root
        if isinstance(variables, Deferred):
            keyed_as = {**page, "build": variables.build, "args": variables.args}
        else:
            page |= variables
            keyed_as = page
        store: OutputStore = self.context["sitrep_store"]

        def render() -> str:
            # As Pelican's writer: `localsiteurl` lets Pelican's content adjust its links.
            if page.get("localsiteurl"):
                self.context["localsiteurl"] = page["localsiteurl"]
            shown = page | variables.variables() if isinstance(variables, Deferred) else page
            return render_template(self.get_template(template), self.context, shown)

        if not key or store.keys is None:
            return name, None, render
        return name, store.keys.key(name, template, keyed_as), render
