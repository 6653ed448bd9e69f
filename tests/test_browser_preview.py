"""`sitrep serve`'s live preview in a real browser: the real command in a subprocess, on a
copy of the minimal site. An edit to an event's file shows in its open page without a reload
by hand; a bad save shows the errors over the page until the next good save; the page's own
Content-Security-Policy lets the preview's script run; nothing of it reaches output/."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.sitebuild import edit, english_project

BIN = Path(sys.executable).parent
EVENT = Path("content/events/2016/08/2016-08-06-siege-broken.yaml")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def project(tmp_path) -> Path:
    return english_project(tmp_path)


class Served(str):
    """The base URL of a running `sitrep serve`; `stop()` ends it and gives what it said."""

    server: subprocess.Popen

    def stop(self) -> str:
        os.killpg(self.server.pid, signal.SIGINT)
        try:
            said, _ = self.server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
            said, _ = self.server.communicate()
        return said


@pytest.fixture
def preview(project) -> Iterator[Served]:
    """`sitrep serve` running in the project; its base URL once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "sitrep"), "serve", "--port", str(port), "--no-search"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    served = Served(base)
    served.server = server
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stdout.read() if server.stdout else ""
            try:
                urllib.request.urlopen(base + "/", timeout=5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "sitrep serve did not answer"
                time.sleep(0.2)
        yield served
    finally:
        if server.poll() is None:
            served.stop()


def test_an_edit_shows_in_the_open_page_and_a_bad_save_shows_its_errors(browser, preview, project):
    context = browser.new_context()
    tab = context.new_page()
    tab.add_init_script(LISTEN)
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(preview + "/events/2016-08-06-siege-broken/")
    assert tab.locator("h1").inner_text() == "Siege said to be broken"

    # A good edit: the page reloads itself and shows the new title.
    edit(project / EVENT, "title: Siege said to be broken", "title: Siege broken, rebels say")
    expect(tab.locator("h1")).to_have_text("Siege broken, rebels say", timeout=60_000)
    # A bad save: the errors appear over the last good page, with the file, line and hint.
    edit(project / EVENT, "date: 2016-08-06T21:00:00+03:00", "date: 2016-02-30")
    overlay = tab.locator("#sitrep-preview-errors")
    overlay.wait_for(state="visible", timeout=60_000)
    text = overlay.inner_text()
    assert "content/events/2016/08/2016-08-06-siege-broken.yaml:2:7" in text
    assert "expected a real calendar day, got '2016-02-30'" in text
    assert "hint: February 2016 has 29 days" in text
    assert tab.locator("h1").inner_text() == "Siege broken, rebels say"  # the last good build
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=ARTIFACTS / "preview-error-overlay.png")

    # A reader who reloads by hand still sees the errors until the file is fixed.
    tab.reload()
    overlay.wait_for(state="visible", timeout=30_000)

    # The next good save takes the overlay away and shows the page.
    edit(project / EVENT, "date: 2016-02-30", "date: 2016-08-06T21:00:00+03:00")
    edit(project / EVENT, "rebels say", "say rebels and a monitor")
    overlay.wait_for(state="detached", timeout=60_000)
    expect(tab.locator("h1")).to_have_text("Siege broken, say rebels and a monitor", timeout=60_000)

    assert tab.evaluate("window.__violations") == []  # the page's own policy allows it
    assert [r for r in requests if not r.startswith(preview + "/")] == []
    context.close()

    # The preview lives in the server only: the built site carries none of it.
    built = project / "output"
    assert not [p for p in built.rglob("*.html") if "__sitrep" in p.read_text(encoding="utf-8")]
    served = urllib.request.urlopen(preview + "/events/2016-08-06-siege-broken/").read()
    assert b'<script src="/__sitrep/preview.js"' in served
    # The good saves were rebuilt partially: only what shows the event (rebuild.py).
    said = preview.stop()
    assert said.count("Rebuilt ") >= 2, said
    assert "Traceback" not in said, said  # not even of a page the reader left mid-load


def test_each_open_page_reloads_when_its_own_file_is_rewritten_and_no_other(
    browser, preview, project
):
    """After a save, the event's page reloads as soon as it is written, the day's once its
    page is written too, and a page the edit does not touch is left as the reader has it."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tabs = {}
    for name, path in [
        ("event", "/events/2016-08-06-siege-broken/"),
        ("day", "/days/2016-08-06/"),
        ("grades", "/about/grades/"),
    ]:
        tabs[name] = context.new_page()
        tabs[name].goto(preview + path)
        tabs[name].evaluate("window.__notReloaded = true")
    assert "Siege said to be broken" in tabs["day"].locator("main").inner_text()

    edit(project / EVENT, "title: Siege said to be broken", "title: Siege broken, rebels say")
    expect(tabs["event"].locator("h1")).to_have_text("Siege broken, rebels say", timeout=60_000)
    expect(tabs["day"].locator("main")).to_contain_text("Siege broken, rebels say", timeout=60_000)
    for name in ("event", "day"):
        assert tabs[name].evaluate("window.__notReloaded") is None  # reloaded
    time.sleep(2)  # the rest of the rebuild (the data files, /map/) is told in this time
    assert tabs["grades"].evaluate("window.__notReloaded") is True
    context.close()
    said = preview.stop()
    # The first pages made again are named as soon as they are served, then the count.
    assert re.search(r"Rebuilt \S+/index\.html(, \S+)* in \d", said), said
    assert re.search(r"Rebuilt \d+ files in ", said), said
    assert "Traceback" not in said, said
