"""Shared fixtures: fixture sites copied or built once per run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, SITES, build


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
