"""`sitrep sources check`: do the addresses the content cites still answer, and do the
archived copies still match the hashes the desk recorded?

It visits every cited report's `url`, every `archive_url`, every medium's `url` and every
source's own address, a few at a time (bounded concurrency), each with a timeout and a
User-Agent that says what it is. It asks with HEAD, and with GET where a server refuses HEAD
or where a hash must be checked (the body is hashed as it arrives, never kept). Redirects
are followed one by one, so that the report says where an address went. A dead archive
link, or an archived copy whose bytes no longer match its `sha256`, makes it exit 1: the
evidence a finding rests on is gone. A dead report link alone does not: that is what the
archive is for.

`--archive` asks an archiving endpoint (`ARCHIVE_ENDPOINT`, such as the Wayback Machine's
`https://web.archive.org/save/{url}`) to save each report that has no archived copy (or a
dead one), and prints the `archive_url`, `captured` and `sha256` lines to add to the
citation: the desk reviews the copy before it cites it, so no content file is changed.

Never part of a build: builds make no network request.
"""

from __future__ import annotations

import hashlib
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..content.media import citations
from ..content.model import Site

VERSION = "0.1"
REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 10
MAX_BYTES = 200 * 1024 * 1024  # an archived copy larger than this is not hashed


@dataclass
class Target:
    """One address to visit, with what the desk expects of it and where it is cited."""

    url: str
    kind: str  # report, archive, media, source
    sha256: str | None = None
    cited_in: list[str] = field(default_factory=list)
    archives: list[str] = field(default_factory=list)  # a report's archived copies


@dataclass
class Result:
    url: str
    kind: str
    status: str  # ok, redirected, dead, altered
    http_status: int | None = None
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)
    method: str = "HEAD"
    sha256_expected: str | None = None
    sha256_found: str | None = None
    error: str | None = None
    cited_in: list[str] = field(default_factory=list)

    @property
    def fails(self) -> bool:
        """What makes the check exit 1: preserved evidence gone or changed."""
        return self.kind in ("archive", "media") and self.status in ("dead", "altered")


def _where(site: Site, kind: str, item_id: str, loc: tuple) -> str:
    doc = site.documents.get((kind, item_id))
    if doc is None:
        return f"{kind}/{item_id}"
    line, col = doc.mark(loc)
    return f"{doc.path}:{line}:{col}"


def targets(site: Site) -> list[Target]:
    """Every address the content gives, once per address and kind, in a stable order."""
    found: dict[tuple[str, str], Target] = {}

    def add(url: str, kind: str, where: str, sha256: str | None = None) -> Target:
        target = found.setdefault((kind, url), Target(url, kind, sha256))
        if sha256 and not target.sha256:
            target.sha256 = sha256
        if where not in target.cited_in:
            target.cited_in.append(where)
        return target

    for kind, item_id, loc, citation in citations(site):
        if citation.url:
            report = add(citation.url, "report", _where(site, kind, item_id, (*loc, "url")))
            if citation.archive_url and citation.archive_url not in report.archives:
                report.archives.append(citation.archive_url)
        if citation.archive_url:
            where = _where(site, kind, item_id, (*loc, "archive_url"))
            add(citation.archive_url, "archive", where, citation.sha256)
        for j, media in enumerate(citation.media):
            if media.url:
                where = _where(site, kind, item_id, (*loc, "media", j, "url"))
                add(media.url, "media", where, media.sha256)
    for source in site.sources.values():
        if source.url:
            add(source.url, "source", _where(site, "sources", source.id, ("url",)))
    return sorted(found.values(), key=lambda t: (t.kind, t.url))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back as answers, so that each hop is seen and reported."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _opener(url: str) -> urllib.request.OpenerDirector:
    host = urllib.parse.urlsplit(url).hostname or ""
    # The environment's proxy for the world, none for this machine.
    proxies = urllib.request.ProxyHandler({} if host in _LOOPBACK else None)
    return urllib.request.build_opener(proxies, _NoRedirect)


def user_agent(site_url: str) -> str:
    about = f"; +{site_url}" if site_url else ""
    return f"sitrep-sources-check/{VERSION} (checks that a report's cited sources answer{about})"


