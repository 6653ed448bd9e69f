"""Build real fixture sites with the real pipeline (Pelican + sitrep's plugin) and read them."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from generators.cli.commands import read_settings, run_build

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"


def build(content: Path, output: Path, **overrides) -> Path:
    """Build `content` into `output` with the project's settings, as `sitrep build` does.
    The content cache goes beside `output` (fixture sites' content is in the repository)."""
    cache = str(output.parent / ".sitrep-cache")
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        {"PATH": str(content), "OUTPUT_PATH": str(output), "SITREP_CACHE": cache, **overrides},
    )
    run_build(settings)
    return output


def page(output: Path, url: str) -> BeautifulSoup:
    """Parse the built page at a site URL such as '/events/x/'."""
    path = output / url.lstrip("/")
    if url.endswith("/") or not url:
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes (None for a folder) by path, to compare whole builds.

    Pagefind's index is left out: its filter files differ from run to run for the same pages
    (Pagefind/pagefind#638); everything sitrep itself writes must be byte-identical."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
        if not p.relative_to(folder).as_posix().startswith("pagefind")
    }
