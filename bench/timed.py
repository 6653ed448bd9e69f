"""Run one command; write its wall time and the peak memory of its process tree as JSON.

    python bench/timed.py RESULT.json COMMAND [ARGS...]

The benchmark starts this small process, which starts the command, rather than starting
the command itself: on Linux a child started from a large process (Python uses vfork) can
report that parent's memory as its own peak (ru_maxrss), and the benchmark process holds
a whole synthetic site. Here the parent is small, and RUSAGE_CHILDREN covers the command
and every process it waited for (Pagefind, run by the build, included).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    result, *command = sys.argv[1:]
    start = time.perf_counter()
    code = subprocess.run(command).returncode
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    Path(result).write_text(json.dumps({"seconds": seconds, "peak_bytes": peak, "code": code}))
    return code


if __name__ == "__main__":
    sys.exit(main())
