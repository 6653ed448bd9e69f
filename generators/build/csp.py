"""A Content-Security-Policy on every page, computed from what the build actually wrote.

Run over the staging folder once every page is written and before it is swapped in: for
each HTML file it hashes the inline scripts and style blocks the build emitted (a map's
Leaflet set-up, say) and inserts a `<meta http-equiv="Content-Security-Policy">` that allows
exactly those, plus files from the site itself. A script added to a page after the build,
or written into the page at run time from data, has no matching hash and does not run.
Templates must not write their own policy meta: this pass owns it.

Hashing what the build wrote would also bless a script that content smuggled in through a
template that forgot to escape a field. So the pass first collects the `<script>` elements
written in content files, and refuses to build (a content error at that line) when one of
them reached a page as a script that would run.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import time
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ContentError, ContentInvalid
from ..settings import sitrep_settings
from .executor import Executor, LocalExecutor
from .output import files_below
from .parallel import Item, Result

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script[\s/]*>", re.I | re.S)
# A script's or a style block's start tag, and each one's end tag.
_START = re.compile(r"<(script|style)\b([^>]*)>", re.I)
_END = {
    "script": re.compile(r"</script[\s/]*>", re.I),
    "style": re.compile(r"</style[\s/]*>", re.I),
}
_SRC = re.compile(r"""(?:^|\s)src\s*=""", re.I)
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*["']?([^"'\s>]*)""", re.I)
# Where the policy goes: after the charset declaration, which must stay in the first
# 1,024 bytes, and before anything the policy governs (else right after <head>).
_CHARSET = re.compile(r"<meta\s+charset\s*=[^>]*>\n?", re.I)
_HEAD = re.compile(r"<head\b[^>]*>\n?", re.I)
# Script types a browser runs; any other type is a data block (JSON-LD) that needs no hash.
_RUNNABLE = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}
_CONTENT_TEXT = {".yaml", ".yml", ".md", ".markdown", ".html", ".htm", ".rst", ".txt"}


@lru_cache(maxsize=256)  # the same map set-up script is on thousands of pages
def source_hash(text: str) -> str:
    """The CSP source expression that allows one inline script or style block."""
    # Browsers hash the element's text after the parser turned CRLF and CR into LF.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _elements(html: str) -> Iterator[tuple[str, str, str]]:
    """(tag, attributes, text) of each script and style element, in one pass over the page
    (a page is searched once, not once per tag), each found by searching for its end tag
    rather than trying it at every character. What a script's text holds is not looked
    into: a browser reads it as text too."""
    position = 0
    while (start := _START.search(html, position)) is not None:
        tag = start.group(1).lower()
        end = _END[tag].search(html, start.end())
        if end is None:
            return
        yield tag, start.group(2), html[start.end() : end.start()]
        position = end.end()


