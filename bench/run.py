"""sitrep's benchmark: synthetic sites of 1,000 and 10,000 events (100,000 with --large),
built by the real `sitrep` command and measured against plain Pelican in the same run.

    make bench                                 # or: python bench/run.py [--sizes 1000 10000]
    make bench SIZES="1000 10000 100000"       # or: python bench/run.py --large

Each size gets a synthetic content folder (bench/synth.py) and the same events as Markdown
articles for plain Pelican (bench/reference.py). A round runs every step in STEPS once:
validation, plain Pelican, a cold full build followed by a rebuild after editing one event
and one after adding one, a cold build with the search index, and the map generator alone.
Every command is a new process, timed with its peak memory by bench/timed.py; every cold
build starts from the synthetic files alone (output, caches and leftovers removed). Three
rounds give each figure as a median. When three would take the bench past its budget
(--budget, 20 minutes for the sizes up to 10,000), the slowest steps run fewer times and the
report says so; the largest size up to 10,000 runs first so that it gets its runs, and sizes
above 10,000 run each step once.

Writes bench/results/latest.json (every run of every figure) and latest.md (the targets,
then every figure); `--readme` also puts the summary into bench/README.md's table of the
last result, which says what each figure means.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import reference, report, synth  # noqa: E402
from bench.report import MIB, Row, Section  # noqa: E402

RESULTS = ROOT / "bench" / "results"
README = ROOT / "bench" / "README.md"  # its table of the last result is rewritten by --readme
WORK = ROOT / "bench" / ".work"
TIMED = ROOT / "bench" / "timed.py"
SIZES = [1000, 10_000]
LARGE = 100_000
BUDGETED = 10_000  # sizes up to this share the time budget; larger ones run each step once
BUDGET_SECONDS = 20 * 60
RUNS = 3
# The targets of issue 7 (and the map's own), by figure and size. Rows without an entry
# for their size have no target there.
TARGETS: dict[str, dict[int, float]] = {
    "build_s": {10_000: 5.0, 100_000: 60.0},
    "speedup": {10_000: 4.0},
    "validate_s": {10_000: 2.0},
    "edit_share": {10_000: 10.0, 100_000: 10.0},
    "again_share": {10_000: 10.0, 100_000: 10.0},
    "preview_share": {10_000: 10.0, 100_000: 10.0},
    "preview_page_s": {10_000: 1.0},
    "build_peak": {100_000: 1024.0},
    "map_first_view": {1000: 250_000, 10_000: 250_000, 100_000: 500_000},
    "map_all": {1000: 250_000, 10_000: 250_000},
    "map_s": {1000: 1.0, 10_000: 1.0},
}


@dataclass
class Timed:
    seconds: float
    peak: int  # bytes


def timed(command: list[str], cwd: Path, cache: Path) -> Timed:
    """Run `command` in a new process through bench/timed.py; fail loudly if it fails.
    Caches that follow XDG go to `cache`, which a cold run removes with the rest."""
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "timed.json"
        done = subprocess.run(
            [sys.executable, str(TIMED), str(result), *command],
            cwd=cwd,
            capture_output=True,
            text=True,
            env={**os.environ, "XDG_CACHE_HOME": str(cache)},
        )
        if done.returncode != 0:
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-20:])
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{tail}")
        data = json.loads(result.read_text())
    return Timed(data["seconds"], data["peak_bytes"])


def sitrep_command() -> list[str]:
    script = Path(sys.executable).with_name("sitrep")
    return [str(script)] if script.exists() else [sys.executable, "-m", "generators.cli"]


@dataclass
class Case:
    """One synthetic site and everything measured on it."""

    events: int
    folder: Path
    samples: dict[str, list[float]] = field(default_factory=dict)  # one value per run
    facts: dict[str, Any] = field(default_factory=dict)  # measured once
    keep: set[str] = field(default_factory=set)  # what prepare() wrote; the rest is removed
    loads: list[float] = field(default_factory=list)  # 1-minute load average before each run
    in_process: dict[str, Any] = field(default_factory=dict)

    @property
    def content(self) -> Path:
        return self.folder / "content"

    @property
    def output(self) -> Path:
        return self.folder / "output"

    @property
    def settings(self) -> Path:
        return self.folder / "sitrep-settings.py"

    @property
    def reference(self) -> Path:
        return self.folder / "pelican"

    def add(self, key: str, value: float) -> None:
        self.samples.setdefault(key, []).append(value)

    def median(self, key: str) -> float:
        return statistics.median(self.samples[key])

    def sitrep(self, *args: str) -> Timed:
        self.loads.append(os.getloadavg()[0])
        command = [*sitrep_command(), "-s", str(self.settings), *args]
        return timed(command, self.folder, self.folder / "cache")


SETTINGS = """\
# Written by bench/run.py: the project's settings, on synthetic content. Read from their
# file, not imported as `pelicanconf`: a process that read another project's settings has
# that module already (and a Dask worker, which reads this file afresh, would differ).
from runpy import run_path

