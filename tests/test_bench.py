"""The benchmark's machinery (bench/), run for real at a tiny size: every step runs the real
commands and the report lists every figure. Nothing here is timed: speed is what the
benchmark reports, not what a test checks."""

from __future__ import annotations

import json
import shutil

import pytest

from bench import report, run

EXPECTED = [
    "count_events", "count_analyses", "count_indicators", "count_areas", "build_s",
    "search_s", "search_build_s", "pages", "pages_per_s", "ms_per_page", "build_peak",
    "search_build_peak", "search_bytes", "validate_s", "validate_peak", "edit_s",
    "edit_share", "edit_written", "edit_changed", "again_s", "again_share", "again_written",
    "preview_page_s", "preview_s", "preview_share", "preview_files", "add_s", "add_share",
    "add_written", "add_changed", "pelican_s", "pelican_pages", "pelican_pages_per_s",
    "pelican_ms_per_page", "pelican_peak", "speedup", "map_gzip:index.html",
    "map_raw:events-*.geojson", "map_gzip:events-*.geojson", "map_periods",
    "map_period_gzip", "map_first_view_events", "map_first_view", "map_all", "map_code",
    "map_s", "map_event_ms", "page_average", "page_gzip:events/<id>/",
]  # fmt: skip


@pytest.fixture(scope="module")
def bench_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("bench")


