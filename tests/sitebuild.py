"""Build real fixture sites with the real pipeline (Pelican + sitrep's plugin) and read them."""

from __future__ import annotations

import difflib
import re
import shutil
from itertools import islice
from pathlib import Path

from bs4 import BeautifulSoup

from generators.cli.commands import read_settings, run_build

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
DEMO_BASEMAP = "basemap/aleppo.pmtiles"


def build(content: Path, output: Path, **overrides) -> Path:
    """Build `content` into `output` with the project's settings, as `sitrep build` does.
    The content cache goes beside `output` (fixture sites' content is in the repository)."""
    cache = str(output.parent / ".sitrep-cache")
    # The project's settings name the demo's basemap, a file of its content folder: other
    # content is built without one unless it has that file too.
    if not (content / DEMO_BASEMAP).is_file():
        overrides.setdefault("BASEMAP", None)
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        {"PATH": str(content), "OUTPUT_PATH": str(output), "SITREP_CACHE": cache, **overrides},
    )
    run_build(settings)
    return output


def english_project(folder: Path) -> Path:
    """A desk's project in `folder`: the minimal site's content, the project's settings and
    its theme. The minimal site has no translations: published in English only, it has no
    warnings."""
    shutil.copytree(SITES / "minimal" / "content", folder / "content")
    settings = (ROOT / "pelicanconf.py").read_text()
    (folder / "pelicanconf.py").write_text(settings + '\nSITE_LANGUAGES = ["en"]\n')
    shutil.copytree(ROOT / "themes", folder / "themes")
    return folder


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a text file by `new`; `old` must be there, so that an edit
    that no longer applies fails instead of changing nothing."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


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


def differences(
    got: dict[str, bytes | None],
    wanted: dict[str, bytes | None],
    names: tuple[str, str] = ("rebuilt", "cold"),
    most: int = 40,
) -> str:
    """How the site `got` differs from the site `wanted` (trees as `tree` reads them, called
    by `names`): the files whose bytes differ and those only one has, then a unified diff of
    the first file that differs, at most `most` lines. Empty when the sites are the same."""
    changed = sorted(name for name in got.keys() & wanted.keys() if got[name] != wanted[name])
    extra, missing = sorted(got.keys() - wanted.keys()), sorted(wanted.keys() - got.keys())
    said = [
        f"{label} ({len(files)}): {', '.join(files)}"
        for label, files in (
            ("differ", changed),
            (f"only in {names[0]}", extra),
            (f"only in {names[1]}", missing),
        )
        if files
    ]
    if changed:
        name = changed[0]
        diff = difflib.unified_diff(
            _lines(wanted[name]),
            _lines(got[name]),
            f"{names[1]}/{name}",
            f"{names[0]}/{name}",
            n=1,
            lineterm="",
        )
        said += islice(diff, most)
    return "\n".join(said)


def _lines(data: bytes | None) -> list[str]:
    """A file's lines for a diff, long ones (JSON, inline SVG) cut after each tag or comma
    so that a diff shows the part that differs."""
    if data is None:
        return ["(a folder)"]
    text = data.decode("utf-8", errors="replace")
    return [
        piece[:200]
        for line in text.splitlines()
        for piece in (re.split(r"(?<=[>,])", line) if len(line) > 200 else [line])
    ]
