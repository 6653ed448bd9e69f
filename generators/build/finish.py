"""The last steps of a build, run on the complete staging folder before it is swapped in:
the sitemap and robots.txt (which list every page, whoever wrote it), then the Pagefind
search index (which must see every page).

Search is optional: `SITREP_SEARCH = False` (or `sitrep build --no-search`) skips it for
fast previews; `SITREP_PAGEFIND` names another Pagefind command (e.g. ["pagefind"]). When
Pagefind cannot run, the build says so and the site is still built; the search page then
tells readers that search is unavailable.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..settings import sitrep_settings
from ..urls import absolute_base
from .progress import current

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NOT_LISTED = {"404.html"}
PAGEFIND_FOLDER = "pagefind"
# Lists of other items and page furniture: indexed, they would make every actor or place
# page match the words of all its events.
NOT_INDEXED = [".event-list", ".pager", ".subscribe", "nav"]


def page_urls(files: Iterable[str], base: str) -> list[str]:
    """The address of every HTML page among the built site's `files`, sorted."""
    urls = []
    for relative in files:
        # Not found pages of every language (404.html, ar/404.html) are no page to list.
        name = relative.rpartition("/")[2]
        if not name.endswith(".html") or name in NOT_LISTED:
            continue
        if relative.startswith(f"{PAGEFIND_FOLDER}/"):
            continue
        urls.append(f"{base}/{relative.removesuffix('index.html')}")
    return sorted(urls)


def sitemap_name(number: int) -> str:
    """The file of the sitemap's `number`th part (1, 2, ...), beside sitemap.xml."""
    return f"sitemap-{number}.xml"


def write_sitemap(site: Path, base: str, files: Iterable[str], most: int = 50_000) -> None:
    """sitemap.xml, a sitemap index (sitemaps.org) of sitemap-1.xml, sitemap-2.xml, ...,
    each listing at most `most` pages (SITEMAP_URLS; the protocol allows 50,000). The parts
    sit at the root: a sitemap may only list addresses at or below its own folder."""
    urls = page_urls(files, base)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    parts = [urls[start : start + most] for start in range(0, len(urls), most)] or [[]]
    for number, part in enumerate(parts, 1):
        entries = "".join(f"<url><loc>{escape(url)}</loc></url>\n" for url in part)
        text = f'{head}<urlset xmlns="{SITEMAP_NS}">\n{entries}</urlset>\n'
        (site / sitemap_name(number)).write_text(text, encoding="utf-8")
    listed = "".join(
        f"<sitemap><loc>{escape(f'{base}/{sitemap_name(number)}')}</loc></sitemap>\n"
        for number in range(1, len(parts) + 1)
    )
    index = f'{head}<sitemapindex xmlns="{SITEMAP_NS}">\n{listed}</sitemapindex>\n'
    (site / "sitemap.xml").write_text(index, encoding="utf-8")


def write_robots(site: Path, base: str) -> None:
    robots = site / "robots.txt"
    if robots.exists():  # the author's own, copied from content
        return
    robots.write_text(f"User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n", "utf-8")


def index_for_search(site: Path, pagefind: list[str] | None = None) -> str | None:
    """Run Pagefind over the site; return why it failed, or None. `pagefind` is the command
    (default: the pinned PyPI package, which bundles the binary)."""
    command = [*(pagefind or [sys.executable, "-m", "pagefind"]), "--site", str(site)]
    command += ["--silent"]
    command += ["--output-subdir", PAGEFIND_FOLDER]
    for selector in NOT_INDEXED:
        command += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.returncode != 0 or not (site / PAGEFIND_FOLDER / "pagefind.js").exists():
        lines = (done.stderr or done.stdout).strip().splitlines()
        return lines[-1] if lines else f"exit status {done.returncode}"
    return None


def finish(site: Path, settings: Mapping[str, Any], files: Iterable[str]) -> None:
    """Sitemap, robots.txt and search index for the site built into `site`, whose files are
    `files` (relative paths, as `files_below` gives them)."""
    base = absolute_base(settings)
    with current().step("Writing sitemap"):
        write_sitemap(site, base, files, sitrep_settings(settings).SITEMAP_URLS)
        write_robots(site, base)
    index_if_asked(site, settings)


def index_if_asked(site: Path, settings: Mapping[str, Any]) -> None:
    """The search index of `site`, when the settings ask for one (SITREP_SEARCH)."""
    checked = sitrep_settings(settings)
    if not checked.SITREP_SEARCH:
        return
    with current().step("Indexing for search (Pagefind)"):
        problem = index_for_search(site, checked.SITREP_PAGEFIND)
    if problem:
        print(
            f"warning: search index not built: Pagefind could not run ({problem}). "
            "The rest of the site is built; its search page says search is unavailable.",
            file=sys.stderr,
        )