class Checker:
    def __init__(self, timeout: float, agent: str):
        self.timeout = timeout
        self.agent = agent

    def open(self, url: str, method: str):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": self.agent})
        return _opener(url).open(request, timeout=self.timeout)

    def check(self, target: Target) -> Result:
        result = Result(target.url, target.kind, "dead", cited_in=list(target.cited_in))
        result.sha256_expected = target.sha256
        url, method = target.url, "GET" if target.sha256 else "HEAD"
        for _ in range(MAX_REDIRECTS + 1):
            result.method = method
            try:
                response = self.open(url, method)
            except urllib.error.HTTPError as answer:
                answer.close()
                location = answer.headers.get("Location")
                if answer.code in REDIRECTS and location:
                    url = urllib.parse.urljoin(url, location)
                    result.redirects.append(url)
                    continue
                if method == "HEAD":  # refused, or wrongly answered: GET is what counts
                    method = "GET"
                    continue
                result.http_status, result.final_url = answer.code, url
                result.error = f"HTTP {answer.code} {answer.reason}"
                return result
            except (urllib.error.URLError, OSError, ValueError) as problem:
                reason = getattr(problem, "reason", problem)
                result.final_url, result.error = url, str(reason) or type(problem).__name__
                return result
            with response:
                result.http_status, result.final_url = response.status, url
                if target.sha256:
                    found = _digest(response)
                    result.sha256_found = found
                    if found is None:
                        result.error = f"larger than {MAX_BYTES // (1024 * 1024)} MB: not hashed"
                    elif found != target.sha256:
                        result.status = "altered"
                        return result
            result.status = "redirected" if result.redirects else "ok"
            return result
        result.error = f"more than {MAX_REDIRECTS} redirects"
        return result


def _digest(response) -> str | None:
    hasher, size = hashlib.sha256(), 0
    while chunk := response.read(1 << 16):
        size += len(chunk)
        if size > MAX_BYTES:
            return None
        hasher.update(chunk)
    return hasher.hexdigest()


def check_all(found: list[Target], concurrency: int, timeout: float, agent: str) -> list[Result]:
    """Every target checked, at most `concurrency` at a time, in the order given."""
    checker = Checker(timeout, agent)
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return list(pool.map(checker.check, found))


@dataclass
class Saved:
    url: str
    archive_url: str | None
    captured: str | None
    sha256: str | None
    error: str | None
    cited_in: list[str]


def archive(
    results: list[Result], found: list[Target], endpoint: str, checker: Checker
) -> list[Saved]:
    """Ask `endpoint` to save each live report that has no archived copy, or only dead ones."""
    alive = {(r.kind, r.url) for r in results if r.status != "dead"}
    saved = []
    for target in found:
        if target.kind != "report" or ("report", target.url) not in alive:
            continue
        if any(("archive", copy) in alive for copy in target.archives):
            continue
        saved.append(_save(target, endpoint, checker))
    return saved


def _save(target: Target, endpoint: str, checker: Checker) -> Saved:
    asked = endpoint.replace("{url}", urllib.parse.quote(target.url, safe=""))
    captured = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    try:
        try:
            response = checker.open(asked, "GET")
            with response:
                response.read()
                where = response.headers.get("Content-Location") or response.url
        except urllib.error.HTTPError as answer:
            answer.close()
            where = answer.headers.get("Location") or answer.headers.get("Content-Location")
            if answer.code not in REDIRECTS or not where:
                raise
        copy = urllib.parse.urljoin(asked, where)
        with checker.open(copy, "GET") as response:
            digest = _digest(response)
    except (urllib.error.URLError, OSError, ValueError) as problem:
        reason = str(getattr(problem, "reason", problem))
        return Saved(target.url, None, None, None, reason, target.cited_in)
    return Saved(target.url, copy, captured, digest, None, target.cited_in)


def table(results: list[Result], saved: list[Saved]) -> None:
    """The report on the terminal."""
    from rich.console import Console
    from rich.table import Table

    shown = Table(title="sitrep sources check", show_lines=False)
    for column in ("status", "kind", "address", "detail", "cited in"):
        shown.add_column(column, overflow="fold")
    colours = {"ok": "green", "redirected": "yellow", "dead": "red", "altered": "red"}
    for r in results:
        detail = r.error or (f"HTTP {r.http_status}" if r.http_status else "")
        if r.redirects:
            detail = f"→ {r.redirects[-1]} ({detail})"
        if r.status == "altered":
            detail = f"sha256 {r.sha256_found}, recorded {r.sha256_expected}"
        more = f" (+{len(r.cited_in) - 1})" if len(r.cited_in) > 1 else ""
        status = f"[{colours[r.status]}]{r.status}[/]"
        shown.add_row(status, r.kind, r.url, detail, (r.cited_in[0] if r.cited_in else "") + more)
    # Piped into a file or a CI log, rows are not folded at 80 columns.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 240)
    console.print(shown)
    for s in saved:
        if s.error:
            console.print(f"[red]not archived[/] {s.url}: {s.error}")
            continue
        console.print(f"archived {s.url}; add to the citation at {', '.join(s.cited_in)}:")
        console.print(
            f"    archive_url: {s.archive_url}\n    captured: {s.captured}\n    sha256: {s.sha256}",
            markup=False,
        )
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    failing = sum(r.fails for r in results)
    console.print(f"{len(results)} addresses: {summary or 'none'}.", markup=False)
    if failing:
        console.print(f"[red]{failing} archived copies are dead or no longer match their hash.[/]")


def report(results: list[Result], saved: list[Saved], checked_at: str) -> dict[str, Any]:
    return {
        "checked_at": checked_at,
        "results": [asdict(r) for r in results],
        "archived": [asdict(s) for s in saved],
        "failing": [r.url for r in results if r.fails],
    }


def write_report(path: str, document: dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False, indent=1)
        f.write("\n")