globals().update(
    (name, value) for name, value in run_path({settings!r}).items() if name.isupper()
)

SITENAME = "Synthetic benchmark site"
PATH = {content!r}
OUTPUT_PATH = {output!r}
MAP_DATES = None
"""


def prepare(events: int, seed: int, work: Path) -> Case:
    """Write the synthetic site, its plain Pelican twin and the settings of one size."""
    case = Case(events, work / str(events))
    shutil.rmtree(case.folder, ignore_errors=True)
    synth.write(events, case.content, seed)
    reference.write(case.content / "events", case.reference)
    # The project's settings draw the demo's basemap under every map; the synthetic site has
    # the same file, so the bench measures what a desk with a basemap pays.
    basemap = ROOT / "content" / "basemap"
    if basemap.is_dir():
        shutil.copytree(basemap, case.content / "basemap")
    case.settings.write_text(
        SETTINGS.format(
            settings=str(ROOT / "pelicanconf.py"),
            content=str(case.content),
            output=str(case.output),
        ),
        encoding="utf-8",
    )
    case.keep = {p.relative_to(case.folder).as_posix() for p in case.folder.rglob("*")}
    case.facts["counts"] = {
        kind: sum(1 for p in (case.content / kind).rglob("*") if p.is_file())
        for kind in ("events", "analyses", "indicators", "areas", "places", "actors", "sources")
    }
    events_files = sorted((case.content / "events").rglob("*.yaml"))
    case.facts["edited"] = events_files[len(events_files) // 2].relative_to(case.content).as_posix()
    return case


def clean(case: Case, folder: Path | None = None) -> None:
    """Remove everything prepare() did not write: outputs, caches, staging folders, added
    events. A cold build then starts from the synthetic files alone."""
    folder = folder or case.folder
    for path in folder.iterdir():
        if path.relative_to(case.folder).as_posix() not in case.keep:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        elif path.is_dir():
            clean(case, path)


def site_languages(case: Case) -> list[str]:
    """The languages the project's settings build (each page is written once per language)."""
    from generators.cli.commands import read_settings

    settings = read_settings(str(case.settings))
    return list(settings.get("SITE_LANGUAGES") or [settings.get("DEFAULT_LANG", "en")])


def count_pages(site: Path) -> int:
    """HTML pages in a built site (Pagefind's own files left out)."""
    return sum(1 for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "pagefind")


def snapshot(site: Path) -> dict[str, tuple[int, int, bytes]]:
    """Each file's inode, modification time and content digest."""
    files = {}
    for path in site.rglob("*"):
        if path.is_file():
            stat = path.stat()
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
            files[path.relative_to(site).as_posix()] = (stat.st_ino, stat.st_mtime_ns, digest)
    return files


def record_rebuild(case: Case, kind: str, took: Timed, before: dict, after: dict) -> None:
    written = [p for p in after if p not in before or before[p][:2] != after[p][:2]]
    changed = [p for p in after if p not in before or before[p][2] != after[p][2]]
    changed += [p for p in before if p not in after]
    case.add(f"{kind}_s", took.seconds)
    case.add(f"{kind}_written", len(written))
    case.add(f"{kind}_changed", len(changed))
    if f"{kind}_changed_files" not in case.facts:
        case.facts[f"{kind}_changed_files"] = sorted(changed)
        case.facts[f"{kind}_changed_by_folder"] = dict(
            sorted(Counter(p.split("/")[0] for p in changed).items())
        )


