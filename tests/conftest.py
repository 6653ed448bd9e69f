"""Shared fixtures: fixture sites copied or built once per run; the markers of the quick
subsets (pyproject.toml), set here by file and fixture so that no test has to carry them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, SITES, build

# Fixtures whose use marks a test: `browser` drives Debian's chromium; `bench_result` runs
# the whole benchmark (tests/test_bench.py), building several synthetic sites.
MARKED_BY_FIXTURE = {"browser": "browser", "bench_result": "slow"}
# Test files whose every test is marked: the HTML5 validator runs on Java.
MARKED_BY_FILE = {"test_html_valid.py": "validator"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark browser, validator and benchmark tests; other slow tests carry
    `@pytest.mark.slow` themselves."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        marks = {mark for fixture, mark in MARKED_BY_FIXTURE.items() if fixture in names}
        if item.path.name.startswith("test_browser_"):
            marks.add("browser")
        if item.path.name in MARKED_BY_FILE:
            marks.add(MARKED_BY_FILE[item.path.name])
        for mark in sorted(marks - {m.name for m in item.iter_markers()}):
            item.add_marker(mark)


@pytest.fixture
def copy_site(tmp_path):
    """Copy a fixture site from tests/sites/<name>/ into a temporary folder."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(SITES / name, target)
        return target

    return copy


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo site, built once per test run."""
    return build(ROOT / "content", tmp_path_factory.mktemp("demo") / "output")


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory) -> Path:
    """tests/sites/minimal built once per test run."""
    return build(SITES / "minimal" / "content", tmp_path_factory.mktemp("minimal") / "output")


@pytest.fixture(scope="session")
def figures_site(tmp_path_factory) -> Path:
    """tests/sites/figures (indicators, a day report, contradicting claims), built once."""
    return build(SITES / "figures" / "content", tmp_path_factory.mktemp("figures") / "output")


@pytest.fixture(scope="session")
def bilingual_site(tmp_path_factory) -> Path:
    """tests/sites/bilingual (English and Arabic, some items translated), built once."""
    return build(SITES / "bilingual" / "content", tmp_path_factory.mktemp("bilingual") / "output")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """tests/sites/hostile (every text field carries markup and script) built once per run,
    with the analyses feed on so that feed entries are checked too."""
    return build(
        SITES / "hostile" / "content",
        tmp_path_factory.mktemp("hostile") / "output",
        FEED_ALL_ATOM="feeds/all.atom.xml",
        FEED_DOMAIN="https://hostile.example",
    )


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole run: Playwright's sync API allows one loop."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
