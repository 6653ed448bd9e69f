"""sitrep's benchmark: builds synthetic sites of 1,000 and 10,000 events and measures them.

    make bench                                  # or: python bench/run.py [--sizes 1000 10000]

Writes bench/results/latest.json (every figure) and bench/results/latest.md (a table). Each
measure is a function in MEASURES that takes a `Case` (one synthetic site, validated once)
and returns a `Section` of rows; add a function there to measure more (a full build against
plain Pelican, search indexing...) and it lands in both files.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import synth  # noqa: E402
from generators import present  # noqa: E402
from generators.cli import read_settings  # noqa: E402
from generators.maps import ASSETS, MapGenerator, gzip_size  # noqa: E402
from generators.site import Site, load_site  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "bench" / ".work"
MAP_BYTES_TARGET = 250_000
MAP_SECONDS_TARGET = 1.0


@dataclass
class Case:
    """One synthetic site: its size, folders, validated content and build settings."""

    events: int
    content: Path
    output: Path
    site: Site
    settings: dict
    load_seconds: float


@dataclass
class Row:
    label: str
    value: float
    unit: str  # "s", "ms", "bytes", "count"
    target: float | None = None  # the figure must stay at or under it

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else self.value <= self.target


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """The fastest of `runs` timings: the least disturbed by other work on the machine."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def prepare(events: int, seed: int) -> Case:
    folder = WORK / f"{events}"
    content = synth.write(events, folder / "content", seed)
    output = folder / "output"
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        {"PATH": str(content), "OUTPUT_PATH": str(output), "MAP_DATES": None},
    )
    # What the plugin's `initialized` hook does for a real build.
    settings["JINJA_FILTERS"] = {**present.FILTERS, **settings["JINJA_FILTERS"]}
    settings["JINJA_GLOBALS"] = {**present.GLOBALS, **settings["JINJA_GLOBALS"]}
    start = time.perf_counter()
    site = load_site(content)
    return Case(events, content, output, site, settings, time.perf_counter() - start)


def measure_content(case: Case) -> Section:
    return Section(
        "Content",
        [
            Row("events", case.events, "count"),
            Row("areas", len(case.site.areas), "count"),
            Row("places", len(case.site.places), "count"),
            Row("load and validate every file", case.load_seconds, "s"),
        ],
    )


def build_map(case: Case) -> None:
    """What the map generator does in a build: the /map/ page, its data and assets."""
    from pelican.writers import Writer

    shutil.rmtree(case.output, ignore_errors=True)
    case.output.mkdir(parents=True)
    context = {**case.settings, "sitrep": case.site}
    generator = MapGenerator(
        context=context,
        settings=case.settings,
        path=case.settings["PATH"],
        theme=case.settings["THEME"],
        output_path=str(case.output),
    )
    generator.generate_context()
    generator.generate_output(Writer(str(case.output), settings=case.settings))
    case.settings["_maps"] = context["maps"]


def measure_map(case: Case) -> Section:
    seconds = best_of(3, lambda: build_map(case))
    out = case.output / "map"
    page, events = (out / "index.html").read_bytes(), (out / "events.geojson").read_bytes()
    titles, areas = (out / "titles.json").read_bytes(), (out / "areas.geojson").read_bytes()
    vendor = case.output / case.settings["THEME_STATIC_DIR"] / "vendor"
    theme = ROOT / "themes" / "sitrep" / "static"
    code = [vendor / name / file for name, (_, files) in ASSETS.items()
            for file in files if file.endswith((".js", ".css"))]  # fmt: skip
    code += [theme / "js" / "sitrep-map.js", theme / "css" / "site.css"]
    code_bytes = b"".join(p.read_bytes() for p in code)
    first = gzip_size(page) + gzip_size(events) + gzip_size(areas)
    maps = case.settings["_maps"]
    sample = list(case.site.events.values())[:1000]
    per_page = best_of(3, lambda: [maps.event(e) for e in sample]) / len(sample)
    return Section(
        "Map (/map/ and its data)",
        [
            Row("map build: /map/ page, data files and assets", seconds, "s", MAP_SECONDS_TARGET),
            Row("map page (HTML), raw", len(page), "bytes"),
            Row("map page (HTML), gzip", gzip_size(page), "bytes"),
            Row("events.geojson, raw", len(events), "bytes"),
            Row("events.geojson, gzip", gzip_size(events), "bytes"),
            Row("areas.geojson, gzip", gzip_size(areas), "bytes"),
            Row("titles.json (fetched on first hover or popup), gzip", gzip_size(titles), "bytes"),
            Row("first view: page + events + areas, gzip", first, "bytes", MAP_BYTES_TARGET),
            Row(
                "page + all its data (with titles), gzip",
                first + gzip_size(titles),
                "bytes",
                MAP_BYTES_TARGET,
            ),
            Row(
                "code: Leaflet, MarkerCluster, sitrep-map.js, CSS (cached), gzip",
                gzip_size(code_bytes),
                "bytes",
            ),
            Row("small map of one event page (per page)", per_page * 1000, "ms"),
        ],
    )


# Add measures here; each gets every case.
MEASURES: list[Callable[[Case], Section]] = [measure_content, measure_map]


def shown(row: Row) -> str:
    if row.unit == "bytes":
        return f"{row.value / 1000:,.1f} KB"
    if row.unit == "s":
        return f"{row.value:.3f} s"
    if row.unit == "ms":
        return f"{row.value:.2f} ms"
    return f"{row.value:,.0f}"


def target_text(row: Row) -> str:
    if row.target is None:
        return ""
    limit = shown(Row(row.label, row.target, row.unit))
    return f"{'OK' if row.ok else 'OVER'} (target {limit})"


def report(results: dict) -> str:
    lines = [
        "# sitrep benchmark",
        "",
        f"{results['when']}; Python {results['python']}, {results['cpus']} CPUs; "
        f"seed {results['seed']}. Produced by `make bench` (bench/run.py); synthetic content "
        "from bench/synth.py. Timings are the best of three runs.",
    ]
    for size, sections in results["cases"].items():
        lines += ["", f"## {int(size):,} events"]
        for section in sections:
            lines += ["", f"### {section['title']}", "", "| measure | value | target |",
                      "| --- | ---: | --- |"]  # fmt: skip
            for raw in section["rows"]:
                row = Row(**raw)
                lines.append(f"| {row.label} | {shown(row)} | {target_text(row)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    results: dict = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "seed": args.seed,
        "cases": {},
    }
    over = []
    for size in args.sizes:
        print(f"{size:,} events: writing and validating synthetic content...", flush=True)
        case = prepare(size, args.seed)
        sections = []
        for measure in MEASURES:
            section = measure(case)
            sections.append(section)
            for row in section.rows:
                print(f"  {row.label}: {shown(row)} {target_text(row)}", flush=True)
                if row.ok is False:
                    over.append(f"{size:,} events: {row.label}")
        results["cases"][str(size)] = [
            {"title": s.title, "rows": [asdict(r) for r in s.rows]} for s in sections
        ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "latest.md").write_text(report(results), encoding="utf-8")
    print(f"Wrote {RESULTS / 'latest.md'} and latest.json")
    for line in over:
        print(f"over target: {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
