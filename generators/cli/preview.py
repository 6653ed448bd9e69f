"""`sitrep serve`'s preview server: serves `output/`, reloads open pages after each rebuild
and shows a bad save's errors in an overlay on the page.

Server-sent events from the standard library (`http.server`), not a library such as
`livereload`: the preview already runs the standard library's server and watchfiles, and
livereload would bring Tornado and a second server, and inject an inline script that the
site's Content-Security-Policy (hashes of the page's own scripts only) would block. Here the
server adds one `<script src="/__sitrep/preview.js">` to each HTML page as it sends it: a
file of the same origin, which the policy's `script-src 'self'` allows. Nothing of the
preview is ever written into `output/`: a published build never carries it.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentInvalid

PREFIX = "/__sitrep/"
ASSETS = Path(__file__).resolve().parent / "preview_assets"
HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
PING_SECONDS = 10.0  # a comment now and then, so that a closed tab ends its thread


def error_records(exc: BaseException, message: str = "") -> list[dict[str, object]]:
    """What the overlay shows of a failed build: each error's place, message and hint
    (`message` in place of the exception's own text)."""
    if isinstance(exc, ContentInvalid):
        return [
            {
                "path": e.path,
                "line": e.line,
                "col": e.col,
                "field": e.field,
                "message": e.message,
                "hint": e.hint,
            }
            for e in exc.errors
        ]
    text = message or str(exc)
    return [{"path": "", "line": 0, "col": 0, "field": "", "message": text, "hint": ""}]


@dataclass
class BuildState:
    """The number of the latest build, its errors (none: the build succeeded) and the
    build in which each file was last written, shared by the watcher (which sets them) and
    each page's event stream (which waits for them).

    A partial rebuild tells the files it wrote as it writes them, a generator's at a time:
    an open page reloads when its own file was written after it was served, so the edited
    event's page reloads as soon as it is on disk, and a page written later (/map/) only
    once it is. A whole build rewrites every page."""

    number: int = 0
    errors: list[dict[str, object]] = field(default_factory=list)
    whole: int = 0  # the last whole build
    written: dict[str, int] = field(default_factory=dict)  # file: the build that wrote it
    changed: threading.Condition = field(default_factory=threading.Condition)

    def finished(self, errors: list[dict[str, object]], files: list[str] | None = None) -> None:
        """A build ended with `errors`; it wrote `files` (relative to output/), or every
        file (None)."""
        with self.changed:
            self.number += 1
            self.errors = errors
            if not errors and files is None:
                self.whole, self.written = self.number, {}
            for name in files or ():
                self.written[name] = self.number
            self.changed.notify_all()

    def message(self, page: str | None = None, served: int | None = None) -> bytes:
        """The state for the open page whose file is `page`, served in build `served`:
        whether it must reload to show what the builds since wrote."""
        with self.changed:
            sent: dict[str, object] = {"build": self.number, "errors": self.errors}
            if page is not None and served is not None:
                last = max(self.whole, self.written.get(page, -1))
                sent["reload"] = not self.errors and last > served
            return json.dumps(sent).encode()

    def wait_after(self, number: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.number != number, timeout)
            return self.number


RANGE = re.compile(r"bytes=(?P<start>\d*)-(?P<end>\d*)")


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder as static hosts do, byte ranges too (the standard library's server
    answers none, and a PMTiles basemap is read by ranges)."""

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):  # no traceback in the terminal:
            self.close_connection = True  # the reader left (or reloaded) while it was sent

    def do_GET(self) -> None:
        if "Range" in self.headers and (local := self.plain_file()) is not None:
            self.ranged(local, self.headers["Range"])
        else:
            super().do_GET()

    def plain_file(self) -> Path | None:
        local = Path(self.translate_path(self.path))
        return local if local.is_file() else None

    def ranged(self, local: Path, header: str) -> None:
        """One byte range of a file (RFC 9110, 14): 206 with Content-Range, or 416 when it
        lies past the end, as static hosts answer the range requests of a PMTiles reader.
        A header this does not read (several ranges, other units) gets the whole file."""
        size = local.stat().st_size
        found = RANGE.fullmatch(header.strip())
        if found is None or (found["start"] == found["end"] == ""):
            super().do_GET()
            return
        if found["start"] == "":  # the last N bytes
            start, end = max(size - int(found["end"]), 0), size - 1
        else:
            start = int(found["start"])
            end = min(int(found["end"]), size - 1) if found["end"] else size - 1
        if start >= size or start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with local.open("rb") as handle:
            handle.seek(start)
            body = handle.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(local)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class PreviewHandler(RangeHandler):
    """Serves the built site; adds the preview script to HTML pages, and answers
    /__sitrep/events (the event stream) and /__sitrep/preview.js and .css."""

    state: BuildState  # set on the subclass made by handler_for()

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows the builds' messages, not every request

    def end_headers(self) -> None:
        # The preview changes under the reader: never let the browser keep a stale copy.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == PREFIX + "events":
            self.stream()
        elif path in (PREFIX + "preview.js", PREFIX + "preview.css"):
            self.asset(path.removeprefix(PREFIX))
        elif (page := self.html_file()) is not None:
            self.page(page)
        else:
            super().do_GET()

    def html_file(self) -> Path | None:
        local = Path(self.translate_path(self.path))
        if local.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            local = local / "index.html"
        return local if local.suffix == ".html" and local.is_file() else None

    def page(self, local: Path) -> None:
        body = local.read_bytes()
        tag = (
            f'<script src="{PREFIX}preview.js" data-build="{self.state.number}" defer></script>\n'
        ).encode()
        found = HEAD_END.search(body)
        at = found.start() if found else len(body)
        body = body[:at] + tag + body[at:]
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def asset(self, name: str) -> None:
        body = (ASSETS / name).read_bytes()
        kind = "text/javascript" if name.endswith(".js") else "text/css"
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def stream(self) -> None:
        """The build state now, then after every build, until the page goes away; for the
        page the query names (`page`: its address, `build`: the build it was served in)."""
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        address, served = query.get("page", [""])[0], query.get("build", [""])[0]
        page = page_file(address) if address else None
        build = int(served) if served.isdigit() else None
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        number = -1
        try:
            while True:
                if number != self.state.number:
                    number = self.state.number
                    message = self.state.message(page, build)
                    self.wfile.write(b"data: " + message + b"\n\n")
                else:
                    self.wfile.write(b": ping\n\n")
                self.wfile.flush()
                self.state.wait_after(number, PING_SECONDS)
        except (BrokenPipeError, ConnectionResetError):
            return


def page_file(address: str) -> str:
    """The file, relative to output/, that a page's address (its path) is served from."""
    path = urllib.parse.unquote(address.split("?", 1)[0]).lstrip("/")
    return path + "index.html" if not path or path.endswith("/") else path


def handler_for(folder: Path, state: BuildState) -> type[PreviewHandler]:
    """A handler class serving `folder` that reports `state`'s builds to open pages."""

    class Handler(PreviewHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

    Handler.state = state
    return Handler
