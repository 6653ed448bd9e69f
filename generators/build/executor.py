"""How a build spreads its work: in this process, over this machine's cores, or over a Dask
cluster. `SITREP_EXECUTOR` (settings.py) picks one per build (`executor_for`):

- 'local', the default: `LocalExecutor`, `concurrent.futures` on this machine (parallel.py).
  Forked workers share the loaded site with this process and write their pages themselves.
- 'serial': `Executor`, everything in this process (for profiling, and what a Dask worker
  runs itself).
- 'dask://host:port': `DaskExecutor`, a Dask distributed scheduler (the optional extra
  `sitrep[dask]`, imported only then). Rendering a page is a pure function of its recorded
  inputs, so it can run anywhere the same project folder and the same sitrep are: the pages a
  build must render are cut into shards of `SHARD_PAGES`, one task each. A task is handed
  what a worker needs to load the same site (the settings file and overrides of this build,
  `Shard`), and hands back each page's bytes and recorded inputs (`ShardDone`); this process
  keys the pages, keeps what it can, and writes what comes back through its own store, so
  that only it touches output/ and its manifest is a local build's.

No scheduler is made here: shards are Dask tasks, and Dask places and retries them.
"""

from __future__ import annotations

import logging
import re
import secrets
import statistics
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import ContentError, SettingsInvalid
from .inputs import Input
from .parallel import MIN_ITEMS, Item, Result, in_processes

if TYPE_CHECKING:
    from distributed import Client

logger = logging.getLogger(__name__)

# Pages a Dask task renders: at about half a millisecond a page, a shard is a tenth of a
# second or more of work, against a few milliseconds of scheduling and one round trip.
SHARD_PAGES = 250
# Fewer pages to render than this (an incremental build): rendered here, no round trip.
MIN_REMOTE = MIN_ITEMS
# How long a build waits for the scheduler, then for a first worker.
CONNECT_SECONDS = 10
DASK_ADDRESS = re.compile(r"dask://([^\s/:]+):([0-9]{1,5})")
# Where the building process's settings keep what they were read from (cli/commands.py):
# the settings file and its overrides, which a Dask worker reads again.
SOURCE = "sitrep_source"
INSTALL = "pip install 'sitrep[dask]'"


class Source(NamedTuple):
    """What a worker reads the settings of a build from, and which build it is."""

    settings_file: str
    overrides: dict[str, Any]
    build: str  # new for each build: a worker loads the site again when it changes


class Shard(NamedTuple):
    """One task of a distributed build: pages of one generator in one language."""

    source: Source
    code: bytes  # digests.reading_digest of the build: a worker running other code refuses
    generator: str  # the generator's module and class name
    language: str  # the language's code
    pages: tuple[tuple[int, str], ...]  # each page's index in the generator's pages(), name


class Rendered(NamedTuple):
    """A page as a worker made it: its file name, bytes and recorded inputs."""

    name: str
    data: bytes
    inputs: frozenset[Input]


class ShardDone(NamedTuple):
    pages: list[Rendered]
    errors: list[ContentError]  # content scripts the worker's guard found (csp.py)
    seconds: float  # rendering the shard, on the worker
    loading: float  # loading the site first, on the worker: its first shard of a build


@dataclass(frozen=True)
class ShardFigure:
    pages: int
    seconds: float
    loading: float


class Executor:
    """Runs a build's work in this process ('serial'); the base of the others."""

    def start(self, settings: Mapping[str, Any]) -> None:
        """Called once a build, before anything is read."""

    def map(self, items: Sequence[Item], work: Callable[[Sequence[Item]], Result]) -> list[Result]:
        """`work` over shares of `items`, each share's result in order."""
        return [work(items)]

    def close(self) -> None:
        """Called once a build, when it ended (failed or not)."""

    def __repr__(self) -> str:
        return type(self).__name__ + "()"


class LocalExecutor(Executor):
    """This machine's cores, through a pool of forked processes ('local')."""

    def map(self, items: Sequence[Item], work: Callable[[Sequence[Item]], Result]) -> list[Result]:
        return in_processes(items, work)


