"""How sitrep plugs into Pelican: validates the content, then adds the situation-report
pages.

`register()` is the one place where sitrep plugs into Pelican, so that `sitrep build` and
plain `pelican content -s pelicanconf.py` build the same site.
"""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

from pelican import signals

from . import rebuild
from .build import readercache
from .build.csp import Guard, apply_csp
from .build.digests import reading_digest
from .build.executor import executor_for
from .build.finish import finish
from .build.fragments import fragments_for
from .build.output import build_atomically, files_below, guard_output
from .build.progress import BuildProgress
from .build.store import OutputStore
from .build.writer import StoreWriter
from .content import sensitive
from .content.i18n import languages_for
from .content.loader import check_links
from .errors import ContentInvalid, KeptFilesDiffer, OutputRefused, SettingsInvalid
from .pages import search
from .pages.analyses import AnalysesGenerator, HomeGenerator
from .pages.base import SitrepGenerator, compiled_templates, install_language
from .pages.changes import ChangesGenerator
from .pages.days import DaysGenerator
from .pages.directory import ActorsGenerator, PlacesGenerator, SourcesGenerator
from .pages.events import EventsGenerator
from .pages.exports import DataGenerator
from .pages.feeds import FeedsGenerator
from .pages.indicators import IndicatorsGenerator
from .pages.maps import MapGenerator
from .pages.search import SearchGenerator
from .pages.securitytxt import SecurityTxtGenerator
from .pages.shards import write_remotely
from .settings import KEY as SETTINGS_KEY
from .settings import check as check_settings
from .settings import sitrep_settings
from .views import linkeddata, present

logger = logging.getLogger(__name__)

GENERATORS = [
    AnalysesGenerator,
    EventsGenerator,
    ActorsGenerator,
    PlacesGenerator,
    SourcesGenerator,
    DaysGenerator,
    IndicatorsGenerator,
    ChangesGenerator,
    HomeGenerator,
    DataGenerator,
    FeedsGenerator,
    SearchGenerator,
    MapGenerator,
    SecurityTxtGenerator,
]


def _generators(pelican) -> list[type[SitrepGenerator]]:
    return GENERATORS


def _initialized(pelican) -> None:
    pelican.settings["JINJA_FILTERS"] = {**present.FILTERS, **pelican.settings["JINJA_FILTERS"]}
    pelican.settings["JINJA_GLOBALS"] = {
        **present.GLOBALS,
        **linkeddata.GLOBALS,
        **search.GLOBALS,
        **pelican.settings["JINJA_GLOBALS"],
    }
    # Analyses are read by a reader that keeps their conversion between builds.
    pelican.settings["READERS"] = {**readercache.READERS, **pelican.settings["READERS"]}
    # Translated analyses are written by sitrep, in their language's pages (analyses.py).
    pelican.settings["ARTICLE_LANG_SAVE_AS"] = ""
    # Interface labels come from the message catalogue through gettext.
    jinja = dict(pelican.settings["JINJA_ENVIRONMENT"])
    jinja["extensions"] = [*jinja.get("extensions", ()), "jinja2.ext.i18n"]
    pelican.settings["JINJA_ENVIRONMENT"] = jinja
    run = pelican.run
    final = Path(pelican.output_path)

    # Pelican has no hook around a whole build, so the run is wrapped: it writes into a
    # staging folder that replaces output/ only once everything succeeded.
    def atomic_run() -> None:
        guard_output(final, Path(pelican.path), Path(pelican.path).parent)
        # Before Pelican reads a file: a link out of the content folder is never followed.
        if refused := check_links(Path(pelican.path)):
            raise ContentInvalid(refused)

        def build(staging: Path) -> None:
            # What lives from an earlier build of this process (the preview server's kept
            # content and manifest: millions of objects) is not garbage: out of the
            # collector's sight while this build allocates, as the site is (base.py).
            gc.freeze()
            guard = Guard(pelican.settings, executor)
            code = reading_digest(pelican.settings)
            store = pelican.settings["sitrep_store"] = OutputStore(staging, final, guard, code)
            store.verify = checked.SITREP_VERIFY
            pelican.output_path = pelican.settings["OUTPUT_PATH"] = str(staging)
            try:
                run()
                store.prune()  # the spare's pages that are gone: before the sitemap lists them
                if store.stale:  # --verify: nothing is swapped in
                    raise KeptFilesDiffer(store.stale)
                # One walk of the built site for the sitemap and the policy of Pelican's
                # pages (the search index adds no page to it).
                files = list(files_below(staging))
                finish(staging, pelican.settings, files)  # sitemap, search: before the swap
            finally:
                pelican.output_path = pelican.settings["OUTPUT_PATH"] = str(final)
                del pelican.settings["sitrep_store"]
                gc.unfreeze()  # what the build froze (base.py) is garbage once it ends
            # sitrep's pages got their policy as they were written; Pelican's get it here.
            apply_csp(staging, guard, store.entries, files)
            store.save(files)
            made.append((store, guard))
            logger.info(
                "%d of %d files unchanged since the previous build, kept without rendering",
                store.reused,
                len(store.entries),
            )

        try:
            # Every setting of sitrep's checked at once, before anything is read or built.
            checked = pelican.settings[SETTINGS_KEY] = check_settings(pelican.settings)
            # Where pages are rendered (a cluster's scheduler is reached here, before work).
            executor = executor_for(checked.SITREP_EXECUTOR)
            previews = rebuild.active()
            made: list[tuple[OutputStore, Guard]] = []
            try:
                executor.start(pelican.settings)
                with BuildProgress():
                    build_atomically(final, build)
            except BaseException:
                if previews is not None:
                    previews.failed()
                raise
            finally:
                executor.close()
            if previews is not None:  # the preview server's next rebuild may be partial
                previews.built(*made[0], final)
        except (ContentInvalid, OutputRefused, SettingsInvalid, KeptFilesDiffer) as exc:
            # Raw: the settings may be what failed their check.
            if pelican.settings.get("SITREP_RAISE", False):
                raise
            # An author needs the list of errors, not a traceback.
            print(exc, file=sys.stderr)
            raise SystemExit(exc.exitcode) from None

    pelican.run = atomic_run


def _generator_init(generator) -> None:
    """Every generator's templates (Pelican's too) start in the site's main language, with
    the build's fragment cache and compiled templates."""
    install_language(generator.env, languages_for(generator.context)[0])
    generator.env.globals["cached"] = fragments_for(generator.context)
    # How sensitive coordinates are published (content/sensitive.py), for pages to say so.
    precision = sitrep_settings(generator.context).SENSITIVE_PRECISION
    generator.env.globals["SENSITIVE_KM"] = sensitive.km(precision)
    generator.env.globals["SENSITIVE_DIGITS"] = sensitive.digits(precision)
    generator.env.bytecode_cache = compiled_templates(generator.context)
    if (previews := rebuild.active()) is not None:
        previews.watch(generator)


def _writer(pelican) -> type[StoreWriter]:
    return StoreWriter


# How pages rendered on a cluster are written (pages/shards.py builds on pages/base.py).
SitrepGenerator.remote_writer = staticmethod(write_remotely)


def register() -> None:
    signals.initialized.connect(_initialized)
    signals.get_generators.connect(_generators)
    signals.generator_init.connect(_generator_init)
    signals.get_writer.connect(_writer)
