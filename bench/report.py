"""What the benchmark writes: rows with their targets, the machine it ran on, and the
Markdown of bench/results/latest.md and of the table of the last result in bench/README.md."""

from __future__ import annotations

import gzip
import os
import platform
import re
import statistics
import subprocess
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

MIB = 1024 * 1024
README_START = "<!-- bench:start (bench/run.py --readme writes this table) -->"
README_END = "<!-- bench:end -->"
# The figures of the summary table, in bench/README.md and at the top of latest.md.
SUMMARY = {
    "build_s": "full build (`sitrep build --no-search`, cold)",
    "search_s": "search index (Pagefind), on top of the build",
    "validate_s": "validation only (`sitrep validate`)",
    "edit_s": "rebuild after editing one event (the first after a cold build)",
    "edit_share": "the same, as a share of the full build",
    "again_s": "the next rebuild after editing it again",
    "again_share": "the same, as a share of the full build",
    "preview_page_s": "the same rebuild by the preview server (`sitrep serve`): the event's page",
    "preview_s": "the same, to the last file it writes (data files, the full map)",
    "preview_share": "the same, as a share of the full build",
    "add_s": "rebuild after adding one event",
    "build_peak": "peak memory of the build",
    "search_build_peak": "peak memory of the build with search",
    "pages": "HTML pages sitrep writes",
    "pages_per_s": "sitrep pages per second",
    "pelican_pages_per_s": "plain Pelican pages per second (same number of articles)",
    "speedup": "sitrep / plain Pelican, pages per second",
    "map_first_view": "/map/ first view (page, events, areas), gzip",
}


@dataclass
class Row:
    key: str
    label: str
    value: float  # the median of `values` when measured several times
    unit: str  # s, ms, bytes, MiB, count, pages/s, x, %
    target: float | None = None
    better: str = "lower"  # or "higher": which side of the target is met
    values: list[float] = field(default_factory=list)  # every run, for measured figures

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.value >= self.target if self.better == "higher" else self.value <= self.target

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "met": self.met, "verdict": verdict(self)}


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "rows": [row.to_json() for row in self.rows]}


def rows_of(section: dict) -> list[Row]:
    fields = Row.__dataclass_fields__
    return [Row(**{k: v for k, v in raw.items() if k in fields}) for raw in section["rows"]]


def sizes(data: bytes) -> tuple[int, int]:
    """Raw and gzip (level 9, as a server would serve it precompressed) byte counts."""
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


def number(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s" if abs(value) < 10 else f"{value:,.1f} s"
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "bytes":
        return f"{value / 1e6:,.1f} MB" if abs(value) >= 1e7 else f"{value / 1000:,.1f} KB"
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    if unit == "pages/s":
        return f"{value:,.0f} pages/s"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "%":
        return f"{value:.1f} %"
    return f"{value:,.0f}"


def shown(row: Row) -> str:
    return number(row.value, row.unit)


def runs_text(row: Row) -> str:
    if len(row.values) > 1:
        low, high = number(min(row.values), row.unit), number(max(row.values), row.unit)
        return f"median of {len(row.values)}: {low} to {high}"
    return "1 run" if row.values else ""


def target_text(row: Row) -> str:
    if row.target is None:
        return ""
    return f"{'at least' if row.better == 'higher' else 'at most'} {number(row.target, row.unit)}"


def verdict(row: Row) -> str:
    """'met', or by how much the target is missed."""
    if row.met is None:
        return ""
    if row.met:
        return "met"
    if row.better == "higher":
        short = f"{row.target / row.value:.1f}x short" if row.value > 0 else "nothing measured"
        return f"missed by {number(row.target - row.value, row.unit)} ({short})"
    over = number(row.value - row.target, row.unit)
    return f"missed by {over} ({row.value / row.target:.1f}x the target)"


def spread(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_bytes() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine(root: Path) -> dict[str, Any]:
    """The machine, software and commit a result belongs to."""
    changes = _git(root, "status", "--porcelain", "--untracked-files=no", "--", ".",
                   ":!bench/results")  # fmt: skip
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_bytes": _memory_bytes(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "pelican": _version("pelican"),
        "pagefind": _version("pagefind"),
        "commit": _git(root, "rev-parse", "HEAD") or "unknown",
        "branch": _git(root, "rev-parse", "--abbrev-ref", "HEAD"),
        "uncommitted_changes": bool(changes),
        "load_average_start": list(os.getloadavg()),
    }


def _rows_by_key(case: dict) -> dict[str, Row]:
    return {row.key: row for section in case["sections"] for row in rows_of(section)}


def summary_table(results: dict) -> list[str]:
    sizes = list(results["cases"])
    by_size = {size: _rows_by_key(case) for size, case in results["cases"].items()}
    first = by_size[sizes[0]]
    lines = ["| measure | " + " | ".join(f"{int(s):,} events" for s in sizes) + " |",
             "| --- |" + " ---: |" * len(sizes)]  # fmt: skip
    for key, label in SUMMARY.items():
        if key not in first:
            continue
        cells = []
        for size in sizes:
            row = by_size[size].get(key)
            text = shown(row) if row else ""
            if row and row.target is not None:
                text += f"; target {target_text(row)}: {verdict(row)}"
            cells.append(text)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def describe_machine(results: dict) -> str:
    m = results["machine"]
    commit = m["commit"][:10] + (" with uncommitted changes" if m["uncommitted_changes"] else "")
    return (
        f"{m['cpu']}, {m['cores']} cores, {m['memory_bytes'] / 1024**3:.0f} GiB of memory, "
        f"{m['system']}, Python {m['python']}, Pelican {m['pelican']}, Pagefind "
        f"{m['pagefind']}; commit {commit} ({m['branch']})"
    )


def duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} minutes"


