"""`sitrep sources check` (cli/sourcecheck.py), run as a desk runs it, against a local HTTP
server on 127.0.0.1 that serves live, moved, missing and altered pages and an archiving
endpoint. Nothing here leaves the machine."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from tests.sitebuild import ROOT, SITES, edit

BIN = Path(sys.executable).parent
GOOD = b"<html>the archived copy, as captured</html>"
SAVED = b"<html>a copy the endpoint just made</html>"
PAGES = {
    "/live": (200, b"<html>the report</html>"),
    "/unarchived": (200, b"<html>a report nobody archived</html>"),
    "/archive/good": (200, GOOD),
    "/archive/altered": (200, b"<html>the copy, changed since it was captured</html>"),
    "/archive/saved": (200, SAVED),
    "/missing": (404, b"not here"),
    "/archive/gone": (410, b"gone"),
}


class Handler(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str, str]]] = []

    def log_message(self, *args) -> None:  # quiet
        pass

    def answer(self, with_body: bool) -> None:
        self.seen.append((self.command, self.path, self.headers.get("User-Agent", "")))
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/live")
            self.end_headers()
            return
        if self.path == "/nohead" and self.command == "HEAD":
            self.send_response(405)
            self.end_headers()
            return
        if self.path.startswith("/save/"):
            self.send_response(302)
            self.send_header("Location", "/archive/saved")
            self.end_headers()
            return
        status, body = PAGES.get(self.path, (200, b"ok")) if self.path != "/nohead" else (200, b"x")
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self.answer(True)

    def do_HEAD(self) -> None:
        self.answer(False)


@pytest.fixture
def server() -> Iterator[str]:
    Handler.seen = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


ASSAULT = "content/events/2016/08/2016-08-05-assault.yaml"
BROKEN = "content/events/2016/08/2016-08-06-siege-broken.yaml"


@pytest.fixture
def project(tmp_path, server) -> Path:
    """The minimal site, its citations pointing at the local server."""
    shutil.copytree(SITES / "minimal" / "content", tmp_path / "content")
    settings = (ROOT / "pelicanconf.py").read_text()
    (tmp_path / "pelicanconf.py").write_text(settings + '\nSITE_LANGUAGES = ["en"]\n')
    shutil.copytree(ROOT / "themes", tmp_path / "themes")
    edit(tmp_path / "content/sources/wire.yaml", "https://wire.example.org/", f"{server}/live")
    edit(
        tmp_path / ASSAULT,
        "    url: https://wire.example.org/assault\n",
        f"    url: {server}/moved\n    archive_url: {server}/archive/good\n"
        f"    sha256: {hashlib.sha256(GOOD).hexdigest()}\n",
    )
    edit(
        tmp_path / BROKEN,
        "  - source: wire\n    credibility: 3\n",
        f"  - source: wire\n    credibility: 3\n    url: {server}/unarchived\n",
    )
    edit(
        tmp_path / BROKEN,
        "  - source: state-tv\n    credibility: 4\n",
        f"  - source: state-tv\n    credibility: 4\n    url: {server}/nohead\n"
        f"    archive_url: {server}/archive/altered\n    sha256: {'0' * 64}\n"
        f"  - source: state-tv\n    credibility: 5\n    url: {server}/missing\n"
        f"    archive_url: {server}/archive/gone\n",
    )
    return tmp_path


def check(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "sitrep"), "sources", "check", "--concurrency", "2", "--timeout", "5", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def by_url(project: Path, server: str) -> dict[tuple[str, str], dict]:
    report = json.loads((project / "sources-report.json").read_text())
    return {(r["kind"], r["url"].removeprefix(server)): r for r in report["results"]}


def test_the_check_reports_live_moved_missing_and_altered_addresses(project, server):
    result = check(project)
    # A dead archived copy and an altered one: the evidence is gone, so it fails.
    assert result.returncode == 1, result.stderr
    found = by_url(project, server)
    assert {key: r["status"] for key, r in found.items()} == {
        ("archive", "/archive/altered"): "altered",
        ("archive", "/archive/good"): "ok",
        ("archive", "/archive/gone"): "dead",
        ("report", "/missing"): "dead",
        ("report", "/moved"): "redirected",
        ("report", "/nohead"): "ok",
        ("report", "/unarchived"): "ok",
        ("source", "/live"): "ok",
    }
    assert found[("report", "/moved")]["redirects"] == [f"{server}/live"]
    assert found[("report", "/missing")]["http_status"] == 404
    assert found[("archive", "/archive/gone")]["error"] == "HTTP 410 Gone"
    altered = found[("archive", "/archive/altered")]
    assert altered["sha256_expected"] == "0" * 64
    assert altered["sha256_found"] == hashlib.sha256(PAGES["/archive/altered"][1]).hexdigest()
    # Where each address is cited, as validate names places.
    assert found[("archive", "/archive/good")]["cited_in"] == [
        "content/events/2016/08/2016-08-05-assault.yaml:17:18"
    ]
    report = json.loads((project / "sources-report.json").read_text())
    assert sorted(u.removeprefix(server) for u in report["failing"]) == [
        "/archive/altered",
        "/archive/gone",
    ]
    # The terminal table says the same.
    assert "altered" in result.stdout and "/archive/gone" in result.stdout
    assert "2 archived copies are dead or no longer match their hash." in result.stdout


def test_it_asks_politely_head_first_then_get_where_head_is_refused(project, server):
    check(project)
    seen = Handler.seen
    assert {agent for _, _, agent in seen} == {
        "sitrep-sources-check/0.1 (checks that a report's cited sources answer)"
    }
    assert [m for m, path, _ in seen if path == "/nohead"] == ["HEAD", "GET"]
    assert [m for m, path, _ in seen if path == "/live"] == ["HEAD", "HEAD"]  # source, hop
    # A hash to check needs the body: GET at once.
    assert [m for m, path, _ in seen if path == "/archive/good"] == ["GET"]


def test_without_dead_archives_it_exits_0(project, server):
    edit(project / BROKEN, f"    archive_url: {server}/archive/gone\n", "")
    edit(
        project / BROKEN,
        f"    sha256: {'0' * 64}\n",
        f"    sha256: {hashlib.sha256(PAGES['/archive/altered'][1]).hexdigest()}\n",
    )
    result = check(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert by_url(project, server)[("report", "/missing")]["status"] == "dead"  # reported


def test_archive_saves_each_report_without_a_working_copy_through_the_endpoint(project, server):
    result = check(project, "--archive", "--archive-endpoint", f"{server}/save/{{url}}")
    saved_requests = [path for _, path, _ in Handler.seen if path.startswith("/save/")]
    # /unarchived has no copy and /missing is dead: only the live one without a copy.
    assert saved_requests == [
        "/save/" + (server + "/unarchived").replace(":", "%3A").replace("/", "%2F")
    ]
    report = json.loads((project / "sources-report.json").read_text())
    (saved,) = report["archived"]
    assert saved["url"] == f"{server}/unarchived"
    assert saved["archive_url"] == f"{server}/archive/saved"
    assert saved["sha256"] == hashlib.sha256(SAVED).hexdigest()
    assert saved["captured"].endswith("Z")
    # The lines to paste into the citation, which validate accepts.
    assert f"    archive_url: {server}/archive/saved" in result.stdout
    assert f"    sha256: {hashlib.sha256(SAVED).hexdigest()}" in result.stdout


def test_archive_without_an_endpoint_is_refused(project):
    result = check(project, "--archive")
    assert result.returncode == 1
    assert "--archive needs an archiving endpoint with {url}" in result.stderr
    assert not (project / "sources-report.json").exists()


def test_builds_make_no_request(project, server, tmp_path):
    from tests.sitebuild import build

    build(project / "content", tmp_path / "output")
    assert Handler.seen == []