def retitled(text: str, title: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(f"title: {synth.q(title)}\n" if ln.startswith("title:") else ln for ln in lines)


# --- the steps of one round: each runs its commands and records what it measured ----------


def step_validate(case: Case, run: int) -> None:
    clean(case)
    took = case.sitrep("validate")
    case.add("validate_s", took.seconds)
    case.add("validate_peak", took.peak / MIB)


def step_pelican(case: Case, run: int) -> None:
    clean(case)
    case.loads.append(os.getloadavg()[0])
    command = [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", "output", "-q"]
    took = timed(command, case.reference, case.folder / "cache")
    case.add("pelican_s", took.seconds)
    case.add("pelican_peak", took.peak / MIB)
    case.add("pelican_pages", count_pages(case.reference / "output"))


def step_builds(case: Case, run: int) -> None:
    """A cold build, then the rebuilds an author's preview does after one save."""
    clean(case)
    took = case.sitrep("build", "--no-search")
    case.add("build_s", took.seconds)
    case.add("build_peak", took.peak / MIB)
    case.add("pages", count_pages(case.output))
    if "map" not in case.facts:
        case.facts["map"] = map_files(case.output)
    if "largest_pages" not in case.facts:
        case.facts["largest_pages"] = largest_pages(case.output, case.facts["languages"])
        case.facts["average_page"] = average_page(case.output)
    edited = case.content / case.facts["edited"]
    original = edited.read_text(encoding="utf-8")
    try:
        before = snapshot(case.output)
        edited.write_text(retitled(original, f"Revised title {run}"), encoding="utf-8")
        took = case.sitrep("build", "--no-search")
        after = snapshot(case.output)
        record_rebuild(case, "edit", took, before, after)
        # Later rebuilds start from the site the build before last swapped out (the spare).
        edited.write_text(retitled(original, f"Revised again {run}"), encoding="utf-8")
        took = case.sitrep("build", "--no-search")
        again = snapshot(case.output)
        record_rebuild(case, "again", took, after, again)
        added = edited.with_name(f"{edited.stem[:10]}-added-by-the-benchmark-{run}.yaml")
        added.write_text(retitled(original, f"An event added by the benchmark {run}"), "utf-8")
        took = case.sitrep("build", "--no-search")
        record_rebuild(case, "add", took, again, snapshot(case.output))
    finally:
        edited.write_text(original, encoding="utf-8")  # the added file goes with clean()


def _shown(times: list[float], start: float, page: str, files: list[str]) -> None:
    """The time from `start` to when the preview served `page` (the edited event's)."""
    if page in files and not times:
        times.append(time.perf_counter() - start)


def step_preview(case: Case, run: int) -> None:
    """What the preview server (`sitrep serve`) does after a save: a rebuild in the process
    that built the site before, partial (generators/rebuild.py), timed from the file's
    write to the edited event's pages on disk (the first files it writes, when the open page
    reloads), and to the last file (the data files, the full map)."""
    from generators.cli.commands import read_settings, run_build
    from generators.content.loader import keeping_validated
    from generators.rebuild import session

    clean(case)
    edited = case.content / case.facts["edited"]
    original = edited.read_text(encoding="utf-8")
    with keeping_validated(), session() as builds:
        run_build(read_settings(str(case.settings), {"SITREP_SEARCH": False}))
        try:
            for title in (f"Previewed title {run}", f"Previewed again {run}"):
                shown: list[float] = []
                start = time.perf_counter()
                edited.write_text(retitled(original, title), encoding="utf-8")
                page = f"events/{edited.stem}/index.html"
                made = builds.rebuild([str(edited)], partial(_shown, shown, start, page))
                if made is None:  # the bench's edit is one a partial rebuild follows
                    raise RuntimeError(f"the preview's rebuild was {builds.last}")
                done = time.perf_counter() - start
            case.add("preview_page_s", shown[0])  # the second, as after many saves
            case.add("preview_s", done)
            case.add("preview_files", len(made))
        finally:
            edited.write_text(original, encoding="utf-8")


def step_search(case: Case, run: int) -> None:
    clean(case)
    took = case.sitrep("build")
    index = case.output / "pagefind"
    if not (index / "pagefind.js").exists():
        raise RuntimeError("the build with search wrote no search index (is Pagefind there?)")
    case.add("search_build_s", took.seconds)
    case.add("search_build_peak", took.peak / MIB)
    case.facts.setdefault("search_bytes", sum(p.stat().st_size for p in index.rglob("*")))


def step_map(case: Case, run: int) -> None:
    """The /map/ generator alone, in this process, as the maps work measured it."""
    from pelican import Pelican
    from pelican.writers import Writer

    from generators.build.csp import Guard
    from generators.build.store import OutputStore
    from generators.cli.commands import read_settings
    from generators.content.loader import load_site
    from generators.pages.maps import MapGenerator

    state = case.in_process
    if not state:
        # Pelican's constructor runs the plugin's `initialized` hook (filters, globals).
        settings = Pelican(read_settings(str(case.settings))).settings
        state.update(settings=settings, site=load_site(case.content))
    settings, site = state["settings"], state["site"]
    output = case.folder / "map-only"
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir()
    start = time.perf_counter()
    store = OutputStore(output, output, Guard(settings))
    context = {**settings, "sitrep": site, "sitrep_store": store}
    generator = MapGenerator(
        context=context,
        settings=settings,
        path=settings["PATH"],
        theme=settings["THEME"],
        output_path=str(output),
    )
    generator.generate_context()
    generator.generate_output(Writer(str(output), settings=settings))
    case.add("map_s", time.perf_counter() - start)
    sample = list(site.events.values())[:1000]
    start = time.perf_counter()
    for event in sample:
        context["maps"].event(event)
    case.add("map_event_ms", (time.perf_counter() - start) / len(sample) * 1000)


def step_dask(case: Case, run: int) -> None:
    """A cold build whose pages are rendered by a Dask LocalCluster of two worker processes
    of one thread on this machine (`--dask`), in this process, with the shards' figures."""
    from distributed import Client, LocalCluster

    from generators.build.executor import DaskExecutor
    from generators.cli.commands import read_settings, run_build

    clean(case)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        executor = DaskExecutor(client)
        overrides = {"SITREP_SEARCH": False, "SITREP_EXECUTOR": executor}
        start = time.perf_counter()
        run_build(read_settings(str(case.settings), overrides))
        case.add("dask_build_s", time.perf_counter() - start)
    shards = executor.figures
    if not shards:
        raise RuntimeError("the Dask build rendered no shard (every generator under MIN_REMOTE)")
    case.add("dask_shard_pages", executor.shard_pages)
    case.add("dask_shards", len(shards))
    case.add("dask_pages", sum(shard.pages for shard in shards))
    case.add("dask_shard_median_s", statistics.median(shard.seconds for shard in shards))
    case.add("dask_shard_max_s", max(shard.seconds for shard in shards))
    case.add("dask_shard_median_pages", statistics.median(shard.pages for shard in shards))
    case.add("dask_shard_min_pages", min(shard.pages for shard in shards))
    case.add("dask_load_s", max(shard.loading for shard in shards))


# Steps of a round, in order; each gets every size.
STEPS: list[tuple[str, Callable[[Case, int], None]]] = [
    ("validate", step_validate),
    ("plain Pelican", step_pelican),
    ("full build and rebuilds", step_builds),
    ("full build with search", step_search),
    ("map generator", step_map),
    ("preview server rebuild", step_preview),
]
# With --dask, after them.
DASK_STEP = ("Dask build", step_dask)


def map_files(output: Path) -> dict[str, Any]:
    """Raw and gzip bytes of /map/'s page and data files, of the code it loads, and which
    files its first view fetches: the page, its areas and the period files of the dates it
    opens on, read from the page's options as sitrep-map.js reads them."""
    folder = output / "map"
    files = {
        p.relative_to(folder).as_posix(): report.sizes(p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    theme = output / "theme"
    code = sorted((theme / "vendor").rglob("*.js")) + sorted((theme / "vendor").rglob("*.css"))
    code += [theme / "js" / "sitrep-map.js", theme / "css" / "site.css"]
    code += sorted((output / "basemap").glob("*.js"))  # the basemap's renderer, if any
    code_bytes = b"".join(p.read_bytes() for p in code if p.exists())
    options = map_options(folder / "index.html")
    start, end = options["dates"]["start"], options["dates"]["end"]
    periods = options["periods"]
    opening = [p for p in periods if p["first"] <= end and p["last"] >= start]
    file = lambda url: url.split("?")[0]  # noqa: E731 (relative to /map/, versioned)
    return {
        "files": files,
        "code": report.sizes(code_bytes),
        "first_view": ["index.html", file(options["areas"])] + [file(p["events"]) for p in opening],
        "first_view_events": sum(p["count"] for p in opening),
        "dates": [start, end],
        "periods": {file(p["events"]): p["count"] for p in periods},
    }


# Issue 19's budget of every HTML page, at any size: raw and gzip bytes (1 KB = 1,000 bytes).
PAGE_BUDGET = (500_000, 100_000)
# Issue 19's lighter pages: an event page's own HTML, small map included, in gzip bytes;
# the average page in raw bytes, half of the 23 KB it was at 10,000 events.
EVENT_PAGE_GZIP = 8_000
AVERAGE_PAGE_RAW = 11_500
_MONTH, _DAY = re.compile(r"[0-9]{4}-[0-9]{2}"), re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def page_kind(relative: str, languages: list[str]) -> str:
    """The kind of page a built file is, its address with ids, months, days and page numbers
    as placeholders: `actors/<id>/<month>/`, `days/<day>/<n>/`; other languages count with
    the main one's pages (their largest is reported with its address)."""
    parts = relative.removesuffix("index.html").strip("/").split("/")
    if parts and parts[0] in languages[1:]:
        parts = parts[1:]
    shown = parts[:1]
    for part in parts[1:]:
        if _DAY.fullmatch(part):
            shown.append("<day>")
        elif _MONTH.fullmatch(part):
            shown.append("<month>")
        elif part.isdigit():
            shown.append("<n>")
        else:
            shown.append("<id>")
    return "/".join(shown) + "/" if shown and shown[0] else "/"


def largest_pages(output: Path, languages: list[str]) -> dict[str, tuple[str, int, int]]:
    """The largest HTML page of each kind (page_kind) in a built site: (its address, raw
    bytes, gzip bytes), the largest by gzip."""
    found: dict[str, tuple[str, int, int]] = {}
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative.startswith("pagefind/"):
            continue
        kind = page_kind(relative, languages)
        size = path.stat().st_size
        known = found.get(kind)
        if known is not None and size <= known[1] // 2:  # far smaller raw: not the largest
            continue
        raw, packed = report.sizes(path.read_bytes())
        if known is None or (packed, raw) > (known[2], known[1]):
            found[kind] = (relative, raw, packed)
    return dict(sorted(found.items()))


def average_page(output: Path) -> int:
    """The mean raw bytes of a built site's HTML pages, the search index's left out."""
    sizes = [
        path.stat().st_size
        for path in output.rglob("*.html")
        if not path.relative_to(output).as_posix().startswith("pagefind/")
    ]
    return sum(sizes) // len(sizes) if sizes else 0


def page_rows(case: Case) -> list[Row]:
    """Two rows per kind of page, raw and gzip, each with the budget as its target (an
    event page's gzip with its own, lower one), then the average page."""
    rows = []
    for kind, (relative, raw, packed) in case.facts["largest_pages"].items():
        rows.append(Row(f"page_raw:{kind}", f"{kind} ({relative}), raw", raw, "bytes"))
        rows.append(Row(f"page_gzip:{kind}", f"{kind}, gzip", packed, "bytes"))
        rows[-2].target, rows[-1].target = PAGE_BUDGET
        if kind == "events/<id>/":
            rows[-1].target = EVENT_PAGE_GZIP
    average = case.facts["average_page"]
    rows.append(Row("page_average", "every HTML page, average, raw", average, "bytes"))
    rows[-1].target = AVERAGE_PAGE_RAW
    return rows


def map_options(page: Path) -> dict[str, Any]:
    """The options /map/'s page hands sitrep-map.js (one line of its set-up script)."""
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("sitrepMap.full("):
            return json.loads(line[line.index("{") : line.rindex(", {")])
    raise RuntimeError(f"{page}: no sitrepMap.full(...) call")


def plan(first: dict[str, float], runs: int, left: float) -> dict[str, int]:
    """How many runs each step gets: `runs`, less for the slowest steps while the runs
    still to do (after the first) would not fit in `left` seconds."""
    counts = dict.fromkeys(first, runs)
    while sum((counts[s] - 1) * first[s] for s in first) > left:
        slower = [s for s in first if counts[s] > 1]
        if not slower:
            break
        counts[max(slower, key=first.__getitem__)] -= 1
    return counts


def time_left(size: int, later: list[int], budget: float, round_seconds: float, runs: int) -> float:
    """Seconds left for the further rounds of `size`, once its first round took
    `round_seconds` with `budget` seconds left; the sizes still to run (`later`) are reckoned
    to take time in proportion to their events. Sizes above BUDGETED get no further round."""
    if size > BUDGETED:
        return 0.0
    still = sum(other / size for other in later if other <= BUDGETED)
    return budget - round_seconds * runs * still


def order(sizes: list[int]) -> list[int]:
    """Largest budgeted size first, so that it gets its runs and the smaller ones, run
    after it, are reckoned from it; the sizes above the budget last."""
    budgeted = sorted((s for s in set(sizes) if s <= BUDGETED), reverse=True)
    return budgeted + sorted(s for s in set(sizes) if s > BUDGETED)


def measure(
    case: Case, runs: int, left: Callable[[float], float], steps: list | None = None
) -> None:
    """Round one of every step, then as many more rounds as `plan` allows; `left` gives
    the seconds left for this size's further rounds, from the time round one took."""
    steps = STEPS if steps is None else steps
    first = {}
    for name, step in steps:
        print(f"  {name}...", flush=True)
        start = time.perf_counter()
        step(case, 1)
        first[name] = time.perf_counter() - start
    counts = plan(first, runs, left(sum(first.values())))
    for run in range(2, max(counts.values()) + 1):
        for name, step in steps:
            if counts[name] >= run:
                print(f"  {name}, run {run}...", flush=True)
                step(case, run)
    case.facts["runs"] = counts
    case.facts["round_seconds"] = {name: round(s, 1) for name, s in first.items()}


def sections(case: Case) -> list[Section]:
    """Every figure of one size, from the medians of its runs."""
    m, n = case.median, case.events

    def measured(key: str, label: str, unit: str) -> Row:
        values = case.samples[key]
        return Row(key, label, statistics.median(values), unit, values=list(values))

    def share(rebuild: str, which: str) -> Row:
        # Named in full: the table of targets shows the row without its neighbours.
        label = f"{which}, as a share of the full build"
        return Row(f"{rebuild}_share", label, 100 * m(f"{rebuild}_s") / m("build_s"), "%")

    rate, plain_rate = m("pages") / m("build_s"), m("pelican_pages") / m("pelican_s")
    counts = case.facts["counts"]
    result = [
        Section(
            "Content (bench/synth.py)",
            [Row(f"count_{kind}", kind, value, "count") for kind, value in counts.items()],
        ),
        Section(
            "Full build: `sitrep build`, cold, a new process each run",
            [
                measured("build_s", "full build without search index (`--no-search`)", "s"),
                Row(
                    "search_s",
                    "search index alone (Pagefind): with search minus without",
                    m("search_build_s") - m("build_s"),
                    "s",
                ),
                measured("search_build_s", "full build with search index", "s"),
                measured("pages", "HTML pages written", "count"),
                Row("pages_per_s", "pages per second (build without search)", rate, "pages/s"),
                Row("ms_per_page", "time per page (build without search)", 1000 / rate, "ms"),
                measured("build_peak", "peak memory, build without search", "MiB"),
                measured("search_build_peak", "peak memory, build with search", "MiB"),
                Row(
                    "search_bytes",
                    "search index on disk (pagefind/)",
                    case.facts["search_bytes"],
                    "bytes",
                ),
            ],
        ),
        Section(
            "Validation only: `sitrep validate`",
            [
                measured("validate_s", "validation only", "s"),
                measured("validate_peak", "peak memory, validation", "MiB"),
            ],
        ),
        Section(
            "Rebuild after one change: `sitrep build --no-search` into the same output",
            [
                measured("edit_s", "rebuild after editing one event's title", "s"),
                share("edit", "first rebuild after an edit"),
                measured("edit_written", "files it wrote (new or rewritten)", "count"),
                measured("edit_changed", "files whose bytes changed", "count"),
                measured("again_s", "the next rebuild, after editing the title again", "s"),
                share("again", "next rebuild after an edit"),
                measured("again_written", "files it wrote (new or rewritten)", "count"),
                measured(
                    "preview_page_s",
                    "the same by the preview server (`sitrep serve`): save to the event's page",
                    "s",
                ),
                measured("preview_s", "the same: save to every file on disk", "s"),
                share("preview", "preview server rebuild after an edit"),
                measured("preview_files", "files the preview's rebuild wrote", "count"),
                measured("add_s", "rebuild after adding one event", "s"),
                share("add", "rebuild after adding an event"),
                measured("add_written", "files it wrote (new or rewritten)", "count"),
                measured("add_changed", "files whose bytes changed", "count"),
            ],
        ),
        Section(
            f"Plain Pelican 4.12 reference: {n:,} Markdown articles, default theme",
            [
                measured("pelican_s", "plain Pelican build (`pelican`, cold)", "s"),
                measured("pelican_pages", "HTML pages written", "count"),
                Row("pelican_pages_per_s", "pages per second", plain_rate, "pages/s"),
                Row("pelican_ms_per_page", "time per page", 1000 / plain_rate, "ms"),
                measured("pelican_peak", "peak memory", "MiB"),
                Row(
                    "speedup",
                    "sitrep pages per second / plain Pelican pages per second",
                    rate / plain_rate,
                    "x",
                    better="higher",
                ),
            ],
        ),
        Section("Map: /map/ and its data, from the full build", map_rows(case)),
    ]
    for section in result:
        for row in section.rows:
            row.target = TARGETS.get(row.key, {}).get(n)
    # At any size: the budget of every page (issue 19).
    result.append(Section("Largest HTML page of each kind, from the full build", page_rows(case)))
    if "dask_build_s" in case.samples:
        result.append(Section("Dask: pages rendered by a LocalCluster (`--dask`)", dask_rows(case)))
    return result


def dask_rows(case: Case) -> list[Row]:
    """The Dask build's figures (step_dask): the build, and its shards."""

    def measured(key: str, label: str, unit: str) -> Row:
        values = case.samples[key]
        return Row(key, label, statistics.median(values), unit, values=list(values))

    return [
        measured("dask_build_s", "full build, pages rendered by 2 Dask workers (in process)", "s"),
        measured("dask_shard_pages", "shard size: pages a task renders at most", "count"),
        measured("dask_shards", "shards (Dask tasks)", "count"),
        measured("dask_pages", "pages rendered by the workers", "count"),
        measured("dask_shard_median_s", "seconds a shard took on its worker, median", "s"),
        measured("dask_shard_max_s", "seconds a shard took on its worker, most", "s"),
        measured("dask_shard_median_pages", "pages per shard, median", "count"),
        measured("dask_shard_min_pages", "pages per shard, fewest (a generator's last)", "count"),
        measured("dask_load_s", "loading the site on a worker, before its first shard", "s"),
    ]


def map_rows(case: Case) -> list[Row]:
    found = case.facts["map"]
    files, code, periods = found["files"], found["code"], found["periods"]
    others = [f".{language}." for language in case.facts["languages"][1:]]

    def kind(name: str) -> str:
        """The row a file counts in: period files summed by kind and language, such as
        titles-2016-q3.ar.json in titles-*.ar.json."""
        if name.startswith(("events-", "titles-")):
            prefix, _, rest = name.partition("-")
            return f"{prefix}-*.{rest.split('.', 1)[1]}"
        return name

    grouped: dict[str, list[int]] = {}
    for name, (raw, packed) in files.items():
        sums = grouped.setdefault(kind(name), [0, 0, 0])
        sums[0], sums[1], sums[2] = sums[0] + raw, sums[1] + packed, sums[2] + 1
    rows = []
    for name, (raw, packed, count) in grouped.items():
        shown = f"{name} ({count} period files)" if "*" in name else name
        rows.append(Row(f"map_raw:{name}", f"{shown}, raw", raw, "bytes"))
        rows.append(Row(f"map_gzip:{name}", f"{shown}, gzip", packed, "bytes"))
    # Other languages' copies of the data (titles-*.ar.json) are not loaded by this page.
    own = [packed for name, (_, packed, _) in grouped.items() if not any(o in name for o in others)]
    largest = max(periods, key=lambda name: files[name][1])
    first = found["first_view"]
    start, end = found["dates"]
    rows += [
        Row("map_periods", "period files the events are cut into", len(periods), "count"),
        Row(
            "map_period_gzip",
            f"largest period file: {largest} ({periods[largest]:,} events), gzip",
            files[largest][1],
            "bytes",
        ),
        Row(
            "map_first_view_events",
            f"events the first view loads: {start} to {end}, {len(first) - 2} of "
            f"{len(periods)} period files",
            found["first_view_events"],
            "count",
        ),
        Row(
            "map_first_view",
            f"first view: {', '.join(first[:2])} and the events of {start} to {end}, gzip",
            sum(files[name][1] for name in first),
            "bytes",
        ),
        Row("map_all", "page and all its data files in its language, gzip", sum(own), "bytes"),
        Row(
            "map_code",
            "code: Leaflet, MarkerCluster, sitrep-map.js, CSS (cached), gzip",
            code[1],
            "bytes",
        ),
        Row(
            "map_s",
            "map generator alone, in process: /map/ page, data and assets",
            case.median("map_s"),
            "s",
            values=list(case.samples["map_s"]),
        ),
        Row(
            "map_event_ms",
            "small map of one event page (per page)",
            case.median("map_event_ms"),
            "ms",
            values=list(case.samples["map_event_ms"]),
        ),
    ]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--large", action="store_true", help=f"add {LARGE:,} events")
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per step (median)")
    parser.add_argument("--budget", type=float, default=BUDGET_SECONDS,
                        help=f"seconds for the sizes up to {BUDGETED:,}")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--readme", action="store_true", help="update bench/README.md's table")
    parser.add_argument("--dask", action="store_true",
                        help="also build on a Dask LocalCluster (sitrep[dask])")  # fmt: skip
    parser.add_argument("--pages", type=Path, metavar="OUTPUT",
                        help="print the largest page of each kind of a built site")  # fmt: skip
    args = parser.parse_args(argv)
    if args.pages:
        for kind, (relative, raw, packed) in largest_pages(args.pages, ["en", "ar"]).items():
            over = " OVER BUDGET" if raw > PAGE_BUDGET[0] or packed > PAGE_BUDGET[1] else ""
            print(f"{kind:32} {raw:>11,} raw {packed:>9,} gzip  {relative}{over}")
        print(f"{'every HTML page, average':32} {average_page(args.pages):>11,} raw")
        return 0
    sizes = order([*args.sizes, *([LARGE] if args.large else [])])
    started, clock = datetime.now(UTC), time.perf_counter()
    results: dict[str, Any] = {
        "machine": report.machine(ROOT),
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "seed": args.seed,
        "runs": args.runs,
        "budget_seconds": args.budget,
        "cases": {},
    }
    for index, size in enumerate(sizes):
        print(f"{size:,} events: writing synthetic content and its plain Pelican twin...")
        case = prepare(size, args.seed, args.work)

        def left(round_seconds: float, size: int = size, later=sizes[index + 1 :]) -> float:
            elapsed = time.perf_counter() - clock
            return time_left(size, later, args.budget - elapsed, round_seconds, args.runs)

        case.facts["languages"] = results.setdefault("languages", site_languages(case))
        measure(case, args.runs, left, [*STEPS, *([DASK_STEP] if args.dask else [])])
        found = sections(case)
        for section in found:
            for row in section.rows:
                print(f"  {row.label}: {report.shown(row)} {report.verdict(row)}", flush=True)
        results["cases"][str(size)] = {
            "sections": [section.to_json() for section in found],
            "runs": case.facts["runs"],
            "round_seconds": case.facts["round_seconds"],
            "edit_changed_by_folder": case.facts["edit_changed_by_folder"],
            "add_changed_by_folder": case.facts["add_changed_by_folder"],
            "edit_changed_files": case.facts["edit_changed_files"][:100],
            "add_changed_files": case.facts["add_changed_files"][:100],
            "load_average": report.spread(case.loads),
        }
        shutil.rmtree(case.folder, ignore_errors=True)
    results["cases"] = dict(sorted(results["cases"].items(), key=lambda item: int(item[0])))
    results["seconds"] = round(time.perf_counter() - clock)
    results["machine"]["load_average_end"] = list(os.getloadavg())
    args.results.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2) + "\n"
    (args.results / "latest.json").write_text(text, encoding="utf-8")
    (args.results / "latest.md").write_text(report.markdown(results), encoding="utf-8")
    print(f"Wrote {args.results / 'latest.md'} and latest.json")
    if args.readme:
        report.update_readme(README, results)
        print(f"Updated the table of the last result in {README}")
    for line in report.missed(results):
        print(f"target missed: {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