@pytest.fixture(scope="module")
def bench_result(bench_folder):
    """One run of the benchmark on 20 events; `--readme` writes into a copy of
    bench/README.md (bench_folder / "README.md")."""
    folder = bench_folder
    shutil.copyfile(run.README, folder / "README.md")
    argv = ["--sizes", "20", "--runs", "1", "--results", str(folder / "results"), "--readme"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(run, "README", folder / "README.md")
        assert run.main([*argv, "--work", str(folder / "work")]) == 0
    assert not (folder / "work" / "20").exists()  # the synthetic site is removed afterwards
    results = json.loads((folder / "results" / "latest.json").read_text(encoding="utf-8"))
    return results, (folder / "results" / "latest.md").read_text(encoding="utf-8")


def rows(results: dict, size: str = "20") -> dict[str, dict]:
    return {r["key"]: r for s in results["cases"][size]["sections"] for r in s["rows"]}


def test_every_figure_is_in_both_reports(bench_result):
    results, markdown = bench_result
    found = rows(results)
    assert [key for key in EXPECTED if key not in found] == []
    for row in found.values():
        assert f"| {row['label']} | {report.shown(report.Row(**_fields(row)))} |" in markdown


def test_figures_come_from_real_builds(bench_result):
    results, _ = bench_result
    found = rows(results)
    assert found["count_events"]["value"] == 20
    assert found["pages"]["value"] > 20 + found["count_analyses"]["value"]
    assert found["pelican_pages"]["value"] > 20  # one per article, plus its index pages
    assert found["search_bytes"]["value"] > 0
    for key in ("build_peak", "search_build_peak", "validate_peak", "pelican_peak"):
        assert 10 < found[key]["value"] < 4096, key  # MiB of a real Python process
    others = [f".{language}." for language in results["languages"][1:]]
    own = [r["value"] for k, r in found.items()
           if k.startswith("map_gzip:") and not any(o in k for o in others)]  # fmt: skip
    assert found["map_all"]["value"] == sum(own)  # one language's data, as a reader loads it
    assert found["speedup"]["value"] == pytest.approx(
        found["pages_per_s"]["value"] / found["pelican_pages_per_s"]["value"]
    )


def test_rebuilds_change_the_edited_and_the_added_event(bench_result):
    results, markdown = bench_result
    case = results["cases"]["20"]
    edited = [p for p in case["edit_changed_files"] if p.startswith("events/")]
    assert len(edited) == 1 and edited[0].endswith("/index.html")
    added = [p for p in case["add_changed_files"] if "added-by-the-benchmark" in p]
    assert any(p.startswith("events/") for p in added)
    assert rows(results)["edit_changed"]["value"] >= 1
    # The preview's rebuild is partial (it raises otherwise) and writes the event's pages.
    assert rows(results)["preview_files"]["value"] >= 2
    assert "Files changed by the rebuild after editing one event, by folder: " in markdown


def test_report_names_machine_commit_and_load(bench_result):
    results, markdown = bench_result
    machine = results["machine"]
    assert machine["cores"] >= 1 and machine["memory_bytes"] > 0 and machine["cpu"]
    assert len(machine["commit"]) == 40
    assert results["cases"]["20"]["load_average"]["median"] >= 0
    assert f"commit {machine['commit'][:10]}" in markdown
    assert "Load average (1 minute) before each timed command" in markdown
    assert results["languages"] and results["languages"][0] == "en"
    assert f"in {len(results['languages'])} languages (en" in markdown


def _fields(row: dict) -> dict:
    return {k: v for k, v in row.items() if k in report.Row.__dataclass_fields__}


def test_targets_say_met_or_by_how_much_they_are_missed():
    slow = report.Row("build_s", "full build", 12.5, "s", target=5.0)
    assert report.verdict(slow) == "missed by 7.50 s (2.5x the target)"
    assert report.verdict(report.Row("build_s", "full build", 4.0, "s", target=5.0)) == "met"
    behind = report.Row("speedup", "ratio", 0.5, "x", target=4.0, better="higher")
    assert report.verdict(behind) == "missed by 3.50x (8.0x short)"
    assert report.verdict(report.Row("pages", "pages", 10, "count")) == ""


def test_budget_cuts_runs_of_the_slowest_steps_first():
    first = {"validate": 5.0, "build": 100.0, "search": 60.0}
    assert run.plan(first, 3, left=1000) == {"validate": 3, "build": 3, "search": 3}
    assert run.plan(first, 3, left=250) == {"validate": 3, "build": 2, "search": 3}
    assert run.plan(first, 3, left=100) == {"validate": 3, "build": 1, "search": 2}
    assert run.plan(first, 3, left=0) == {"validate": 1, "build": 1, "search": 1}


def test_largest_budgeted_size_runs_first_and_large_sizes_once():
    assert run.order([1000, 100_000, 10_000]) == [10_000, 1000, 100_000]
    assert run.time_left(100_000, [], 3000, 60, 3) == 0
    # 10,000 took 300 s a round: 1,000 is reckoned at 30 s a round, three rounds.
    assert run.time_left(10_000, [1000, 100_000], 1200, 300, 3) == 1200 - 90
    assert run.time_left(1000, [100_000], 900, 30, 3) == 900


def test_readme_table_is_replaced_between_its_markers(bench_result, tmp_path):
    results, _ = bench_result
    readme = tmp_path / "README.md"
    readme.write_text(
        f"# x\n\n{report.README_START}\nPREVIOUS TABLE\n{report.README_END}\n\nafter\n"
    )
    report.update_readme(readme, results)
    text = readme.read_text()
    assert "PREVIOUS TABLE" not in text and text.endswith("\n\nafter\n")
    assert "| sitrep / plain Pelican, pages per second |" in text


def test_readme_option_writes_the_last_result_into_bench_readme(bench_result, bench_folder):
    """The table lives in bench/README.md, once; `--readme` rewrites it there and leaves the
    rest of the file, and README.md has no table of its own."""
    original = run.README.read_text(encoding="utf-8")
    assert run.README == run.ROOT / "bench" / "README.md"
    assert original.count(report.README_START) == original.count(report.README_END) == 1
    readme = (run.ROOT / "README.md").read_text(encoding="utf-8")
    assert report.README_START not in readme and "(bench/README.md)" in readme
    written = (bench_folder / "README.md").read_text(encoding="utf-8")
    before, after = original.split(report.README_START)[0], original.split(report.README_END)[1]
    assert written.startswith(before) and written.endswith(after)
    assert "| measure | 20 events |" in written and "| measure | 20 events |" not in original


def test_cold_steps_start_without_the_content_cache(tmp_path):
    """The content cache of the synthetic site's builds is among what clean() removes, so
    that cold builds and the validation figure stay cold."""
    from generators.cli.commands import read_settings
    from generators.content.contentcache import cache_for

    case = run.prepare(20, 1, tmp_path)
    folder = cache_for(read_settings(str(case.settings)), ("en",)).folder
    assert case.folder in folder.parents
    folder.mkdir()
    (folder / "00.pickle").write_bytes(b"left by a build")
    run.clean(case)
    assert not folder.exists()


@pytest.mark.slow
def test_the_dask_step_reports_its_shards(tmp_path, monkeypatch):
    """`--dask`: a build on a LocalCluster, whose shards' figures have a row each (at 20
    events every page goes to the workers, in shards of 10)."""
    from generators.build import executor

    monkeypatch.setattr(executor, "SHARD_PAGES", 10)
    monkeypatch.setattr(executor, "MIN_REMOTE", 1)
    case = run.prepare(20, 1, tmp_path)
    run.step_dask(case, 1)
    found = {row.key: row.value for row in run.dask_rows(case)}
    assert found["dask_shard_pages"] == 10
    assert found["dask_shards"] > 5
    assert found["dask_pages"] >= found["dask_shards"] * found["dask_shard_min_pages"]
    assert 0 < found["dask_shard_median_s"] <= found["dask_shard_max_s"]
    assert 0 < found["dask_shard_min_pages"] <= found["dask_shard_median_pages"] <= 10
    assert found["dask_load_s"] > 0