@dataclass(repr=False, eq=False)
class DaskExecutor(LocalExecutor):
    """A Dask distributed cluster: `connect` to a scheduler ('dask://host:port'), or hand in
    a `distributed.Client` (a program's, such as a test's on a `LocalCluster`). Other work
    than pages (the policy of Pelican's own pages) runs on this machine."""

    client: Client
    shard_pages: int = 0  # 0: SHARD_PAGES
    min_pages: int = -1  # -1: MIN_REMOTE
    own: bool = False  # made by `connect`: closed with the build
    figures: list[ShardFigure] = field(default_factory=list)  # every shard rendered, in order
    source: Source | None = None
    since: int = 0  # the figures of builds before this one

    def __post_init__(self) -> None:
        self.shard_pages = self.shard_pages or SHARD_PAGES
        self.min_pages = MIN_REMOTE if self.min_pages < 0 else self.min_pages

    @property
    def address(self) -> str:
        return str(self.client.scheduler_info().get("address", "")).removeprefix("tcp://")

    @classmethod
    def connect(cls, setting: str) -> DaskExecutor:
        try:
            from distributed import Client
        except ImportError:
            raise SettingsInvalid(
                f"SITREP_EXECUTOR: {setting!r} needs Dask distributed, an optional extra: {INSTALL}"
            ) from None
        address = setting.removeprefix("dask://")
        try:
            client = Client(f"tcp://{address}", timeout=CONNECT_SECONDS, set_as_default=False)
        except OSError as exc:
            raise SettingsInvalid(
                f"SITREP_EXECUTOR: no Dask scheduler answers at {address} ({exc}); start one "
                f"(`dask scheduler`, then `dask worker {address}` on each machine) or set "
                "SITREP_EXECUTOR = 'local'"
            ) from None
        executor = cls(client, own=True)
        try:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except TimeoutError:
            executor.close()
            raise SettingsInvalid(
                f"SITREP_EXECUTOR: the Dask scheduler at {address} has no worker; start one "
                f"on each machine with `dask worker {address} --nthreads 1`"
            ) from None
        return executor

    def start(self, settings: Mapping[str, Any]) -> None:
        found = settings.get(SOURCE)
        if found is None:
            raise SettingsInvalid(
                "SITREP_EXECUTOR: a Dask build runs through `sitrep build` (its workers read "
                "the settings file it read)"
            )
        settings_file, overrides = found
        overrides = {k: v for k, v in overrides.items() if k != "SITREP_EXECUTOR"}
        self.source = Source(settings_file, overrides, secrets.token_hex(8))
        self.since = len(self.figures)

    def render(
        self, task: Callable[[Shard], ShardDone], shards: Sequence[Shard]
    ) -> Iterator[ShardDone]:
        """Each shard rendered by `task` (a module-level function: workers import it) on the
        cluster, as they are done."""
        from distributed import as_completed

        futures = [
            self.client.submit(task, shard, key=_task_key(shard, n), pure=False)
            for n, shard in enumerate(shards)
        ]
        try:
            for future in as_completed(futures, loop=self.client.loop):
                try:
                    done = future.result()
                except (ImportError, OSError) as exc:  # the worker's machine, not the content
                    raise SettingsInvalid(
                        f"SITREP_EXECUTOR: a Dask worker of {self.address} cannot build this "
                        f"site: {type(exc).__name__}: {exc} (every worker needs the same "
                        "sitrep installed and the project folder at the same path)"
                    ) from None
                self.figures.append(ShardFigure(len(done.pages), done.seconds, done.loading))
                yield done
        finally:
            self.client.cancel(futures)  # those not done, when this build failed

    def close(self) -> None:
        figures = self.figures[self.since :]
        if figures:
            times = [figure.seconds for figure in figures]
            logger.info(
                "%d pages rendered on Dask in %d shards of up to %d pages: a shard took "
                "%.2f s (median), %.2f s at most, after %.2f s loading the site on a worker",
                sum(figure.pages for figure in figures),
                len(figures),
                self.shard_pages,
                statistics.median(times),
                max(times),
                max(figure.loading for figure in figures),
            )
        if self.own:
            self.client.close()

    def __repr__(self) -> str:
        return f"DaskExecutor({self.address!r})"


def _task_key(shard: Shard, number: int) -> str:
    """A task's name on the cluster's dashboard: the build, the generator, the language."""
    generator = shard.generator.rsplit(".", 1)[-1].removesuffix("Generator").lower()
    return f"sitrep-{shard.source.build}-{generator}-{shard.language}-{number}"


def check_setting(value: Any) -> Any:
    """The value of SITREP_EXECUTOR when it is one (settings.py names what it expected)."""
    if isinstance(value, Executor) or value in ("local", "serial"):
        return value
    found = DASK_ADDRESS.fullmatch(value) if isinstance(value, str) else None
    if found and int(found.group(2)) < 65536:
        return value
    raise ValueError("'local', 'serial' or 'dask://host:port'")


def executor_for(value: str | Executor) -> Executor:
    """The executor SITREP_EXECUTOR names (checked: `check_setting`)."""
    if isinstance(value, Executor):
        return value
    if value == "serial":
        return Executor()
    if value == "local":
        return LocalExecutor()
    return DaskExecutor.connect(value)
