"""A build that stops half-way, for tests to interrupt (SIGINT) or kill (SIGKILL).

Run as `python -m tests.hang_build CONTENT OUTPUT READY`: every sitrep page is written into
the staging folder, then the build writes READY and waits to be stopped.
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import generators.plugin as plugin
from generators.pages.base import SitrepGenerator
from tests.sitebuild import build


class Hang(SitrepGenerator):
    def generate_output(self, writer) -> None:
        Path(sys.argv[3]).write_text("ready")
        time.sleep(600)


if __name__ == "__main__":
    # Behave like a build started at a terminal, whatever started the tests: a shell running
    # them as a background job would have this process inherit "ignore Ctrl-C".
    signal.signal(signal.SIGINT, signal.default_int_handler)
    plugin.GENERATORS = [*plugin.GENERATORS, Hang]
    build(Path(sys.argv[1]), Path(sys.argv[2]))