def _inline(html: str) -> tuple[list[str], list[str]]:
    """The text of every inline script a browser would run, and of every style block."""
    scripts, styles = [], []
    for tag, attributes, text in _elements(html):
        if tag == "style":
            styles.append(text)
            continue
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind and kind.group(1).lower() not in _RUNNABLE):
            continue
        scripts.append(text)
    return scripts, styles


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run."""
    return _inline(html)[0]


def tiles_origin(tiles: Any) -> str | None:
    """The origin map tiles load from, when a MAP_TILES setting names another host.

    Accepts a URL template ('https://{s}.tile.example.org/{z}/{x}/{y}.png'), an xyzservices
    provider or a mapping with 'url' or 'tiles', or a provider name folium knows
    ('OpenStreetMap'). Anything else, including tiles the site serves itself, adds nothing.
    """
    if not tiles:
        return None
    url = None
    if isinstance(tiles, Mapping):
        url = tiles.get("url") or tiles.get("tiles")
    elif isinstance(tiles, str) and "://" not in tiles and not tiles.startswith("/"):
        url = _provider_url(tiles)
    elif isinstance(tiles, str):
        url = tiles
    if not isinstance(url, str) or not url:
        return None
    parts = urlsplit(url.replace("{s}", "SUBDOMAIN"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.netloc.replace("SUBDOMAIN", "*").lower()
    if "{" in host:  # another placeholder in the host: allow its parent domain's hosts
        host = "*." + host.split("}", 1)[-1].lstrip(".-")
    return f"{parts.scheme}://{host}"


def _provider_url(name: str) -> str | None:
    """The URL template of a tile provider named as folium names them."""
    import warnings

    import xyzservices

    if name.replace(" ", "").lower() == "openstreetmap":
        name = "OpenStreetMap.Mapnik"  # folium's own alias
    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        return None
    if not isinstance(provider, xyzservices.TileProvider):
        return None
    with warnings.catch_warnings():  # some providers warn about API keys
        warnings.simplefilter("ignore")
        return provider.build_url(fill_subdomain=False)


def policy(scripts: Iterable[str], styles: Iterable[str] = (), tiles: str | None = None) -> str:
    """The policy of one page. Only directives a <meta> policy supports: frame-ancestors,
    report-uri and sandbox need an HTTP header (browsers ignore them here, with a warning)."""
    script_src = " ".join(["'self'", *sorted({source_hash(s) for s in scripts})])
    directives = ["default-src 'self'", f"script-src {script_src}"]
    style_hashes = sorted({source_hash(s) for s in styles})
    if style_hashes:
        directives.append("style-src " + " ".join(["'self'", *style_hashes]))
    if tiles:
        directives += [f"img-src 'self' {tiles}", f"connect-src 'self' {tiles}"]
    directives += ["object-src 'none'", "base-uri 'self'", "form-action 'self'"]
    return "; ".join(directives)


def secure_page(html: str, tiles: str | None = None) -> str:
    """The page with its policy meta inserted (unchanged when it has no <head>)."""
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html
    rules = policy(*_inline(html), tiles)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{rules}">\n'
    return html[: anchor.end()] + meta + html[anchor.end() :]


# A content file as a build last scanned it: its identity on disk (inode, size, modification
# and change times; None when it changed too recently to be known by them) and its scripts.
Scripts = dict[str, tuple[str, int, int]]
Scanned = tuple[tuple[int, int, int, int] | None, Scripts]
# A file changed less than this before it was scanned is read again by the next build: file
# systems keep times by a coarse clock, and a second edit in the same tick keeps the times.
_SETTLED_NS = 2_000_000_000


def scan_content(content: Path, known: Mapping[str, Scanned]) -> dict[str, Scanned]:
    """Every text file of `content` (by path relative to it, in path order) with its scripts.
    A file `known` (the previous build's scan) saw with the same identity is not read again:
    reading each of 10,000 files a second time, after the loader, took 0.12 to 0.24 s."""
    names = files_below(content) if content.is_dir() else ()
    now = time.time_ns()
    return {
        name: scan_file(content, name, known.get(name), now)
        for name in names
        if os.path.splitext(name)[1].lower() in _CONTENT_TEXT
    }


def scan_file(content: Path, name: str, before: Scanned | None, now: int) -> Scanned:
    """One content file's scan: `before` when the file is still the one it describes."""
    try:  # its identity first: a write after this makes the next build read it again
        stat = os.stat(os.path.join(content, name))
    except OSError:  # an editor's lock file (a dangling link): the validator says the rest
        return None, {}
    identity = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if before is not None and before[0] == identity:
        return before
    settled = now - stat.st_ctime_ns > _SETTLED_NS
    return (identity if settled else None), scripts_in_file(content, name)


def scripts_in_file(content: Path, name: str) -> dict[str, tuple[str, int, int]]:
    """The scripts of one content file, by text."""
    found: dict[str, tuple[str, int, int]] = {}
    if os.path.splitext(name)[1].lower() not in _CONTENT_TEXT:
        return found
    try:
        with open(os.path.join(content, name), "rb") as handle:
            data = handle.read()
    except OSError:  # an editor's lock file (a dangling link): the validator says the rest
        return found
    if b"<script" not in data.lower():  # most files: no need to decode them
        return found
    text = data.decode("utf-8", errors="replace")
    shown = f"{content.name}/{name}"
    for match in _SCRIPT.finditer(text):
        before = text[: match.start()]
        where = (shown, before.count("\n") + 1, match.start() - before.rfind("\n"))
        found.setdefault(match.group(2).strip(), where)
    found.pop("", None)
    return found


def _planted(scanned: Mapping[str, Scanned]) -> Scripts:
    """Every content script, where it first appears in path order."""
    planted: Scripts = {}
    for name in sorted(scanned):
        for script, where in scanned[name][1].items():
            planted.setdefault(script, where)
    return planted


class Guard:
    """Gives each page its policy as it is written, and watches for content scripts."""

    def __init__(self, settings: Mapping[str, Any], executor: Executor | None = None):
        # How work is spread (executor.py): made by the build, which ends it.
        self.executor = executor if executor is not None else LocalExecutor()
        tiles = sitrep_settings(settings).MAP_TILES
        self.tiles = tiles_origin(tiles.url if tiles is not None else None)
        self.content = Path(settings["PATH"]) if settings.get("PATH") else None
        self.scanned: dict[str, Scanned] = {}  # by `watch`, kept for the next build
        self._planted: Scripts | None = None
        self.errors: list[ContentError] = []

    def watch(self, known: Mapping[str, Scanned]) -> None:
        """Collect the scripts of the content, reading only the files that are not as
        `known` (the previous build's `scanned`, from the store's manifest) saw them."""
        self.scanned = scan_content(self.content, known) if self.content is not None else {}
        self._planted = _planted(self.scanned)

    @property
    def planted(self) -> Scripts:
        """Every content script, where it first appears (every file read, unless watched)."""
        if self._planted is None:
            self.watch({})
        assert self._planted is not None
        return self._planted

    def after_changes(self, paths: Iterable[str], executor: Executor) -> Guard:
        """This guard for a partial rebuild after content `paths` changed (absolute), run
        by `executor`: only those files are read again."""
        if self._planted is None:
            self.watch({})
        guard = Guard.__new__(Guard)
        guard.executor, guard.tiles, guard.content = executor, self.tiles, self.content
        guard.scanned, guard.errors = dict(self.scanned), []
        if self.content is not None:
            root, now = os.path.abspath(self.content), time.time_ns()
            for path in paths:
                name = os.path.relpath(path, root).replace(os.sep, "/")
                guard.scanned.pop(name, None)
                if os.path.splitext(name)[1].lower() in _CONTENT_TEXT and os.path.isfile(path):
                    guard.scanned[name] = scan_file(self.content, name, None, now)
        guard._planted = _planted(guard.scanned)
        return guard

    def secure(self, name: str, html: str) -> str:
        """The page written to `name`, with its policy; a content script that would run
        there is recorded as an error (raised by `check`)."""
        if self.planted:
            for script in inline_scripts(html):
                if script.strip() in self.planted:
                    self.errors.append(
                        ContentError(
                            *self.planted[script.strip()],
                            "",
                            f"this <script> runs as a script on {name}",
                            "a template shows a content field without escaping it",
                        )
                    )
        return secure_page(html, self.tiles)

    def check(self) -> None:
        if self.errors:
            raise ContentInvalid(self.errors)

    def run(self, items: Sequence[Item], work: Callable[[Sequence[Item]], Result]) -> list[Result]:
        """`work` over the pages `items`, on every core unless content scripts are watched
        for: their errors are collected in this process, so it then does all the work."""
        return [work(items)] if self.planted else self.executor.map(items, work)


def apply_csp(folder: Path, guard: Guard, done: Container[str], files: Iterable[str]) -> None:
    """Give every HTML page among `files` (relative paths under `folder`) its policy, but
    those already given one (`done`): the pages other code than sitrep's store wrote,
    Pelican's own."""
    pages = [folder / name for name in files if name.endswith(".html") and name not in done]
    guard.run(pages, lambda share: _secure(share, folder, guard))
    guard.check()


def _secure(pages: Sequence[Path], folder: Path, guard: Guard) -> None:
    for path in pages:
        html = path.read_text(encoding="utf-8")
        secured = guard.secure(path.relative_to(folder).as_posix(), html)
        if secured != html:
            path.unlink()  # never in place: the file may be linked from the served site
            path.write_text(secured, encoding="utf-8")
