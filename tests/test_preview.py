"""The preview server of `sitrep serve` (generators/cli/preview.py), without a browser: it
adds its script to the HTML pages it sends and to nothing else, never touches the files it
serves, and streams each build's number and errors to open pages."""

from __future__ import annotations

import http.server
import json
import socket
import struct
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generators.cli.preview import BuildState, error_records, handler_for
from generators.errors import ContentError, ContentInvalid

PAGE = b'<!doctype html><html><head><meta charset="utf-8"></head><body><h1>x</h1></body></html>'


@pytest.fixture
def site(tmp_path) -> Path:
    (tmp_path / "events" / "x").mkdir(parents=True)
    (tmp_path / "events" / "x" / "index.html").write_bytes(PAGE)
    (tmp_path / "data.json").write_bytes(b'{"html": "</head>"}')
    return tmp_path


@pytest.fixture
def preview(site) -> Iterator[tuple[str, BuildState]]:
    state = BuildState()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for(site, state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()


def get(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), response.headers["Cache-Control"]


def test_pages_get_the_script_and_nothing_else_changes(preview, site):
    base, state = preview
    state.finished([])
    body, cache = get(base + "/events/x/")
    assert body == PAGE.replace(
        b"</head>", b'<script src="/__sitrep/preview.js" data-build="1" defer></script>\n</head>'
    )
    assert cache == "no-store"
    assert get(base + "/data.json")[0] == b'{"html": "</head>"}'
    assert (site / "events" / "x" / "index.html").read_bytes() == PAGE  # output/ untouched
    script, _ = get(base + "/__sitrep/preview.js")
    assert b"EventSource" in script and b"location.reload" in script


def test_the_event_stream_tells_each_build_and_its_errors(preview):
    base, state = preview
    state.finished([])
    with urllib.request.urlopen(base + "/__sitrep/events", timeout=10) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream"
        assert json.loads(stream.readline().removeprefix(b"data: ")) == {"build": 1, "errors": []}
        stream.readline()
        error = ContentError("content/events/x.yaml", 2, 7, "date", "expected a date", "hint")
        state.finished(error_records(ContentInvalid([error])))
        sent = json.loads(stream.readline().removeprefix(b"data: "))
    assert sent == {
        "build": 2,
        "errors": [
            {
                "path": "content/events/x.yaml",
                "line": 2,
                "col": 7,
                "field": "date",
                "message": "expected a date",
                "hint": "hint",
            }
        ],
    }


def test_an_open_page_reloads_only_once_its_own_file_is_written(preview):
    """A partial rebuild tells the files it wrote, a generator's at a time: the edited
    event's page reloads as soon as it is written; a page it did not write stays as the
    reader left it, and a page written later reloads then, with what it shows now."""
    base, state = preview
    state.finished([])  # the whole build the pages were served from: build 1

    def told(address: str, served: int) -> dict:
        query = urllib.parse.urlencode({"page": address, "build": served})
        with urllib.request.urlopen(f"{base}/__sitrep/events?{query}", timeout=10) as stream:
            return json.loads(stream.readline().removeprefix(b"data: "))

    assert told("/events/x/", 1)["reload"] is False  # nothing written since
    state.finished([], ["events/x/index.html", "ar/events/x/index.html"])  # build 2
    assert told("/events/x/", 1)["reload"] is True
    assert told("/ar/events/x/", 1)["reload"] is True
    assert told("/events/x/", 2)["reload"] is False  # served after it was written
    assert told("/days/2016-08-06/", 1)["reload"] is False  # not written yet: kept
    state.finished([], ["days/2016-08-06/index.html", "map/events-2016.geojson"])  # build 3
    assert told("/days/2016-08-06/", 1)["reload"] is True
    assert told("/events/x/", 2)["reload"] is False  # still the page it has
    assert told("/", 1)["reload"] is False
    # A page's address is percent-encoded; its file is not.
    state.finished([], ["ar/places/حلب/index.html"])
    assert told(urllib.parse.quote("/ar/places/حلب/"), 3)["reload"] is True
    # A whole build writes every page; a failed one none (its errors are shown instead).
    state.finished(error_records(ValueError("broken")))
    assert told("/", 1)["reload"] is False
    state.finished([])
    assert told("/", 1)["reload"] is True


@pytest.mark.parametrize("address", ["/big.bin", "/events/x/"])
def test_a_reader_who_leaves_while_a_file_is_sent_prints_no_traceback(
    preview, site, capfd, address
):
    """A page reloaded or closed while its file (or a basemap range) is being sent: the
    connection is reset; the terminal shows nothing of it."""
    url, _state = preview
    (site / "big.bin").write_bytes(b"x" * 8_000_000)
    (site / "events" / "x" / "index.html").write_bytes(PAGE.replace(b"x", b"y" * 8_000_000))
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    for _ in range(3):
        with socket.create_connection((host, int(port))) as client:
            client.sendall(f"GET {address} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            client.recv(1024)  # the server is sending
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    time.sleep(1)
    assert "Traceback" not in capfd.readouterr().err
    assert get(url + "/events/x/")[0].startswith(b"<!doctype html>")  # still serving


def test_byte_ranges_are_answered_as_static_hosts_answer_them(preview, site):
    """A PMTiles reader fetches a file by byte ranges (RFC 9110, 14): 206 with the range,
    416 past the end, the whole file without a Range header."""
    url, _state = preview
    body = bytes(range(256)) * 40  # 10,240 bytes
    (site / "map").mkdir()
    (site / "map" / "basemap.pmtiles").write_bytes(body)

    def fetch(header: str | None) -> tuple[int, bytes, dict]:
        request = urllib.request.Request(f"{url}/map/basemap.pmtiles")
        if header:
            request.add_header("Range", header)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    status, got, headers = fetch("bytes=0-126")
    assert (status, got, headers["Content-Range"]) == (206, body[:127], "bytes 0-126/10240")
    status, got, headers = fetch("bytes=10000-")
    assert (status, got, headers["Content-Range"]) == (206, body[10000:], "bytes 10000-10239/10240")
    status, got, _headers = fetch("bytes=-16")
    assert (status, got) == (206, body[-16:])
    status, got, _headers = fetch("bytes=9000-99999")  # an end past the file: cut to it
    assert (status, got) == (206, body[9000:])
    status, _got, headers = fetch("bytes=20000-")
    assert (status, headers["Content-Range"]) == (416, "bytes */10240")
    status, got, headers = fetch(None)
    assert (status, got, headers["Accept-Ranges"]) == (200, body, "bytes")
