"""Build real fixture sites with the real pipeline (Pelican + sitrep's plugin) and read them."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from generators.cli import read_settings, run_build

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"


def build(content: Path, output: Path, **overrides) -> Path:
    """Build `content` into `output` with the project's settings, as `sitrep build` does."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        {"PATH": str(content), "OUTPUT_PATH": str(output), **overrides},
    )
    run_build(settings)
    return output


def page(output: Path, url: str) -> BeautifulSoup:
    """Parse the built page at a site URL such as '/events/x/'."""
    path = output / url.lstrip("/")
    if url.endswith("/") or not url:
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