def describe_load(results: dict) -> str:
    loads = [case["load_average"] for case in results["cases"].values() if case["load_average"]]
    if not loads:
        return ""
    low = min(load["min"] for load in loads)
    high = max(load["max"] for load in loads)
    middle = statistics.median(load["median"] for load in loads)
    return (
        f"Load average (1 minute) before each timed command: {low:.1f} to {high:.1f}, median "
        f"{middle:.1f}, on {results['machine']['cores']} cores: the machine is shared, so "
        "timings are noisier and slower than on an idle one."
    )


def markdown(results: dict) -> str:
    lines = [
        "# sitrep benchmark",
        "",
        f"Machine: {describe_machine(results)}.",
        "",
        f"Started {results['started']}, took {duration(results['seconds'])}; seed "
        f"{results['seed']}. {describe_load(results)}",
        "",
        "Produced by `make bench` (bench/run.py) on synthetic content from bench/synth.py, "
        "built with the project's settings (pelicanconf.py) in "
        f"{len(results['languages'])} languages ({', '.join(results['languages'])}): sitrep "
        "writes each page once per language. Every "
        "command runs in a new process; a timed figure is the median of its runs (up to "
        f"{results['runs']}; the slowest steps get fewer when the bench would exceed its "
        f"budget of {results['budget_seconds'] / 60:.0f} minutes, and sizes above 10,000 run "
        "once). Peak memory is the largest resident set of the command's processes. Pages "
        "per second count the HTML pages each tool writes; sitrep's without its search index, "
        "which is on its own line.",
        "",
        "## Targets",
        "",
        "| events | measure | value | target | verdict |",
        "| ---: | --- | ---: | --- | --- |",
    ]
    for size, case in results["cases"].items():
        for row in _rows_by_key(case).values():
            if row.target is not None:
                lines.append(f"| {int(size):,} | {row.label} | {shown(row)} | "
                             f"{target_text(row)} | {verdict(row)} |")  # fmt: skip
    if lines[-1].startswith("| ---"):
        lines.append("| | no target at these sizes | | | |")
    lines += ["", "## Summary", "", *summary_table(results)]
    for size, case in results["cases"].items():
        runs = ", ".join(f"{name}: {count}" for name, count in case["runs"].items())
        lines += ["", f"## {int(size):,} events", "", f"Runs per step: {runs}."]
        fewer = [name for name, count in case["runs"].items() if count < results["runs"]]
        if fewer:
            lines[-1] += (
                f" Fewer than {results['runs']} for {', '.join(fewer)}: "
                + ("sizes above 10,000 run each step once." if int(size) > 10_000 else
                   "more runs would have taken the bench past its time budget.")
            )  # fmt: skip
        for section in case["sections"]:
            lines += ["", f"### {section['title']}", ""]
            lines += ["| measure | value | runs | target |", "| --- | ---: | --- | --- |"]
            for row in rows_of(section):
                target = f"{target_text(row)}: {verdict(row)}" if row.target is not None else ""
                lines.append(f"| {row.label} | {shown(row)} | {runs_text(row)} | {target} |")
        for kind, what in (("edit", "editing one event"), ("add", "adding one event")):
            folders = ", ".join(f"{k} {v}" for k, v in case[f"{kind}_changed_by_folder"].items())
            lines += ["", f"Files changed by the rebuild after {what}, by folder: {folders}."]
    return "\n".join(lines) + "\n"


def readme_section(results: dict) -> str:
    return "\n".join(
        [
            README_START,
            f"Measured on {describe_machine(results)}, {results['started']}. "
            f"{describe_load(results)}",
            "",
            *summary_table(results),
            README_END,
        ]
    )


def update_readme(readme: Path, results: dict) -> None:
    """Replace the table between the bench markers in `readme` (bench/README.md)."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{readme.name} has no {README_START!r} marker")
    readme.write_text(pattern.sub(lambda _: readme_section(results), text), encoding="utf-8")


def missed(results: dict) -> list[str]:
    return [
        f"{int(size):,} events: {row.label}: {shown(row)}, {verdict(row)}"
        for size, case in results["cases"].items()
        for row in _rows_by_key(case).values()
        if row.met is False
    ]
